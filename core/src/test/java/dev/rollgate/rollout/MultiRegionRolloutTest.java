package dev.rollgate.rollout;

import static dev.rollgate.rollout.Sim.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollgate.analysis.Metric;
import dev.rollgate.analysis.MetricSample;
import dev.rollgate.strategy.PauseReason;
import dev.rollgate.strategy.PlanStep.VersionScope;
import dev.rollgate.target.Side;
import dev.rollgate.target.TrafficSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Region after region, in virtual time: order, waits, and what a failing or aborted region does to the others. */
class MultiRegionRolloutTest {

    /** us-east, then (after 30m) eu-west, then (after 15m) ap-south; each a 50% canary for 5 minutes. */
    private static String regions(String policy) {
        return """
                replicas: 2
                strategy:
                  multiRegion:
                    strategy: { canary: { steps: [ { setWeight: 50 }, { pause: { duration: 5m } } ] } }
                    waitBetween: 15m
                """ + policy.stripIndent().indent(4) + """
                    regions:
                      - { name: us-east, wait: 30m }
                      - { name: eu-west }
                      - { name: ap-south }
                """;
    }

    private static TrafficSplit split(int canaryWeight) {
        return new TrafficSplit(Optional.of("v1"), Optional.of("v2"), canaryWeight);
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static List<String> states(RolloutStatus status) {
        return status.regions().stream().map(r -> r.name() + " " + r.state()).toList();
    }

    /** The world of {@code sim}, except that starting v2 in {@code region} fails its health check. */
    private static void unhealthyIn(Sim sim, String region) {
        sim.world = a -> a instanceof Action.Scale s && s.region().equals(region) && s.side() == Side.CANARY
                && s.replicas() > 0
                ? new Observation.Failed(a, "health check: /health answered 503 10 times",
                Observation.FailureKind.REJECTED)
                : sim.answer(a);
    }

    @Test
    void regionsRollOutInOrderWithTheirWaitsBetween() {
        // Given
        Sim sim = new Sim(Sim.rollout(regions("")), "v1");

        // When
        RolloutStatus end = sim.run(Duration.ofHours(3));

        // Then
        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(states(end)).containsExactly("us-east PROMOTED",
                "eu-west PROMOTED", "ap-south PROMOTED");
        assertThat(sim.actionsOf(Action.Route.class)).extracting(r -> r.region() + " " + r.split()).containsExactly(
                "us-east v1 50% / v2 50%", "us-east v1 0% / v2 100%", "us-east v2 100%",
                "eu-west v1 50% / v2 50%", "eu-west v1 0% / v2 100%", "eu-west v2 100%",
                "ap-south v1 50% / v2 50%", "ap-south v1 0% / v2 100%", "ap-south v2 100%");
        // 5m canary, 30m wait; 5m canary, 15m wait (the default between regions); 5m canary.
        assertThat(sim.firstAt(a -> a.region().equals("us-east"))).isEqualTo(at(0));
        assertThat(sim.firstAt(a -> a.region().equals("eu-west"))).isEqualTo(at(35));
        assertThat(sim.firstAt(a -> a.region().equals("ap-south"))).isEqualTo(at(55));
        assertThat(end.finishedAt()).contains(at(60));
        assertThat(end.steps()).extracting(s -> s.name()).contains("us-east: pause 30m (RegionWait)",
                "eu-west: pause 15m (RegionWait)");
    }

    @Test
    void whileWaitingBetweenRegionsTheStatusSaysWhichRegionIsWatched() {
        Sim sim = new Sim(Sim.rollout(regions("")), "v1");

        RolloutStatus waiting = sim.run(Duration.ofMinutes(20));

        assertThat(waiting.phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(waiting.pauseConditions()).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(PauseReason.REGION_WAIT);
            assertThat(p.until()).contains(at(35));
        });
        assertThat(states(waiting)).containsExactly("us-east PROMOTED", "eu-west PENDING", "ap-south PENDING");
    }

    @Test
    void aFailingSecondRegionIsRolledBackTheFirstStaysAndTheRolloutStops() {
        // Given the default policy: stop at a failed region and roll it back
        Sim sim = new Sim(Sim.rollout(regions("")), "v1");
        unhealthyIn(sim, "eu-west");

        // When
        RolloutStatus end = sim.run(Duration.ofHours(3));

        // Then
        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(states(end)).containsExactly("us-east PROMOTED", "eu-west ROLLED_BACK", "ap-south PENDING");
        assertThat(end.abort().orElseThrow().cause()).isEqualTo(AbortCause.HEALTH_CHECK_FAILED);
        assertThat(end.message()).isEqualTo("rolled back: region eu-west: scaling v2 to 2 failed: health check: "
                + "/health answered 503 10 times; traffic 100% on v1 in eu-west; us-east stays on v2");
        assertThat(sim.actions).filteredOn(a -> a.region().equals("eu-west")).containsExactly(
                new Action.Scale("eu-west", Side.CANARY, "v2", 2),
                new Action.Scale("eu-west", Side.STABLE, "v1", 2),
                new Action.Route("eu-west", TrafficSplit.all("v1")),
                new Action.Scale("eu-west", Side.CANARY, "v2", 0));
        assertThat(sim.actions).filteredOn(a -> a.region().equals("us-east"))
                .endsWith(new Action.Route("us-east", TrafficSplit.all("v2")));
        assertThat(sim.actions).noneMatch(a -> a.region().equals("ap-south"));
    }

    @Test
    void withStopOnRegionFailureOffTheFailedRegionIsRolledBackAndTheThirdRegionGoesOn() {
        // Given
        Sim sim = new Sim(Sim.rollout(regions("stopOnRegionFailure: false")), "v1");
        unhealthyIn(sim, "eu-west");

        // When
        RolloutStatus end = sim.run(Duration.ofHours(3));

        // Then
        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(states(end)).containsExactly("us-east PROMOTED", "eu-west ROLLED_BACK", "ap-south PROMOTED");
        assertThat(sim.actions).filteredOn(a -> a.region().equals("eu-west")).containsExactly(
                new Action.Scale("eu-west", Side.CANARY, "v2", 2),
                new Action.Scale("eu-west", Side.STABLE, "v1", 2),
                new Action.Route("eu-west", TrafficSplit.all("v1")),
                new Action.Scale("eu-west", Side.CANARY, "v2", 0));
        // The rolled-back region is not watched: ap-south starts once eu-west is back on v1.
        assertThat(sim.firstAt(a -> a.region().equals("ap-south"))).isEqualTo(at(35));
        assertThat(sim.actions).filteredOn(a -> a.region().equals("ap-south"))
                .endsWith(new Action.Route("ap-south", TrafficSplit.all("v2")));
        assertThat(end.steps()).extracting(s -> s.name() + ": " + s.result()).contains(
                "region eu-west: region eu-west rolled back (region eu-west: scaling v2 to 2 failed: health check: "
                        + "/health answered 503 10 times); going on");
        // The end says plainly that not every region has the new version.
        assertThat(end.message()).isEqualTo("promoted v2 in us-east, ap-south: 100% of traffic, v1 scaled down; "
                + "eu-west stays on v1 (region eu-west: scaling v2 to 2 failed: health check: /health answered 503 "
                + "10 times)");
    }

    @Test
    void withRollbackFailedRegionOffTheFailedRegionIsLeftForAPersonAndTheRolloutFails() {
        // Given
        Sim sim = new Sim(Sim.rollout(regions("rollbackFailedRegion: false")), "v1");
        unhealthyIn(sim, "eu-west");

        // When
        RolloutStatus end = sim.run(Duration.ofHours(3));

        // Then
        assertThat(end.phase()).isEqualTo(RolloutPhase.FAILED);
        assertThat(end.wakeAt()).isEmpty();
        assertThat(states(end)).containsExactly("us-east PROMOTED", "eu-west FAILED", "ap-south PENDING");
        assertThat(end.abort().orElseThrow().cause()).isEqualTo(AbortCause.HEALTH_CHECK_FAILED);
        assertThat(end.message()).startsWith("region eu-west failed and is left as it is for a person to look at: ")
                .contains("503");
        // Nothing is undone anywhere: the last thing asked of eu-west was the failing start.
        assertThat(sim.actions).filteredOn(a -> a.region().equals("eu-west"))
                .containsExactly(new Action.Scale("eu-west", Side.CANARY, "v2", 2));
        assertThat(sim.actions).last().isEqualTo(new Action.Scale("eu-west", Side.CANARY, "v2", 2));
    }

    @Test
    void abortDuringTheSecondRegionRollsBackTheSecondThenTheFirst() {
        // Given eu-west at 50%
        Sim sim = new Sim(Sim.rollout(regions("")), "v1");
        sim.run(Duration.ofMinutes(37));
        assertThat(sim.status.regions().get(1).canaryWeight()).isEqualTo(50);
        sim.actions.clear();

        // When
        sim.command(Command.Kind.ABORT, "bad release notes");
        RolloutStatus end = sim.run(Duration.ofHours(1));

        // Then the latest region goes back first
        assertThat(end.phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(end.stableVersion()).contains("v1");
        assertThat(states(end)).containsExactly("us-east ROLLED_BACK", "eu-west ROLLED_BACK", "ap-south PENDING");
        assertThat(sim.actions).containsExactly(
                new Action.Scale("eu-west", Side.STABLE, "v1", 2),
                new Action.Route("eu-west", TrafficSplit.all("v1")),
                new Action.Scale("eu-west", Side.CANARY, "v2", 0),
                new Action.Scale("us-east", Side.STABLE, "v1", 2),
                new Action.Route("us-east", TrafficSplit.all("v1")),
                new Action.Scale("us-east", Side.CANARY, "v2", 0));
        assertThat(end.message()).isEqualTo("aborted: aborted by alice: bad release notes; traffic 100% on v1");
    }

    @Test
    void aRegionLeftAsItIsDuringAPauseDoesNotShortenTheNextRegionsPause() {
        // Given eu-west's canary fails its analysis 3 minutes into its 5-minute pause; it is left, the rollout goes on
        Sim sim = new Sim(Sim.rollout("""
                replicas: 2
                strategy:
                  multiRegion:
                    strategy:
                      canary:
                        analysis: { interval: 1m, metrics: [ { name: error_rate, max: 1 } ] }
                        steps: [ { setWeight: 50 }, { pause: { duration: 5m } } ]
                    stopOnRegionFailure: false
                    rollbackFailedRegion: false
                    regions: [ { name: us-east }, { name: eu-west }, { name: ap-south } ]
                """), "v1");
        sim.metrics = q -> q.metric() == Metric.ERROR_RATE && q.to().equals(at(8))
                ? MetricSample.of(6, 0.1) : Sim.healthy(q);

        // When
        RolloutStatus end = sim.run(Duration.ofHours(1));

        // Then
        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(states(end)).containsExactly("us-east PROMOTED", "eu-west FAILED", "ap-south PROMOTED");
        assertThat(sim.firstAt(a -> a.equals(new Action.Route("ap-south", split(50))))).isEqualTo(at(8));
        // ap-south gets its whole 5 minutes at 50%.
        assertThat(sim.firstAt(a -> a.equals(new Action.Route("ap-south", split(100))))).isEqualTo(at(13));
        assertThat(sim.actions).filteredOn(a -> a.region().equals("eu-west") && !(a instanceof Action.Measure))
                .containsExactly(new Action.Scale("eu-west", Side.CANARY, "v2", 2),
                        new Action.VerifyVersion("eu-west", VersionScope.INSTANCES, "v2"),
                        new Action.Route("eu-west", split(50)));
    }

    @Test
    void whenEveryRegionFailsAndIsRolledBackTheRolloutIsRolledBackNotPromoted() {
        // Given a new version unhealthy everywhere, and a policy that goes on past a failed region
        Sim sim = new Sim(Sim.rollout(regions("stopOnRegionFailure: false")), "v1");
        sim.world = a -> a instanceof Action.Scale s && s.side() == Side.CANARY && s.replicas() > 0
                ? new Observation.Failed(a, "health check: /health answered 503 10 times",
                Observation.FailureKind.REJECTED)
                : sim.answer(a);

        // When
        RolloutStatus end = sim.run(Duration.ofHours(3));

        // Then
        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(end.stableVersion()).contains("v1");
        assertThat(states(end)).containsExactly("us-east ROLLED_BACK", "eu-west ROLLED_BACK", "ap-south ROLLED_BACK");
        assertThat(end.message()).isEqualTo("rolled back: every region failed and was rolled back; last failure: "
                + "region ap-south: scaling v2 to 2 failed: health check: /health answered 503 10 times; "
                + "traffic 100% on v1");
        assertThat(sim.actionsOf(Action.Route.class)).extracting(r -> r.region() + " " + r.split()).containsExactly(
                "us-east v1 100%", "eu-west v1 100%", "ap-south v1 100%");
    }

    @Test
    void whenEveryRegionFailsAndIsLeftTheRolloutFailsForAPersonToLook() {
        Sim sim = new Sim(Sim.rollout(regions("""
                stopOnRegionFailure: false
                rollbackFailedRegion: false
                """)), "v1");
        sim.world = a -> a instanceof Action.VerifyVersion
                ? new Observation.Failed(a, "served v1, expected v2", Observation.FailureKind.REJECTED)
                : sim.answer(a);

        RolloutStatus end = sim.run(Duration.ofHours(3));

        assertThat(end.phase()).isEqualTo(RolloutPhase.FAILED);
        assertThat(end.stableVersion()).contains("v1");
        assertThat(states(end)).containsExactly("us-east FAILED", "eu-west FAILED", "ap-south FAILED");
        assertThat(end.message()).isEqualTo("every region failed; us-east, eu-west, ap-south are left as they are for "
                + "a person to look at; last failure: region ap-south: version check of v2 failed: served v1, expected v2");
        assertThat(sim.actionsOf(Action.Route.class)).isEmpty();
    }

    @Test
    void abortWhileAFailedRegionIsBeingRolledBackStopsTheRolloutInsteadOfGoingOn() {
        // Given stopOnRegionFailure off, eu-west failing, and its rollback held up by one timed-out route
        Sim sim = new Sim(Sim.rollout(regions("stopOnRegionFailure: false")), "v1");
        boolean[] timedOut = {false};
        sim.world = a -> {
            if (a.equals(new Action.Route("eu-west", TrafficSplit.all("v1"))) && !timedOut[0]) {
                timedOut[0] = true;
                return new Observation.Failed(a, "connect timed out", Observation.FailureKind.TRANSIENT);
            }
            return a instanceof Action.Scale s && s.region().equals("eu-west") && s.side() == Side.CANARY
                    && s.replicas() > 0
                    ? new Observation.Failed(a, "health check: 503", Observation.FailureKind.REJECTED)
                    : sim.answer(a);
        };
        sim.run(Duration.ofMinutes(35).plusMillis(500));
        assertThat(sim.status.rollback()).isPresent();
        assertThat(sim.status.phase()).isEqualTo(RolloutPhase.PROGRESSING);
        sim.actions.clear();

        // When
        sim.command(Command.Kind.ABORT, "stop everything");
        RolloutStatus end = sim.run(Duration.ofHours(2));

        // Then eu-west's rollback finishes, us-east goes back too, and ap-south is never started
        assertThat(end.phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(end.abort().orElseThrow().cause()).isEqualTo(AbortCause.ABORTED_BY_USER);
        assertThat(end.message()).isEqualTo("aborted: aborted by alice: stop everything; traffic 100% on v1");
        assertThat(states(end)).containsExactly("us-east ROLLED_BACK", "eu-west ROLLED_BACK", "ap-south PENDING");
        assertThat(sim.actions).containsExactly(
                new Action.Route("eu-west", TrafficSplit.all("v1")),
                new Action.Scale("eu-west", Side.CANARY, "v2", 0),
                new Action.Scale("us-east", Side.STABLE, "v1", 2),
                new Action.Route("us-east", TrafficSplit.all("v1")),
                new Action.Scale("us-east", Side.CANARY, "v2", 0));
    }

    @Test
    void theProgressDeadlineStopsAMultiRegionRolloutEvenWhenRegionFailuresWouldGoOn() {
        // Given a 20-minute deadline that passes during the 30-minute watch of us-east
        Sim sim = new Sim(Sim.rollout("progressDeadline: 20m\n" + regions("stopOnRegionFailure: false")), "v1");

        // When
        RolloutStatus end = sim.run(Duration.ofHours(3));

        // Then no later region is started after the deadline
        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(end.abort().orElseThrow().cause()).isEqualTo(AbortCause.DEADLINE_EXCEEDED);
        assertThat(end.abort().orElseThrow().message())
                .isEqualTo("region us-east: progress deadline 20m exceeded at step 9/26 (pause 30m (RegionWait))");
        assertThat(end.finishedAt()).contains(at(20));
        assertThat(sim.actions).noneMatch(a -> a.region().equals("eu-west") || a.region().equals("ap-south"));
    }
}
