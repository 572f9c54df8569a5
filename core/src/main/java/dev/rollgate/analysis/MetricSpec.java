package dev.rollgate.analysis;

import dev.rollgate.config.Doc;
import dev.rollgate.config.InvalidFieldException;
import dev.rollgate.config.Required;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One metric of an analysis: what to measure, how to judge each measurement, and (optionally) its own timing
 * and limits, which otherwise come from the {@link AnalysisSpec}.
 *
 * <p>Thresholds apply to the canary's value: a measurement fails when the value is above {@code max}, below
 * {@code min}, or more than {@code maxIncrease} percent above the baseline's value of the same window. A metric
 * with no threshold and the default judge is only recorded (its measurements pass whenever there is data);
 * rollback criteria may still act on it.
 *
 * <p>Defaults: judge {@code threshold}; for judge {@code mannWhitney}, alpha {@value #DEFAULT_ALPHA} and
 * minEffect {@value #DEFAULT_MIN_EFFECT}. Timing and limits default to the analysis' values.
 */
@Doc("One metric of an analysis: what to measure and how to judge it.")
public record MetricSpec(
        @Required @Doc("The metric: error_rate (%), latency_p50, latency_p95, latency_p99 (ms), request_rate "
                + "(req/s) or availability (%).") Metric name,
        @Doc("A measurement fails when the canary's value is above this (in the metric's unit).") Optional<Double> max,
        @Doc("A measurement fails when the canary's value is below this (in the metric's unit).") Optional<Double> min,
        @Doc("A measurement fails when the canary's value exceeds the baseline's (stable's) value of the same "
                + "window by more than this many percent. Without a baseline (first deployment) the measurement is "
                + "Inconclusive, unless max or min is also given; then those alone judge it.")
        Optional<Double> maxIncrease,
        @Doc("threshold (default): judge each measurement by max, min and maxIncrease. mannWhitney: also, once "
                + "count measurements are in, test whether the canary is worse than the baseline (needs count 3-100).")
        Optional<JudgeKind> judge,
        @Doc("mannWhitney only: significance level in (0, 1); the canary fails when p < alpha. Default 0.05.")
        Optional<Double> alpha,
        @Doc("mannWhitney only: the least effect size (rank-biserial correlation in the worse direction, 0-1) that "
                + "fails the canary; keeps a tiny but significant shift from failing it. Default 0.3.")
        Optional<Double> minEffect,
        @Doc("Time between measurements of this metric; default: the analysis' interval.") Optional<Duration> interval,
        @Doc("Measurements of this metric; default: the analysis' count.") Optional<Integer> count,
        @Doc("Wait before this metric's first measurement window; default: the analysis' initialDelay.")
        Optional<Duration> initialDelay,
        @Doc("Failed measurements tolerated; default: the analysis' failureLimit.") Optional<Integer> failureLimit,
        @Doc("Inconclusive measurements tolerated; default: the analysis' inconclusiveLimit.")
        Optional<Integer> inconclusiveLimit,
        @Doc("Consecutive provider errors tolerated; default: the analysis' consecutiveErrorLimit.")
        Optional<Integer> consecutiveErrorLimit) {

    /** Default significance level of the Mann–Whitney judge. */
    public static final double DEFAULT_ALPHA = 0.05;
    /** Default least rank-biserial effect, in the worse direction, for the Mann–Whitney judge to fail a canary. */
    public static final double DEFAULT_MIN_EFFECT = 0.3;
    /** The Mann–Whitney judge needs at least this many measurements to say anything. */
    public static final int MANN_WHITNEY_MIN_COUNT = 3;

    public MetricSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(maxIncrease, "maxIncrease");
        Objects.requireNonNull(judge, "judge");
        Objects.requireNonNull(alpha, "alpha");
        Objects.requireNonNull(minEffect, "minEffect");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(count, "count");
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(failureLimit, "failureLimit");
        Objects.requireNonNull(inconclusiveLimit, "inconclusiveLimit");
        Objects.requireNonNull(consecutiveErrorLimit, "consecutiveErrorLimit");
        if (max.isPresent() && min.isPresent() && min.get() > max.get()) {
            throw new InvalidFieldException("min", "min " + Quantities.threshold(name, min.get()) + " is above max "
                    + Quantities.threshold(name, max.get()) + "; no value of " + name + " could pass");
        }
        if (maxIncrease.isPresent() && maxIncrease.get() < 0) {
            throw new InvalidFieldException("maxIncrease", "maxIncrease is a percentage over the baseline and must "
                    + "not be negative, was " + Quantities.plain(maxIncrease.get()));
        }
        boolean mannWhitney = judge.orElse(JudgeKind.THRESHOLD) == JudgeKind.MANN_WHITNEY;
        if (alpha.isPresent()) {
            if (!mannWhitney) {
                throw new InvalidFieldException("alpha", "alpha applies to judge: mannWhitney only");
            }
            if (!(alpha.get() > 0 && alpha.get() < 1)) {
                throw new InvalidFieldException("alpha", "alpha is a significance level and must be between 0 and 1 "
                        + "(exclusive), e.g. 0.05; was " + Quantities.plain(alpha.get()));
            }
        }
        if (minEffect.isPresent()) {
            if (!mannWhitney) {
                throw new InvalidFieldException("minEffect", "minEffect applies to judge: mannWhitney only");
            }
            if (!(minEffect.get() >= 0 && minEffect.get() <= 1)) {
                throw new InvalidFieldException("minEffect", "minEffect is a rank-biserial effect size from 0 to 1, "
                        + "e.g. 0.3; was " + Quantities.plain(minEffect.get()));
            }
        }
        AnalysisSpec.checkTiming(interval, count, initialDelay, failureLimit, inconclusiveLimit, consecutiveErrorLimit);
    }

    /** A metric judged by thresholds only, everything else from the analysis; add thresholds with {@code with…}. */
    public static MetricSpec of(Metric name) {
        return new MetricSpec(name, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A metric that fails a measurement when the canary's value is above {@code max}. */
    public static MetricSpec max(Metric name, double max) {
        return of(name).withMax(max);
    }

    /** A metric that fails a measurement when the canary's value is below {@code min}. */
    public static MetricSpec min(Metric name, double min) {
        return of(name).withMin(min);
    }

    /** A metric that fails a measurement when the canary is more than {@code percent}% above the baseline. */
    public static MetricSpec maxIncrease(Metric name, double percent) {
        return of(name).withMaxIncrease(percent);
    }

    /** A metric judged by the Mann–Whitney test of the run's canary values against its baseline values. */
    public static MetricSpec mannWhitney(Metric name, double alpha, double minEffect) {
        return new MetricSpec(name, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(JudgeKind.MANN_WHITNEY), Optional.of(alpha), Optional.of(minEffect), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public MetricSpec withMax(double value) {
        return new MetricSpec(name, Optional.of(value), min, maxIncrease, judge, alpha, minEffect, interval, count,
                initialDelay, failureLimit, inconclusiveLimit, consecutiveErrorLimit);
    }

    public MetricSpec withMin(double value) {
        return new MetricSpec(name, max, Optional.of(value), maxIncrease, judge, alpha, minEffect, interval, count,
                initialDelay, failureLimit, inconclusiveLimit, consecutiveErrorLimit);
    }

    public MetricSpec withMaxIncrease(double percent) {
        return new MetricSpec(name, max, min, Optional.of(percent), judge, alpha, minEffect, interval, count,
                initialDelay, failureLimit, inconclusiveLimit, consecutiveErrorLimit);
    }

    public MetricSpec withInterval(Duration value) {
        return new MetricSpec(name, max, min, maxIncrease, judge, alpha, minEffect, Optional.of(value), count,
                initialDelay, failureLimit, inconclusiveLimit, consecutiveErrorLimit);
    }

    public MetricSpec withCount(int value) {
        return new MetricSpec(name, max, min, maxIncrease, judge, alpha, minEffect, interval, Optional.of(value),
                initialDelay, failureLimit, inconclusiveLimit, consecutiveErrorLimit);
    }

    public MetricSpec withInitialDelay(Duration value) {
        return new MetricSpec(name, max, min, maxIncrease, judge, alpha, minEffect, interval, count,
                Optional.of(value), failureLimit, inconclusiveLimit, consecutiveErrorLimit);
    }

    public MetricSpec withFailureLimit(int value) {
        return new MetricSpec(name, max, min, maxIncrease, judge, alpha, minEffect, interval, count, initialDelay,
                Optional.of(value), inconclusiveLimit, consecutiveErrorLimit);
    }

    public MetricSpec withInconclusiveLimit(int value) {
        return new MetricSpec(name, max, min, maxIncrease, judge, alpha, minEffect, interval, count, initialDelay,
                failureLimit, Optional.of(value), consecutiveErrorLimit);
    }

    public MetricSpec withConsecutiveErrorLimit(int value) {
        return new MetricSpec(name, max, min, maxIncrease, judge, alpha, minEffect, interval, count, initialDelay,
                failureLimit, inconclusiveLimit, Optional.of(value));
    }

    /** This metric changed by a step: every field the step gives wins, the others are kept. */
    public MetricSpec overriddenBy(MetricSpec step) {
        if (step.name != name) {
            throw new IllegalArgumentException("cannot override " + name + " with " + step.name);
        }
        return new MetricSpec(name, or(step.max, max), or(step.min, min), or(step.maxIncrease, maxIncrease),
                or(step.judge, judge), or(step.alpha, alpha), or(step.minEffect, minEffect),
                or(step.interval, interval), or(step.count, count), or(step.initialDelay, initialDelay),
                or(step.failureLimit, failureLimit), or(step.inconclusiveLimit, inconclusiveLimit),
                or(step.consecutiveErrorLimit, consecutiveErrorLimit));
    }

    /** The judge, {@code threshold} when not given. */
    public JudgeKind judgeOrDefault() {
        return judge.orElse(JudgeKind.THRESHOLD);
    }

    /** Whether max, min or maxIncrease is given. */
    public boolean hasThreshold() {
        return max.isPresent() || min.isPresent() || maxIncrease.isPresent();
    }

    static <T> Optional<T> or(Optional<T> preferred, Optional<T> fallback) {
        return preferred.isPresent() ? preferred : fallback;
    }
}
