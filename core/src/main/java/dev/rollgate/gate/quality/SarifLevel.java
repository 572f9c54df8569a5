package dev.rollgate.gate.quality;

import dev.rollgate.model.WireNamed;
import java.util.Optional;

/** The {@code level} of a SARIF 2.1.0 result (§3.27.10), most severe first. */
public enum SarifLevel implements WireNamed {
    ERROR("error", 3),
    WARNING("warning", 2),
    NOTE("note", 1),
    NONE("none", 0);

    private final String wireName;
    // Kept apart from ordinal() on purpose: reordering the constants must not change severity.
    private final int severity;

    SarifLevel(String wireName, int severity) {
        this.wireName = wireName;
        this.severity = severity;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** True when this level is {@code other} or more severe (error ≥ warning ≥ note ≥ none). */
    public boolean isAtLeast(SarifLevel other) {
        return severity >= other.severity;
    }

    /** The level a SARIF file spells {@code wireName}; SARIF values are case-sensitive. */
    public static Optional<SarifLevel> fromWire(String wireName) {
        return WireNamed.find(SarifLevel.class, wireName);
    }
}
