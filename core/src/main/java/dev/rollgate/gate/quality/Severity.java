package dev.rollgate.gate.quality;

import java.util.Optional;

/** Trivy's vulnerability severities, most severe first, spelled as in its JSON. */
public enum Severity {
    CRITICAL(4),
    HIGH(3),
    MEDIUM(2),
    LOW(1),
    UNKNOWN(0);

    // Kept apart from ordinal() on purpose: reordering the constants must not change severity.
    private final int rank;

    Severity(int rank) {
        this.rank = rank;
    }

    /** True when this severity is {@code other} or worse; UNKNOWN is below LOW, as Trivy sorts it. */
    public boolean isAtLeast(Severity other) {
        return rank >= other.rank;
    }

    /** The severity Trivy spells {@code text} (upper case); empty for anything else. */
    public static Optional<Severity> fromTrivy(String text) {
        for (Severity severity : values()) {
            if (severity.name().equals(text)) {
                return Optional.of(severity);
            }
        }
        return Optional.empty();
    }
}
