package dev.rollgate.rollout;

import static dev.rollgate.rollout.Sim.R;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollgate.strategy.FailurePolicy;
import dev.rollgate.strategy.PauseReason;
import dev.rollgate.strategy.PlanStep;
import dev.rollgate.strategy.PlanStep.VersionScope;
import dev.rollgate.target.Side;
import dev.rollgate.target.TrafficSplit;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutTest {

    private static final List<PlanStep> CANARY = List.of(
            new PlanStep.Scale(R, Side.CANARY, 2),
            new PlanStep.VerifyVersion(R, VersionScope.INSTANCES),
            new PlanStep.SetWeight(R, 5),
            new PlanStep.Pause(R, Optional.of(Duration.ofMinutes(10)), PauseReason.CANARY_PAUSE_STEP),
            new PlanStep.SetWeight(R, 25),
            new PlanStep.Pause(R, Optional.empty(), PauseReason.CANARY_PAUSE_STEP),
            new PlanStep.SetWeight(R, 100),
            new PlanStep.Scale(R, Side.STABLE, 0),
            new PlanStep.MarkStable(R));

    @Test
    void aCanaryWalksItsStepsInVirtualTimeAndWaitsForAPersonAtAnUntimedPause() {
        // Given
        Sim sim = new Sim(Sim.plan(CANARY, FailurePolicy.ROLL_BACK, Optional.empty()), Optional.of("v1"));

        // When
        RolloutStatus paused = sim.run(Duration.ofHours(1));

        // Then
        assertThat(paused.phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(paused.currentStepIndex()).isEqualTo(5);
        assertThat(paused.canaryWeight()).isEqualTo(25);
        assertThat(paused.pauseConditions()).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(PauseReason.CANARY_PAUSE_STEP);
            assertThat(p.until()).isEmpty();
        });
        assertThat(sim.now).isEqualTo(Sim.T0.plus(Duration.ofMinutes(10))); // the timed pause took exactly 10m
        assertThat(sim.actions).containsExactly(
                new Action.Scale(R, Side.CANARY, "v2", 2),
                new Action.VerifyVersion(R, VersionScope.INSTANCES, "v2"),
                new Action.Route(R, new TrafficSplit(Optional.of("v1"), Optional.of("v2"), 5)),
                new Action.Route(R, new TrafficSplit(Optional.of("v1"), Optional.of("v2"), 25)));

        // When a person promotes
        sim.command(Command.Kind.PROMOTE);
        RolloutStatus done = sim.run(Duration.ofHours(1));

        // Then
        assertThat(done.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(done.stableVersion()).contains("v2");
        assertThat(done.canaryWeight()).isEqualTo(100);
        assertThat(done.steps()).hasSize(CANARY.size());
        assertThat(sim.actions).endsWith(
                new Action.Route(R, new TrafficSplit(Optional.of("v1"), Optional.of("v2"), 100)),
                new Action.Scale(R, Side.STABLE, "v1", 0),
                new Action.Route(R, TrafficSplit.all("v2")));
    }

    @Test
    void abortPutsTrafficBackOnStableScalesTheCanaryDownAndEndsAborted() {
        Sim sim = new Sim(Sim.plan(CANARY, FailurePolicy.ROLL_BACK, Optional.empty()), Optional.of("v1"));
        sim.run(Duration.ofMinutes(5)); // inside the 10m pause at 5%
        assertThat(sim.status.canaryWeight()).isEqualTo(5);
        sim.actions.clear();

        sim.command(Command.Kind.ABORT);
        RolloutStatus end = sim.run(Duration.ofMinutes(5));

        assertThat(end.phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(end.abort()).hasValueSatisfying(a -> assertThat(a.cause()).isEqualTo(AbortCause.ABORTED_BY_USER));
        assertThat(end.stableVersion()).contains("v1");
        assertThat(end.canaryWeight()).isZero();
        assertThat(sim.actions).containsExactly(
                new Action.Scale(R, Side.STABLE, "v1", 2),
                new Action.Route(R, TrafficSplit.all("v1")),
                new Action.Scale(R, Side.CANARY, "v2", 0));
    }

    @Test
    void aTransientFailureIsRetriedWithBoundedBackOffThenRollsBackSayingWhy() {
        Sim sim = new Sim(Sim.plan(CANARY, FailurePolicy.ROLL_BACK, Optional.empty()), Optional.of("v1"));
        sim.world = a -> a instanceof Action.Route r && r.split().canaryWeight() == 5
                ? new Observation.Failed(a, "connection refused", Observation.FailureKind.TRANSIENT)
                : new Observation.Done(a, "");

        RolloutStatus end = sim.run(Duration.ofHours(1));

        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(end.abort()).hasValueSatisfying(a -> {
            assertThat(a.cause()).isEqualTo(AbortCause.TARGET_FAILED);
            assertThat(a.message()).contains("gave up after 3 attempts: connection refused");
        });
        long tries = sim.actions.stream().filter(a -> a instanceof Action.Route r && r.split().canaryWeight() == 5).count();
        assertThat(tries).isEqualTo(3);
        assertThat(sim.now).isEqualTo(Sim.T0.plusSeconds(1 + 2)); // back-off 1s then 2s, bounded by the policy
    }

    @Test
    void aFailedHealthCheckRollsBackAtOnceWithItsCause() {
        Sim sim = new Sim(Sim.plan(CANARY, FailurePolicy.ROLL_BACK, Optional.empty()), Optional.of("v1"));
        sim.world = a -> a instanceof Action.Scale s && s.side() == Side.CANARY && s.replicas() > 0
                ? new Observation.Failed(a, "health check: /health answered 503 10 times", Observation.FailureKind.REJECTED)
                : new Observation.Done(a, "");

        RolloutStatus end = sim.run(Duration.ofHours(1));

        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(end.abort().orElseThrow().cause()).isEqualTo(AbortCause.HEALTH_CHECK_FAILED);
        assertThat(end.message()).contains("503").contains("traffic 100% on v1");
    }

    @Test
    void withAutoRollbackOffAFailurePausesForAPersonInsteadOfRollingBack() {
        Sim sim = new Sim(Sim.plan(CANARY, FailurePolicy.PAUSE, Optional.empty()), Optional.of("v1"));
        sim.world = a -> a instanceof Action.VerifyVersion
                ? new Observation.Failed(a, "served v1, expected v2", Observation.FailureKind.REJECTED)
                : new Observation.Done(a, "");

        RolloutStatus paused = sim.run(Duration.ofHours(1));

        assertThat(paused.phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(paused.pauseConditions()).singleElement()
                .satisfies(p -> assertThat(p.reason()).isEqualTo(PauseReason.ANALYSIS_FAILED_MANUAL));
        assertThat(paused.message()).contains("autoRollback is off");

        sim.command(Command.Kind.ROLLBACK);
        assertThat(sim.run(Duration.ofHours(1)).phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
    }

    @Test
    void theProgressDeadlineRollsBackAStuckRolloutAndSaysSo() {
        List<PlanStep> steps = List.of(new PlanStep.Scale(R, Side.CANARY, 1), new PlanStep.SetWeight(R, 10),
                new PlanStep.Pause(R, Optional.of(Duration.ofHours(2)), PauseReason.CANARY_PAUSE_STEP),
                new PlanStep.SetWeight(R, 100), new PlanStep.MarkStable(R));
        Sim sim = new Sim(Sim.plan(steps, FailurePolicy.PAUSE, Optional.of(Duration.ofMinutes(30))), Optional.of("v1"));

        RolloutStatus end = sim.run(Duration.ofHours(3));

        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK); // a deadline rolls back even with autoRollback off
        assertThat(end.abort().orElseThrow().cause()).isEqualTo(AbortCause.DEADLINE_EXCEEDED);
        assertThat(end.abort().orElseThrow().message()).contains("progress deadline 30m exceeded at step 3/5");
        assertThat(end.abort().orElseThrow().at()).isEqualTo(Sim.T0.plus(Duration.ofMinutes(30)));
    }

    @Test
    void promoteFullSkipsEveryRemainingPauseAndGoesStraightToAllTraffic() {
        Sim sim = new Sim(Sim.plan(CANARY, FailurePolicy.ROLL_BACK, Optional.empty()), Optional.of("v1"));
        sim.run(Duration.ofMinutes(1));
        sim.command(Command.Kind.PROMOTE_FULL);
        sim.actions.clear();

        RolloutStatus end = sim.run(Duration.ofSeconds(1));

        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(sim.actions).containsExactly(
                new Action.Route(R, new TrafficSplit(Optional.of("v1"), Optional.of("v2"), 100)),
                new Action.Scale(R, Side.STABLE, "v1", 0),
                new Action.Route(R, TrafficSplit.all("v2")));
    }

    @Test
    void aSavedStatusReplaysTheSameIdempotentActionAfterACrash() {
        Sim sim = new Sim(Sim.plan(CANARY, FailurePolicy.ROLL_BACK, Optional.empty()), Optional.of("v1"));
        sim.tick(List.of()); // asks to scale the canary; the driver "dies" before answering
        RolloutStatus saved = sim.status;

        Transition again = sim.rollout.advance(saved, sim.now.plusSeconds(30), List.of());

        assertThat(again.actions()).containsExactly(new Action.Scale(R, Side.CANARY, "v2", 2));
    }

    @Test
    void aFirstDeploymentRoutesEverythingToTheNewVersion() {
        List<PlanStep> steps = List.of(new PlanStep.Scale(R, Side.CANARY, 2), new PlanStep.SetWeight(R, 100),
                new PlanStep.Scale(R, Side.STABLE, 0), new PlanStep.MarkStable(R));
        Sim sim = new Sim(Sim.plan(steps, FailurePolicy.ROLL_BACK, Optional.empty()), Optional.empty());

        RolloutStatus end = sim.run(Duration.ofMinutes(1));

        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(sim.actions).containsExactly(new Action.Scale(R, Side.CANARY, "v2", 2),
                new Action.Route(R, new TrafficSplit(Optional.empty(), Optional.of("v2"), 100)),
                new Action.Route(R, TrafficSplit.all("v2")));
    }
}
