package dev.rollgate.driver;

/** A deployment that cannot start or a command that cannot apply, with the reason a person reads. */
public final class DeployException extends Exception {

    /** What kind of "no" this is; callers map it to exit codes. */
    public enum Kind {
        /** Another rollout holds the environment lock. */
        LOCKED,
        /** Nothing to do or nothing to act on: the version is already stable, no rollout is in progress. */
        NOTHING_TO_DO,
        /** The request contradicts the state: a rollout is in progress, the plan changed since it started. */
        CONFLICT,
        /** The target cannot be reached or started. */
        TARGET_UNAVAILABLE
    }

    private final Kind kind;

    public DeployException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
