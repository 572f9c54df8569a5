package dev.rollgate.model;

import java.util.Arrays;
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
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
