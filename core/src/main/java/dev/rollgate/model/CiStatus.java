package dev.rollgate.model;

import java.util.Optional;

/** The CI result for the commit being deployed, as reported by the caller. */
public enum CiStatus implements WireNamed {
    SUCCESS("success"),
    FAILURE("failure"),
    PENDING("pending"),
    UNKNOWN("unknown");

    private final String wireName;

    CiStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static Optional<CiStatus> fromWireName(String name) {
        return WireNamed.find(CiStatus.class, name);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
