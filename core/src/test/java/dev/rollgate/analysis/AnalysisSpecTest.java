package dev.rollgate.analysis;

import static dev.rollgate.analysis.Metric.ERROR_RATE;
import static dev.rollgate.analysis.Metric.LATENCY_P95;
import static dev.rollgate.analysis.Metric.LATENCY_P99;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollgate.config.InvalidFieldException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnalysisSpecTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void effectiveMetricsFillInArgoDefaults() {
        MetricSpec m = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)).effectiveMetrics().get(0);

        assertThat(m.count()).contains(1);
        assertThat(m.interval()).isEmpty();
        assertThat(m.initialDelay()).contains(Duration.ZERO);
        assertThat(m.failureLimit()).contains(0);
        assertThat(m.inconclusiveLimit()).contains(0);
        assertThat(m.consecutiveErrorLimit()).contains(4);
        assertThat(m.judgeOrDefault()).isEqualTo(JudgeKind.THRESHOLD);
    }

    @Test
    void intervalWithoutCountMeasuresUntilStopped() {
        MetricSpec m = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)).withInterval(MINUTE).effectiveMetrics().get(0);

        assertThat(m.count()).isEmpty();
    }

    @Test
    void metricLevelTimingAndLimitsWinOverTheAnalysis() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1).withCount(2).withFailureLimit(1)
                .withInterval(Duration.ofSeconds(30))).withInterval(MINUTE).withCount(5).withFailureLimit(3);
        MetricSpec m = spec.effectiveMetrics().get(0);

        assertThat(m.count()).contains(2);
        assertThat(m.interval()).contains(Duration.ofSeconds(30));
        assertThat(m.failureLimit()).contains(1);
    }

    @Test
    void minAboveMaxIsRefused() {
        assertThatThrownBy(() -> MetricSpec.max(ERROR_RATE, 1).withMin(2))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("min"))
                .hasMessage("min 2% is above max 1%; no value of error_rate could pass");
    }

    @Test
    void negativeMaxIncreaseIsRefused() {
        assertThatThrownBy(() -> MetricSpec.maxIncrease(LATENCY_P99, -5))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("maxIncrease"))
                .hasMessageContaining("must not be negative, was -5");
    }

    @Test
    void metricListedTwiceIsRefused() {
        assertThatThrownBy(() -> AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1), MetricSpec.max(ERROR_RATE, 2)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("metrics"))
                .hasMessageContaining("error_rate is listed twice");
    }

    @Test
    void countZeroIsRefused() {
        assertThatThrownBy(() -> AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)).withInterval(MINUTE).withCount(0))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("count"))
                .hasMessageContaining("count must be at least 1, was 0");
    }

    @Test
    void countAboveOneWithoutIntervalIsRefused() {
        assertThatThrownBy(() -> AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)).withCount(3).requireRunnable())
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("count"))
                .hasMessageContaining("count 3 needs an interval");
        assertThatThrownBy(() -> AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1).withCount(3)).requireRunnable())
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("metrics"));
    }

    @Test
    void mannWhitneyNeedsAlphaBetweenZeroAndOne() {
        assertThatThrownBy(() -> MetricSpec.mannWhitney(LATENCY_P95, 1, 0.3))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("alpha"));
        assertThatThrownBy(() -> MetricSpec.mannWhitney(LATENCY_P95, 0, 0.3))
                .isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> MetricSpec.mannWhitney(LATENCY_P95, 0.05, 1.5))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("minEffect"));
    }

    @Test
    void alphaWithoutTheMannWhitneyJudgeIsRefused() {
        assertThatThrownBy(() -> new MetricSpec(LATENCY_P95, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(0.05), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))
                .hasMessage("alpha applies to judge: mannWhitney only");
    }

    @Test
    void mannWhitneyNeedsACountOfAtLeastThree() {
        assertThatThrownBy(() -> AnalysisSpec.of(MINUTE, 2, MetricSpec.mannWhitney(LATENCY_P95, 0.05, 0.3)).requireRunnable())
                .hasMessageContaining("needs a count from 3 to 100 (and an interval), was 2");
        assertThatThrownBy(() -> AnalysisSpec.of(MetricSpec.mannWhitney(LATENCY_P95, 0.05, 0.3)).requireRunnable())
                .hasMessageContaining("was 1");
        // In the background (interval, no count) it judges when the run is stopped.
        assertThat(AnalysisSpec.of(MINUTE, 3, MetricSpec.mannWhitney(LATENCY_P95, 0.05, 0.3)).withoutCount()
                .effectiveMetrics().get(0).count()).isEmpty();
    }

    @Test
    void anEmptyStepAnalysisRunsTheTemplateButAnEmptyRunIsRefused() {
        AnalysisSpec empty = new AnalysisSpec(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        assertThat(TEMPLATE.overriddenBy(empty)).isEqualTo(TEMPLATE);
        assertThatThrownBy(() -> AnalysisRun.start("step-2", empty, java.time.Instant.EPOCH))
                .hasMessage("analysis step-2 measures nothing; list at least one metric");
    }

    // --- step overrides -------------------------------------------------------------------------------------

    private static final AnalysisSpec TEMPLATE = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1),
                    MetricSpec.maxIncrease(LATENCY_P99, 50))
            .withInterval(MINUTE).withCount(5).withInitialDelay(Duration.ofSeconds(30))
            .withRollbackCriteria(RollbackCriterion.above(ERROR_RATE, 5, 1, Severity.AUTOMATIC));

    @Test
    void stepTighteningOneThresholdKeepsEverythingElseOfTheTemplate() {
        AnalysisSpec step = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 0.5));

        AnalysisSpec merged = TEMPLATE.overriddenBy(step);

        assertThat(merged.metricList()).containsExactly(MetricSpec.max(ERROR_RATE, 0.5),
                MetricSpec.maxIncrease(LATENCY_P99, 50));
        assertThat(merged.interval()).contains(MINUTE);
        assertThat(merged.count()).contains(5);
        assertThat(merged.initialDelay()).contains(Duration.ofSeconds(30));
        assertThat(merged.rollbackCriterionList()).isEqualTo(TEMPLATE.rollbackCriterionList());
    }

    @Test
    void stepRunLevelFieldsWinAndItsMetricsAndCriteriaAreAdded() {
        AnalysisSpec step = AnalysisSpec.of(MetricSpec.max(LATENCY_P95, 800).withInterval(Duration.ofSeconds(30)))
                .withCount(10).withInterval(Duration.ofSeconds(20))
                .withRollbackCriteria(RollbackCriterion.when("error_rate > 2 for 300s", Severity.MANUAL));

        AnalysisSpec merged = TEMPLATE.overriddenBy(step);

        assertThat(merged.count()).contains(10);
        assertThat(merged.interval()).contains(Duration.ofSeconds(20));
        assertThat(merged.metricList()).extracting(MetricSpec::name).containsExactly(ERROR_RATE, LATENCY_P99, LATENCY_P95);
        assertThat(merged.rollbackCriterionList()).hasSize(2);
        assertThat(merged.rollbackCriterionList().get(1).severityOrDefault()).isEqualTo(Severity.MANUAL);
    }

    @Test
    void stepOverrideThatContradictsTheTemplateIsRefused() {
        AnalysisSpec step = AnalysisSpec.of(MetricSpec.min(ERROR_RATE, 2));

        assertThatThrownBy(() -> TEMPLATE.overriddenBy(step)).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("min 2% is above max 1%");
    }

    @Test
    void runbookThresholdsTightenPerStep() {
        AnalysisSpec at5 = TEMPLATE.overriddenBy(AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)));
        AnalysisSpec at25 = TEMPLATE.overriddenBy(AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 0.5)));
        AnalysisSpec at50 = TEMPLATE.overriddenBy(AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 0.2)));
        MetricSample sample = MetricSample.of(0.4, 0.1);
        java.time.Instant t = java.time.Instant.parse("2026-12-02T10:00:00Z");

        assertThat(AnalysisRun.start("5", at5, t).record(ERROR_RATE, sample, t.plusSeconds(90)).phase())
                .isEqualTo(AnalysisPhase.RUNNING);
        assertThat(AnalysisRun.start("25", at25, t).record(ERROR_RATE, sample, t.plusSeconds(90)).phase())
                .isEqualTo(AnalysisPhase.RUNNING);
        assertThat(AnalysisRun.start("50", at50, t).record(ERROR_RATE, sample, t.plusSeconds(90)).phase())
                .isEqualTo(AnalysisPhase.FAILED);
    }

    // --- rollback criteria ----------------------------------------------------------------------------------

    @Test
    void whenShorthandReadsIntoTheStructuredFields() {
        RollbackCriterion sustained = RollbackCriterion.when("error_rate > 5 for 60s", Severity.AUTOMATIC);
        RollbackCriterion counted = RollbackCriterion.when("latency_p99 > 2000ms for 3 consecutive checks",
                Severity.AUTOMATIC);
        RollbackCriterion below = RollbackCriterion.when("availability < 99.5", Severity.MANUAL);

        assertThat(sustained.metric()).contains(ERROR_RATE);
        assertThat(sustained.max()).contains(5.0);
        assertThat(sustained.sustainedFor()).contains(Duration.ofSeconds(60));
        assertThat(sustained.describe()).isEqualTo("error_rate > 5% for 1m");
        assertThat(counted.consecutive()).contains(3);
        assertThat(counted.describe()).isEqualTo("latency_p99 > 2000 ms for 3 consecutive checks");
        assertThat(below.min()).contains(99.5);
        assertThat(below.consecutive()).isEmpty();
    }

    @Test
    void badWhenTextIsRefusedNamingWhen() {
        assertThatThrownBy(() -> RollbackCriterion.when("error_rate is high", Severity.AUTOMATIC))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("when"))
                .hasMessageContaining("cannot read \"error_rate is high\"");
        assertThatThrownBy(() -> RollbackCriterion.when("err_rate > 5", Severity.AUTOMATIC))
                .hasMessageContaining("\"err_rate\" is not a metric");
        assertThatThrownBy(() -> RollbackCriterion.when("error_rate > 5ms", Severity.AUTOMATIC))
                .hasMessage("error_rate is measured in %, not ms");
        assertThatThrownBy(() -> RollbackCriterion.when("error_rate > 5 for 5 minutes", Severity.AUTOMATIC))
                .hasMessageContaining("cannot read");
    }

    @Test
    void whenAndAStructuredFieldThatDisagreeAreRefused() {
        assertThatThrownBy(() -> new RollbackCriterion(Optional.of(LATENCY_P99), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("error_rate > 5")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("when"))
                .hasMessageContaining("disagree");
    }

    @Test
    void criterionNeedsExactlyOneOfMaxAndMin() {
        assertThatThrownBy(() -> new RollbackCriterion(Optional.of(ERROR_RATE), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("max"));
        assertThatThrownBy(() -> new RollbackCriterion(Optional.of(ERROR_RATE), Optional.of(2.0), Optional.of(1.0),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("min"));
    }

    @Test
    void criterionTakesConsecutiveOrSustainedForNotBoth() {
        assertThatThrownBy(() -> new RollbackCriterion(Optional.of(ERROR_RATE), Optional.of(2.0), Optional.empty(),
                Optional.of(2), Optional.of(MINUTE), Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("sustainedFor"));
        assertThatThrownBy(() -> RollbackCriterion.above(ERROR_RATE, 1, 0, Severity.AUTOMATIC))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("consecutive"));
    }
}
