package dev.rollgate.target;

/** Which of the two versions of a rollout a step acts on. */
public enum Side {
    /** The version that serves users before the rollout: "blue", "stable", "baseline". */
    STABLE,
    /** The version being rolled out: "green", "canary", "preview". */
    CANARY
}
