package dev.rollgate.analysis;

import dev.rollgate.model.WireNamed;

/** How a metric's measurements are judged. */
public enum JudgeKind implements WireNamed {
    /** Each measurement on its own, against max, min and maxIncrease (the default). */
    THRESHOLD("threshold"),
    /**
     * Thresholds as above, and once the metric's count is reached, a one-sided {@link MannWhitney} test of all
     * the run's canary values against all its baseline values.
     */
    MANN_WHITNEY("mannWhitney");

    private final String wireName;

    JudgeKind(String wireName) {
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
