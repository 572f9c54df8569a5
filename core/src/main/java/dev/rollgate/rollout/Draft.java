package dev.rollgate.rollout;

import dev.rollgate.analysis.AnalysisRun;
import dev.rollgate.ledger.StepRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link RolloutStatus} being changed inside one {@code advance}: mutable, never escapes the engine. */
final class Draft {

    final String rolloutId;
    final String service;
    final String environment;
    final String strategy;
    RolloutPhase phase;
    String message;
    Optional<String> stableVersion;
    final String canaryVersion;
    int currentStepIndex;
    final int stepCount;
    int canaryWeight;
    final List<RegionStatus> regions;
    final List<PauseCondition> pauseConditions;
    final List<AnalysisRun> analysisRuns;
    Optional<Abort> abort;
    Optional<Command> command;
    boolean fullPromotion;
    Optional<Retry> retry;
    Optional<RollbackProgress> rollback;
    final Instant startedAt;
    Instant stepStartedAt;
    Duration waitedForPeople;
    Optional<Instant> wakeAt = Optional.empty();
    Optional<Instant> finishedAt;
    final List<StepRecord> steps;

    Draft(RolloutStatus s) {
        rolloutId = s.rolloutId();
        service = s.service();
        environment = s.environment();
        strategy = s.strategy();
        phase = s.phase();
        message = s.message();
        stableVersion = s.stableVersion();
        canaryVersion = s.canaryVersion();
        currentStepIndex = s.currentStepIndex();
        stepCount = s.stepCount();
        canaryWeight = s.canaryWeight();
        regions = new ArrayList<>(s.regions());
        pauseConditions = new ArrayList<>(s.pauseConditions());
        analysisRuns = new ArrayList<>(s.analysisRuns());
        abort = s.abort();
        command = s.command();
        fullPromotion = s.fullPromotion();
        retry = s.retry();
        rollback = s.rollback();
        startedAt = s.startedAt();
        stepStartedAt = s.stepStartedAt();
        waitedForPeople = s.waitedForPeople();
        finishedAt = s.finishedAt();
        steps = new ArrayList<>(s.steps());
    }

    RolloutStatus build() {
        return new RolloutStatus(rolloutId, service, environment, strategy, phase, message, stableVersion, canaryVersion,
                currentStepIndex, stepCount, canaryWeight, regions, pauseConditions, analysisRuns, abort, command,
                fullPromotion, retry, rollback, startedAt, stepStartedAt, waitedForPeople, wakeAt, finishedAt, steps);
    }

    void moveTo(RolloutPhase next) {
        if (!phase.canBecome(next)) {
            throw new IllegalStateException("illegal rollout transition " + phase + " -> " + next);
        }
        phase = next;
    }

    void wakeNoLaterThan(Instant at) {
        if (wakeAt.isEmpty() || at.isBefore(wakeAt.get())) {
            wakeAt = Optional.of(at);
        }
    }

    int regionIndex(String name) {
        for (int i = 0; i < regions.size(); i++) {
            if (regions.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no region " + name);
    }

    RegionStatus region(String name) {
        return regions.get(regionIndex(name));
    }

    void region(RegionStatus updated) {
        regions.set(regionIndex(updated.name()), updated);
    }

    Optional<AnalysisRun> run(String name) {
        return analysisRuns.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    void run(AnalysisRun updated) {
        for (int i = 0; i < analysisRuns.size(); i++) {
            if (analysisRuns.get(i).name().equals(updated.name())) {
                analysisRuns.set(i, updated);
                return;
            }
        }
        analysisRuns.add(updated);
    }
}
