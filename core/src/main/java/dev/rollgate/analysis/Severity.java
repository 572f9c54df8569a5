package dev.rollgate.analysis;

import dev.rollgate.model.WireNamed;

/** What the rollout engine does with a failed verdict. */
public enum Severity implements WireNamed {
    /** Roll back at once, without asking (unless the environment has {@code autoRollback: false}). */
    AUTOMATIC("automatic"),
    /** Pause the rollout and ask a person to promote or roll back. */
    MANUAL("manual");

    private final String wireName;

    Severity(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
