package dev.rollgate.rollout;

import java.time.Instant;
import java.util.Objects;

/** Why and when a rollout started going back to stable. */
public record Abort(AbortCause cause, String message, Instant at) {

    public Abort {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }
}
