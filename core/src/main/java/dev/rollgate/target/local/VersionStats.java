package dev.rollgate.target.local;

import java.util.Objects;

/**
 * Counters of one version since the router started. All counts are monotonic: for rates and for an analysis
 * interval, take two snapshots and {@link #minus} them.
 *
 * <p>Each counter is read atomically but not all at one instant, so under load {@code requests} may run a few
 * ahead of the response counts (a request is counted when routed, its response when sent).
 *
 * @param requests       requests routed to this version
 * @param responses2xx   responses sent with a 2xx status (likewise 3xx, 4xx)
 * @param errors5xx      5xx responses, whether from a backend or from the router (502/503/504 for this version)
 * @param upstreamErrors backend connect failures, resets, timeouts and malformed responses
 * @param latency        time from request read to response fully forwarded
 */
public record VersionStats(String version, long requests, long responses2xx, long responses3xx, long responses4xx,
                           long errors5xx, long upstreamErrors, LatencyDistribution latency) {

    public VersionStats {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(latency, "latency");
    }

    /** {@code error_rate}: 5xx responses per request, in percent; 0 without requests. */
    public double errorRatePercent() {
        return requests == 0 ? 0 : 100.0 * errors5xx / requests;
    }

    public double p50Millis() {
        return latency.percentileMillis(0.50);
    }

    public double p95Millis() {
        return latency.percentileMillis(0.95);
    }

    /** {@code latency_p99}. */
    public double p99Millis() {
        return latency.percentileMillis(0.99);
    }

    /** What happened between {@code earlier} (a snapshot of the same version) and this one. */
    public VersionStats minus(VersionStats earlier) {
        if (!version.equals(earlier.version)) {
            throw new IllegalArgumentException("cannot subtract stats of version '" + earlier.version
                    + "' from those of '" + version + "'");
        }
        return new VersionStats(version, requests - earlier.requests, responses2xx - earlier.responses2xx,
                responses3xx - earlier.responses3xx, responses4xx - earlier.responses4xx,
                errors5xx - earlier.errors5xx, upstreamErrors - earlier.upstreamErrors,
                latency.minus(earlier.latency));
    }
}
