package dev.rollgate.gate;

import dev.rollgate.model.WireNamed;

/** What kind of deployment a decision allows; recorded in the ledger and exposed as a CI output. */
public enum DeploymentType implements WireNamed {
    AUTOMATED_CI("automated_ci"),
    MANUAL("manual"),
    EMERGENCY_MANUAL("emergency_manual"),
    SCHEDULED("scheduled"),
    ROLLBACK("rollback"),
    /** The request is blocked. */
    NONE("none");

    private final String wireName;

    DeploymentType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
