package dev.rollgate.rollout;

import dev.rollgate.model.WireNamed;

/** Why a rollout was stopped and traffic went back to stable. */
public enum AbortCause implements WireNamed {
    ANALYSIS_FAILED("analysis_failed"),
    HEALTH_CHECK_FAILED("health_check_failed"),
    HOOK_FAILED("hook_failed"),
    VERSION_CHECK_FAILED("version_check_failed"),
    DEADLINE_EXCEEDED("deadline_exceeded"),
    TARGET_FAILED("target_failed"),
    /** {@code rollgate abort}: ends as Aborted. */
    ABORTED_BY_USER("aborted_by_user"),
    /** {@code rollgate rollback} during a rollout: ends as RolledBack. */
    ROLLBACK_REQUESTED("rollback_requested"),
    /** SIGINT/SIGTERM to the driver, or a cancelled CI job: ends as Aborted. */
    INTERRUPTED("interrupted");

    private final String wireName;

    AbortCause(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @com.fasterxml.jackson.annotation.JsonValue
    public String wireName() {
        return wireName;
    }

    /** The phase a rollback for this cause ends in. */
    RolloutPhase endsIn() {
        return this == ABORTED_BY_USER || this == INTERRUPTED ? RolloutPhase.ABORTED : RolloutPhase.ROLLED_BACK;
    }
}
