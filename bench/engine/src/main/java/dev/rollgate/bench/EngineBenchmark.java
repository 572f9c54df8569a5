package dev.rollgate.bench;

import dev.rollgate.driver.RolloutDriver;
import dev.rollgate.driver.RolloutListener;
import dev.rollgate.gate.DeploymentType;
import dev.rollgate.hook.HealthCheckSpec;
import dev.rollgate.hook.HooksSpec;
import dev.rollgate.ledger.DeploymentLedger;
import dev.rollgate.ledger.LedgerContents;
import dev.rollgate.ledger.LedgerEntry;
import dev.rollgate.ledger.Outcome;
import dev.rollgate.model.Trigger;
import dev.rollgate.rollout.Action;
import dev.rollgate.rollout.Observation;
import dev.rollgate.rollout.Rollout;
import dev.rollgate.rollout.RolloutPhase;
import dev.rollgate.rollout.RolloutStart;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.rollout.Transition;
import dev.rollgate.state.Revision;
import dev.rollgate.state.StateConflictException;
import dev.rollgate.state.StateStore;
import dev.rollgate.state.Stored;
import dev.rollgate.strategy.FailurePolicy;
import dev.rollgate.strategy.PlanStep;
import dev.rollgate.strategy.RegionPolicy;
import dev.rollgate.strategy.RolloutPlan;
import dev.rollgate.target.Side;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's own cost of a 10-step canary with no pauses: every action answered at once by an in-memory target,
 * so what is measured is deciding, not doing. Target: under 5 ms per rollout.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class EngineBenchmark {

    private static final String R = RolloutPlan.DEFAULT_REGION;
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final RolloutPlan PLAN = tenStepCanary();
    private static final LedgerEntry ATTEMPT = new LedgerEntry("r1", "payments-api", "production", "v2",
            Optional.of("v1"), Optional.of("bench"), Trigger.MANUAL, Optional.empty(), DeploymentType.MANUAL, "canary",
            T0, Optional.empty(), Outcome.IN_PROGRESS, Optional.empty(), List.of());

    static RolloutPlan tenStepCanary() {
        List<PlanStep> steps = new ArrayList<>();
        steps.add(new PlanStep.Scale(R, Side.CANARY, 2));
        for (int w = 10; w <= 100; w += 10) {
            steps.add(new PlanStep.SetWeight(R, w));
        }
        steps.add(new PlanStep.Scale(R, Side.STABLE, 0));
        steps.add(new PlanStep.MarkStable(R));
        return new RolloutPlan("canary", List.of(R), steps, 2, FailurePolicy.ROLL_BACK, Optional.empty(),
                Optional.empty(), RegionPolicy.DEFAULT, HooksSpec.NONE, HealthCheckSpec.DEFAULT, List.of());
    }

    /** The state machine alone: advance, answer every action "done", until Promoted. */
    @Benchmark
    public RolloutStatus engineOnly() {
        Rollout rollout = new Rollout(PLAN);
        RolloutStatus status = rollout.start(new RolloutStart("r1", "payments-api", "production", Optional.of("v1"), "v2"), T0);
        List<Observation> observations = List.of();
        while (!status.isFinished()) {
            Transition t = rollout.advance(status, T0, observations);
            status = t.status();
            List<Observation> next = new ArrayList<>(t.actions().size());
            for (Action a : t.actions()) {
                next.add(new Observation.Done(a, ""));
            }
            observations = next;
        }
        if (status.phase() != RolloutPhase.PROMOTED) {
            throw new IllegalStateException(status.message());
        }
        return status;
    }

    /** The driver loop too: compare-and-set saves before every action and ledger appends, all in memory. */
    @Benchmark
    public RolloutStatus driverInMemory() throws Exception {
        Rollout rollout = new Rollout(PLAN);
        MemoryStore store = new MemoryStore();
        store.create(rollout.start(new RolloutStart("r1", "payments-api", "production", Optional.of("v1"), "v2"), T0));
        RolloutDriver driver = new RolloutDriver(rollout, store, (action, status) -> new Observation.Done(action, ""),
                new MemoryLedger(), Clock.fixed(T0, ZoneOffset.UTC), d -> { }, RolloutListener.NONE, Duration.ofMillis(200));
        RolloutStatus end = driver.run(ATTEMPT, RolloutDriver.StopWhen.END);
        if (end.phase() != RolloutPhase.PROMOTED) {
            throw new IllegalStateException(end.message());
        }
        return end;
    }

    static final class MemoryStore implements StateStore<RolloutStatus> {
        private Stored<RolloutStatus> current;

        @Override
        public Optional<Stored<RolloutStatus>> read() {
            return Optional.ofNullable(current);
        }

        @Override
        public Revision create(RolloutStatus value) throws StateConflictException {
            if (current != null) {
                throw new StateConflictException("memory", Optional.empty(), Optional.of(current.revision()));
            }
            current = new Stored<>(value, Revision.FIRST);
            return Revision.FIRST;
        }

        @Override
        public Revision replace(Revision expected, RolloutStatus value) throws StateConflictException {
            if (!current.revision().equals(expected)) {
                throw new StateConflictException("memory", Optional.of(expected), Optional.of(current.revision()));
            }
            Revision next = expected.next();
            current = new Stored<>(value, next);
            return next;
        }
    }

    static final class MemoryLedger implements DeploymentLedger {
        private final List<LedgerEntry> entries = new ArrayList<>();

        @Override
        public void append(LedgerEntry entry) {
            entries.add(entry);
        }

        @Override
        public LedgerContents read() {
            return new LedgerContents(entries, List.of());
        }
    }
}
