package dev.rollgate.rollout;

import dev.rollgate.analysis.AnalysisRun;
import dev.rollgate.ledger.StepRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything about one rollout that must survive a crash, and everything a person needs to understand it. Saved
 * before every externally visible action, so the next driver to read it can carry on.
 *
 * @param canaryVersion    the version being rolled out (after promotion it equals {@code stableVersion})
 * @param currentStepIndex index into the plan's steps of the step in progress; {@code stepCount} once all are done
 * @param canaryWeight     the canary's confirmed share of traffic in the current region, percent
 * @param pauseConditions  why the rollout waits (empty unless Paused)
 * @param analysisRuns     every analysis run of this rollout, running or finished
 * @param abort            why traffic is going, or went, back to stable
 * @param command          a person's instruction not yet acted on
 * @param fullPromotion    {@code promote --full} was given: pauses and analyses are skipped
 * @param retry            a failed operation waiting to be retried
 * @param rollback         how far a rollback got
 * @param stepStartedAt    when the current step began (for the step deadline)
 * @param waitedForPeople  time spent in pauses that wait for a person (not counted against the progress deadline)
 * @param wakeAt           when the engine next needs to be asked, even if nothing else happens
 * @param steps            each finished step with its times and result, for the ledger
 */
public record RolloutStatus(
        String rolloutId,
        String service,
        String environment,
        String strategy,
        RolloutPhase phase,
        String message,
        Optional<String> stableVersion,
        String canaryVersion,
        int currentStepIndex,
        int stepCount,
        int canaryWeight,
        List<RegionStatus> regions,
        List<PauseCondition> pauseConditions,
        List<AnalysisRun> analysisRuns,
        Optional<Abort> abort,
        Optional<Command> command,
        boolean fullPromotion,
        Optional<Retry> retry,
        Optional<RollbackProgress> rollback,
        Instant startedAt,
        Instant stepStartedAt,
        Duration waitedForPeople,
        Optional<Instant> wakeAt,
        Optional<Instant> finishedAt,
        List<StepRecord> steps) {

    public RolloutStatus {
        Objects.requireNonNull(rolloutId, "rolloutId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(stableVersion, "stableVersion");
        Objects.requireNonNull(canaryVersion, "canaryVersion");
        regions = List.copyOf(regions);
        pauseConditions = List.copyOf(pauseConditions);
        analysisRuns = List.copyOf(analysisRuns);
        Objects.requireNonNull(abort, "abort");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(rollback, "rollback");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(stepStartedAt, "stepStartedAt");
        Objects.requireNonNull(waitedForPeople, "waitedForPeople");
        Objects.requireNonNull(wakeAt, "wakeAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        steps = List.copyOf(steps);
    }

    /** The same status with a person's command waiting for the engine. */
    public RolloutStatus withCommand(Command next) {
        return new RolloutStatus(rolloutId, service, environment, strategy, phase, message, stableVersion,
                canaryVersion, currentStepIndex, stepCount, canaryWeight, regions, pauseConditions, analysisRuns,
                abort, Optional.of(next), fullPromotion, retry, rollback, startedAt, stepStartedAt, waitedForPeople,
                wakeAt, finishedAt, steps);
    }

    /** The traffic split as a person reads it, e.g. {@code v1 95% | v2 5%}, or {@code v2 100%} alone. */
    public String trafficSplit() {
        Optional<String> stable = stableVersion.filter(v -> !v.equals(canaryVersion));
        if (stable.isEmpty()) {
            return canaryVersion + " " + canaryWeight + "%";
        }
        return stable.get() + " " + (100 - canaryWeight) + "% | " + canaryVersion + " " + canaryWeight + "%";
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isFinished() {
        return phase.isTerminal();
    }
}
