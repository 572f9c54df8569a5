package dev.rollgate.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One run of an {@link AnalysisSpec}, in virtual time: immutable, pure, and small enough to live in the
 * rollout's persisted status (it round-trips through Jackson with the Jdk8 and JavaTime modules).
 *
 * <p>The engine asks which metrics are {@link #due}, measures each over
 * [{@link #windowStart}, now] and folds the sample in with {@link #record}; the run never reads a clock.
 *
 * <p>Timing: with an interval, a metric's first window opens {@code initialDelay} after the start and its first
 * measurement is due one interval later; each later one is due one interval after the previous measurement (a
 * late measurement moves the schedule, it does not cause catch-up). Without an interval the metric is measured
 * once, {@code initialDelay} after the start, over the time since the start. (Argo measures at once; here each
 * measurement covers a full window of traffic, which counter-based providers need.)
 *
 * <p>Judging (Argo's rules, per metric): failed &gt; failureLimit makes it Failed; inconclusive &gt;
 * inconclusiveLimit Inconclusive; consecutive errors &gt; consecutiveErrorLimit Error; after {@code count}
 * measurements within the limits it is Successful. The run completes as soon as one metric completes badly
 * (worst phase wins: Failed, Error, Inconclusive) or when every metric is Successful; or when a rollback
 * criterion fires, which makes it Failed with the criterion's severity.
 *
 * @param metricResults one per {@link AnalysisSpec#effectiveMetrics()}, in that order
 * @param criteria      one per rollback criterion, in the spec's order
 */
public record AnalysisRun(String name, AnalysisSpec spec, Instant startedAt, AnalysisPhase phase,
                          List<MetricResult> metricResults, List<CriterionState> criteria,
                          Optional<Verdict> verdict, Optional<Instant> completedAt) {

    public AnalysisRun {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(completedAt, "completedAt");
        metricResults = List.copyOf(metricResults);
        criteria = List.copyOf(criteria);
        List<Metric> expected = spec.effectiveMetrics().stream().map(MetricSpec::name).toList();
        if (!metricResults.stream().map(MetricResult::metric).toList().equals(expected)) {
            throw new IllegalArgumentException("analysis " + name + " has results for "
                    + metricResults.stream().map(MetricResult::metric).toList() + " but measures " + expected);
        }
        if (criteria.size() != spec.rollbackCriterionList().size()) {
            throw new IllegalArgumentException("analysis " + name + " has state for " + criteria.size()
                    + " rollback criteria but defines " + spec.rollbackCriterionList().size());
        }
        if (phase.isCompleted() != completedAt.isPresent()) {
            throw new IllegalArgumentException("a run has a completion time when, and only when, it is completed");
        }
        if (phase.isCompleted() && verdict.isEmpty()) {
            throw new IllegalArgumentException("a completed run has a verdict");
        }
    }

    /**
     * A new run of {@code spec} started at {@code now}: Pending, nothing measured.
     *
     * @throws IllegalArgumentException when the spec has no metric and no rollback criterion
     */
    public static AnalysisRun start(String name, AnalysisSpec spec, Instant now) {
        if (spec.measuresNothing()) {
            throw new IllegalArgumentException("analysis " + name + " measures nothing; list at least one metric");
        }
        spec.requireRunnable();
        List<MetricResult> results = spec.effectiveMetrics().stream().map(m -> MetricResult.pending(m.name())).toList();
        List<CriterionState> criteria = spec.rollbackCriterionList().stream().map(c -> CriterionState.CLEAR).toList();
        return new AnalysisRun(name, spec, now, AnalysisPhase.PENDING, results, criteria, Optional.empty(),
                Optional.empty());
    }

    /**
     * A one-off check of one sample per metric (e.g. environment health before a rollout): every metric is
     * measured once now and the run stopped. A metric without a sample is Inconclusive. Criteria needing more
     * than one check cannot fire.
     */
    public static Verdict evaluateOnce(AnalysisSpec spec, Map<Metric, MetricSample> samples) {
        Instant at = Instant.EPOCH;
        AnalysisRun run = start("once", spec, at);
        for (MetricSpec m : spec.effectiveMetrics()) {
            MetricSample sample = samples.get(m.name());
            MetricSample none = new MetricSample(OptionalDouble.empty(), OptionalDouble.empty(), Optional.empty());
            run = run.record(m.name(), sample != null ? sample : none, at);
        }
        return run.stop(at).verdict().orElseThrow();
    }

    /** The metrics whose next measurement is due at or before {@code now}, in the spec's order. */
    public List<Metric> due(Instant now) {
        List<Metric> due = new ArrayList<>();
        for (int i = 0; i < metricResults.size(); i++) {
            Optional<Instant> next = nextDue(i);
            if (next.isPresent() && !next.get().isAfter(now)) {
                due.add(metricResults.get(i).metric());
            }
        }
        return due;
    }

    /** The earliest next measurement of any metric; empty once the run is completed. */
    public Optional<Instant> nextDueAt() {
        Optional<Instant> earliest = Optional.empty();
        for (int i = 0; i < metricResults.size(); i++) {
            Optional<Instant> next = nextDue(i);
            if (next.isPresent() && (earliest.isEmpty() || next.get().isBefore(earliest.get()))) {
                earliest = next;
            }
        }
        return earliest;
    }

    /**
     * Where the next measurement's window of {@code metric} starts: the previous measurement, or for the first
     * one the start plus initialDelay (the start itself for a metric without interval; see the class comment).
     */
    public Instant windowStart(Metric metric) {
        int i = indexOf(metric);
        Optional<Instant> last = metricResults.get(i).lastMeasuredAt();
        if (last.isPresent()) {
            return last.get();
        }
        MetricSpec m = spec.effectiveMetrics().get(i);
        return m.interval().isPresent() ? startedAt.plus(m.initialDelay().orElseThrow()) : startedAt;
    }

    private Optional<Instant> nextDue(int i) {
        MetricResult r = metricResults.get(i);
        if (phase.isCompleted() || r.phase().isCompleted()) {
            return Optional.empty();
        }
        MetricSpec m = spec.effectiveMetrics().get(i);
        Duration delay = m.initialDelay().orElseThrow();
        if (m.interval().isEmpty()) {
            return r.count() == 0 ? Optional.of(startedAt.plus(delay)) : Optional.empty();
        }
        return Optional.of(windowStart(m.name()).plus(m.interval().get()));
    }

    /**
     * The run with a measurement of {@code metric} taken at {@code at} folded in. A measurement at or before the
     * metric's latest one is ignored (the engine may replay one after a crash), as is one for a metric or run
     * already completed.
     *
     * @throws IllegalArgumentException when the analysis does not measure {@code metric}
     */
    public AnalysisRun record(Metric metric, MetricSample sample, Instant at) {
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(at, "at");
        int i = indexOf(metric);
        MetricResult r = metricResults.get(i);
        if (phase.isCompleted() || r.phase().isCompleted()
                || (r.lastMeasuredAt().isPresent() && !at.isAfter(r.lastMeasuredAt().get()))) {
            return this;
        }
        MetricSpec m = spec.effectiveMetrics().get(i);
        Measurement measurement = ThresholdJudge.measure(m, sample, at);
        Optional<MannWhitneyJudge.Judgement> judgement = Optional.empty();
        if (m.judgeOrDefault() == JudgeKind.MANN_WHITNEY && m.count().isPresent() && r.count() + 1 >= m.count().get()) {
            List<Measurement> all = new ArrayList<>(r.measurements());
            all.add(measurement);
            judgement = Optional.of(MannWhitneyJudge.judge(m, all));
            measurement = withJudgement(measurement, judgement.get());
        }
        MetricResult updated = assess(m, r.plus(measurement), judgement, false);

        List<MetricResult> results = new ArrayList<>(metricResults);
        results.set(i, updated);
        List<CriterionState> states = new ArrayList<>(criteria);
        List<String> fired = new ArrayList<>();
        List<Severity> firedSeverity = new ArrayList<>();
        List<RollbackCriterion> defined = spec.rollbackCriterionList();
        boolean checked = sample.error().isEmpty() && sample.canary().isPresent();
        for (int c = 0; c < defined.size(); c++) {
            RollbackCriterion criterion = defined.get(c);
            if (criterion.metricName() != metric || !checked) {
                continue;
            }
            double value = sample.canary().getAsDouble();
            CriterionState state = states.get(c).after(criterion.breachedBy(value), at);
            states.set(c, state);
            boolean fires = state.streak() > 0 && (criterion.sustainedFor().isPresent()
                    ? !at.isBefore(state.breachingSince().get().plus(criterion.sustainedFor().get()))
                    : state.streak() >= criterion.checksNeeded());
            if (fires) {
                fired.add(metric + " " + Quantities.value(metric, value) + " "
                        + criterion.describe().substring(metric.wireName().length() + 1)
                        + " (" + criterion.severityOrDefault() + ")");
                firedSeverity.add(criterion.severityOrDefault());
            }
        }
        return decide(results, states, fired, firedSeverity, at, false);
    }

    /**
     * Ends the run, as the engine does with a background analysis: metrics still measuring complete Successful
     * (a Mann–Whitney metric with enough values is judged first). A completed run is returned unchanged.
     */
    public AnalysisRun stop(Instant now) {
        if (phase.isCompleted()) {
            return this;
        }
        List<MetricSpec> effective = spec.effectiveMetrics();
        List<MetricResult> results = new ArrayList<>(metricResults);
        for (int i = 0; i < results.size(); i++) {
            MetricResult r = results.get(i);
            MetricSpec m = effective.get(i);
            if (r.phase().isCompleted()) {
                continue;
            }
            Optional<MannWhitneyJudge.Judgement> judgement = Optional.empty();
            if (m.judgeOrDefault() == JudgeKind.MANN_WHITNEY && r.count() >= MetricSpec.MANN_WHITNEY_MIN_COUNT) {
                judgement = Optional.of(MannWhitneyJudge.judge(m, r.measurements()));
            }
            results.set(i, assess(m, r, judgement, true));
        }
        return decide(results, criteria, List.of(), List.of(), now, true);
    }

    /** The metric's phase after its latest measurement (Argo's assessMetricStatus). */
    private static MetricResult assess(MetricSpec m, MetricResult r, Optional<MannWhitneyJudge.Judgement> judgement,
                                       boolean stopping) {
        int failureLimit = m.failureLimit().orElseThrow();
        int inconclusiveLimit = m.inconclusiveLimit().orElseThrow();
        int errorLimit = m.consecutiveErrorLimit().orElseThrow();
        String last = r.measurements().isEmpty() ? "" : r.measurements().get(r.measurements().size() - 1).message();
        if (judgement.isPresent() && judgement.get().phase() == AnalysisPhase.FAILED) {
            return r.completed(AnalysisPhase.FAILED, m.name() + ": " + judgement.get().summary());
        }
        if (r.failed() > failureLimit) {
            return r.completed(AnalysisPhase.FAILED, lastOf(r, MeasurementPhase.FAILED) + " (failed " + r.failed()
                    + " of " + r.count() + " measurements, failureLimit " + failureLimit + ")");
        }
        if (r.inconclusive() > inconclusiveLimit) {
            return r.completed(AnalysisPhase.INCONCLUSIVE, lastOf(r, MeasurementPhase.INCONCLUSIVE) + " ("
                    + r.inconclusive() + " inconclusive of " + r.count() + " measurements, inconclusiveLimit "
                    + inconclusiveLimit + ")");
        }
        if (r.consecutiveError() > errorLimit) {
            return r.completed(AnalysisPhase.ERROR, last + " (" + r.consecutiveError()
                    + " errors in a row, consecutiveErrorLimit " + errorLimit + ")");
        }
        if (judgement.isPresent() && judgement.get().phase() == AnalysisPhase.INCONCLUSIVE) {
            return r.completed(AnalysisPhase.INCONCLUSIVE, m.name() + ": " + judgement.get().summary());
        }
        boolean countReached = m.count().isPresent() && r.count() >= m.count().get();
        if (countReached || stopping) {
            return r.completed(AnalysisPhase.SUCCESSFUL, m.name() + ": " + r.successful() + " of " + r.count()
                    + " measurements successful" + judgement.map(j -> "; " + j.summary()).orElse(""));
        }
        return r;
    }

    private static String lastOf(MetricResult r, MeasurementPhase phase) {
        for (int i = r.measurements().size() - 1; i >= 0; i--) {
            if (r.measurements().get(i).phase() == phase) {
                return r.measurements().get(i).message();
            }
        }
        return r.metric().wireName();
    }

    private static Measurement withJudgement(Measurement m, MannWhitneyJudge.Judgement judgement) {
        MeasurementPhase phase = judgement.phase() == AnalysisPhase.FAILED ? MeasurementPhase.FAILED : m.phase();
        return new Measurement(m.metric(), m.at(), m.canary(), m.baseline(), phase,
                m.message() + "; " + judgement.summary());
    }

    /** The run's phase and verdict from its metrics and any fired criterion (worst wins). */
    private AnalysisRun decide(List<MetricResult> results, List<CriterionState> states, List<String> fired,
                               List<Severity> firedSeverity, Instant at, boolean stopped) {
        Optional<Verdict> decided = Optional.empty();
        int automatic = firedSeverity.indexOf(Severity.AUTOMATIC);
        Optional<MetricResult> worst = results.stream()
                .filter(r -> r.phase().isCompleted() && r.phase() != AnalysisPhase.SUCCESSFUL)
                .max(Comparator.comparingInt(r -> r.phase().severityRank()));
        if (automatic >= 0) {
            decided = Optional.of(new Verdict(AnalysisPhase.FAILED, Severity.AUTOMATIC, fired.get(automatic)));
        } else if (worst.isPresent() && worst.get().phase() == AnalysisPhase.FAILED) {
            decided = Optional.of(verdictOf(worst.get()));
        } else if (!fired.isEmpty()) {
            decided = Optional.of(new Verdict(AnalysisPhase.FAILED, Severity.MANUAL, fired.get(0)));
        } else if (worst.isPresent()) {
            decided = Optional.of(verdictOf(worst.get()));
        } else if (results.stream().allMatch(r -> r.phase() == AnalysisPhase.SUCCESSFUL)) {
            String each = String.join("; ", results.stream().map(r -> r.message().orElse(r.metric().wireName())).toList());
            decided = Optional.of(new Verdict(AnalysisPhase.SUCCESSFUL, Severity.AUTOMATIC,
                    (stopped ? "analysis stopped; every metric passed: " : "every metric passed: ") + each));
        }
        AnalysisPhase next = decided.map(Verdict::phase).orElse(
                results.stream().allMatch(r -> r.count() == 0) ? AnalysisPhase.PENDING : AnalysisPhase.RUNNING);
        return new AnalysisRun(name, spec, startedAt, next, results, states, decided,
                decided.isPresent() ? Optional.of(at) : Optional.empty());
    }

    private static Verdict verdictOf(MetricResult r) {
        Severity severity = r.phase() == AnalysisPhase.INCONCLUSIVE ? Severity.MANUAL : Severity.AUTOMATIC;
        return new Verdict(r.phase(), severity, r.message().orElse(r.metric().wireName()) + " (" + severity + ")");
    }

    /** Every kept measurement of every metric, oldest first. */
    public List<Measurement> measurements() {
        List<Measurement> all = new ArrayList<>();
        metricResults.forEach(r -> all.addAll(r.measurements()));
        all.sort(Comparator.comparing(Measurement::at));
        return List.copyOf(all);
    }

    /** The result of one metric. */
    public MetricResult result(Metric metric) {
        return metricResults.get(indexOf(metric));
    }

    private int indexOf(Metric metric) {
        Objects.requireNonNull(metric, "metric");
        for (int i = 0; i < metricResults.size(); i++) {
            if (metricResults.get(i).metric() == metric) {
                return i;
            }
        }
        throw new IllegalArgumentException("analysis " + name + " does not measure " + metric + "; it measures "
                + metricResults.stream().map(r -> r.metric().wireName()).toList());
    }
}
