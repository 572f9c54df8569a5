package dev.rollgate.analysis;

import dev.rollgate.config.Doc;
import dev.rollgate.config.Durations;
import dev.rollgate.config.InvalidFieldException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An analysis, in Argo Rollouts' words: metrics measured every {@code interval}, {@code count} times, after an
 * {@code initialDelay}, judged with {@code failureLimit}, {@code inconclusiveLimit} and
 * {@code consecutiveErrorLimit}; plus rollback criteria that act at once. The run-level timing and limits are
 * defaults each metric may override.
 *
 * <p>Defaults (Argo's): interval none; count none, and 1 when the interval is also absent (interval without
 * count measures until the run is stopped: a background analysis); initialDelay 0s; failureLimit
 * {@value #DEFAULT_FAILURE_LIMIT}; inconclusiveLimit {@value #DEFAULT_INCONCLUSIVE_LIMIT};
 * consecutiveErrorLimit {@value #DEFAULT_CONSECUTIVE_ERROR_LIMIT}.
 *
 * <p>Rules checked when built: count at least 1; a count above 1 needs an interval; judge mannWhitney needs a
 * count of 3 to {@value #MAX_KEPT_MEASUREMENTS}, or an interval without count (judged when the run is stopped);
 * a metric is listed once. An analysis may be empty (a step's {@code analysis: {}} runs the template as it is),
 * but a run needs something to measure. These rules apply to the effective values, so a
 * step's analysis must satisfy them on its own too.
 */
@Doc("An analysis: metrics measured at an interval and judged, plus rollback criteria that act at once.")
public record AnalysisSpec(
        @Doc("Time between measurements, e.g. 1m. Without it a metric is measured once (count 1).")
        Optional<Duration> interval,
        @Doc("Measurements per metric. Absent with an interval: measure until the analysis is stopped "
                + "(background). Absent without an interval: 1.") Optional<Integer> count,
        @Doc("Wait after the start before the first measurement window opens, e.g. 30s. Default 0s.")
        Optional<Duration> initialDelay,
        @Doc("Failed measurements tolerated per metric; the metric fails when failed > failureLimit. Default 0.")
        Optional<Integer> failureLimit,
        @Doc("Inconclusive measurements tolerated per metric; the metric is Inconclusive when inconclusive > "
                + "inconclusiveLimit. Default 0.") Optional<Integer> inconclusiveLimit,
        @Doc("Consecutive provider errors tolerated per metric; the metric errs when consecutive errors > "
                + "consecutiveErrorLimit. Default 4.") Optional<Integer> consecutiveErrorLimit,
        @Doc("The metrics to measure and judge; each listed once.") Optional<List<MetricSpec>> metrics,
        @Doc("Conditions that roll back, or pause for a person, at once.")
        Optional<List<RollbackCriterion>> rollbackCriteria) {

    public static final int DEFAULT_FAILURE_LIMIT = 0;
    public static final int DEFAULT_INCONCLUSIVE_LIMIT = 0;
    public static final int DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;
    /** Measurements kept per metric in a run's stored state; the Mann–Whitney judge's count may not exceed it. */
    public static final int MAX_KEPT_MEASUREMENTS = 100;

    public AnalysisSpec {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(count, "count");
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(failureLimit, "failureLimit");
        Objects.requireNonNull(inconclusiveLimit, "inconclusiveLimit");
        Objects.requireNonNull(consecutiveErrorLimit, "consecutiveErrorLimit");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(rollbackCriteria, "rollbackCriteria");
        metrics = metrics.map(List::copyOf);
        rollbackCriteria = rollbackCriteria.map(List::copyOf);
        checkTiming(interval, count, initialDelay, failureLimit, inconclusiveLimit, consecutiveErrorLimit);
        // An empty analysis is allowed: a step's `analysis: {}` runs the environment's template unchanged.
        Set<Metric> seen = EnumSet.noneOf(Metric.class);
        for (MetricSpec m : metrics.orElse(List.of())) {
            if (!seen.add(m.name())) {
                throw new InvalidFieldException("metrics", m.name() + " is listed twice; list each metric once "
                        + "(a step changes a metric by naming it in the step's own analysis)");
            }
        }
    }

    /**
     * Checks what only the analysis a run will use can tell: a step's analysis may leave its interval to the
     * template, so these rules apply after {@link #overriddenBy}, not to each piece as it is written.
     *
     * @throws InvalidFieldException naming the field to fix
     */
    public void requireRunnable() {
        for (MetricSpec m : metrics.orElse(List.of())) {
            Optional<Duration> effectiveInterval = MetricSpec.or(m.interval(), interval);
            Optional<Integer> effectiveCount = MetricSpec.or(m.count(), count);
            // Report where the offending value was written: on the metric, or at the analysis level.
            String countField = m.count().isPresent() || m.interval().isPresent() ? "metrics" : "count";
            if (effectiveCount.orElse(1) > 1 && effectiveInterval.isEmpty()) {
                throw new InvalidFieldException(countField, m.name() + ": count " + effectiveCount.get()
                        + " needs an interval to space the measurements; add interval (e.g. 1m) or use count 1");
            }
            if (m.judgeOrDefault() == JudgeKind.MANN_WHITNEY) {
                // With a count the judge runs when it is reached; without one (background) when the run stops.
                int n = effectiveCount.orElse(effectiveInterval.isEmpty() ? 1 : MetricSpec.MANN_WHITNEY_MIN_COUNT);
                if (n < MetricSpec.MANN_WHITNEY_MIN_COUNT || n > MAX_KEPT_MEASUREMENTS) {
                    throw new InvalidFieldException(countField, m.name()
                            + ": judge mannWhitney compares the run's measurements once they are all in, so it "
                            + "needs a count from " + MetricSpec.MANN_WHITNEY_MIN_COUNT + " to " + MAX_KEPT_MEASUREMENTS
                            + " (and an interval), was " + n);
                }
            }
        }
    }

    /** Range checks shared by the analysis and its metrics (fields of the same names). */
    static void checkTiming(Optional<Duration> interval, Optional<Integer> count, Optional<Duration> initialDelay,
                            Optional<Integer> failureLimit, Optional<Integer> inconclusiveLimit,
                            Optional<Integer> consecutiveErrorLimit) {
        if (interval.isPresent() && (interval.get().isZero() || interval.get().isNegative())) {
            throw new InvalidFieldException("interval", "interval must be longer than 0s");
        }
        if (count.isPresent() && count.get() < 1) {
            throw new InvalidFieldException("count", "count must be at least 1, was " + count.get()
                    + "; leave it out (with an interval) to measure until the analysis is stopped");
        }
        if (initialDelay.isPresent() && initialDelay.get().isNegative()) {
            throw new InvalidFieldException("initialDelay", "initialDelay must not be negative");
        }
        nonNegative("failureLimit", failureLimit);
        nonNegative("inconclusiveLimit", inconclusiveLimit);
        nonNegative("consecutiveErrorLimit", consecutiveErrorLimit);
    }

    private static void nonNegative(String field, Optional<Integer> value) {
        if (value.isPresent() && value.get() < 0) {
            throw new InvalidFieldException(field, field + " must not be negative, was " + value.get());
        }
    }

    /** An analysis of these metrics with every run-level field at its default. */
    public static AnalysisSpec of(MetricSpec... metrics) {
        return new AnalysisSpec(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(List.of(metrics)), Optional.empty());
    }

    /** An analysis measuring these metrics {@code count} times, every {@code interval}. */
    public static AnalysisSpec of(Duration interval, int count, MetricSpec... metrics) {
        return new AnalysisSpec(Optional.of(interval), Optional.of(count), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(List.of(metrics)), Optional.empty());
    }

    public AnalysisSpec withInterval(Duration value) {
        return new AnalysisSpec(Optional.of(value), count, initialDelay, failureLimit, inconclusiveLimit,
                consecutiveErrorLimit, metrics, rollbackCriteria);
    }

    public AnalysisSpec withCount(int value) {
        return new AnalysisSpec(interval, Optional.of(value), initialDelay, failureLimit, inconclusiveLimit,
                consecutiveErrorLimit, metrics, rollbackCriteria);
    }

    /** Without a count: with an interval, measures until stopped. */
    public AnalysisSpec withoutCount() {
        return new AnalysisSpec(interval, Optional.empty(), initialDelay, failureLimit, inconclusiveLimit,
                consecutiveErrorLimit, metrics, rollbackCriteria);
    }

    public AnalysisSpec withInitialDelay(Duration value) {
        return new AnalysisSpec(interval, count, Optional.of(value), failureLimit, inconclusiveLimit,
                consecutiveErrorLimit, metrics, rollbackCriteria);
    }

    public AnalysisSpec withFailureLimit(int value) {
        return new AnalysisSpec(interval, count, initialDelay, Optional.of(value), inconclusiveLimit,
                consecutiveErrorLimit, metrics, rollbackCriteria);
    }

    public AnalysisSpec withInconclusiveLimit(int value) {
        return new AnalysisSpec(interval, count, initialDelay, failureLimit, Optional.of(value),
                consecutiveErrorLimit, metrics, rollbackCriteria);
    }

    public AnalysisSpec withConsecutiveErrorLimit(int value) {
        return new AnalysisSpec(interval, count, initialDelay, failureLimit, inconclusiveLimit, Optional.of(value),
                metrics, rollbackCriteria);
    }

    public AnalysisSpec withRollbackCriteria(RollbackCriterion... criteria) {
        return new AnalysisSpec(interval, count, initialDelay, failureLimit, inconclusiveLimit,
                consecutiveErrorLimit, metrics, Optional.of(List.of(criteria)));
    }

    public List<MetricSpec> metricList() {
        return metrics.orElse(List.of());
    }

    public List<RollbackCriterion> rollbackCriterionList() {
        return rollbackCriteria.orElse(List.of());
    }

    /**
     * This analysis (a template) as a step tightens it: the step's run-level fields win where present; a step
     * metric of a name the template has changes only the fields it gives (so {@code {name: error_rate, max: 0.5}}
     * keeps the template's interval and count); other step metrics are added; the step's rollback criteria are
     * added to the template's.
     *
     * @throws InvalidFieldException when the combination is invalid (e.g. the step's min above the template's max)
     */
    public AnalysisSpec overriddenBy(AnalysisSpec step) {
        Map<Metric, MetricSpec> merged = new LinkedHashMap<>();
        for (MetricSpec m : metricList()) {
            merged.put(m.name(), m);
        }
        for (MetricSpec m : step.metricList()) {
            merged.merge(m.name(), m, MetricSpec::overriddenBy);
        }
        List<RollbackCriterion> criteria = new ArrayList<>(rollbackCriterionList());
        criteria.addAll(step.rollbackCriterionList());
        return new AnalysisSpec(MetricSpec.or(step.interval, interval), MetricSpec.or(step.count, count),
                MetricSpec.or(step.initialDelay, initialDelay), MetricSpec.or(step.failureLimit, failureLimit),
                MetricSpec.or(step.inconclusiveLimit, inconclusiveLimit),
                MetricSpec.or(step.consecutiveErrorLimit, consecutiveErrorLimit),
                merged.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(merged.values())),
                criteria.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(criteria)));
    }

    /**
     * The metrics a run measures, each with its timing and limits filled in from this analysis and the defaults:
     * the listed metrics, then any metric only a rollback criterion names (measured without thresholds).
     * Count is present unless the metric measures until stopped; initialDelay and the limits are always present.
     */
    public List<MetricSpec> effectiveMetrics() {
        List<MetricSpec> listed = new ArrayList<>(metricList());
        Set<Metric> seen = EnumSet.noneOf(Metric.class);
        listed.forEach(m -> seen.add(m.name()));
        for (RollbackCriterion c : rollbackCriterionList()) {
            if (seen.add(c.metricName())) {
                listed.add(MetricSpec.of(c.metricName()));
            }
        }
        List<MetricSpec> effective = new ArrayList<>();
        for (MetricSpec m : listed) {
            Optional<Duration> i = MetricSpec.or(m.interval(), interval);
            Optional<Integer> c = MetricSpec.or(m.count(), count);
            if (c.isEmpty() && i.isEmpty()) {
                c = Optional.of(1);
            }
            effective.add(new MetricSpec(m.name(), m.max(), m.min(), m.maxIncrease(), m.judge(), m.alpha(),
                    m.minEffect(), i, c, Optional.of(MetricSpec.or(m.initialDelay(), initialDelay).orElse(Duration.ZERO)),
                    Optional.of(MetricSpec.or(m.failureLimit(), failureLimit).orElse(DEFAULT_FAILURE_LIMIT)),
                    Optional.of(MetricSpec.or(m.inconclusiveLimit(), inconclusiveLimit).orElse(DEFAULT_INCONCLUSIVE_LIMIT)),
                    Optional.of(MetricSpec.or(m.consecutiveErrorLimit(), consecutiveErrorLimit)
                            .orElse(DEFAULT_CONSECUTIVE_ERROR_LIMIT))));
        }
        return List.copyOf(effective);
    }

    /** Whether the analysis measures nothing (no metric, no rollback criterion). */
    public boolean measuresNothing() {
        return metricList().isEmpty() && rollbackCriterionList().isEmpty();
    }

    /** A one-line summary, e.g. {@code error_rate, latency_p99 every 1m x5}. */
    public String describe() {
        StringBuilder s = new StringBuilder(String.join(", ",
                effectiveMetrics().stream().map(m -> m.name().wireName()).toList()));
        interval.ifPresent(i -> s.append(" every ").append(Durations.format(i)));
        count.ifPresent(c -> s.append(" x").append(c));
        return s.toString();
    }
}
