package dev.rollgate.driver;

import dev.rollgate.ledger.DeploymentLedger;
import dev.rollgate.ledger.LedgerEntry;
import dev.rollgate.ledger.Outcome;
import dev.rollgate.rollout.Abort;
import dev.rollgate.rollout.Action;
import dev.rollgate.rollout.Command;
import dev.rollgate.rollout.Observation;
import dev.rollgate.rollout.Rollout;
import dev.rollgate.rollout.RolloutPhase;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.rollout.Transition;
import dev.rollgate.state.Revision;
import dev.rollgate.state.StateConflictException;
import dev.rollgate.state.StateStore;
import dev.rollgate.state.Stored;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a rollout to its end: persist the status, then act, then wait; again. The status is saved (compare-and-set)
 * before every action, so a driver killed at any point leaves a status from which the next driver repeats the
 * same idempotent action. Commands ({@code promote}, {@code abort}) arrive through the store from other processes
 * and are picked up on the next turn, at most {@code pollInterval} later.
 */
public final class RolloutDriver {

    private final Rollout rollout;
    private final StateStore<RolloutStatus> store;
    private final ActionPerformer performer;
    private final DeploymentLedger ledger;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RolloutListener listener;
    private final Duration pollInterval;
    private volatile Optional<Interruption> stopRequested = Optional.empty();
    private volatile String stoppedBy = "signal";
    private volatile Thread driving;
    private volatile boolean interruptible;
    private volatile LedgerEntry lastRecorded;

    /** When {@link #run} returns, besides the end of the rollout. */
    public enum StopWhen {
        /** Only at the end: a pause for a person is waited out (another process may promote). */
        END,
        /** Also when the rollout waits for a person: the caller tells them, and they come back with promote. */
        PERSON_NEEDED,
        /**
         * Whenever the rollout waits (nothing to do before {@code wakeAt} or a command): the caller schedules the next
         * round itself and holds no thread meanwhile (the Jenkins steps).
         */
        WAITING
    }

    public RolloutDriver(Rollout rollout, StateStore<RolloutStatus> store, ActionPerformer performer,
                         DeploymentLedger ledger, Clock clock, Sleeper sleeper, RolloutListener listener,
                         Duration pollInterval) {
        this.rollout = Objects.requireNonNull(rollout, "rollout");
        this.store = Objects.requireNonNull(store, "store");
        this.performer = Objects.requireNonNull(performer, "performer");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    }

    /**
     * Asks the driver to stop, from any thread (a signal handler): with {@link Interruption#ABORT} the rollout is
     * aborted safely and the driver returns once traffic is back on stable; with {@link Interruption#LEAVE} the
     * driver returns at once, leaving the saved status for {@code rollgate resume}.
     */
    public void stop(Interruption how) {
        stop(how, "signal");
    }

    /** As {@link #stop(Interruption)}, naming who stopped it in the status and the ledger (a build, a user). */
    public void stop(Interruption how, String by) {
        stoppedBy = Objects.requireNonNull(by, "by");
        stopRequested = Optional.of(how);
        Thread t = driving;
        if (t != null && interruptible) {
            t.interrupt();
        }
    }

    /**
     * Drives the rollout whose status is in the store until it ends (Promoted, Aborted, RolledBack), fails (Failed),
     * or the driver is told to leave. {@code attempt} is the ledger record of this attempt, appended as it progresses.
     */
    public RolloutStatus run(LedgerEntry attempt, StopWhen stopWhen) throws IOException, InterruptedException {
        driving = Thread.currentThread();
        try {
            return loop(attempt, stopWhen);
        } finally {
            driving = null;
            Thread.interrupted(); // a late stop() must not leak an interrupt into the caller
        }
    }

    /** The ledger record of the attempt as this driver last appended it (or was given it). */
    public LedgerEntry lastRecorded() {
        return lastRecorded;
    }

    private RolloutStatus loop(LedgerEntry attempt, StopWhen stopWhen) throws IOException, InterruptedException {
        lastRecorded = attempt;
        Stored<RolloutStatus> current = store.read()
                .orElseThrow(() -> new IllegalStateException("no rollout status to drive"));
        Optional<RolloutStatus> previous = Optional.empty();
        List<Observation> observations = new ArrayList<>();
        // A round that changes no step adds nothing to the ledger (drivers that run in rounds would flood it).
        int recordedSteps = attempt.steps().size();
        while (true) {
            Optional<Interruption> stop = stopRequested;
            if (stop.isPresent() && stop.get() == Interruption.LEAVE) {
                record(progress(attempt, current.value(), "interrupted; left as it was for rollgate resume"));
                return current.value();
            }
            RolloutStatus base = current.value();
            if (stop.isPresent() && base.abort().isEmpty() && !base.isFinished() && !stopsAnyway(base)) {
                base = base.withCommand(new Command(Command.Kind.INTERRUPT, stoppedBy, "", clock.instant()));
            }
            Transition t = rollout.advance(base, clock.instant(), observations);
            // A waiting rollout asked again (every poll) usually changes nothing: then there is nothing to save.
            if (!t.status().equals(current.value())) {
                Revision saved;
                try {
                    saved = store.replace(current.revision(), t.status());
                } catch (StateConflictException e) {
                    // Someone wrote a command meanwhile: re-read and decide again with the same observations.
                    current = store.read().orElseThrow();
                    continue;
                }
                current = new Stored<>(t.status(), saved);
            }
            listener.saved(previous, t.status());
            previous = Optional.of(t.status());
            observations = new ArrayList<>();
            RolloutStatus status = t.status();
            if (status.steps().size() != recordedSteps || status.isFinished() || status.phase() == RolloutPhase.FAILED) {
                recordedSteps = status.steps().size();
                record(progress(attempt, status, ""));
            }
            if (status.isFinished() || status.phase() == RolloutPhase.FAILED) {
                return status;
            }
            if (stopWhen == StopWhen.PERSON_NEEDED && t.actions().isEmpty()
                    && status.pauseConditions().stream().anyMatch(p -> p.until().isEmpty())) {
                return status;
            }
            for (Action action : t.actions()) {
                listener.acting(action);
                Observation o;
                try {
                    interruptible = true;
                    o = performer.perform(action, status);
                } catch (InterruptedException e) {
                    if (stopRequested.isEmpty()) {
                        throw e;
                    }
                    break; // stop requested: decide again at once (the action is idempotent)
                } finally {
                    interruptible = false;
                    Thread.interrupted();
                }
                listener.observed(o);
                observations.add(o);
            }
            if (t.actions().isEmpty()) {
                if (stopWhen == StopWhen.WAITING) {
                    return status;
                }
                waitUntil(status.wakeAt());
                current = store.read().orElseThrow(); // pick up commands from other processes
            }
        }
    }

    private void record(LedgerEntry entry) throws IOException {
        ledger.append(entry);
        lastRecorded = entry;
    }

    /** A pending abort or rollback already ends the rollout safely, and says who asked; keep it. */
    private static boolean stopsAnyway(RolloutStatus s) {
        return s.command().map(c -> c.kind() == Command.Kind.ABORT || c.kind() == Command.Kind.ROLLBACK
                || c.kind() == Command.Kind.INTERRUPT).orElse(false);
    }

    private void waitUntil(Optional<Instant> wake) throws InterruptedException {
        if (stopRequested.isPresent()) {
            return;
        }
        Duration wait = pollInterval;
        if (wake.isPresent()) {
            Duration untilWake = Duration.between(clock.instant(), wake.get());
            if (untilWake.compareTo(wait) < 0) {
                wait = untilWake.isNegative() ? Duration.ZERO : untilWake;
            }
        }
        if (wait.isZero()) {
            return;
        }
        try {
            interruptible = true;
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            if (stopRequested.isEmpty()) {
                throw e;
            }
        } finally {
            interruptible = false;
            Thread.interrupted();
        }
    }

    /** The ledger record of this attempt as the status now stands. */
    static LedgerEntry progress(LedgerEntry attempt, RolloutStatus status, String note) {
        Outcome outcome = outcomeOf(status.phase());
        Optional<String> cause = status.abort().map(Abort::message);
        if (!note.isEmpty()) {
            cause = Optional.of(cause.map(c -> c + "; " + note).orElse(note));
        }
        Optional<String> previousVersion = attempt.previousVersion().isPresent() ? attempt.previousVersion()
                : status.stableVersion().filter(v -> !v.equals(status.canaryVersion()));
        return new LedgerEntry(attempt.id(), attempt.service(), attempt.environment(), attempt.version(), previousVersion,
                attempt.actor(), attempt.trigger(), attempt.reason(), attempt.deploymentType(), attempt.strategy(),
                attempt.startedAt(), status.finishedAt(), outcome, cause, status.steps());
    }

    static Outcome outcomeOf(RolloutPhase phase) {
        switch (phase) {
            case PROMOTED:
                return Outcome.SUCCEEDED;
            case ROLLED_BACK:
                return Outcome.ROLLED_BACK;
            case ABORTED:
                return Outcome.ABORTED;
            case FAILED:
                return Outcome.FAILED;
            default:
                return Outcome.IN_PROGRESS;
        }
    }
}
