package dev.rollgate.action;

import dev.rollgate.model.WireNamed;

/** The action's {@code command} input: which Rollgate command the step runs. */
public enum ActionCommand implements WireNamed {
    GATE("gate"),
    DEPLOY("deploy"),
    ROLLBACK("rollback"),
    PROMOTE("promote"),
    ABORT("abort"),
    STATUS("status");

    private final String wireName;

    ActionCommand(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
