package dev.rollgate.rollout;

import static dev.rollgate.rollout.Sim.R;
import static dev.rollgate.rollout.Sim.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollgate.analysis.AnalysisPhase;
import dev.rollgate.analysis.Metric;
import dev.rollgate.analysis.MetricSample;
import dev.rollgate.strategy.PauseReason;
import dev.rollgate.strategy.PlanStep.VersionScope;
import dev.rollgate.target.Side;
import dev.rollgate.target.TrafficSplit;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every strategy, planned from a real rollgate.yaml and driven through the engine in virtual time: the exact
 * actions a target receives, and when.
 */
class StrategyRolloutTest {

    private static TrafficSplit split(int canaryWeight) {
        return new TrafficSplit(Optional.of("v1"), Optional.of("v2"), canaryWeight);
    }

    // ---- recreate ----------------------------------------------------------------------------------------------

    @Test
    void recreateStopsTheOldVersionBeforeStartingTheNewOne() {
        // Given
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                strategy: recreate
                """), "v1");

        // When
        RolloutStatus end = sim.run(Duration.ofMinutes(5));

        // Then
        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(end.stableVersion()).contains("v2");
        assertThat(sim.actions).containsExactly(
                new Action.Scale(R, Side.STABLE, "v1", 0),
                new Action.Scale(R, Side.CANARY, "v2", 2),
                new Action.VerifyVersion(R, VersionScope.INSTANCES, "v2"),
                new Action.Route(R, split(100)),
                new Action.VerifyVersion(R, VersionScope.SERVICE, "v2"),
                new Action.Route(R, TrafficSplit.all("v2")));
        assertThat(end.steps()).extracting(s -> s.name() + ": " + s.result()).containsExactly(
                "scale stable to 0: ok", "scale canary to 2: ok", "verify version (instances): ok", "setWeight 100: ok",
                "verify version (service): ok", "mark stable: v2 is stable in default");
        assertThat(sim.now).isEqualTo(T0);
    }

    @Test
    void recreateWhoseNewVersionIsUnhealthyBringsTheOldOneBack() {
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                strategy: recreate
                """), "v1");
        sim.world = a -> a instanceof Action.Scale s && s.side() == Side.CANARY && s.replicas() > 0
                ? new Observation.Failed(a, "health check: /health answered 503", Observation.FailureKind.REJECTED)
                : sim.answer(a);

        RolloutStatus end = sim.run(Duration.ofMinutes(5));

        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(end.abort().orElseThrow().cause()).isEqualTo(AbortCause.HEALTH_CHECK_FAILED);
        assertThat(sim.actions).containsExactly(
                new Action.Scale(R, Side.STABLE, "v1", 0),
                new Action.Scale(R, Side.CANARY, "v2", 2),
                new Action.Scale(R, Side.STABLE, "v1", 2),
                new Action.Route(R, TrafficSplit.all("v1")),
                new Action.Scale(R, Side.CANARY, "v2", 0));
    }

    // ---- rolling -----------------------------------------------------------------------------------------------

    @Test
    void rollingReplacesOneInstanceAtATimeAndTrafficFollowsTheInstances() {
        // Given 4 replicas and the default maxSurge 25%: one extra instance at a time
        Sim sim = new Sim(Sim.rollout("""
                replicas: 4
                strategy: rolling
                """), "v1");

        // When
        RolloutStatus end = sim.run(Duration.ofMinutes(5));

        // Then
        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(sim.actions).containsExactly(
                new Action.Scale(R, Side.CANARY, "v2", 1),
                new Action.VerifyVersion(R, VersionScope.INSTANCES, "v2"),
                new Action.Route(R, split(25)),
                new Action.Scale(R, Side.STABLE, "v1", 3),
                new Action.Scale(R, Side.CANARY, "v2", 2),
                new Action.Route(R, split(50)),
                new Action.Scale(R, Side.STABLE, "v1", 2),
                new Action.Scale(R, Side.CANARY, "v2", 3),
                new Action.Route(R, split(75)),
                new Action.Scale(R, Side.STABLE, "v1", 1),
                new Action.Scale(R, Side.CANARY, "v2", 4),
                new Action.Route(R, split(100)),
                new Action.VerifyVersion(R, VersionScope.SERVICE, "v2"),
                new Action.Scale(R, Side.STABLE, "v1", 0),
                new Action.Route(R, TrafficSplit.all("v2")));
        assertThat(end.regions()).singleElement().satisfies(r -> {
            assertThat(r.canaryReplicas()).isEqualTo(4);
            assertThat(r.stableReplicas()).isZero();
            assertThat(r.state()).isEqualTo(RegionStatus.RegionState.PROMOTED);
        });
    }

    @Test
    void rollingThatFailsHalfwayPutsEveryOldInstanceBackAndTrafficOnIt() {
        Sim sim = new Sim(Sim.rollout("""
                replicas: 4
                strategy: rolling
                """), "v1");
        sim.world = a -> a instanceof Action.Scale s && s.side() == Side.CANARY && s.replicas() == 3
                ? new Observation.Failed(a, "health check: 1 of 3 unhealthy", Observation.FailureKind.REJECTED)
                : sim.answer(a);

        RolloutStatus end = sim.run(Duration.ofMinutes(5));

        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(end.canaryWeight()).isZero();
        assertThat(sim.actions).endsWith(
                new Action.Scale(R, Side.CANARY, "v2", 3),
                new Action.Scale(R, Side.STABLE, "v1", 4),
                new Action.Route(R, TrafficSplit.all("v1")),
                new Action.Scale(R, Side.CANARY, "v2", 0));
    }

    // ---- blueGreen ---------------------------------------------------------------------------------------------

    @Test
    void blueGreenSwitchesAllTrafficAtOnceAndKeepsTheOldVersionForTheScaleDownDelay() {
        // Given the defaults: switch once healthy, old version kept 30s
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                strategy: { blueGreen: {} }
                """), "v1");

        // When
        RolloutStatus end = sim.run(Duration.ofMinutes(5));

        // Then
        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(sim.actions).containsExactly(
                new Action.Scale(R, Side.CANARY, "v2", 2),
                new Action.VerifyVersion(R, VersionScope.INSTANCES, "v2"),
                new Action.Route(R, split(100)),
                new Action.VerifyVersion(R, VersionScope.SERVICE, "v2"),
                new Action.Scale(R, Side.STABLE, "v1", 0),
                new Action.Route(R, TrafficSplit.all("v2")));
        assertThat(sim.firstAt(a -> a instanceof Action.Route)).isEqualTo(T0);
        assertThat(sim.firstAt(a -> a instanceof Action.Scale s && s.side() == Side.STABLE))
                .isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void blueGreenWithoutAutoPromotionWaitsForPromoteBeforeSwitching() {
        // Given
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                strategy: { blueGreen: { autoPromotionEnabled: false, scaleDownDelaySeconds: 0 } }
                """), "v1");

        // When nobody promotes
        RolloutStatus waiting = sim.run(Duration.ofHours(6));

        // Then green runs beside blue, with no traffic, until a person decides
        assertThat(waiting.phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(waiting.wakeAt()).isEmpty();
        assertThat(waiting.canaryWeight()).isZero();
        assertThat(waiting.pauseConditions()).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(PauseReason.BLUE_GREEN_PAUSE);
            assertThat(p.until()).isEmpty();
        });
        assertThat(sim.actions).containsExactly(
                new Action.Scale(R, Side.CANARY, "v2", 2),
                new Action.VerifyVersion(R, VersionScope.INSTANCES, "v2"));

        // When a person promotes two hours later
        sim.now = T0.plus(Duration.ofHours(2));
        sim.command(Command.Kind.PROMOTE);
        RolloutStatus end = sim.run(Duration.ofMinutes(5));

        // Then the switch happens then, and the old version stops at once (no scale-down delay)
        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(sim.actions).endsWith(
                new Action.Route(R, split(100)),
                new Action.VerifyVersion(R, VersionScope.SERVICE, "v2"),
                new Action.Scale(R, Side.STABLE, "v1", 0),
                new Action.Route(R, TrafficSplit.all("v2")));
        assertThat(sim.firstAt(a -> a instanceof Action.Route)).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(end.steps().get(2).result()).isEqualTo("promoted by alice");
    }

    @Test
    void blueGreenWithAutoPromotionSecondsSwitchesOnItsOwnAfterThatLong() {
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                strategy: { blueGreen: { autoPromotionSeconds: 300, scaleDownDelaySeconds: 60 } }
                """), "v1");

        RolloutStatus end = sim.run(Duration.ofHours(1));

        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(sim.firstAt(a -> a instanceof Action.Route)).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(sim.firstAt(a -> a instanceof Action.Scale s && s.side() == Side.STABLE))
                .isEqualTo(T0.plus(Duration.ofMinutes(6)));
        assertThat(end.finishedAt()).contains(T0.plus(Duration.ofMinutes(6)));
    }

    @Test
    void blueGreenPausedBeforeTheSwitchCanBeAbortedWithoutTrafficEverMoving() {
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                strategy: { blueGreen: { autoPromotionSeconds: 300 } }
                """), "v1");
        sim.run(Duration.ofMinutes(2));
        assertThat(sim.status.pauseConditions()).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(PauseReason.BLUE_GREEN_PAUSE);
            assertThat(p.until()).contains(T0.plus(Duration.ofMinutes(5)));
        });

        sim.command(Command.Kind.ABORT, "wrong build");
        RolloutStatus end = sim.run(Duration.ofMinutes(5));

        assertThat(end.phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(end.message()).isEqualTo("aborted: aborted by alice: wrong build; traffic 100% on v1");
        assertThat(sim.actionsOf(Action.Route.class)).containsExactly(new Action.Route(R, TrafficSplit.all("v1")));
    }

    @Test
    void blueGreenAnalysesBeforeTheSwitchAndAfterItThenScalesDownAfterTheDelay() {
        // Given a preview check of 3 minutes, a post-switch check of 5 and a 10-minute scale-down delay
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                analysis: { interval: 1m, count: 3, metrics: [ { name: error_rate, max: 1 } ] }
                strategy:
                  blueGreen:
                    prePromotionAnalysis: { metrics: [ { name: latency_p95, max: 250 } ] }
                    postPromotionAnalysis: { interval: 1m, count: 5, metrics: [ { name: error_rate, max: 1 } ] }
                    scaleDownDelaySeconds: 600
                """), "v1");

        // When
        RolloutStatus end = sim.run(Duration.ofHours(1));

        // Then
        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(sim.firstAt(a -> a instanceof Action.Route)).isEqualTo(T0.plus(Duration.ofMinutes(3)));
        assertThat(sim.firstAt(a -> a instanceof Action.Scale s && s.side() == Side.STABLE))
                .isEqualTo(T0.plus(Duration.ofMinutes(3 + 5 + 10)));
        assertThat(end.analysisRuns()).extracting(r -> r.name() + " " + r.phase())
                .containsExactly("prePromotion Successful", "postPromotion Successful");
        List<Action.Measure> measures = sim.actionsOf(Action.Measure.class);
        assertThat(measures).hasSize(3 + 5);
        assertThat(measures.get(0).queries()).extracting(q -> q.metric())
                .containsExactly(Metric.ERROR_RATE, Metric.LATENCY_P95);
    }

    @Test
    void blueGreenWhosePreviewFailsItsAnalysisNeverGetsTraffic() {
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                strategy:
                  blueGreen:
                    prePromotionAnalysis: { interval: 1m, count: 3, metrics: [ { name: latency_p95, max: 250 } ] }
                """), "v1");
        sim.metrics = q -> q.metric() == Metric.LATENCY_P95 ? MetricSample.of(900, 120) : Sim.healthy(q);

        RolloutStatus end = sim.run(Duration.ofHours(1));

        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(end.abort().orElseThrow().cause()).isEqualTo(AbortCause.ANALYSIS_FAILED);
        assertThat(end.abort().orElseThrow().at()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(end.message()).contains("analysis prePromotion Failed: latency_p95 900 ms > max 250 ms");
        assertThat(sim.actionsOf(Action.Route.class)).containsExactly(new Action.Route(R, TrafficSplit.all("v1")));
    }

    @Test
    void blueGreenWhosePostPromotionAnalysisFailsSwitchesBackToTheOldVersionStillRunning() {
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                strategy:
                  blueGreen:
                    postPromotionAnalysis: { interval: 1m, count: 5, metrics: [ { name: error_rate, max: 1 } ] }
                    scaleDownDelaySeconds: 600
                """), "v1");
        sim.metrics = q -> q.metric() == Metric.ERROR_RATE && q.to().isAfter(T0.plus(Duration.ofMinutes(2)))
                ? MetricSample.of(7.5, 0.1) : Sim.healthy(q);

        RolloutStatus end = sim.run(Duration.ofHours(1));

        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(end.abort().orElseThrow().at()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
        assertThat(end.analysisRuns()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("postPromotion");
            assertThat(r.phase()).isEqualTo(AnalysisPhase.FAILED);
        });
        // The old version was never scaled down: the switch back is instant.
        assertThat(sim.changes()).containsExactly(
                new Action.Scale(R, Side.CANARY, "v2", 2),
                new Action.VerifyVersion(R, VersionScope.INSTANCES, "v2"),
                new Action.Route(R, split(100)),
                new Action.VerifyVersion(R, VersionScope.SERVICE, "v2"),
                new Action.Scale(R, Side.STABLE, "v1", 2),
                new Action.Route(R, TrafficSplit.all("v1")),
                new Action.Scale(R, Side.CANARY, "v2", 0));
    }

    // ---- canary: the production runbook -------------------------------------------------------------------------

    /** The runbook: 5% for 10 minutes, 25% for 10, 50% for 15, then 100%, each step with a tighter error rate. */
    static final String RUNBOOK = """
            service: payments-api
            environments:
              production:
                rollout:
                  replicas: 2
                  progressDeadline: 2h
                  analysis:
                    interval: 1m
                    threshold: 2
                    metrics: [ { name: error_rate, max: 1 }, { name: latency_p99, max: 500 } ]
                  strategy:
                    canary:
                      steps:
                        - { weight: 5, pause: 10m, analysis: { metrics: [ { name: error_rate, max: 1 } ] } }
                        - { weight: 25, pause: 10m, analysis: { metrics: [ { name: error_rate, max: 0.5 } ] } }
                        - { weight: 50, pause: 15m, analysis: { metrics: [ { name: error_rate, max: 0.2 } ] } }
            """;

    @Test
    void theRunbookCanaryWalks5Then25Then50PercentWithEachStepsAnalysisThenTakesAllTraffic() {
        // Given a canary as good as stable
        Sim sim = new Sim(Sim.plan(RUNBOOK), "v1");
        sim.metrics = q -> q.metric() == Metric.ERROR_RATE ? MetricSample.of(0.1, 0.1) : MetricSample.of(180, 170);

        // When
        RolloutStatus end = sim.run(Duration.ofHours(2));

        // Then
        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(sim.actionsOf(Action.Route.class)).containsExactly(
                new Action.Route(R, split(5)),
                new Action.Route(R, split(25)),
                new Action.Route(R, split(50)),
                new Action.Route(R, split(100)),
                new Action.Route(R, TrafficSplit.all("v2")));
        assertThat(sim.firstAt(a -> a.equals(new Action.Route(R, split(5))))).isEqualTo(T0);
        assertThat(sim.firstAt(a -> a.equals(new Action.Route(R, split(25))))).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(sim.firstAt(a -> a.equals(new Action.Route(R, split(50))))).isEqualTo(T0.plus(Duration.ofMinutes(20)));
        assertThat(sim.firstAt(a -> a.equals(new Action.Route(R, split(100))))).isEqualTo(T0.plus(Duration.ofMinutes(35)));
        assertThat(end.finishedAt()).contains(T0.plus(Duration.ofMinutes(35)));
        // One measurement a minute of both metrics: 10 + 10 + 15.
        assertThat(sim.actionsOf(Action.Measure.class)).hasSize(35)
                .allSatisfy(m -> assertThat(m.queries()).hasSize(2));
        assertThat(end.analysisRuns()).extracting(r -> r.name() + " " + r.phase())
                .containsExactly("step-2 Successful", "step-4 Successful", "step-6 Successful");
        assertThat(end.steps()).extracting(s -> s.name() + ": " + s.result()).contains(
                "analysis step-2: analysis step-2 successful",
                "analysis step-6: analysis step-6 successful");
    }

    @Test
    void theRunbookCanaryThatIsFineAt25PercentButNotAt50RollsBackOnTheTighterThreshold() {
        // Given a canary at 0.3% errors: within 1% and 0.5%, above the 50% step's 0.2%
        Sim sim = new Sim(Sim.plan(RUNBOOK), "v1");
        sim.metrics = q -> q.metric() == Metric.ERROR_RATE ? MetricSample.of(0.3, 0.1) : MetricSample.of(180, 170);

        // When
        RolloutStatus end = sim.run(Duration.ofHours(2));

        // Then threshold 2 (failureLimit 1): the second failed check, 2 minutes into the 50% step, rolls back
        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        Abort abort = end.abort().orElseThrow();
        assertThat(abort.cause()).isEqualTo(AbortCause.ANALYSIS_FAILED);
        assertThat(abort.at()).isEqualTo(T0.plus(Duration.ofMinutes(22)));
        assertThat(abort.message()).isEqualTo("analysis step-6 Failed: error_rate 0.30% > max 0.2% "
                + "(failed 2 of 2 measurements, failureLimit 1) (automatic)");
        assertThat(end.message()).startsWith("rolled back: analysis step-6 Failed").endsWith("; traffic 100% on v1");
        assertThat(sim.changes()).endsWith(
                new Action.Route(R, split(50)),
                new Action.Scale(R, Side.STABLE, "v1", 2),
                new Action.Route(R, TrafficSplit.all("v1")),
                new Action.Scale(R, Side.CANARY, "v2", 0));
        assertThat(end.analysisRuns()).extracting(r -> r.name() + " " + r.phase())
                .containsExactly("step-2 Successful", "step-4 Successful", "step-6 Failed");
        assertThat(sim.actionsOf(Action.Route.class)).doesNotContain(new Action.Route(R, split(100)));
    }
}
