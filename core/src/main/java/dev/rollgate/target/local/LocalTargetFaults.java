package dev.rollgate.target.local;

import java.util.Objects;
import java.util.Optional;

/**
 * Failures to inject into a running local agent, so tests of retries and rollbacks meet real failing target
 * operations (through the real admin API) instead of mocks. Armed with {@link LocalTarget#injectFaults}, which
 * replaces whatever was armed before; {@link #NONE} disarms. Faults live in the agent's memory only: a restarted
 * agent has none. A failed operation changes nothing.
 *
 * <pre>{@code
 * target.injectFaults(LocalTargetFaults.NONE.failingNextRoutes(2));   // two transient route failures, then OK
 * target.injectFaults(LocalTargetFaults.NONE.failingScaleOf("v2"));   // every scale of v2 fails permanently
 * }</pre>
 *
 * @param failNextRoutes the next this many {@code route} calls fail with a transient (retryable) error
 * @param failNextScales the next this many {@code scale} calls fail with a transient (retryable) error
 * @param failNextStats  the next this many stats readings fail (the metric provider then reports a failed sample)
 * @param failScaleOf    every {@code scale} of this version fails with a permanent error, until disarmed
 */
public record LocalTargetFaults(int failNextRoutes, int failNextScales, int failNextStats,
                                Optional<String> failScaleOf) {

    /** Nothing armed. */
    public static final LocalTargetFaults NONE = new LocalTargetFaults(0, 0, 0, Optional.empty());

    public LocalTargetFaults {
        Objects.requireNonNull(failScaleOf, "failScaleOf");
        if (failNextRoutes < 0 || failNextScales < 0 || failNextStats < 0) {
            throw new IllegalArgumentException("fault counts must not be negative, but were routes=" + failNextRoutes
                    + " scales=" + failNextScales + " stats=" + failNextStats);
        }
    }

    public LocalTargetFaults failingNextRoutes(int n) {
        return new LocalTargetFaults(n, failNextScales, failNextStats, failScaleOf);
    }

    public LocalTargetFaults failingNextScales(int n) {
        return new LocalTargetFaults(failNextRoutes, n, failNextStats, failScaleOf);
    }

    public LocalTargetFaults failingNextStats(int n) {
        return new LocalTargetFaults(failNextRoutes, failNextScales, n, failScaleOf);
    }

    public LocalTargetFaults failingScaleOf(String version) {
        return new LocalTargetFaults(failNextRoutes, failNextScales, failNextStats, Optional.of(version));
    }
}
