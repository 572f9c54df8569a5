package dev.rollgate.analysis;

import dev.rollgate.model.WireNamed;

/** The outcome of one measurement, in Argo Rollouts' words. */
public enum MeasurementPhase implements WireNamed {
    /** The canary's value met every threshold. */
    SUCCESSFUL("Successful"),
    /** The canary's value broke a threshold (max, min, maxIncrease) or the judge found the canary worse. */
    FAILED("Failed"),
    /** Nothing to judge: no data for the canary, or no baseline for a comparison-only metric. */
    INCONCLUSIVE("Inconclusive"),
    /** The provider could not measure. Not a failure of the canary; see consecutiveErrorLimit. */
    ERROR("Error");

    private final String wireName;

    MeasurementPhase(String wireName) {
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
