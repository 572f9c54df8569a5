package dev.rollgate.rollout;

import dev.rollgate.analysis.AnalysisPhase;
import dev.rollgate.analysis.AnalysisRun;
import dev.rollgate.analysis.Metric;
import dev.rollgate.analysis.MetricQuery;
import dev.rollgate.analysis.MetricSample;
import dev.rollgate.analysis.Severity;
import dev.rollgate.analysis.Verdict;
import dev.rollgate.config.Durations;
import dev.rollgate.hook.HookPhase;
import dev.rollgate.ledger.StepRecord;
import dev.rollgate.strategy.FailurePolicy;
import dev.rollgate.strategy.PauseReason;
import dev.rollgate.strategy.PlanStep;
import dev.rollgate.strategy.RolloutPlan;
import dev.rollgate.target.Side;
import dev.rollgate.target.TrafficSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rollout state machine: {@link #advance} takes a status, the time and what the driver observed, and returns
 * the next status and the actions to carry out. It never sleeps, never reads a clock and never touches the
 * outside world, so a rollout can be replayed in virtual time, resumed after a crash (the saved status re-derives
 * the same idempotent action), and driven by a CLI loop, a Jenkins step or a GitHub Action alike.
 */
public final class Rollout {

    private static final int MAX_MOVES = 10_000;

    private final RolloutPlan plan;
    private final RetryPolicy retryPolicy;
    private final RunNames runs;

    public Rollout(RolloutPlan plan, RetryPolicy retryPolicy) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.runs = new RunNames(plan);
    }

    public Rollout(RolloutPlan plan) {
        this(plan, RetryPolicy.DEFAULT);
    }

    public RolloutPlan plan() {
        return plan;
    }

    /** The status of a rollout that has not done anything yet. */
    public RolloutStatus start(RolloutStart start, Instant now) {
        List<RegionStatus> regions = plan.regions().stream().map(RegionStatus::pending).toList();
        String message = start.stableVersion()
                .map(s -> "rolling out " + start.version() + " over " + s + " (" + plan.strategy() + ")")
                .orElse("first deployment of " + start.version());
        return new RolloutStatus(start.rolloutId(), start.service(), start.environment(), plan.strategy(),
                RolloutPhase.PROGRESSING, message, start.stableVersion(), start.version(), 0, plan.steps().size(), 0,
                regions, List.of(), List.of(), Optional.empty(), Optional.empty(), false, Optional.empty(),
                Optional.empty(), now, now, Duration.ZERO, Optional.of(now), Optional.empty(), List.of());
    }

    /** Takes a rollback that ended Failed up again: the next advance retries it from its first step. */
    public RolloutStatus retryFailed(RolloutStatus status, Instant now) {
        if (status.phase() != RolloutPhase.FAILED) {
            return status;
        }
        Draft d = new Draft(status);
        d.moveTo(RolloutPhase.ROLLING_BACK);
        d.retry = Optional.empty();
        d.rollback = d.rollback.map(r -> new RollbackProgress(r.regions(), 0, 0))
                .or(() -> Optional.of(new RollbackProgress(touchedRegions(d), 0, 0)));
        d.message = "retrying the rollback: " + d.abort.map(Abort::message).orElse("");
        d.wakeAt = Optional.of(now);
        return d.build();
    }

    public Transition advance(RolloutStatus status, Instant now, List<Observation> observations) {
        if (status.phase().isTerminal()) {
            return new Transition(status, List.of());
        }
        Draft d = new Draft(status);
        for (Observation o : observations) {
            observe(d, o, now);
        }
        d.command.ifPresent(c -> {
            d.command = Optional.empty();
            obey(d, c, now);
        });
        List<Action> actions = new ArrayList<>();
        if (!d.phase.isTerminal() && d.phase != RolloutPhase.FAILED) {
            enforceDeadlines(d, now);
            drive(d, now, actions);
        }
        if (d.phase.isTerminal() || d.phase == RolloutPhase.FAILED) {
            d.wakeAt = Optional.empty();
        } else if (actions.isEmpty() && d.wakeAt.isEmpty()
                && d.pauseConditions.stream().noneMatch(PauseCondition::waitsForPerson)) {
            throw new IllegalStateException("rollout " + d.rolloutId + " neither acts nor waits at step "
                    + d.currentStepIndex + " in " + d.phase);
        }
        return new Transition(d.build(), actions);
    }

    // ---- observations ------------------------------------------------------------------------------------------

    private void observe(Draft d, Observation o, Instant now) {
        if (o instanceof Observation.Measured m) {
            record(d, m, now);
            return;
        }
        if (o instanceof Observation.Failed f && f.action() instanceof Action.Measure m) {
            // A measurement the driver could not take is a provider error of every metric asked for, so
            // consecutiveErrorLimit applies; dropping it would ask again at once, forever.
            Map<Metric, MetricSample> errors = new LinkedHashMap<>();
            m.queries().forEach(q -> errors.put(q.metric(), MetricSample.failed(f.reason())));
            Instant at = m.queries().isEmpty() ? now : m.queries().get(0).to();
            record(d, new Observation.Measured(m, errors, at), now);
            return;
        }
        Optional<Action> expected = expectedAction(d);
        if (expected.isEmpty() || !expected.get().equals(o.action())) {
            return; // an answer to a question no longer asked (a command changed course meanwhile)
        }
        if (o instanceof Observation.Done done) {
            d.retry = Optional.empty();
            confirm(d, done.action());
            if (d.rollback.isPresent()) {
                RollbackProgress r = d.rollback.get();
                d.rollback = Optional.of(new RollbackProgress(r.regions(), r.regionIndex(), r.stepIndex() + 1));
            } else if (done.action() instanceof Action.RunHook || done.action() instanceof Action.VerifyVersion) {
                finishStep(d, now, done.detail().isEmpty() ? "ok" : done.detail());
            }
            return;
        }
        Observation.Failed failed = (Observation.Failed) o;
        if (failed.kind() == Observation.FailureKind.TRANSIENT) {
            int attempts = d.retry.map(Retry::attempts).orElse(0) + 1;
            if (attempts < retryPolicy.attempts()) {
                Instant next = now.plus(retryPolicy.backoff(attempts));
                d.retry = Optional.of(new Retry(attempts, next, failed.reason()));
                d.message = failed.action().describe() + " failed (" + failed.reason() + "); attempt " + (attempts + 1)
                        + " of " + retryPolicy.attempts() + " in " + Durations.format(retryPolicy.backoff(attempts));
                return;
            }
            d.retry = Optional.empty();
            failedFor(d, failed.action(), "gave up after " + attempts + " attempts: " + failed.reason(),
                    AbortCause.TARGET_FAILED, now);
            return;
        }
        d.retry = Optional.empty();
        AbortCause cause = failed.kind() == Observation.FailureKind.BROKEN ? AbortCause.TARGET_FAILED
                : causeOf(failed.action());
        failedFor(d, failed.action(), failed.reason(), cause, now);
    }

    private void failedFor(Draft d, Action action, String reason, AbortCause cause, Instant now) {
        String what = action.describe() + " failed: " + reason;
        if (d.rollback.isPresent()) {
            if (action instanceof Action.RunHook) {
                // Traffic is already back on stable; a failing onRollback hook is reported, not retried forever.
                RollbackProgress r = d.rollback.get();
                d.rollback = Optional.of(new RollbackProgress(r.regions(), r.regionIndex(), r.stepIndex() + 1));
                d.message = what;
                return;
            }
            d.moveTo(RolloutPhase.FAILED);
            d.message = "rollback could not complete: " + what + "; fix the target, then run rollgate resume";
            return;
        }
        fail(d, cause, what, now);
    }

    private static AbortCause causeOf(Action action) {
        if (action instanceof Action.Scale) {
            return AbortCause.HEALTH_CHECK_FAILED;
        }
        if (action instanceof Action.RunHook) {
            return AbortCause.HOOK_FAILED;
        }
        if (action instanceof Action.VerifyVersion) {
            return AbortCause.VERSION_CHECK_FAILED;
        }
        return AbortCause.TARGET_FAILED;
    }

    private static void confirm(Draft d, Action action) {
        if (action instanceof Action.Scale s) {
            RegionStatus r = d.region(s.region());
            d.region(s.side() == Side.STABLE ? r.withStableReplicas(s.replicas()) : r.withCanaryReplicas(s.replicas()));
        } else if (action instanceof Action.Route route) {
            boolean allOnNew = route.split().canary().isEmpty() && route.split().stable().equals(Optional.of(d.canaryVersion));
            int weight = allOnNew ? 100 : route.split().canary().isEmpty() ? 0 : route.split().canaryWeight();
            RegionStatus region = d.region(route.region()).withWeight(weight);
            // The new version alone in the routing table is what promotion means for a region.
            d.region(allOnNew && d.rollback.isEmpty() ? region.in(RegionStatus.RegionState.PROMOTED) : region);
            d.canaryWeight = weight;
        }
    }

    private void record(Draft d, Observation.Measured m, Instant now) {
        Optional<AnalysisRun> found = d.run(m.action().run());
        if (found.isEmpty() || found.get().phase().isCompleted() || d.rollback.isPresent()) {
            return;
        }
        AnalysisRun run = found.get();
        for (Map.Entry<Metric, MetricSample> e : m.samples().entrySet()) {
            run = run.record(e.getKey(), e.getValue(), m.at());
        }
        d.run(run);
        judge(d, run, now);
    }

    /** Acts on an analysis run's verdict, if it has one that is not a success. */
    private void judge(Draft d, AnalysisRun run, Instant now) {
        AnalysisPhase phase = run.phase();
        if (!phase.isCompleted() || phase == AnalysisPhase.SUCCESSFUL) {
            return;
        }
        String reason = run.verdict().map(Verdict::reason).orElse("analysis " + run.name() + " " + phase.wireName());
        boolean manual = run.verdict().map(v -> v.severity() == Severity.MANUAL).orElse(false);
        if (phase == AnalysisPhase.INCONCLUSIVE || manual) {
            pauseForPerson(d, PauseReason.INCONCLUSIVE_ANALYSIS, "analysis " + run.name() + ": " + reason
                    + " — asks a human: promote to carry on, or rollback", now);
            return;
        }
        fail(d, AbortCause.ANALYSIS_FAILED, "analysis " + run.name() + " " + phase.wireName() + ": " + reason, now);
    }

    // ---- commands ----------------------------------------------------------------------------------------------

    private void obey(Draft d, Command c, Instant now) {
        switch (c.kind()) {
            case ABORT -> stopByPerson(d, AbortCause.ABORTED_BY_USER, "aborted by " + c.by() + reasonSuffix(c), now);
            case ROLLBACK -> stopByPerson(d, AbortCause.ROLLBACK_REQUESTED,
                    "rollback requested by " + c.by() + reasonSuffix(c), now);
            case INTERRUPT -> stopByPerson(d, AbortCause.INTERRUPTED, "interrupted (" + c.by() + ")" + reasonSuffix(c), now);
            case PROMOTE -> promote(d, now, c);
            case PROMOTE_FULL -> {
                if (d.rollback.isPresent() || d.phase == RolloutPhase.FAILED) {
                    return;
                }
                d.fullPromotion = true;
                endPause(d, now);
                stopRunningAnalyses(d, now);
                d.message = "fully promoted by " + c.by() + ": skipping the remaining pauses and analyses";
            }
            default -> throw new IllegalStateException("unknown command " + c.kind());
        }
    }

    private static String reasonSuffix(Command c) {
        return c.reason().isBlank() ? "" : ": " + c.reason();
    }

    /** Ends the current pause, or the step a failure or a manual criterion stopped at, and goes on. */
    private void promote(Draft d, Instant now, Command c) {
        if (d.rollback.isPresent() || d.phase == RolloutPhase.FAILED) {
            return;
        }
        boolean pausedByFailure = d.pauseConditions.stream().anyMatch(p -> p.reason() == PauseReason.INCONCLUSIVE_ANALYSIS
                || p.reason() == PauseReason.ANALYSIS_FAILED_MANUAL);
        endPause(d, now);
        if (pausedByFailure) {
            List<AnalysisRun> restarted = new ArrayList<>();
            for (AnalysisRun run : d.analysisRuns) {
                if (runs.isBackground(run.name()) && run.phase().isCompleted() && run.phase() != AnalysisPhase.SUCCESSFUL
                        && !stepRunName(d).equals(Optional.of(run.name()))) {
                    restarted.add(AnalysisRun.start(run.name(), runs.backgroundSpec(run.name()), now));
                }
            }
            restarted.forEach(d::run);
            if (restarted.isEmpty() && d.currentStepIndex < d.stepCount) {
                finishStep(d, now, "promoted by " + c.by() + " despite: " + d.message);
            }
        } else if (d.currentStepIndex < d.stepCount) {
            PlanStep step = plan.steps().get(d.currentStepIndex);
            if (step instanceof PlanStep.Pause || step instanceof PlanStep.Analysis a
                    && a.mode() == PlanStep.AnalysisMode.BLOCKING) {
                stepRunName(d).flatMap(d::run).ifPresent(r -> d.run(r.stop(now)));
                finishStep(d, now, "promoted by " + c.by());
            }
        }
        d.message = "promoted by " + c.by() + reasonSuffix(c);
    }

    private void stopByPerson(Draft d, AbortCause cause, String message, Instant now) {
        if (d.phase == RolloutPhase.FAILED) {
            d.moveTo(RolloutPhase.ROLLING_BACK);
            d.rollback = Optional.of(new RollbackProgress(touchedRegions(d), 0, 0));
            d.message = message;
            return;
        }
        if (d.rollback.isPresent()) {
            if (d.phase == RolloutPhase.ROLLING_BACK) {
                return; // already going back
            }
            // One region's rollback in a rollout that would go on (stopOnRegionFailure off): the person stops it
            // all. That region's rollback carries on where it is, then every other region the rollout touched.
            RollbackProgress r = d.rollback.get();
            List<String> regions = new ArrayList<>(r.regions());
            touchedRegions(d).stream().filter(name -> !regions.contains(name)).forEach(regions::add);
            d.rollback = Optional.of(new RollbackProgress(regions, r.regionIndex(), r.stepIndex()));
            d.abort = Optional.of(new Abort(cause, message, now));
            d.moveTo(RolloutPhase.ROLLING_BACK);
            d.message = "rolling back: " + message;
            return;
        }
        startRollback(d, new Abort(cause, message, now), touchedRegions(d), now, AfterFailure.STOP);
    }

    // ---- failures and rollback ---------------------------------------------------------------------------------

    /** Something went wrong at the current step: roll back, or pause when the environment says a person decides. */
    private void fail(Draft d, AbortCause cause, String message, Instant now) {
        fail(d, cause, message, now, plan.regionPolicy().stopOnRegionFailure() ? AfterFailure.STOP : AfterFailure.GO_ON);
    }

    /** Whether a failure ends the whole rollout, or (multi-region) lets it go on with the next region. */
    private enum AfterFailure { STOP, GO_ON }

    /**
     * {@link #fail(Draft, AbortCause, String, Instant)} with the consequence chosen by the caller: the progress
     * deadline is the whole rollout's, so it stops whatever stopOnRegionFailure says.
     */
    private void fail(Draft d, AbortCause cause, String message, Instant now, AfterFailure after) {
        String region = currentRegion(d);
        // With several regions, which one failed is the first thing a person needs to know.
        String said = plan.regions().size() > 1 ? "region " + region + ": " + message : message;
        boolean judgement = cause != AbortCause.DEADLINE_EXCEEDED && cause != AbortCause.TARGET_FAILED;
        if (judgement && plan.onFailure() == FailurePolicy.PAUSE) {
            pauseForPerson(d, PauseReason.ANALYSIS_FAILED_MANUAL, said
                    + " — autoRollback is off: promote to carry on, or rollback", now);
            return;
        }
        d.region(d.region(region).in(RegionStatus.RegionState.FAILED));
        if (!plan.regionPolicy().rollbackFailedRegion() && plan.regions().size() > 1) {
            stopRunningAnalyses(d, now);
            d.abort = Optional.of(new Abort(cause, said, now));
            if (after == AfterFailure.STOP) {
                d.pauseConditions.clear();
                d.moveTo(RolloutPhase.FAILED);
                d.message = "region " + region + " failed and is left as it is for a person to look at: " + message;
            } else {
                skipRegion(d, region, now, "region " + region + " failed and is left as it is: " + message);
            }
            return;
        }
        List<String> regions = plan.regions().size() > 1 ? List.of(region) : touchedRegions(d);
        startRollback(d, new Abort(cause, said, now), regions, now, after);
    }

    private void startRollback(Draft d, Abort abort, List<String> regions, Instant now, AfterFailure after) {
        stopRunningAnalyses(d, now);
        boolean endsRollout = plan.regions().size() == 1 || after == AfterFailure.STOP
                || abort.cause() == AbortCause.ABORTED_BY_USER || abort.cause() == AbortCause.ROLLBACK_REQUESTED
                || abort.cause() == AbortCause.INTERRUPTED;
        d.pauseConditions.clear();
        d.abort = Optional.of(abort);
        d.retry = Optional.empty();
        d.rollback = Optional.of(new RollbackProgress(regions, 0, 0));
        if (endsRollout) {
            d.moveTo(RolloutPhase.ROLLING_BACK);
        } else if (d.phase == RolloutPhase.PAUSED) {
            d.moveTo(RolloutPhase.PROGRESSING);
        }
        d.message = "rolling back: " + abort.message();
    }

    private List<String> touchedRegions(Draft d) {
        List<String> touched = new ArrayList<>();
        for (RegionStatus r : d.regions) {
            if (r.state() != RegionStatus.RegionState.PENDING && r.state() != RegionStatus.RegionState.ROLLED_BACK) {
                touched.add(0, r.name()); // the latest region first
            }
        }
        if (touched.isEmpty()) {
            touched.add(currentRegion(d));
        }
        return touched;
    }

    /** The rollback of one region, as actions: stable back to full size, all traffic to it, canary down, hook. */
    private List<Action> rollbackSteps(Draft d, String region) {
        List<Action> steps = new ArrayList<>();
        if (d.stableVersion.isPresent()) {
            String stable = d.stableVersion.get();
            steps.add(new Action.Scale(region, Side.STABLE, stable, plan.replicas()));
            steps.add(new Action.Route(region, TrafficSplit.all(stable)));
        }
        steps.add(new Action.Scale(region, Side.CANARY, d.canaryVersion, 0));
        if (plan.hooks().hook(HookPhase.ON_ROLLBACK).isPresent()) {
            steps.add(new Action.RunHook(region, HookPhase.ON_ROLLBACK, d.canaryVersion));
        }
        return steps;
    }

    private Optional<Action> rollbackAction(Draft d) {
        RollbackProgress r = d.rollback.get();
        while (r.regionIndex() < r.regions().size()) {
            List<Action> steps = rollbackSteps(d, r.regions().get(r.regionIndex()));
            if (r.stepIndex() < steps.size()) {
                return Optional.of(steps.get(r.stepIndex()));
            }
            String done = r.regions().get(r.regionIndex());
            d.region(d.region(done).withWeight(0).in(RegionStatus.RegionState.ROLLED_BACK));
            r = new RollbackProgress(r.regions(), r.regionIndex() + 1, 0);
            d.rollback = Optional.of(r);
        }
        return Optional.empty();
    }

    private void finishRollback(Draft d, Instant now) {
        Abort abort = d.abort.orElseThrow();
        List<String> rolledBack = d.rollback.orElseThrow().regions();
        d.rollback = Optional.empty();
        d.canaryWeight = 0;
        List<String> kept = d.regions.stream().filter(r -> r.state() == RegionStatus.RegionState.PROMOTED)
                .map(RegionStatus::name).toList();
        // While another region keeps the new version, "traffic 100% on stable" is only true where it was rolled back.
        String where = kept.isEmpty() ? "" : " in " + String.join(", ", rolledBack);
        String back = d.stableVersion.map(s -> "traffic 100% on " + s + where).orElse("nothing was running before");
        if (d.phase == RolloutPhase.ROLLING_BACK) {
            RolloutPhase end = abort.cause().endsIn();
            d.moveTo(end);
            d.finishedAt = Optional.of(now);
            d.message = (end == RolloutPhase.ABORTED ? "aborted: " : "rolled back: ") + abort.message() + "; " + back;
            if (!kept.isEmpty()) {
                d.message += "; " + String.join(", ", kept) + (kept.size() == 1 ? " stays on " : " stay on ")
                        + d.canaryVersion;
            }
        } else {
            String region = d.regions.stream().filter(r -> r.state() == RegionStatus.RegionState.ROLLED_BACK)
                    .map(RegionStatus::name).reduce((a, b) -> b).orElse(currentRegion(d));
            skipRegion(d, region, now, "region " + region + " rolled back (" + abort.message() + "); going on");
        }
    }

    /** Multi-region, stopOnRegionFailure off: carries on with the first step after {@code region}'s. */
    private void skipRegion(Draft d, String region, Instant now, String message) {
        int next = d.currentStepIndex;
        while (next < d.stepCount && plan.steps().get(next).region().equals(region)) {
            next++;
        }
        // A pause of the region left behind (a failure during its pause) must not carry over to the next region.
        endPause(d, now);
        d.steps.add(new StepRecord("region " + region, d.stepStartedAt, Optional.of(now), message));
        d.currentStepIndex = next;
        d.stepStartedAt = now;
        d.message = message;
    }

    // ---- deadlines ---------------------------------------------------------------------------------------------

    private void enforceDeadlines(Draft d, Instant now) {
        if (d.rollback.isPresent() || d.currentStepIndex >= d.stepCount) {
            return;
        }
        boolean personWaiting = d.pauseConditions.stream().anyMatch(PauseCondition::waitsForPerson);
        if (plan.progressDeadline().isPresent() && !personWaiting) {
            Instant deadline = d.startedAt.plus(plan.progressDeadline().get()).plus(d.waitedForPeople);
            if (!now.isBefore(deadline)) {
                fail(d, AbortCause.DEADLINE_EXCEEDED, "progress deadline " + Durations.format(plan.progressDeadline().get())
                        + " exceeded at step " + (d.currentStepIndex + 1) + "/" + d.stepCount + " ("
                        + plan.steps().get(d.currentStepIndex).describe() + ")", now, AfterFailure.STOP);
                return;
            }
            d.wakeNoLaterThan(deadline);
        }
        PlanStep step = plan.steps().get(d.currentStepIndex);
        if (plan.stepDeadline().isPresent() && !(step instanceof PlanStep.Pause) && d.phase == RolloutPhase.PROGRESSING) {
            Instant deadline = d.stepStartedAt.plus(plan.stepDeadline().get());
            if (!now.isBefore(deadline)) {
                fail(d, AbortCause.DEADLINE_EXCEEDED, "step deadline " + Durations.format(plan.stepDeadline().get())
                        + " exceeded at step " + (d.currentStepIndex + 1) + "/" + d.stepCount + " (" + step.describe() + ")",
                        now);
                return;
            }
            d.wakeNoLaterThan(deadline);
        }
    }

    // ---- driving the plan --------------------------------------------------------------------------------------

    private void drive(Draft d, Instant now, List<Action> actions) {
        for (int moves = 0; moves < MAX_MOVES; moves++) {
            if (d.retry.isPresent() && now.isBefore(d.retry.get().nextAttemptAt())) {
                d.wakeNoLaterThan(d.retry.get().nextAttemptAt());
                return;
            }
            if (d.rollback.isPresent()) {
                Optional<Action> next = rollbackAction(d);
                if (next.isPresent()) {
                    actions.add(next.get());
                    return;
                }
                finishRollback(d, now);
                if (d.phase.isTerminal() || d.phase == RolloutPhase.FAILED) {
                    return;
                }
                continue;
            }
            if (d.phase == RolloutPhase.PAUSED && d.pauseConditions.stream().noneMatch(p -> p.until().isPresent())) {
                measure(d, now, actions); // background analysis keeps watching while a person decides
                return;
            }
            if (d.currentStepIndex >= d.stepCount) {
                promoted(d, now);
                return;
            }
            measure(d, now, actions);
            Step outcome = step(d, now, actions);
            if (outcome == Step.WAITING) {
                return;
            }
            if (outcome == Step.ACTING) {
                return;
            }
        }
        throw new IllegalStateException("rollout " + d.rolloutId + " made no progress after " + MAX_MOVES + " moves");
    }

    private enum Step { DONE, ACTING, WAITING }

    /** Works on the current step: completes it (DONE), asks for an action (ACTING) or waits (WAITING). */
    private Step step(Draft d, Instant now, List<Action> actions) {
        PlanStep step = plan.steps().get(d.currentStepIndex);
        RegionStatus region = d.region(step.region());
        if (region.state() == RegionStatus.RegionState.PENDING) {
            d.region(region.in(RegionStatus.RegionState.PROGRESSING));
        }
        Optional<Action> action = forwardAction(d, step);
        if (action.isPresent()) {
            d.message = "step " + (d.currentStepIndex + 1) + "/" + d.stepCount + ": " + step.describe();
            actions.add(action.get());
            return Step.ACTING;
        }
        if (step instanceof PlanStep.Scale || step instanceof PlanStep.SetWeight) {
            finishStep(d, now, "ok");
            return Step.DONE;
        }
        if (step instanceof PlanStep.Pause pause) {
            return pause(d, pause, now);
        }
        if (step instanceof PlanStep.Analysis a) {
            String name = runs.name(a);
            if (d.fullPromotion) {
                finishStep(d, now, "skipped (full promotion)");
                return Step.DONE;
            }
            Optional<AnalysisRun> run = d.run(name);
            if (run.isEmpty()) {
                AnalysisRun started = AnalysisRun.start(name, a.spec(), now);
                d.run(started);
                if (a.mode() == PlanStep.AnalysisMode.BACKGROUND) {
                    finishStep(d, now, "started");
                    return Step.DONE;
                }
                d.message = "step " + (d.currentStepIndex + 1) + "/" + d.stepCount + ": analysis " + name;
                started.nextDueAt().ifPresent(d::wakeNoLaterThan);
                return Step.WAITING;
            }
            if (a.mode() == PlanStep.AnalysisMode.BACKGROUND) {
                finishStep(d, now, "started");
                return Step.DONE;
            }
            if (run.get().phase() == AnalysisPhase.SUCCESSFUL) {
                finishStep(d, now, "analysis " + name + " successful");
                return Step.DONE;
            }
            run.get().nextDueAt().ifPresent(d::wakeNoLaterThan);
            return Step.WAITING;
        }
        if (step instanceof PlanStep.EndAnalysis end) {
            d.run(runs.qualified(end.region(), end.name())).ifPresent(r -> d.run(r.stop(now)));
            finishStep(d, now, "ended");
            return Step.DONE;
        }
        if (step instanceof PlanStep.RunHook || step instanceof PlanStep.VerifyVersion) {
            finishStep(d, now, "not configured");
            return Step.DONE;
        }
        if (step instanceof PlanStep.MarkStable mark) {
            d.analysisRuns.replaceAll(r -> runs.belongsTo(r.name(), mark.region()) && !r.phase().isCompleted()
                    ? r.stop(now) : r);
            finishStep(d, now, d.canaryVersion + " is stable in " + mark.region());
            return Step.DONE;
        }
        throw new IllegalStateException("unknown step " + step);
    }

    private Step pause(Draft d, PlanStep.Pause pause, Instant now) {
        if (d.fullPromotion) {
            endPause(d, now);
            finishStep(d, now, "skipped (full promotion)");
            return Step.DONE;
        }
        if (d.pauseConditions.isEmpty()) {
            // From the step's start, not from now: a pause a failure interrupted (and a person then promoted past the
            // failure) goes on to its first deadline instead of starting over.
            Optional<Instant> until = pause.duration().map(d.stepStartedAt::plus);
            String message = pause.duration().map(t -> "paused " + Durations.format(t)).orElse("paused until promoted")
                    + " at " + d.region(pause.region()).canaryWeight() + "% (" + pause.reason().wireName() + ")";
            d.pauseConditions.add(new PauseCondition(pause.reason(), now, until, message));
            d.moveTo(RolloutPhase.PAUSED);
            d.message = "step " + (d.currentStepIndex + 1) + "/" + d.stepCount + ": " + message;
        }
        PauseCondition current = d.pauseConditions.get(0);
        if (current.until().isPresent() && !now.isBefore(current.until().get())) {
            endPause(d, now);
            finishStep(d, now, "waited " + Durations.format(pause.duration().orElse(Duration.ZERO)));
            return Step.DONE;
        }
        current.until().ifPresent(d::wakeNoLaterThan);
        return Step.WAITING;
    }

    private void pauseForPerson(Draft d, PauseReason reason, String message, Instant now) {
        if (d.phase == RolloutPhase.PAUSED) {
            endPause(d, now);
        }
        d.pauseConditions.add(new PauseCondition(reason, now, Optional.empty(), message));
        d.moveTo(RolloutPhase.PAUSED);
        d.message = message;
    }

    private static void endPause(Draft d, Instant now) {
        for (PauseCondition p : d.pauseConditions) {
            if (p.waitsForPerson()) {
                d.waitedForPeople = d.waitedForPeople.plus(Duration.between(p.startedAt(), now));
            }
        }
        d.pauseConditions.clear();
        if (d.phase == RolloutPhase.PAUSED) {
            d.moveTo(RolloutPhase.PROGRESSING);
        }
    }

    private void promoted(Draft d, Instant now) {
        stopRunningAnalyses(d, now);
        if (plan.regions().size() > 1
                && d.regions.stream().noneMatch(r -> r.state() == RegionStatus.RegionState.PROMOTED)) {
            nothingPromoted(d, now);
            return;
        }
        d.moveTo(RolloutPhase.PROMOTED);
        String old = d.stableVersion.map(s -> ", " + s + " scaled down").orElse("");
        Optional<String> previous = d.stableVersion;
        d.stableVersion = Optional.of(d.canaryVersion);
        d.canaryWeight = 100;
        d.finishedAt = Optional.of(now);
        d.message = "promoted " + d.canaryVersion + ": 100% of traffic" + old;
        if (plan.regions().size() == 1) {
            return;
        }
        // A multi-region rollout that went on past a failed region has not put the new version everywhere: say where.
        List<String> promoted = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (RegionStatus r : d.regions) {
            if (r.state() == RegionStatus.RegionState.PROMOTED) {
                promoted.add(r.name());
            } else if (r.state() == RegionStatus.RegionState.ROLLED_BACK) {
                others.add(r.name() + previous.map(p -> " stays on " + p).orElse(" runs nothing"));
            } else {
                others.add(r.name() + " is left as it failed");
            }
        }
        if (!others.isEmpty()) {
            d.message = "promoted " + d.canaryVersion + " in " + String.join(", ", promoted) + ": 100% of traffic" + old
                    + "; " + String.join("; ", others) + d.abort.map(a -> " (" + a.message() + ")").orElse("");
        }
    }

    /**
     * Multi-region, stopOnRegionFailure off, and every region failed: the new version is nowhere, so this is no
     * promotion. Rolled back when every region was; Failed when one was left as it failed, for a person to look at.
     */
    private void nothingPromoted(Draft d, Instant now) {
        String why = d.abort.map(a -> "; last failure: " + a.message()).orElse("");
        List<String> left = d.regions.stream().filter(r -> r.state() != RegionStatus.RegionState.ROLLED_BACK)
                .map(RegionStatus::name).toList();
        if (!left.isEmpty()) {
            d.moveTo(RolloutPhase.FAILED);
            d.message = "every region failed; " + String.join(", ", left)
                    + (left.size() == 1 ? " is left as it is" : " are left as they are") + " for a person to look at" + why;
            return;
        }
        d.moveTo(RolloutPhase.ROLLING_BACK);
        d.moveTo(RolloutPhase.ROLLED_BACK);
        d.canaryWeight = 0;
        d.finishedAt = Optional.of(now);
        d.message = "rolled back: every region failed and was rolled back" + why + "; "
                + d.stableVersion.map(s -> "traffic 100% on " + s).orElse("nothing was running before");
    }

    private void finishStep(Draft d, Instant now, String result) {
        PlanStep step = plan.steps().get(d.currentStepIndex);
        String region = plan.regions().size() > 1 ? step.region() + ": " : "";
        d.steps.add(new StepRecord(region + step.describe(), d.stepStartedAt, Optional.of(now), result));
        d.currentStepIndex++;
        d.stepStartedAt = now;
    }

    /** The external action the current forward step still needs, if any. */
    private Optional<Action> forwardAction(Draft d, PlanStep step) {
        RegionStatus region = d.region(step.region());
        if (step instanceof PlanStep.Scale s) {
            if (s.side() == Side.STABLE && d.stableVersion.isEmpty()) {
                return Optional.empty();
            }
            int confirmed = s.side() == Side.STABLE ? region.stableReplicas() : region.canaryReplicas();
            if (confirmed == s.replicas()) {
                return Optional.empty();
            }
            String version = s.side() == Side.STABLE ? d.stableVersion.get() : d.canaryVersion;
            return Optional.of(new Action.Scale(step.region(), s.side(), version, s.replicas()));
        }
        if (step instanceof PlanStep.SetWeight w) {
            if (d.fullPromotion && w.weight() < 100) {
                return Optional.empty();
            }
            int weight = d.stableVersion.isEmpty() ? 100 : w.weight();
            if (region.canaryWeight() == weight) {
                return Optional.empty();
            }
            TrafficSplit split = new TrafficSplit(d.stableVersion, Optional.of(d.canaryVersion), weight);
            return Optional.of(new Action.Route(step.region(), split));
        }
        if (step instanceof PlanStep.RunHook h && plan.hooks().hook(h.phase()).isPresent()) {
            return Optional.of(new Action.RunHook(step.region(), h.phase(), d.canaryVersion));
        }
        if (step instanceof PlanStep.VerifyVersion v) {
            return Optional.of(new Action.VerifyVersion(step.region(), v.scope(), d.canaryVersion));
        }
        if (step instanceof PlanStep.MarkStable && region.state() != RegionStatus.RegionState.PROMOTED) {
            // Drop the old version from the routing table: the region now has one version, the new stable one.
            return Optional.of(new Action.Route(step.region(), TrafficSplit.all(d.canaryVersion)));
        }
        return Optional.empty();
    }

    private Optional<Action> expectedAction(Draft d) {
        if (d.rollback.isPresent()) {
            return rollbackAction(d);
        }
        if (d.currentStepIndex >= d.stepCount) {
            return Optional.empty();
        }
        return forwardAction(d, plan.steps().get(d.currentStepIndex));
    }

    // ---- analysis ----------------------------------------------------------------------------------------------

    /** Asks for the measurements every running analysis of the current region is due for. */
    private void measure(Draft d, Instant now, List<Action> actions) {
        String region = currentRegion(d);
        for (AnalysisRun run : d.analysisRuns) {
            if (run.phase().isCompleted() || !runs.belongsTo(run.name(), region)) {
                continue;
            }
            if (actions.stream().anyMatch(a -> a instanceof Action.Measure m && m.run().equals(run.name()))) {
                continue;
            }
            List<Metric> due = run.due(now);
            if (!due.isEmpty()) {
                List<MetricQuery> queries = new ArrayList<>();
                for (Metric metric : due) {
                    queries.add(new MetricQuery(metric, d.canaryVersion, d.stableVersion, run.windowStart(metric), now));
                }
                actions.add(new Action.Measure(region, run.name(), queries));
            }
            run.nextDueAt().ifPresent(d::wakeNoLaterThan);
        }
    }

    private void stopRunningAnalyses(Draft d, Instant now) {
        d.analysisRuns.replaceAll(r -> r.phase().isCompleted() ? r : r.stop(now));
    }

    private Optional<String> stepRunName(Draft d) {
        if (d.currentStepIndex < d.stepCount && plan.steps().get(d.currentStepIndex) instanceof PlanStep.Analysis a
                && a.mode() == PlanStep.AnalysisMode.BLOCKING) {
            return Optional.of(runs.name(a));
        }
        return Optional.empty();
    }

    private String currentRegion(Draft d) {
        int i = Math.min(d.currentStepIndex, d.stepCount - 1);
        return i < 0 ? plan.regions().get(0) : plan.steps().get(i).region();
    }
}
