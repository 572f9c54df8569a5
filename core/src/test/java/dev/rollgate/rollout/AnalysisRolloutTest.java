package dev.rollgate.rollout;

import static dev.rollgate.rollout.Sim.R;
import static dev.rollgate.rollout.Sim.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollgate.analysis.AnalysisPhase;
import dev.rollgate.analysis.AnalysisRun;
import dev.rollgate.analysis.Metric;
import dev.rollgate.analysis.MetricQuery;
import dev.rollgate.analysis.MetricSample;
import dev.rollgate.analysis.Severity;
import dev.rollgate.analysis.Verdict;
import dev.rollgate.strategy.PauseReason;
import dev.rollgate.target.Side;
import dev.rollgate.target.TrafficSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Analysis inside a rollout, in virtual time: what a verdict does to traffic, when a person is asked, and what the
 * metric provider is asked for.
 */
class AnalysisRolloutTest {

    /** A canary with a background analysis of the error rate every minute, 20% then 50%, 30 minutes each. */
    private static final String BACKGROUND = """
            replicas: 2
            strategy:
              canary:
                analysis: { interval: 1m, metrics: [ { name: error_rate, max: 1 } ] }
                steps:
                  - setWeight: 20
                  - pause: { duration: 30m }
                  - setWeight: 50
                  - pause: { duration: 30m }
            """;

    private static TrafficSplit split(int canaryWeight) {
        return new TrafficSplit(Optional.of("v1"), Optional.of("v2"), canaryWeight);
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static AnalysisRun run(RolloutStatus status, String name) {
        return status.analysisRuns().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    /** Error rate {@code bad}% from {@code from} on (by the end of the window), 0.1% before; stable at 0.1%. */
    private static MetricSample errorsFrom(MetricQuery q, Instant from, double bad) {
        if (q.metric() != Metric.ERROR_RATE) {
            return Sim.healthy(q);
        }
        return MetricSample.of(q.to().isBefore(from) ? 0.1 : bad, 0.1);
    }

    @Test
    void aFailingBackgroundAnalysisRollsBackAtOnceSayingWhatTheVerdictSaid() {
        // Given a canary whose error rate jumps to 4.2% twelve minutes in
        Sim sim = new Sim(Sim.rollout(BACKGROUND), "v1");
        sim.metrics = q -> errorsFrom(q, at(12), 4.2);

        // When
        RolloutStatus end = sim.run(Duration.ofHours(2));

        // Then
        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        AnalysisRun background = run(end, "background");
        assertThat(background.phase()).isEqualTo(AnalysisPhase.FAILED);
        Verdict verdict = background.verdict().orElseThrow();
        assertThat(verdict.reason()).isEqualTo("error_rate 4.20% > max 1% (failed 1 of 12 measurements, "
                + "failureLimit 0) (automatic)");
        Abort abort = end.abort().orElseThrow();
        assertThat(abort.cause()).isEqualTo(AbortCause.ANALYSIS_FAILED);
        assertThat(abort.at()).isEqualTo(at(12));
        assertThat(abort.message()).isEqualTo("analysis background Failed: " + verdict.reason());
        assertThat(end.message()).isEqualTo("rolled back: analysis background Failed: " + verdict.reason()
                + "; traffic 100% on v1");
        assertThat(sim.changes()).endsWith(
                new Action.Route(R, split(20)),
                new Action.Scale(R, Side.STABLE, "v1", 2),
                new Action.Route(R, TrafficSplit.all("v1")),
                new Action.Scale(R, Side.CANARY, "v2", 0));
        assertThat(sim.actionsOf(Action.Measure.class)).hasSize(12);
    }

    @Test
    void aBackgroundAnalysisKeepsMeasuringThroughEveryStepAndEndsWithTheRollout() {
        Sim sim = new Sim(Sim.rollout(BACKGROUND), "v1");

        RolloutStatus end = sim.run(Duration.ofHours(2));

        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(end.finishedAt()).contains(at(60));
        assertThat(sim.actionsOf(Action.Measure.class)).hasSize(60);
        AnalysisRun background = run(end, "background");
        assertThat(background.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(background.verdict().orElseThrow().reason()).startsWith("analysis stopped; every metric passed");
    }

    @Test
    void aBlockingStepAnalysisThatSucceedsLetsTheNextStepStartWhenItEnds() {
        // Given
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                strategy:
                  canary:
                    steps:
                      - setWeight: 10
                      - analysis: { interval: 1m, count: 3, metrics: [ { name: error_rate, max: 1 } ] }
                      - setWeight: 60
                      - pause: {}
                """), "v1");

        // When
        RolloutStatus paused = sim.run(Duration.ofHours(1));

        // Then
        assertThat(paused.phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(paused.canaryWeight()).isEqualTo(60);
        assertThat(sim.firstAt(a -> a.equals(new Action.Route(R, split(60))))).isEqualTo(at(3));
        AnalysisRun step = run(paused, "step-2");
        assertThat(step.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(step.completedAt()).contains(at(3));
        assertThat(sim.actionsOf(Action.Measure.class)).extracting(m -> m.queries().get(0).to())
                .containsExactly(at(1), at(2), at(3));
        assertThat(paused.steps()).extracting(s -> s.name() + ": " + s.result())
                .contains("analysis step-2: analysis step-2 successful");
    }

    /** A step analysis whose latency criterion only asks a person; 10% then the analysis, then 60%. */
    private static final String MANUAL = """
            replicas: 2
            strategy:
              canary:
                steps:
                  - setWeight: 10
                  - analysis:
                      interval: 1m
                      count: 5
                      metrics: [ { name: error_rate, max: 1 } ]
                      rollbackCriteria: [ { when: "latency_p99 > 800 for 2 consecutive checks", severity: manual } ]
                  - setWeight: 60
            """;

    private static MetricSample slow(MetricQuery q) {
        return q.metric() == Metric.LATENCY_P99 ? MetricSample.of(950, 300) : Sim.healthy(q);
    }

    @Test
    void aManualCriterionPausesForAPersonAndPromoteCarriesOn() {
        // Given a canary whose p99 latency is 950 ms
        Sim sim = new Sim(Sim.rollout(MANUAL), "v1");
        sim.metrics = AnalysisRolloutTest::slow;

        // When
        RolloutStatus paused = sim.run(Duration.ofHours(1));

        // Then the rollout waits at 10% for a person, saying why
        assertThat(paused.phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(paused.wakeAt()).isEmpty();
        assertThat(paused.canaryWeight()).isEqualTo(10);
        assertThat(paused.abort()).isEmpty();
        assertThat(paused.pauseConditions()).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(PauseReason.INCONCLUSIVE_ANALYSIS);
            assertThat(p.startedAt()).isEqualTo(at(2));
            assertThat(p.until()).isEmpty();
        });
        Verdict verdict = run(paused, "step-2").verdict().orElseThrow();
        assertThat(verdict.severity()).isEqualTo(Severity.MANUAL);
        assertThat(verdict.reason()).isEqualTo("latency_p99 950 ms > 800 ms for 2 consecutive checks (manual)");
        assertThat(paused.message()).isEqualTo("analysis step-2: " + verdict.reason()
                + " — asks a human: promote to carry on, or rollback");
        assertThat(sim.actionsOf(Action.Route.class)).containsExactly(new Action.Route(R, split(10)));

        // When a person promotes
        sim.now = at(20);
        sim.command(Command.Kind.PROMOTE, "p99 is the cold cache");
        RolloutStatus end = sim.run(Duration.ofHours(1));

        // Then the next step runs at once and the rollout completes
        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(sim.firstAt(a -> a.equals(new Action.Route(R, split(60))))).isEqualTo(at(20));
        assertThat(end.steps()).extracting(s -> s.name() + ": " + s.result()).anySatisfy(s -> assertThat(s)
                .startsWith("analysis step-2: promoted by alice despite: analysis step-2: latency_p99 950 ms"));
    }

    @Test
    void aManualCriterionPausesForAPersonAndRollbackRollsBack() {
        Sim sim = new Sim(Sim.rollout(MANUAL), "v1");
        sim.metrics = AnalysisRolloutTest::slow;
        sim.run(Duration.ofHours(1));
        assertThat(sim.status.phase()).isEqualTo(RolloutPhase.PAUSED);
        sim.actions.clear();

        sim.command(Command.Kind.ROLLBACK, "p99 too high");
        RolloutStatus end = sim.run(Duration.ofHours(1));

        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(end.abort().orElseThrow().cause()).isEqualTo(AbortCause.ROLLBACK_REQUESTED);
        assertThat(end.message()).isEqualTo("rolled back: rollback requested by alice: p99 too high; traffic 100% on v1");
        assertThat(end.pauseConditions()).isEmpty();
        assertThat(sim.actions).containsExactly(
                new Action.Scale(R, Side.STABLE, "v1", 2),
                new Action.Route(R, TrafficSplit.all("v1")),
                new Action.Scale(R, Side.CANARY, "v2", 0));
    }

    @Test
    void anAnalysisWithoutDataIsInconclusiveAndPausesForAPerson() {
        // Given a canary that got no requests: the provider has no value for it
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                strategy:
                  canary:
                    steps:
                      - setWeight: 10
                      - analysis: { interval: 1m, count: 3, metrics: [ { name: error_rate, max: 1 } ] }
                """), "v1");
        sim.metrics = q -> new MetricSample(OptionalDouble.empty(), OptionalDouble.of(0.1), Optional.empty());

        // When
        RolloutStatus paused = sim.run(Duration.ofHours(1));

        // Then
        assertThat(paused.phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(paused.abort()).isEmpty();
        assertThat(run(paused, "step-2").phase()).isEqualTo(AnalysisPhase.INCONCLUSIVE);
        assertThat(paused.pauseConditions()).singleElement()
                .satisfies(p -> assertThat(p.reason()).isEqualTo(PauseReason.INCONCLUSIVE_ANALYSIS));
        assertThat(paused.message()).contains("no data for error_rate of the canary").contains("promote to carry on");
        assertThat(sim.actionsOf(Action.Measure.class)).hasSize(1);
        assertThat(sim.actionsOf(Action.Route.class)).containsExactly(new Action.Route(R, split(10)));
    }

    @Test
    void withAutoRollbackOffAFailedAnalysisPausesInsteadOfRollingBack() {
        // Given
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                autoRollback: false
                strategy:
                  canary:
                    steps:
                      - setWeight: 10
                      - analysis: { interval: 1m, count: 3, metrics: [ { name: error_rate, max: 1 } ] }
                      - setWeight: 60
                """), "v1");
        sim.metrics = q -> errorsFrom(q, at(2), 3);

        // When
        RolloutStatus paused = sim.run(Duration.ofHours(1));

        // Then
        assertThat(paused.phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(paused.abort()).isEmpty();
        assertThat(paused.canaryWeight()).isEqualTo(10);
        assertThat(paused.pauseConditions()).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(PauseReason.ANALYSIS_FAILED_MANUAL);
            assertThat(p.startedAt()).isEqualTo(at(2));
        });
        assertThat(paused.message()).isEqualTo("analysis step-2 Failed: error_rate 3.00% > max 1% (failed 1 of 2 "
                + "measurements, failureLimit 0) (automatic) — autoRollback is off: promote to carry on, or rollback");
        assertThat(sim.actions).noneMatch(a -> a.equals(new Action.Route(R, TrafficSplit.all("v1"))));

        // When a person looks and rolls back
        sim.command(Command.Kind.ROLLBACK);
        RolloutStatus end = sim.run(Duration.ofHours(1));

        // Then
        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(sim.actions).endsWith(new Action.Route(R, TrafficSplit.all("v1")), new Action.Scale(R, Side.CANARY, "v2", 0));
    }

    @Test
    void withAutoRollbackOffAPersonCanPromotePastAFailedAnalysis() {
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                autoRollback: false
                strategy:
                  canary:
                    steps:
                      - setWeight: 10
                      - analysis: { interval: 1m, count: 3, metrics: [ { name: error_rate, max: 1 } ] }
                      - setWeight: 60
                """), "v1");
        sim.metrics = q -> errorsFrom(q, at(2), 3);
        sim.run(Duration.ofHours(1));
        assertThat(sim.status.phase()).isEqualTo(RolloutPhase.PAUSED);

        sim.now = at(30);
        sim.command(Command.Kind.PROMOTE, "known noisy endpoint");
        RolloutStatus end = sim.run(Duration.ofHours(1));

        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(sim.firstAt(a -> a.equals(new Action.Route(R, split(60))))).isEqualTo(at(30));
        assertThat(end.waitedForPeople()).isEqualTo(Duration.ofMinutes(28));
        assertThat(end.steps()).extracting(s -> s.name() + ": " + s.result()).anySatisfy(s -> assertThat(s)
                .startsWith("analysis step-2: promoted by alice despite: analysis step-2 Failed: error_rate 3.00%"));
    }

    @Test
    void metricProviderErrorsPastTheConsecutiveErrorLimitRollBack() {
        // Given a provider that stops answering five minutes in
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                strategy:
                  canary:
                    analysis: { interval: 1m, consecutiveErrorLimit: 2, metrics: [ { name: error_rate, max: 1 } ] }
                    steps:
                      - setWeight: 20
                      - pause: { duration: 30m }
                """), "v1");
        sim.metrics = q -> q.to().isBefore(at(5)) ? Sim.healthy(q)
                : MetricSample.failed("prometheus: connect timed out");

        // When
        RolloutStatus end = sim.run(Duration.ofHours(1));

        // Then the third error in a row (over the limit of 2) ends it
        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        Abort abort = end.abort().orElseThrow();
        assertThat(abort.cause()).isEqualTo(AbortCause.ANALYSIS_FAILED);
        assertThat(abort.at()).isEqualTo(at(7));
        assertThat(abort.message()).startsWith("analysis background Error: ")
                .contains("prometheus: connect timed out")
                .endsWith("(3 errors in a row, consecutiveErrorLimit 2) (automatic)");
        assertThat(end.canaryWeight()).isZero();
    }

    @Test
    void providerErrorsWithinTheLimitAreForgivenOnceItAnswersAgain() {
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                strategy:
                  canary:
                    analysis: { interval: 1m, consecutiveErrorLimit: 2, metrics: [ { name: error_rate, max: 1 } ] }
                    steps:
                      - setWeight: 20
                      - pause: { duration: 30m }
                """), "v1");
        // Two errors in a row, twice, with answers between them.
        sim.metrics = q -> List.of(at(3), at(4), at(10), at(11)).contains(q.to())
                ? MetricSample.failed("prometheus: 503") : Sim.healthy(q);

        RolloutStatus end = sim.run(Duration.ofHours(1));

        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(run(end, "background").metricResults().get(0).error()).isEqualTo(4);
    }

    @Test
    void measurementsAskForTheCanaryAgainstTheStableVersionOverConsecutiveWindows() {
        // Given a step analysis that waits 2 minutes before its first window
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                strategy:
                  canary:
                    steps:
                      - setWeight: 10
                      - analysis:
                          interval: 1m
                          count: 3
                          initialDelay: 2m
                          metrics: [ { name: error_rate, maxIncrease: 50 }, { name: latency_p99, max: 500 } ]
                """), "v1");

        // When
        RolloutStatus end = sim.run(Duration.ofHours(1));

        // Then each window starts where the previous one ended, the first one after the initial delay
        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        List<MetricQuery> queries = sim.actionsOf(Action.Measure.class).stream()
                .flatMap(m -> m.queries().stream()).toList();
        assertThat(queries).containsExactly(
                new MetricQuery(Metric.ERROR_RATE, "v2", Optional.of("v1"), at(2), at(3)),
                new MetricQuery(Metric.LATENCY_P99, "v2", Optional.of("v1"), at(2), at(3)),
                new MetricQuery(Metric.ERROR_RATE, "v2", Optional.of("v1"), at(3), at(4)),
                new MetricQuery(Metric.LATENCY_P99, "v2", Optional.of("v1"), at(3), at(4)),
                new MetricQuery(Metric.ERROR_RATE, "v2", Optional.of("v1"), at(4), at(5)),
                new MetricQuery(Metric.LATENCY_P99, "v2", Optional.of("v1"), at(4), at(5)));
        assertThat(sim.firstAt(a -> a.equals(new Action.Route(R, split(100))))).isEqualTo(at(5));
    }

    @Test
    void aCanaryWorseThanItsBaselineFailsTheComparisonAndRollsBack() {
        // Given a canary at 0.9% errors against a stable version at 0.5%: 80% worse, more than the 50% allowed
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                strategy:
                  canary:
                    steps:
                      - setWeight: 10
                      - analysis: { interval: 1m, count: 3, metrics: [ { name: error_rate, maxIncrease: 50 } ] }
                """), "v1");
        sim.metrics = q -> q.baselineVersion().equals(Optional.of("v1")) ? MetricSample.of(0.9, 0.5)
                : MetricSample.of(0.9);

        // When
        RolloutStatus end = sim.run(Duration.ofHours(1));

        // Then
        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(end.abort().orElseThrow().message())
                .contains("error_rate 0.90% +80.0% vs baseline 0.50% > maxIncrease 50%");
    }

    @Test
    void aMeasurementTheDriverCouldNotTakeCountsAsAProviderErrorNotAsNothing() {
        // Given a driver whose metric provider throws: the measurement comes back as a failed action
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                strategy:
                  canary:
                    analysis: { interval: 1m, consecutiveErrorLimit: 2, metrics: [ { name: error_rate, max: 1 } ] }
                    steps:
                      - setWeight: 20
                      - pause: { duration: 30m }
                """), "v1");
        sim.world = a -> a instanceof Action.Measure
                ? new Observation.Failed(a, "java.lang.IllegalStateException: no metrics provider for region default",
                Observation.FailureKind.TRANSIENT)
                : sim.answer(a);

        // When
        RolloutStatus end = sim.run(Duration.ofHours(1));

        // Then each failed measurement is one provider error: the third in a row ends it, a minute apart
        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(sim.actionsOf(Action.Measure.class)).hasSize(3);
        Abort abort = end.abort().orElseThrow();
        assertThat(abort.cause()).isEqualTo(AbortCause.ANALYSIS_FAILED);
        assertThat(abort.at()).isEqualTo(at(3));
        assertThat(abort.message()).contains("no metrics provider for region default")
                .endsWith("(3 errors in a row, consecutiveErrorLimit 2) (automatic)");
    }

    @Test
    void promoteAfterABackgroundCriterionAskedDuringATimedPauseDoesNotStartThatPauseOver() {
        // Given a 30-minute pause at 20%, and one slow check 5 minutes in that a manual criterion asks about
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                strategy:
                  canary:
                    analysis:
                      interval: 1m
                      metrics: [ { name: error_rate, max: 1 } ]
                      rollbackCriteria: [ { when: "latency_p99 > 800", severity: manual } ]
                    steps:
                      - setWeight: 20
                      - pause: { duration: 30m }
                """), "v1");
        sim.metrics = q -> q.metric() == Metric.LATENCY_P99 && q.to().equals(at(5)) ? MetricSample.of(950, 300)
                : Sim.healthy(q);
        RolloutStatus paused = sim.run(Duration.ofHours(1));
        assertThat(paused.pauseConditions()).singleElement()
                .satisfies(p -> assertThat(p.reason()).isEqualTo(PauseReason.INCONCLUSIVE_ANALYSIS));

        // When a person promotes 2 minutes later
        sim.now = at(7);
        sim.command(Command.Kind.PROMOTE);
        RolloutStatus end = sim.run(Duration.ofHours(2));

        // Then the pause ends when it was always going to, 30 minutes after it began, and the analysis starts afresh
        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(sim.firstAt(a -> a.equals(new Action.Route(R, split(100))))).isEqualTo(at(30));
        assertThat(end.steps()).extracting(s -> s.name() + ": " + s.result())
                .contains("pause 30m (CanaryPauseStep): waited 30m");
        assertThat(run(end, "background").startedAt()).isEqualTo(at(7));
        assertThat(run(end, "background").phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
    }
}
