package dev.rollgate.rollout;

import dev.rollgate.hook.HealthCheckSpec;
import dev.rollgate.hook.HooksSpec;
import dev.rollgate.strategy.FailurePolicy;
import dev.rollgate.strategy.PlanStep;
import dev.rollgate.strategy.RegionPolicy;
import dev.rollgate.strategy.RolloutPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Drives the engine in virtual time the way a real driver does (advance, act, wait until wakeAt), with a
 * function standing in for the world's answers. Records every action for assertions.
 */
final class Sim {

    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    static final String R = RolloutPlan.DEFAULT_REGION;

    final Rollout rollout;
    RolloutStatus status;
    Instant now = T0;
    final List<Action> actions = new ArrayList<>();
    Function<Action, Observation> world = a -> new Observation.Done(a, "");

    Sim(RolloutPlan plan, Optional<String> stable) {
        rollout = new Rollout(plan, new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(4)));
        status = rollout.start(new RolloutStart("r1", "payments-api", "production", stable, "v2"), now);
    }

    static RolloutPlan plan(List<PlanStep> steps, FailurePolicy policy, Optional<Duration> progressDeadline) {
        return new RolloutPlan("canary", List.of(R), steps, 2, policy, progressDeadline, Optional.empty(),
                RegionPolicy.DEFAULT, HooksSpec.NONE, HealthCheckSpec.DEFAULT, List.of());
    }

    /** One advance with no news; returns its actions without answering them. */
    List<Action> tick(List<Observation> observations) {
        Transition t = rollout.advance(status, now, observations);
        status = t.status();
        actions.addAll(t.actions());
        return t.actions();
    }

    /** Runs until the rollout ends, waits for a person, or {@code limit} passes in virtual time. */
    RolloutStatus run(Duration limit) {
        Instant end = now.plus(limit);
        List<Observation> observations = List.of();
        for (int i = 0; i < 10_000 && now.isBefore(end); i++) {
            List<Action> acted = tick(observations);
            if (status.isFinished() || status.phase() == RolloutPhase.FAILED) {
                return status;
            }
            List<Observation> next = new ArrayList<>();
            for (Action a : acted) {
                next.add(world.apply(a));
            }
            observations = next;
            if (acted.isEmpty()) {
                if (status.wakeAt().isEmpty()) {
                    return status; // waiting for a person
                }
                now = status.wakeAt().get().isAfter(now) ? status.wakeAt().get() : now;
            }
        }
        return status;
    }

    void command(Command.Kind kind) {
        status = status.withCommand(new Command(kind, "alice", "", now));
    }
}
