package dev.rollgate.analysis;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One measurement to take: a metric of the canary, and of the baseline when there is one, over a time window.
 *
 * @param baselineVersion the stable version to compare against; empty on a first deployment
 * @param from            start of the window (inclusive); a provider with counters reports the change since
 *                        its last reading at or before this instant
 */
public record MetricQuery(Metric metric, String canaryVersion, Optional<String> baselineVersion, Instant from, Instant to) {

    public MetricQuery {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(canaryVersion, "canaryVersion");
        Objects.requireNonNull(baselineVersion, "baselineVersion");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("window ends (" + to + ") before it starts (" + from + ")");
        }
    }
}
