package dev.rollgate.rollout;

import java.time.Instant;
import java.util.Objects;

/** A target operation that failed transiently and will be tried again at {@code nextAttemptAt}. */
public record Retry(int attempts, Instant nextAttemptAt, String lastError) {

    public Retry {
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(lastError, "lastError");
    }
}
