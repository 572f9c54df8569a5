package dev.rollgate.strategy;

import dev.rollgate.model.WireNamed;

/** Why a rollout waits, in Argo Rollouts' words where Argo has one. */
public enum PauseReason implements WireNamed {
    /** A canary {@code pause} step. */
    CANARY_PAUSE_STEP("CanaryPauseStep"),
    /** Blue-green waiting before the switch (autoPromotion off, or its delay). */
    BLUE_GREEN_PAUSE("BlueGreenPause"),
    /** Multi-region: the wait before the next region. */
    REGION_WAIT("RegionWait"),
    /** Blue-green: the old version keeps running a while after the switch. */
    SCALE_DOWN_DELAY("ScaleDownDelay"),
    /** An analysis was inconclusive or a manual rollback criterion was met: a person decides. */
    INCONCLUSIVE_ANALYSIS("InconclusiveAnalysisRun"),
    /** Analysis failed where the environment rolls back manually only ({@code autoRollback: false}). */
    ANALYSIS_FAILED_MANUAL("AnalysisFailedManualRollback");

    private final String wireName;

    PauseReason(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @com.fasterxml.jackson.annotation.JsonValue
    public String wireName() {
        return wireName;
    }
}
