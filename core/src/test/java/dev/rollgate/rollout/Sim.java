package dev.rollgate.rollout;

import dev.rollgate.analysis.Metric;
import dev.rollgate.analysis.MetricQuery;
import dev.rollgate.analysis.MetricSample;
import dev.rollgate.config.ConfigException;
import dev.rollgate.config.ConfigLoader;
import dev.rollgate.hook.HealthCheckSpec;
import dev.rollgate.hook.HooksSpec;
import dev.rollgate.strategy.Attendance;
import dev.rollgate.strategy.FailurePolicy;
import dev.rollgate.strategy.PlanStep;
import dev.rollgate.strategy.Planner;
import dev.rollgate.strategy.RegionPolicy;
import dev.rollgate.strategy.RolloutPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Drives the engine in virtual time the way a real driver does (advance, act, wait until wakeAt), with a
 * function standing in for the world's answers. Records every action, and when it was asked for, for assertions.
 *
 * <p>{@link #world} answers every action; by default it does what it was asked and answers a measurement with
 * {@link #metrics}, which by default reports a healthy canary (0% errors, 100 ms, 10 req/s, 100% available) beside an
 * equally healthy baseline when the query has one.
 */
final class Sim {

    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    static final String R = RolloutPlan.DEFAULT_REGION;

    final Rollout rollout;
    RolloutStatus status;
    Instant now = T0;
    final List<Action> actions = new ArrayList<>();
    /** Every action with the virtual time of the advance that asked for it. */
    final List<Acted> timeline = new ArrayList<>();
    Function<MetricQuery, MetricSample> metrics = Sim::healthy;
    Function<Action, Observation> world = this::answer;
    /** How a status is saved and read back between advances, as a driver's state store does; as it is by default. */
    UnaryOperator<RolloutStatus> store = UnaryOperator.identity();
    /** Every status an advance returned, in order. */
    final List<RolloutStatus> saved = new ArrayList<>();

    record Acted(Instant at, Action action) {
    }

    Sim(RolloutPlan plan, Optional<String> stable) {
        rollout = new Rollout(plan, new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(4)));
        status = rollout.start(new RolloutStart("r1", "payments-api", "production", stable, "v2"), now);
    }

    Sim(RolloutPlan plan, String stable) {
        this(plan, Optional.of(stable));
    }

    /** The plan of environment {@code production} in a whole rollgate.yaml text, attended. */
    static RolloutPlan plan(String yaml) {
        try {
            return Planner.plan(ConfigLoader.parseWithReadings(yaml, "rollgate.yaml"), "production",
                    Attendance.ATTENDED);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** The plan of a file whose only environment, production, has {@code rollout} (without indentation) as rollout. */
    static RolloutPlan rollout(String rollout) {
        return plan("service: payments-api\n"
                + "environments:\n"
                + "  production:\n"
                + "    rollout:\n"
                + rollout.stripIndent().lines().map(l -> "      " + l + "\n").reduce("", String::concat));
    }

    /** The default answer: the action is done; a measurement is answered by {@link #metrics}. */
    Observation answer(Action a) {
        if (a instanceof Action.Measure m) {
            Map<Metric, MetricSample> samples = new LinkedHashMap<>();
            for (MetricQuery q : m.queries()) {
                samples.put(q.metric(), metrics.apply(q));
            }
            // Taken at the end of the window asked for, as the real driver reports it.
            return new Observation.Measured(m, samples, m.queries().get(0).to());
        }
        return new Observation.Done(a, "");
    }

    /** A healthy service: 0% errors, 100 ms, 10 req/s, 100% available; the baseline the same when asked for. */
    static MetricSample healthy(MetricQuery q) {
        double value = switch (q.metric()) {
            case ERROR_RATE -> 0;
            case AVAILABILITY -> 100;
            case REQUEST_RATE -> 10;
            default -> 100;
        };
        return q.baselineVersion().isPresent() ? MetricSample.of(value, value) : MetricSample.of(value);
    }

    static RolloutPlan plan(List<PlanStep> steps, FailurePolicy policy, Optional<Duration> progressDeadline) {
        return new RolloutPlan("canary", List.of(R), steps, 2, policy, progressDeadline, Optional.empty(),
                RegionPolicy.DEFAULT, HooksSpec.NONE, HealthCheckSpec.DEFAULT, List.of());
    }

    /** One advance with no news; returns its actions without answering them. */
    List<Action> tick(List<Observation> observations) {
        Transition t = rollout.advance(status, now, observations);
        saved.add(t.status());
        status = store.apply(t.status());
        actions.addAll(t.actions());
        t.actions().forEach(a -> timeline.add(new Acted(now, a)));
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
        command(kind, "");
    }

    void command(Command.Kind kind, String reason) {
        status = status.withCommand(new Command(kind, "alice", reason, now));
    }

    /** When the first action matching {@code which} was asked for. */
    Instant firstAt(java.util.function.Predicate<Action> which) {
        return timeline.stream().filter(a -> which.test(a.action())).map(Acted::at).findFirst()
                .orElseThrow(() -> new AssertionError("no such action in " + actions));
    }

    /** The actions of one type, in order. */
    <A extends Action> List<A> actionsOf(Class<A> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The actions other than measurements, in order: what changed the world. */
    List<Action> changes() {
        return actions.stream().filter(a -> !(a instanceof Action.Measure)).toList();
    }
}
