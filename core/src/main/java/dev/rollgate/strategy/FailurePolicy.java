package dev.rollgate.strategy;

/** What a failed analysis, health check or hook does to the rollout. */
public enum FailurePolicy {
    /** Roll back at once ({@code autoRollback: true}, the default). */
    ROLL_BACK,
    /** Pause and ask a person, who promotes or rolls back ({@code autoRollback: false}). */
    PAUSE
}
