package dev.rollgate.gate.quality;

import java.util.Optional;

/** The counter types of a JaCoCo report, named as in its {@code <counter type="...">} attribute. */
public enum CoverageCounter {
    INSTRUCTION,
    BRANCH,
    LINE,
    COMPLEXITY,
    METHOD,
    CLASS;

    /** The counter a JaCoCo {@code type} attribute names; empty for types this version does not know. */
    static Optional<CoverageCounter> fromJacoco(String type) {
        for (CoverageCounter counter : values()) {
            if (counter.name().equals(type)) {
                return Optional.of(counter);
            }
        }
        return Optional.empty();
    }
}
