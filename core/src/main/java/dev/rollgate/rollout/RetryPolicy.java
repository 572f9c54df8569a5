package dev.rollgate.rollout;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounded exponential back-off for transient target failures: {@code first}, doubling, at most {@code max},
 * for {@code attempts} tries in all; then the operation counts as failed.
 */
public record RetryPolicy(int attempts, Duration first, Duration max) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(15));

    public RetryPolicy {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
    }

    /** The wait after the {@code failures}-th failure (1-based). */
    Duration backoff(int failures) {
        Duration d = first;
        for (int i = 1; i < failures && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
