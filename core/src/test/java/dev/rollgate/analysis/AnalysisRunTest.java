package dev.rollgate.analysis;

import static dev.rollgate.analysis.Metric.AVAILABILITY;
import static dev.rollgate.analysis.Metric.ERROR_RATE;
import static dev.rollgate.analysis.Metric.LATENCY_P95;
import static dev.rollgate.analysis.Metric.LATENCY_P99;
import static dev.rollgate.analysis.Metric.REQUEST_RATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Argo's AnalysisRun rules, each in fixed virtual time advanced by hand. */
class AnalysisRunTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static MetricSample noData() {
        return new MetricSample(OptionalDouble.empty(), OptionalDouble.empty(), Optional.empty());
    }

    private static MetricSample canaryOnly(double canary) {
        return MetricSample.of(canary);
    }

    // --- timing ---------------------------------------------------------------------------------------------

    @Test
    void firstMeasurementIsDueOneIntervalAfterTheInitialDelayAndThenEveryInterval() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)).withInterval(MINUTE).withCount(3)
                .withInitialDelay(Duration.ofSeconds(30));
        AnalysisRun run = AnalysisRun.start("canary-25", spec, T0);

        assertThat(run.phase()).isEqualTo(AnalysisPhase.PENDING);
        assertThat(run.windowStart(ERROR_RATE)).isEqualTo(T0.plusSeconds(30));
        assertThat(run.nextDueAt()).contains(T0.plusSeconds(90));
        assertThat(run.due(T0.plusSeconds(89))).isEmpty();
        assertThat(run.due(T0.plusSeconds(90))).containsExactly(ERROR_RATE);

        run = run.record(ERROR_RATE, canaryOnly(0.2), T0.plusSeconds(95));
        assertThat(run.phase()).isEqualTo(AnalysisPhase.RUNNING);
        assertThat(run.windowStart(ERROR_RATE)).isEqualTo(T0.plusSeconds(95));
        assertThat(run.nextDueAt()).contains(T0.plusSeconds(155));
    }

    @Test
    void metricWithoutIntervalOrCountIsMeasuredOnceAfterTheInitialDelayOverTheTimeSinceStart() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)).withInitialDelay(Duration.ofMinutes(5));
        AnalysisRun run = AnalysisRun.start("smoke", spec, T0);

        assertThat(run.windowStart(ERROR_RATE)).isEqualTo(T0);
        assertThat(run.nextDueAt()).contains(at(5));

        run = run.record(ERROR_RATE, canaryOnly(0.5), at(5));

        assertThat(run.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(run.nextDueAt()).isEmpty();
        assertThat(run.due(at(60))).isEmpty();
    }

    @Test
    void metricsWithTheirOwnIntervalsComeDueSeparately() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1),
                MetricSpec.max(LATENCY_P99, 2000).withInterval(Duration.ofMinutes(2))).withInterval(MINUTE).withCount(2);
        AnalysisRun run = AnalysisRun.start("a", spec, T0);

        assertThat(run.due(at(1))).containsExactly(ERROR_RATE);
        assertThat(run.due(at(2))).containsExactly(ERROR_RATE, LATENCY_P99);
    }

    @Test
    void aReplayedMeasurementAtTheSameInstantIsIgnored() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)).withInterval(MINUTE).withCount(3);
        AnalysisRun once = AnalysisRun.start("a", spec, T0).record(ERROR_RATE, canaryOnly(5), at(1));
        AnalysisRun twice = AnalysisRun.start("a", spec, T0).record(ERROR_RATE, canaryOnly(0.1), at(1))
                .record(ERROR_RATE, canaryOnly(5), at(1));

        assertThat(once.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(twice.phase()).isEqualTo(AnalysisPhase.RUNNING);
        assertThat(twice.measurements()).hasSize(1);
    }

    @Test
    void recordingAMetricTheAnalysisDoesNotMeasureIsRefusedNamingIt() {
        AnalysisRun run = AnalysisRun.start("a", AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)), T0);

        assertThatThrownBy(() -> run.record(LATENCY_P99, canaryOnly(1), at(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not measure latency_p99");
    }

    // --- thresholds -----------------------------------------------------------------------------------------

    @Test
    void runSucceedsWhenEveryMetricCompletesItsCountWithinItsThresholds() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1), MetricSpec.min(REQUEST_RATE, 0.5))
                .withInterval(MINUTE).withCount(2);
        AnalysisRun run = AnalysisRun.start("a", spec, T0);
        for (int minute = 1; minute <= 2; minute++) {
            run = run.record(ERROR_RATE, canaryOnly(0.3), at(minute)).record(REQUEST_RATE, canaryOnly(4), at(minute));
            if (minute == 1) {
                assertThat(run.phase()).isEqualTo(AnalysisPhase.RUNNING);
                assertThat(run.verdict()).isEmpty();
            }
        }

        assertThat(run.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(run.verdict()).get().extracting(Verdict::phase).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(run.verdict().get().reason()).contains("error_rate: 2 of 2 measurements successful");
        assertThat(run.completedAt()).contains(at(2));
        assertThat(run.nextDueAt()).isEmpty();
    }

    @Test
    void oneMeasurementAboveMaxFailsTheRunWithTheDefaultFailureLimitOfZero() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)).withInterval(MINUTE).withCount(5);
        AnalysisRun run = AnalysisRun.start("a", spec, T0).record(ERROR_RATE, canaryOnly(4.2), at(1));

        assertThat(run.phase()).isEqualTo(AnalysisPhase.FAILED);
        Verdict verdict = run.verdict().orElseThrow();
        assertThat(verdict.severity()).isEqualTo(Severity.AUTOMATIC);
        assertThat(verdict.reason()).isEqualTo(
                "error_rate 4.20% > max 1% (failed 1 of 1 measurements, failureLimit 0) (automatic)");
        assertThat(run.measurements()).singleElement().satisfies(m -> {
            assertThat(m.phase()).isEqualTo(MeasurementPhase.FAILED);
            assertThat(m.canary()).hasValue(4.2);
            assertThat(m.message()).isEqualTo("error_rate 4.20% > max 1%");
        });
    }

    @Test
    void failuresUpToTheFailureLimitAreToleratedAndOneMoreFails() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)).withInterval(MINUTE).withCount(5)
                .withFailureLimit(2);
        AnalysisRun run = AnalysisRun.start("a", spec, T0)
                .record(ERROR_RATE, canaryOnly(3), at(1))
                .record(ERROR_RATE, canaryOnly(0.2), at(2))
                .record(ERROR_RATE, canaryOnly(3), at(3));
        assertThat(run.phase()).isEqualTo(AnalysisPhase.RUNNING);

        run = run.record(ERROR_RATE, canaryOnly(3), at(4));

        assertThat(run.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(run.result(ERROR_RATE).failed()).isEqualTo(3);
        assertThat(run.verdict().get().reason()).contains("failed 3 of 4 measurements, failureLimit 2");
    }

    @Test
    void failuresWithinTheLimitStillEndSuccessfulWhenTheCountIsReached() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)).withInterval(MINUTE).withCount(3)
                .withFailureLimit(1);
        AnalysisRun run = AnalysisRun.start("a", spec, T0)
                .record(ERROR_RATE, canaryOnly(3), at(1))
                .record(ERROR_RATE, canaryOnly(0.2), at(2))
                .record(ERROR_RATE, canaryOnly(0.2), at(3));

        assertThat(run.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(run.result(ERROR_RATE).successful()).isEqualTo(2);
    }

    @Test
    void valueBelowMinFails() {
        AnalysisRun run = AnalysisRun.start("a", AnalysisSpec.of(MetricSpec.min(REQUEST_RATE, 0.5)), T0)
                .record(REQUEST_RATE, canaryOnly(0.2), T0);

        assertThat(run.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(run.measurements().get(0).message()).isEqualTo("request_rate 0.20 req/s < min 0.5 req/s");
    }

    @Test
    void valueEqualToMaxPasses() {
        AnalysisRun run = AnalysisRun.start("a", AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)), T0)
                .record(ERROR_RATE, canaryOnly(1.0), T0);

        assertThat(run.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
    }

    @Test
    void noDataForTheCanaryIsInconclusiveAndTheRunAsksAPerson() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)).withInterval(MINUTE).withCount(5);
        AnalysisRun run = AnalysisRun.start("a", spec, T0).record(ERROR_RATE, noData(), at(1));

        assertThat(run.measurements().get(0).phase()).isEqualTo(MeasurementPhase.INCONCLUSIVE);
        assertThat(run.phase()).isEqualTo(AnalysisPhase.INCONCLUSIVE);
        assertThat(run.verdict().get().severity()).isEqualTo(Severity.MANUAL);
        assertThat(run.verdict().get().reason()).contains("no data for error_rate of the canary")
                .contains("inconclusiveLimit 0");
    }

    @Test
    void inconclusiveMeasurementsUpToTheLimitAreTolerated() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)).withInterval(MINUTE).withCount(3)
                .withInconclusiveLimit(1);
        AnalysisRun run = AnalysisRun.start("a", spec, T0).record(ERROR_RATE, noData(), at(1));
        assertThat(run.phase()).isEqualTo(AnalysisPhase.RUNNING);

        run = run.record(ERROR_RATE, noData(), at(2));
        assertThat(run.phase()).isEqualTo(AnalysisPhase.INCONCLUSIVE);
    }

    @Test
    void providerErrorsAreNotFailuresUntilMoreThanConsecutiveErrorLimitInARow() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)).withInterval(MINUTE).withoutCount();
        AnalysisRun run = AnalysisRun.start("a", spec, T0);
        for (int minute = 1; minute <= 4; minute++) {
            run = run.record(ERROR_RATE, MetricSample.failed("connection refused"), at(minute));
        }
        assertThat(run.phase()).isEqualTo(AnalysisPhase.RUNNING);
        assertThat(run.result(ERROR_RATE).failed()).isZero();
        // A good measurement resets the streak.
        run = run.record(ERROR_RATE, canaryOnly(0.1), at(5));
        for (int minute = 6; minute <= 9; minute++) {
            run = run.record(ERROR_RATE, MetricSample.failed("connection refused"), at(minute));
        }
        assertThat(run.phase()).isEqualTo(AnalysisPhase.RUNNING);

        run = run.record(ERROR_RATE, MetricSample.failed("connection refused"), at(10));

        assertThat(run.phase()).isEqualTo(AnalysisPhase.ERROR);
        assertThat(run.result(ERROR_RATE).error()).isEqualTo(9);
        assertThat(run.verdict().get().severity()).isEqualTo(Severity.AUTOMATIC);
        assertThat(run.verdict().get().reason()).contains("connection refused")
                .contains("5 errors in a row, consecutiveErrorLimit 4");
    }

    @Test
    void worstPhaseWinsFailedOverInconclusive() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1), MetricSpec.max(LATENCY_P99, 2000))
                .withInterval(MINUTE).withCount(3).withInconclusiveLimit(0);
        AnalysisRun run = AnalysisRun.start("a", spec, T0)
                .record(LATENCY_P99, noData(), at(1));
        // Inconclusive completes the run at once (Argo terminates on the first bad metric)...
        assertThat(run.phase()).isEqualTo(AnalysisPhase.INCONCLUSIVE);
        // ...so a later measurement changes nothing.
        assertThat(run.record(ERROR_RATE, canaryOnly(9), at(1))).isEqualTo(run);

        AnalysisRun both = AnalysisRun.start("a", spec.withInconclusiveLimit(5).withFailureLimit(0), T0)
                .record(LATENCY_P99, noData(), at(1))
                .record(ERROR_RATE, canaryOnly(9), at(1));
        assertThat(both.phase()).isEqualTo(AnalysisPhase.FAILED);
    }

    @Test
    void maxIncreaseComparesTheCanaryToTheBaselineOfTheSameWindow() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.maxIncrease(LATENCY_P99, 50)).withInterval(MINUTE).withCount(2);
        AnalysisRun run = AnalysisRun.start("a", spec, T0).record(LATENCY_P99, MetricSample.of(440, 300), at(1));
        assertThat(run.phase()).isEqualTo(AnalysisPhase.RUNNING);
        assertThat(run.measurements().get(0).message()).isEqualTo(
                "latency_p99 440 ms +46.7% vs baseline 300 ms within maxIncrease 50%");

        run = run.record(LATENCY_P99, MetricSample.of(460, 300), at(2));

        assertThat(run.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(run.measurements().get(1).message()).isEqualTo(
                "latency_p99 460 ms +53.3% vs baseline 300 ms > maxIncrease 50%");
    }

    @Test
    void maxIncreaseWithoutABaselineIsInconclusive() {
        AnalysisRun run = AnalysisRun.start("first-deploy", AnalysisSpec.of(MetricSpec.maxIncrease(LATENCY_P99, 50)), T0)
                .record(LATENCY_P99, canaryOnly(400), T0);

        assertThat(run.phase()).isEqualTo(AnalysisPhase.INCONCLUSIVE);
        assertThat(run.measurements().get(0).message()).contains("no baseline to compare with");
    }

    @Test
    void maxIncreaseWithoutABaselineFallsBackToAnAbsoluteMax() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.maxIncrease(LATENCY_P99, 50).withMax(2000));
        AnalysisRun ok = AnalysisRun.start("a", spec, T0).record(LATENCY_P99, canaryOnly(400), T0);
        AnalysisRun bad = AnalysisRun.start("a", spec, T0).record(LATENCY_P99, canaryOnly(2400), T0);

        assertThat(ok.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(ok.measurements().get(0).message()).contains("no baseline for maxIncrease 50%");
        assertThat(bad.phase()).isEqualTo(AnalysisPhase.FAILED);
    }

    @Test
    void anyRiseOverAZeroBaselineExceedsMaxIncrease() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.maxIncrease(ERROR_RATE, 100));
        AnalysisRun same = AnalysisRun.start("a", spec, T0).record(ERROR_RATE, MetricSample.of(0, 0), T0);
        AnalysisRun rose = AnalysisRun.start("a", spec, T0).record(ERROR_RATE, MetricSample.of(0.01, 0), T0);

        assertThat(same.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(rose.phase()).isEqualTo(AnalysisPhase.FAILED);
    }

    @Test
    void metricWithoutThresholdsIsOnlyRecorded() {
        AnalysisRun run = AnalysisRun.start("a", AnalysisSpec.of(MetricSpec.of(LATENCY_P95)), T0)
                .record(LATENCY_P95, canaryOnly(123), T0);

        assertThat(run.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(run.measurements().get(0).message()).isEqualTo("latency_p95 123 ms (recorded; no threshold)");
    }

    // --- background runs ------------------------------------------------------------------------------------

    @Test
    void backgroundRunMeasuresUntilStoppedAndThenSucceeds() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)).withInterval(MINUTE);
        AnalysisRun run = AnalysisRun.start("bg", spec, T0);
        for (int minute = 1; minute <= 150; minute++) {
            run = run.record(ERROR_RATE, canaryOnly(0.1), at(minute));
        }
        assertThat(run.phase()).isEqualTo(AnalysisPhase.RUNNING);
        assertThat(run.nextDueAt()).contains(at(151));
        // Stored state stays bounded; the counters still count everything.
        assertThat(run.measurements()).hasSize(AnalysisSpec.MAX_KEPT_MEASUREMENTS);
        assertThat(run.measurements().get(0).at()).isEqualTo(at(51));
        assertThat(run.result(ERROR_RATE).count()).isEqualTo(150);

        AnalysisRun stopped = run.stop(at(151));

        assertThat(stopped.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(stopped.verdict().get().reason()).startsWith("analysis stopped; every metric passed")
                .contains("150 of 150 measurements successful");
        assertThat(stopped.completedAt()).contains(at(151));
    }

    @Test
    void stoppingAFailedRunKeepsItFailed() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)).withInterval(MINUTE);
        AnalysisRun failed = AnalysisRun.start("bg", spec, T0).record(ERROR_RATE, canaryOnly(3), at(1));

        assertThat(failed.stop(at(2))).isEqualTo(failed);
    }

    // --- rollback criteria ----------------------------------------------------------------------------------

    @Test
    void criterionFiresAfterNConsecutiveBreachingChecks() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.of(ERROR_RATE)).withInterval(MINUTE)
                .withRollbackCriteria(RollbackCriterion.above(ERROR_RATE, 1, 2, Severity.AUTOMATIC));
        AnalysisRun run = AnalysisRun.start("a", spec, T0)
                .record(ERROR_RATE, canaryOnly(3.5), at(1))
                .record(ERROR_RATE, canaryOnly(0.5), at(2)) // breaks the streak
                .record(ERROR_RATE, canaryOnly(3.5), at(3));
        assertThat(run.phase()).isEqualTo(AnalysisPhase.RUNNING);
        assertThat(run.criteria().get(0)).isEqualTo(new CriterionState(1, Optional.of(at(3))));

        run = run.record(ERROR_RATE, canaryOnly(4.2), at(4));

        assertThat(run.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(run.verdict()).contains(new Verdict(AnalysisPhase.FAILED, Severity.AUTOMATIC,
                "error_rate 4.20% > 1% for 2 consecutive checks (automatic)"));
    }

    @Test
    void checksWithoutDataNeitherCountNorBreakAStreak() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.of(LATENCY_P99)).withInterval(MINUTE).withInconclusiveLimit(10)
                .withRollbackCriteria(RollbackCriterion.above(LATENCY_P99, 2000, 3, Severity.AUTOMATIC));
        AnalysisRun run = AnalysisRun.start("a", spec, T0)
                .record(LATENCY_P99, canaryOnly(2500), at(1))
                .record(LATENCY_P99, noData(), at(2))
                .record(LATENCY_P99, canaryOnly(2600), at(3));
        assertThat(run.phase()).isEqualTo(AnalysisPhase.RUNNING);

        run = run.record(LATENCY_P99, canaryOnly(2700), at(4));

        assertThat(run.verdict().get().reason()).isEqualTo("latency_p99 2700 ms > 2000 ms for 3 consecutive checks (automatic)");
    }

    @Test
    void sustainedCriterionFiresOnlyOnceTheBreachHasLastedTheWholeDuration() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.of(ERROR_RATE)).withInterval(MINUTE)
                .withRollbackCriteria(RollbackCriterion.aboveFor(ERROR_RATE, 2, Duration.ofSeconds(300), Severity.MANUAL));
        AnalysisRun run = AnalysisRun.start("a", spec, T0);
        for (int minute = 1; minute <= 5; minute++) {
            run = run.record(ERROR_RATE, canaryOnly(2.4), at(minute));
        }
        // First breach at 10:01; at 10:05 it has lasted 4 minutes.
        assertThat(run.phase()).isEqualTo(AnalysisPhase.RUNNING);

        run = run.record(ERROR_RATE, canaryOnly(2.4), at(6));

        assertThat(run.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(run.verdict()).contains(new Verdict(AnalysisPhase.FAILED, Severity.MANUAL,
                "error_rate 2.40% > 2% for 5m (manual)"));
    }

    @Test
    void aPassingCheckRestartsTheSustainedClock() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.of(ERROR_RATE)).withInterval(MINUTE)
                .withRollbackCriteria(RollbackCriterion.aboveFor(ERROR_RATE, 2, Duration.ofMinutes(3), Severity.AUTOMATIC));
        AnalysisRun run = AnalysisRun.start("a", spec, T0)
                .record(ERROR_RATE, canaryOnly(3), at(1))
                .record(ERROR_RATE, canaryOnly(3), at(2))
                .record(ERROR_RATE, canaryOnly(1), at(3))
                .record(ERROR_RATE, canaryOnly(3), at(4))
                .record(ERROR_RATE, canaryOnly(3), at(6));
        assertThat(run.phase()).isEqualTo(AnalysisPhase.RUNNING);

        run = run.record(ERROR_RATE, canaryOnly(3), at(7));
        assertThat(run.phase()).isEqualTo(AnalysisPhase.FAILED);
    }

    @Test
    void criterionBelowMinFiresForAvailability() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.of(AVAILABILITY))
                .withRollbackCriteria(RollbackCriterion.when("availability < 99.5%", Severity.AUTOMATIC));
        AnalysisRun run = AnalysisRun.start("a", spec, T0).record(AVAILABILITY, canaryOnly(97.25), T0);

        assertThat(run.verdict().get().reason()).isEqualTo("availability 97.25% < 99.5% (automatic)");
    }

    @Test
    void metricNamedOnlyByACriterionIsMeasuredToo() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)).withInterval(MINUTE).withCount(3)
                .withRollbackCriteria(RollbackCriterion.when("latency_p99 > 2000 for 2 consecutive checks",
                        Severity.AUTOMATIC));
        AnalysisRun run = AnalysisRun.start("a", spec, T0);

        assertThat(run.due(at(1))).containsExactly(ERROR_RATE, LATENCY_P99);
    }

    @Test
    void automaticCriterionWinsOverAManualOneFiringAtTheSameCheck() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.of(ERROR_RATE)).withRollbackCriteria(
                RollbackCriterion.above(ERROR_RATE, 1, 1, Severity.MANUAL),
                RollbackCriterion.above(ERROR_RATE, 5, 1, Severity.AUTOMATIC));
        AnalysisRun mild = AnalysisRun.start("a", spec, T0).record(ERROR_RATE, canaryOnly(2), T0);
        AnalysisRun severe = AnalysisRun.start("a", spec, T0).record(ERROR_RATE, canaryOnly(7), T0);

        assertThat(mild.verdict().get().severity()).isEqualTo(Severity.MANUAL);
        assertThat(mild.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(severe.verdict().get().severity()).isEqualTo(Severity.AUTOMATIC);
        assertThat(severe.verdict().get().reason()).isEqualTo("error_rate 7.00% > 5% (automatic)");
    }

    @Test
    void metricThresholdFailureIsAutomaticEvenWhenAManualCriterionFiresAtTheSameCheck() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1))
                .withRollbackCriteria(RollbackCriterion.above(ERROR_RATE, 1, 1, Severity.MANUAL));
        AnalysisRun run = AnalysisRun.start("a", spec, T0).record(ERROR_RATE, canaryOnly(2), T0);

        assertThat(run.verdict().get().severity()).isEqualTo(Severity.AUTOMATIC);
        assertThat(run.verdict().get().reason()).startsWith("error_rate 2.00% > max 1%");
    }

    // --- Mann–Whitney ---------------------------------------------------------------------------------------

    private static AnalysisSpec latencyJudge(int count) {
        return AnalysisSpec.of(MINUTE, count, MetricSpec.mannWhitney(LATENCY_P95, 0.05, 0.3));
    }

    @Test
    void mannWhitneyFailsACanaryConsistentlySlowerThanTheBaseline() {
        double[] canary = {410, 420, 430, 440, 450};
        double[] baseline = {300, 310, 320, 330, 340};
        AnalysisRun run = AnalysisRun.start("a", latencyJudge(5), T0);
        for (int i = 0; i < 4; i++) {
            run = run.record(LATENCY_P95, MetricSample.of(canary[i], baseline[i]), at(i + 1));
            assertThat(run.phase()).isEqualTo(AnalysisPhase.RUNNING);
        }

        run = run.record(LATENCY_P95, MetricSample.of(canary[4], baseline[4]), at(5));

        assertThat(run.phase()).isEqualTo(AnalysisPhase.FAILED);
        Measurement last = run.measurements().get(4);
        assertThat(last.phase()).isEqualTo(MeasurementPhase.FAILED);
        // Exact one-sided p for complete separation of 5 vs 5 values is 1/252.
        assertThat(last.message()).contains("p=0.004, effect 1.00 (canary higher)");
        assertThat(run.verdict().get().reason()).contains("canary worse than baseline").contains("(automatic)");
    }

    @Test
    void mannWhitneyPassesACanaryIndistinguishableFromTheBaseline() {
        double[] canary = {300, 325, 310, 335, 318};
        double[] baseline = {305, 320, 315, 330, 312};
        AnalysisRun run = AnalysisRun.start("a", latencyJudge(5), T0);
        for (int i = 0; i < 5; i++) {
            run = run.record(LATENCY_P95, MetricSample.of(canary[i], baseline[i]), at(i + 1));
        }

        assertThat(run.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(run.measurements().get(4).message()).containsPattern("p=0\\.\\d{3}, effect 0\\.\\d\\d")
                .contains("no significant worsening");
    }

    @Test
    void mannWhitneyIgnoresACanaryThatIsBetter() {
        AnalysisRun run = AnalysisRun.start("a", latencyJudge(3), T0);
        for (int i = 0; i < 3; i++) {
            run = run.record(LATENCY_P95, MetricSample.of(100 + i, 300 + i), at(i + 1));
        }

        assertThat(run.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(run.measurements().get(2).message()).contains("(canary lower)");
    }

    @Test
    void mannWhitneyTestsAvailabilityForADrop() {
        AnalysisSpec spec = AnalysisSpec.of(MINUTE, 5, MetricSpec.mannWhitney(AVAILABILITY, 0.05, 0.3));
        AnalysisRun run = AnalysisRun.start("a", spec, T0);
        for (int i = 0; i < 5; i++) {
            run = run.record(AVAILABILITY, MetricSample.of(95 + i * 0.1, 99.9 - i * 0.01), at(i + 1));
        }

        assertThat(run.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(run.measurements().get(4).message()).contains("(canary lower)");
    }

    @Test
    void mannWhitneyEffectFloorKeepsASignificantButSmallShiftFromFailing() {
        // Large, overlapping samples: the canary is slightly higher, enough to be significant, not to matter.
        AnalysisSpec spec = AnalysisSpec.of(MINUTE, 100, MetricSpec.mannWhitney(LATENCY_P95, 0.05, 0.5));
        AnalysisSpec noFloor = AnalysisSpec.of(MINUTE, 100, MetricSpec.mannWhitney(LATENCY_P95, 0.05, 0));
        AnalysisRun floored = AnalysisRun.start("a", spec, T0);
        AnalysisRun unfloored = AnalysisRun.start("a", noFloor, T0);
        for (int i = 0; i < 100; i++) {
            double baseline = 300 + i;
            double canary = 300 + ((i + 30) % 100) + (i % 2 == 0 ? 10 : 0);
            floored = floored.record(LATENCY_P95, MetricSample.of(canary + 20, baseline), at(i + 1));
            unfloored = unfloored.record(LATENCY_P95, MetricSample.of(canary + 20, baseline), at(i + 1));
        }

        assertThat(unfloored.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(floored.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
    }

    @Test
    void mannWhitneyWithoutBaselineValuesIsInconclusive() {
        AnalysisRun run = AnalysisRun.start("first-deploy", latencyJudge(3), T0);
        for (int i = 0; i < 3; i++) {
            run = run.record(LATENCY_P95, canaryOnly(300), at(i + 1));
        }

        assertThat(run.phase()).isEqualTo(AnalysisPhase.INCONCLUSIVE);
        assertThat(run.verdict().get().reason()).contains("needs at least 3 canary and 3 baseline values")
                .contains("had 3 and 0");
    }

    @Test
    void backgroundMannWhitneyJudgesWhenTheRunIsStopped() {
        AnalysisSpec spec = AnalysisSpec.of(MINUTE, 3, MetricSpec.mannWhitney(LATENCY_P95, 0.05, 0.3)).withoutCount();
        AnalysisRun run = AnalysisRun.start("bg", spec, T0);
        for (int i = 0; i < 6; i++) {
            run = run.record(LATENCY_P95, MetricSample.of(500 + i, 300 + i), at(i + 1));
        }
        assertThat(run.phase()).isEqualTo(AnalysisPhase.RUNNING);

        AnalysisRun stopped = run.stop(at(7));

        assertThat(stopped.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(stopped.verdict().get().reason()).contains("6 canary vs 6 baseline values")
                .contains("canary worse than baseline");
    }

    // --- one-off checks ----------------------------------------------------------------------------------

    @Test
    void evaluateOnceJudgesOneSamplePerMetric() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1), MetricSpec.min(AVAILABILITY, 99));

        Verdict healthy = AnalysisRun.evaluateOnce(spec,
                Map.of(ERROR_RATE, MetricSample.of(0.1), AVAILABILITY, MetricSample.of(99.9)));
        Verdict sick = AnalysisRun.evaluateOnce(spec,
                Map.of(ERROR_RATE, MetricSample.of(3), AVAILABILITY, MetricSample.of(99.9)));
        Verdict unmeasured = AnalysisRun.evaluateOnce(spec, Map.of(ERROR_RATE, MetricSample.of(0.1)));

        assertThat(healthy.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(sick.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(sick.reason()).startsWith("error_rate 3.00% > max 1%");
        assertThat(unmeasured.phase()).isEqualTo(AnalysisPhase.INCONCLUSIVE);
    }

    @Test
    void measurementsListEveryMetricOldestFirst() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1), MetricSpec.max(LATENCY_P99, 2000))
                .withInterval(MINUTE).withCount(3);
        AnalysisRun run = AnalysisRun.start("a", spec, T0)
                .record(LATENCY_P99, canaryOnly(100), at(1))
                .record(ERROR_RATE, canaryOnly(0.1), at(2))
                .record(LATENCY_P99, canaryOnly(100), at(3));

        assertThat(run.measurements()).extracting(Measurement::metric)
                .containsExactly(LATENCY_P99, ERROR_RATE, LATENCY_P99);
        assertThat(run.measurements()).extracting(Measurement::at).containsExactly(at(1), at(2), at(3));
        assertThat(List.copyOf(run.due(at(4)))).containsExactly(ERROR_RATE, LATENCY_P99);
    }
}
