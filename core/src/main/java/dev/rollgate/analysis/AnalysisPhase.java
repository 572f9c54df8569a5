package dev.rollgate.analysis;

import dev.rollgate.model.WireNamed;

/**
 * Where an analysis run, or one metric of it, stands. The names are Argo Rollouts' {@code AnalysisPhase}.
 * When several metrics disagree the worst completed phase wins: Failed, then Error, then Inconclusive, then
 * Successful.
 */
public enum AnalysisPhase implements WireNamed {
    /** Started, nothing measured yet. */
    PENDING("Pending"),
    /** Measuring; no decision yet. */
    RUNNING("Running"),
    /** Every metric completed its measurements within its limits. */
    SUCCESSFUL("Successful"),
    /** A metric failed more often than its failureLimit, the judge found the canary worse, or a rollback criterion fired. */
    FAILED("Failed"),
    /** The provider could not measure more than consecutiveErrorLimit times in a row: nothing is known. */
    ERROR("Error"),
    /** Too many measurements without data or without a baseline to compare: a person decides. */
    INCONCLUSIVE("Inconclusive");

    private final String wireName;

    AnalysisPhase(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** Whether the phase is final: Successful, Failed, Error or Inconclusive. */
    public boolean isCompleted() {
        return this != PENDING && this != RUNNING;
    }

    /** How bad a completed phase is, for "worst phase wins": higher is worse; 0 for phases not completed. */
    int severityRank() {
        return switch (this) {
            case FAILED -> 4;
            case ERROR -> 3;
            case INCONCLUSIVE -> 2;
            case SUCCESSFUL -> 1;
            default -> 0;
        };
    }

    @Override
    public String toString() {
        return wireName;
    }
}
