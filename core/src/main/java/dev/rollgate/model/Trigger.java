package dev.rollgate.model;

import java.util.Optional;

/** What started a deployment request. Wire names are stable; never use {@code ordinal()}. */
public enum Trigger implements WireNamed {
    PUSH("push", Origin.AUTOMATED),
    CI_SUCCESS("ci_success", Origin.AUTOMATED),
    TAG("tag", Origin.AUTOMATED),
    SCHEDULE("schedule", Origin.SCHEDULED),
    MANUAL("manual", Origin.PERSON),
    ROLLBACK("rollback", Origin.PERSON);

    /** Who stands behind a trigger: it decides what the trigger may override. */
    public enum Origin { AUTOMATED, SCHEDULED, PERSON }

    private final String wireName;
    private final Origin origin;

    Trigger(String wireName, Origin origin) {
        this.wireName = wireName;
        this.origin = origin;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public Origin origin() {
        return origin;
    }

    public static Optional<Trigger> fromWireName(String name) {
        return WireNamed.find(Trigger.class, name);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
