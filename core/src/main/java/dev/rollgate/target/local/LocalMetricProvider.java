package dev.rollgate.target.local;

import dev.rollgate.analysis.Metric;
import dev.rollgate.analysis.MetricProvider;
import dev.rollgate.analysis.MetricQuery;
import dev.rollgate.analysis.MetricSample;
import dev.rollgate.target.TargetException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Metrics of the local target, from the agent's router counters.
 *
 * <p>The counters only grow, so a measurement is a difference: {@link #measure} has the agent record a reading of
 * the counters labelled {@code query.to()} and subtracts the latest earlier reading labelled at or before
 * {@code query.from()}; without one (the first call, or after the agent restarted and its counters began again)
 * it measures since the router started counting. Labelling readings with the query's own instants makes
 * consecutive windows ({@code from} = the previous {@code to}) line up exactly, whatever the clocks say. The
 * readings live in the agent, not in this object, so a CLI killed and restarted mid-analysis measures its next
 * window from the reading its predecessor took.
 *
 * <ul>
 *   <li>{@code error_rate}: failed requests over requests, in percent. Failed means a 5xx or an upstream error;
 *       an upstream error the router could still answer became a 502/504 and is already among the 5xx, so the
 *       larger of the two counts is taken rather than their sum (which would count those twice);</li>
 *   <li>{@code availability}: 100 − {@code error_rate};</li>
 *   <li>{@code latency_p50/p95/p99}: milliseconds, from the window's latency histogram;</li>
 *   <li>{@code request_rate}: requests per second over the window.</li>
 * </ul>
 * No requests in the window gives an empty value (no data), not 0. An unreachable agent gives
 * {@link MetricSample#failed}.
 */
public final class LocalMetricProvider implements MetricProvider {

    @FunctionalInterface
    interface AgentSource {
        AgentClient get() throws TargetException;
    }

    private record Window(Map<String, VersionStats> now, Map<String, VersionStats> base, Duration length) {
    }

    private final AgentSource agent;
    private final Clock clock;

    LocalMetricProvider(AgentSource agent, Clock clock) {
        this.agent = Objects.requireNonNull(agent, "agent");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public MetricSample measure(MetricQuery query) {
        Window w;
        try {
            w = window(query);
        } catch (TargetException e) {
            return MetricSample.failed("local router counters unavailable: " + e.getMessage());
        }
        OptionalDouble canary = value(query.metric(), delta(w, query.canaryVersion()), w.length());
        OptionalDouble baseline = query.baselineVersion().isPresent()
                ? value(query.metric(), delta(w, query.baselineVersion().get()), w.length())
                : OptionalDouble.empty();
        return new MetricSample(canary, baseline, Optional.empty());
    }

    private Window window(MetricQuery query) throws TargetException {
        AgentProtocol.Window w = agent.get().post("/admin/readings",
                new AgentProtocol.ReadingRequest(query.to().toString(), query.from().toString()),
                AgentProtocol.Window.class, AgentClient.QUICK);
        try {
            Map<String, VersionStats> now = stats(w.now());
            if (w.base() != null && w.baseAt() != null) {
                return new Window(now, stats(w.base()), Duration.between(Instant.parse(w.baseAt()), query.to()));
            }
            // Since counting began: both ends on the wall clock, as the agent stamped the start.
            Instant since = w.countingSince() == null ? clock.instant() : Instant.parse(w.countingSince());
            return new Window(now, Map.of(), Duration.between(since, clock.instant()));
        } catch (IOException | DateTimeParseException e) {
            throw TargetException.transientFailure("local agent sent unusable counters: " + e.getMessage(), e);
        }
    }

    private static Map<String, VersionStats> stats(Map<String, AgentProtocol.Counters> counters) throws IOException {
        Map<String, VersionStats> versions = new LinkedHashMap<>();
        if (counters != null) {
            for (Map.Entry<String, AgentProtocol.Counters> e : counters.entrySet()) {
                versions.put(e.getKey(), e.getValue().toStats(e.getKey()));
            }
        }
        return versions;
    }

    /** What {@code version} did in the window; null if the router has never known it. */
    private static VersionStats delta(Window w, String version) {
        VersionStats current = w.now().get(version);
        if (current == null) {
            return null;
        }
        VersionStats earlier = w.base().get(version);
        return earlier == null ? current : current.minus(earlier);
    }

    static OptionalDouble value(Metric metric, VersionStats d, Duration window) {
        if (d == null || d.requests() <= 0) {
            return OptionalDouble.empty();
        }
        double failedPercent = Math.min(100.0, 100.0 * Math.max(d.errors5xx(), d.upstreamErrors()) / d.requests());
        switch (metric) {
            case ERROR_RATE:
                return OptionalDouble.of(failedPercent);
            case AVAILABILITY:
                return OptionalDouble.of(100.0 - failedPercent);
            case LATENCY_P50:
                return percentile(d, 0.50);
            case LATENCY_P95:
                return percentile(d, 0.95);
            case LATENCY_P99:
                return percentile(d, 0.99);
            case REQUEST_RATE:
                double seconds = window.toNanos() / 1e9;
                return seconds > 0 ? OptionalDouble.of(d.requests() / seconds) : OptionalDouble.empty();
            default:
                throw new IllegalArgumentException("the local target cannot measure " + metric);
        }
    }

    private static OptionalDouble percentile(VersionStats d, double q) {
        return d.latency().count() == 0 ? OptionalDouble.empty() : OptionalDouble.of(d.latency().percentileMillis(q));
    }
}
