package dev.rollgate.rollout;

import java.time.Instant;
import java.util.Objects;

/**
 * A person's instruction to a running rollout, written into its status by {@code rollgate promote|abort|rollback}
 * (from any process) and consumed by the engine on its next advance.
 */
public record Command(Kind kind, String by, String reason, Instant at) {

    public enum Kind {
        /** End the current pause (or a pause a failure caused) and go on with the next step. */
        PROMOTE,
        /** Skip every remaining pause and analysis: straight to 100% and done. */
        PROMOTE_FULL,
        /** Traffic back to stable, canary scaled down; ends Aborted. */
        ABORT,
        /** Like abort, but ends RolledBack. */
        ROLLBACK,
        /** The driver was told to stop (SIGINT, SIGTERM, a cancelled CI job): like abort, recorded as interrupted. */
        INTERRUPT
    }

    public Command {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
