package dev.rollgate.jenkins;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollgate.config.ApprovalSpec;
import dev.rollgate.config.ConfigException;
import dev.rollgate.driver.DeployException;
import dev.rollgate.driver.DeployRequest;
import dev.rollgate.driver.Deployer;
import dev.rollgate.driver.Interruption;
import dev.rollgate.gate.GateDecision;
import dev.rollgate.gate.GateResult;
import dev.rollgate.render.Escaping;
import dev.rollgate.render.ProgressDisplay;
import dev.rollgate.render.RolloutJson;
import dev.rollgate.render.RolloutText;
import dev.rollgate.rollout.Command;
import dev.rollgate.rollout.PauseCondition;
import dev.rollgate.rollout.RolloutPhase;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.state.Acquisition;
import dev.rollgate.strategy.Attendance;
import hudson.AbortException;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jenkins.model.CauseOfInterruption;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs a rollout step ({@code canaryDeploy}, {@code blueGreenDeploy}, {@code rollingDeploy}, {@code rollbackDeploy},
 * {@code promoteDeploy}, {@code abortDeploy}) in rounds on Jenkins' timer pool, never on the CPS thread. The rollout's
 * truth is the core's state store; this execution is a cursor over it: the rollout id, the config file and the time
 * of the next round as an absolute instant. A round acts until the rollout waits, then the next one is scheduled for
 * the status's {@code wakeAt} or a short poll (commands from {@code promoteDeploy} or the CLI arrive through the
 * store). No executor is held, and after a controller restart {@link #onResume} carries on from the stored status.
 */
final class RolloutExecution extends TimedStepExecution {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often a waiting rollout looks for commands (promote, abort) written by other builds or the CLI. */
    static final long POLL_MILLIS = 1_000;
    /** How often a step that waits for the environment lock tries again. */
    static final long LOCK_RETRY_MILLIS = 5_000;
    /** Rounds that may fail in a row (1, 2, 4, 8, 16 s apart) before the step gives up on its rollout. */
    static final int ROUND_RETRIES = 5;

    private final RolloutOrder order;
    /** Names this execution's lock lease; not the rollout id, which exists only once the rollout starts. */
    private final String executionId = UUID.randomUUID().toString();
    // The fields below are written by rounds (one at a time, on timer threads) and read by stop() and getStatus()
    // on other threads: volatile, so each sees the latest value.
    /** The config's absolute path, found in the workspace by the first round, so later rounds need no workspace. */
    private volatile String configFile;
    /** The rollout this step drives or follows; null until the first round has started (or found) it. */
    private volatile String rolloutId;
    /** Who the lock names as its holder: the build's URL. */
    private volatile String owner;
    /** Waiting for the environment lock until then (epoch millis); 0 when not waiting. */
    private volatile long lockDeadline;
    /** When the next round is due (epoch millis): a short poll, or the rollout's own wake-up if sooner. */
    private volatile long nextRoundAt;
    /** When the rollout next needs to be asked (the end of a timed pause), epoch millis; 0 when it waits for none. */
    private volatile long wakeAt;
    /** This step started the rollout (a deploy, or a rollback to an earlier version), rather than commanding one. */
    private volatile boolean ownRollout;
    /** The build was aborted: the rounds now abort the rollout, also after a restart. */
    private volatile boolean stopRequested;
    private volatile String stoppedBy;
    /** Waiting for approvals on the build page (a deploy whose gates only lack them). */
    private final ApprovalWait approval = new ApprovalWait();
    /** What the step waits for, for {@link #getStatus()}. */
    private volatile String waiting = "starting";

    private transient PolicyFile policy;
    private transient volatile Deployer deployer;
    private transient ProgressDisplay progress;
    private transient volatile Throwable stopCause;
    private transient boolean toldLockWait;
    private transient int failedRounds;
    private transient boolean toldPromotion;
    private transient RollgateAction.RolloutEntry page;
    private transient List<GateResult> shownGates;

    RolloutExecution(StepContext context, RolloutOrder order) {
        this(context, order, Clock.systemUTC(), Scheduler.TIMER);
    }

    /** Tests: their own clock and scheduler. */
    RolloutExecution(StepContext context, RolloutOrder order, Clock clock, Scheduler scheduler) {
        super(context, clock, scheduler);
        this.order = order;
    }

    String rolloutId() {
        return rolloutId;
    }

    long nextRoundAt() {
        return nextRoundAt;
    }

    long wakeAt() {
        return wakeAt;
    }

    @Override
    public boolean start() throws Exception {
        if (order.environment() == null || order.environment().isBlank()) {
            throw new AbortException(order.step() + ": environment is required, e.g. " + order.step()
                    + "(environment: 'production'" + (order.kind() == RolloutOrder.Kind.DEPLOY ? ", version: '1.4.2'" : "")
                    + ")");
        }
        if (order.kind() == RolloutOrder.Kind.DEPLOY && (order.gate().version() == null
                || order.gate().version().isBlank())) {
            throw new AbortException(order.step() + ": version is required, e.g. " + order.step()
                    + "(environment: '" + order.environment() + "', version: env.VERSION)");
        }
        if (order.waitForLockMinutes() < 0) {
            throw new AbortException(order.step() + ": waitForLockMinutes must be 0 or more, not "
                    + order.waitForLockMinutes());
        }
        nextRoundAt = clock().millis();
        schedule(this::round, 0);
        return false;
    }

    @Override
    public void onResume() {
        // The rollout went on without us only in the state store: ask it again, at once or when the wait is over.
        long wait = Math.max(0, nextRoundAt - clock().millis());
        schedule(this::round, wait);
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        cancelScheduled();
        boolean again = stopRequested;
        stopCause = cause;
        boolean commanding = rolloutId != null && !ownRollout;
        if (again || commanding) {
            // Asked twice, or a command step (promote, abort, rollback of a rollout in progress): nothing of ours to
            // undo. A rollout it happens to drive is left as it is for the next driver.
            Deployer d = deployer;
            if (d != null && !again) {
                d.stop(Interruption.LEAVE, describe(cause));
            }
            fail(cause);
            return;
        }
        // The next round aborts: it waits for a round in progress (which may be starting the rollout right now).
        stopRequested = true;
        stoppedBy = describe(cause);
        getContext().saveState();
        Deployer d = deployer;
        if (d != null) {
            d.stop(Interruption.ABORT, stoppedBy); // a round in the middle of an action gives up at once
        }
        // Off the CPS thread: the rollback talks to the target and may take a while.
        submit(this::round);
    }

    @Override
    public String getStatus() {
        return order.step() + " " + order.environment() + ": " + waiting;
    }

    // ---- rounds, off the CPS thread ------------------------------------------------------------------------------

    private void round() {
        if (isCompleted()) {
            finish(); // a step that completed while a round ran (a stop) lets go of the lock here
            return;
        }
        // One round at a time: a timer round and the round an abort submits must not drive at once.
        synchronized (this) {
            if (isCompleted()) {
                finish();
                return;
            }
            try {
                roundLocked();
                failedRounds = 0;
            } catch (IOException | RuntimeException e) {
                if (!(e instanceof AbortException) && rolloutId != null && failedRounds < ROUND_RETRIES) {
                    retryAfter(e);
                    return;
                }
                finish();
                fail(e instanceof AbortException || rolloutId == null ? e : leftAsItIs(e));
            } catch (Exception | Error e) {
                finish();
                fail(e instanceof DeployException ? new AbortException(order.step() + ": " + e.getMessage()) : e);
            }
        }
    }

    /**
     * A round failed on something that may pass (a state file being replaced, the target briefly away): the rollout is
     * left mid-way only if it keeps failing, so try again with a growing pause first.
     */
    private void retryAfter(Exception e) {
        failedRounds++;
        long delay = 1_000L << (failedRounds - 1);
        try {
            getContext().get(TaskListener.class).getLogger().println(ConsoleLines.PREFIX + "round failed ("
                    + Escaping.singleLine(String.valueOf(e.getMessage())) + "); trying again in " + delay / 1000 + "s ("
                    + failedRounds + "/" + ROUND_RETRIES + ")");
        } catch (IOException | InterruptedException | RuntimeException logFailure) {
            // No log now: the retry matters more than saying so.
        }
        schedule(delay);
    }

    /** The failure that ends the step while its rollout is unfinished: say where traffic is and how to go on. */
    private AbortException leftAsItIs(Exception e) {
        String where = "";
        Deployer d = deployer;
        try {
            Optional<RolloutStatus> s = d == null ? Optional.empty() : d.status();
            if (s.isPresent() && !s.get().isFinished()) {
                where = "; the rollout of " + s.get().canaryVersion() + " is left " + s.get().phase().wireName()
                        + " with traffic " + s.get().trafficSplit() + ": finish it with rollgate resume, abortDeploy"
                        + " or rollbackDeploy";
            }
        } catch (IOException | RuntimeException ignored) {
            where = "; the rollout's state could not be read either";
        }
        AbortException failure = new AbortException(order.step() + ": " + e + where);
        failure.initCause(e);
        return failure;
    }

    private void roundLocked() throws Exception {
        StepContext ctx = getContext();
        TaskListener listener = ctx.get(TaskListener.class);
        PrintStream log = listener.getLogger();
        Deployer d = deployer(ctx);
        if (stopRequested) {
            if (rolloutId == null) {
                log.println(ConsoleLines.PREFIX + "aborted before the rollout started; nothing was changed");
                finish();
                fail(stopCause != null ? stopCause : new FlowInterruptedException(Result.ABORTED, true));
                return;
            }
            d.stop(Interruption.ABORT, stoppedBy);
        }
        if (rolloutId == null && !begin(ctx, d, log)) {
            return;
        }
        RolloutStatus status = stored(d);
        boolean driving = false;
        if (status.rolloutId().equals(rolloutId) && !status.isFinished() && status.phase() != RolloutPhase.FAILED) {
            // Whoever holds the lock drives; without it this step follows the rollout through the store.
            driving = Leases.holds(executionId) || takeLock(d).isEmpty();
            if (driving) {
                try {
                    status = d.round(owner, progress(log, d));
                } catch (DeployException e) {
                    if (e.kind() != DeployException.Kind.NOTHING_TO_DO) {
                        throw e;
                    }
                    status = stored(d); // its last driver finished it just before this one took the lock
                }
            }
        }
        if (!status.rolloutId().equals(rolloutId)) {
            finish();
            fail(new AbortException(order.step() + ": the rollout " + rolloutId + " was replaced by "
                    + status.rolloutId() + " (" + status.canaryVersion() + ") meanwhile"));
            return;
        }
        if (done(status, driving)) {
            try {
                end(status, log, d, driving);
            } finally {
                finish();
            }
            return;
        }
        waiting = describe(status, driving);
        boolean person = driving && waitsForPerson(status);
        Optional<RollgateAction.RolloutEntry> entry = page(ctx);
        entry.ifPresent(e -> e.update(waiting, person));
        if (person && !toldPromotion) {
            toldPromotion = true;
            log.println(ConsoleLines.PREFIX + "waiting for promotion: promoteDeploy(environment: '"
                    + order.environment() + "'), rollgate promote --env " + order.environment()
                    + (entry.isPresent() ? ", or Promote on the build page (" + BuildLinks.page(ctx.get(Run.class)) + ")" : ""));
        } else if (!person) {
            toldPromotion = false;
        }
        long now = clock().millis();
        long wake = status.wakeAt().map(Instant::toEpochMilli).orElse(0L);
        // Polled, not slept until wakeAt: a promote or abort from another build or the CLI arrives through the store.
        long due = wake != 0 && wake < now + POLL_MILLIS ? wake : now + POLL_MILLIS;
        nextRoundAt = due;
        if (wake != wakeAt) {
            wakeAt = wake;
            ctx.saveState(); // the pause's end is in the store; this keeps program.dat's status phrase true
        }
        schedule(due - now);
    }

    /**
     * The first round: checks, the gates (for a deploy), the lock and the start of the rollout, or the command on the
     * rollout in progress. False when this round ends here (waiting for the lock, or the step is done).
     */
    private boolean begin(StepContext ctx, Deployer d, PrintStream log) throws Exception {
        Run<?, ?> run = ctx.get(Run.class);
        owner = BuildLinks.holder(run);
        switch (order.kind()) {
            case DEPLOY:
                return beginDeploy(ctx, d, log);
            case ROLLBACK:
                if (d.status().filter(s -> !s.isFinished()).isEmpty()) {
                    return beginRollbackDeploy(ctx, d, log);
                }
                return command(d, Command.Kind.ROLLBACK, log);
            case PROMOTE:
                return command(d, Command.Kind.PROMOTE, log);
            case PROMOTE_FULL:
                return command(d, Command.Kind.PROMOTE_FULL, log);
            case ABORT:
                return command(d, Command.Kind.ABORT, log);
            default:
                throw new IllegalStateException("unknown order " + order.kind());
        }
    }

    private boolean beginDeploy(StepContext ctx, Deployer d, PrintStream log) throws Exception {
        PolicyFile file = policy(ctx);
        String strategy = d.spec().strategyOrDefault().name();
        if (!order.strategies().contains(strategy)) {
            throw new AbortException(order.step() + ": environment " + file.environment().name() + " rolls out with "
                    + strategy + " in " + file.file() + "; call " + StrategyStep.running(strategy).map(StrategyStep::functionName).orElse("another step")
                    + " instead, or change the config");
        }
        Optional<String> holder = takeLock(d);
        if (holder.isPresent()) {
            return waitForLock(holder.get(), log);
        }
        // The gates are decided with the lock held, so a wait for the lock never deploys on an old decision.
        BuildFacts facts = GateCheck.facts(ctx);
        Optional<RollgateAction> buildPage = buildPage(ctx);
        GateRequest inputs = gateInputs(buildPage, file.environment().name(), log);
        // Approvals count when this build's deploymentGate collected them on the build page.
        GateDecision decision = GateCheck.decide(file, facts, inputs, clock(),
                GateCheck.approvals(buildPage, file.environment().name()));
        buildPage.ifPresent(p -> p.decided(order.step(), decision, inputs));
        if (!decision.gates().equals(shownGates)) {
            shownGates = decision.gates(); // once per change: a wait for approvals decides again every few seconds
            GateCheck.print(decision, log);
        }
        Optional<ApprovalSpec> needed = ApprovalWait.needed(decision, file);
        if (needed.isPresent() && buildPage.isPresent()) {
            Leases.release(executionId); // no lock is held while people decide; the next round takes it again
            long now = clock().millis();
            if (approval.ask(order.step(), decision, needed.get(), buildPage.get(), BuildLinks.page(ctx.get(Run.class)),
                    now, log)) {
                ctx.saveState();
            }
            waiting = approval.describe(order.environment());
            nextRoundAt = now + approval.nextLook(now);
            schedule(approval.nextLook(now));
            return false;
        }
        approval.done();
        if (!decision.shouldDeploy()) {
            d.recordBlocked(order.gate().version(), actor(facts), facts.trigger(),
                    Optional.ofNullable(inputs.reason()), decision);
            throw new AbortException(order.step() + ": " + GateCheck.blocked(decision));
        }
        DeployRequest request = new DeployRequest(order.gate().version(), actor(facts), facts.trigger(),
                decision.deploymentType(), Optional.ofNullable(inputs.reason()), Duration.ZERO, Attendance.ATTENDED);
        return startRollout(d, request, log);
    }

    /**
     * The gate inputs of this deploy: its own reason, emergency and skipTests when it has any, else those this
     * build's deploymentGate allowed the environment with, so a Jenkinsfile need not repeat them.
     */
    private GateRequest gateInputs(Optional<RollgateAction> buildPage, String environment, PrintStream log) {
        if (order.gate().hasPersonInputs()) {
            return order.gate();
        }
        Optional<RollgateAction.DecisionEntry> gate = buildPage.flatMap(p -> p.passedGate(environment));
        if (gate.isEmpty()) {
            return order.gate();
        }
        if (shownGates == null) {
            log.println(ConsoleLines.PREFIX + "with the reason and flags this build's deploymentGate allowed "
                    + environment + " with");
        }
        return gate.get().applyTo(order.gate());
    }

    private boolean beginRollbackDeploy(StepContext ctx, Deployer d, PrintStream log) throws Exception {
        Optional<String> holder = takeLock(d);
        if (holder.isPresent()) {
            return waitForLock(holder.get(), log);
        }
        BuildFacts facts = GateCheck.facts(ctx);
        String reason = order.gate().reason() == null ? "" : order.gate().reason();
        DeployRequest request = d.rollbackRequest(Optional.ofNullable(order.to()), actor(facts), reason, Duration.ZERO);
        log.println(ConsoleLines.PREFIX + "rolling " + order.environment() + " back to " + request.version()
                + (reason.isEmpty() ? "" : ": " + Escaping.singleLine(reason)));
        return startRollout(d, request, log);
    }

    /** Starts the rollout, with the lock held. */
    private boolean startRollout(Deployer d, DeployRequest request, PrintStream log) throws Exception {
        RolloutStatus first;
        try {
            first = d.begin(request);
        } catch (DeployException e) {
            if (e.kind() == DeployException.Kind.NOTHING_TO_DO) {
                // Deploying what already runs converges, as the CLI's exit 0 does: a re-run pipeline is not an error.
                log.println(ConsoleLines.PREFIX + "nothing to do: " + Escaping.singleLine(e.getMessage()));
                finish();
                succeed(statusMap(d, d.status()));
                return false;
            }
            throw e;
        }
        rolloutId = first.rolloutId();
        ownRollout = true;
        lockDeadline = 0;
        getContext().saveState();
        return true;
    }

    /** Writes a person's command into the rollout in progress; whoever drives it acts on it. */
    private boolean command(Deployer d, Command.Kind kind, PrintStream log) throws Exception {
        RolloutStatus with = d.request(kind, owner, order.gate().reason() == null ? "" : order.gate().reason());
        rolloutId = with.rolloutId();
        log.println(ConsoleLines.PREFIX + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + " requested for the rollout of " + with.canaryVersion() + " in " + order.environment()
                + " (" + with.phase().wireName() + ")");
        getContext().saveState();
        return true;
    }

    /** Takes the environment's lock for this step; the holder's description when someone else has it. */
    private Optional<String> takeLock(Deployer d) throws Exception {
        Acquisition a = d.tryLock(owner, order.step() + (order.gate().version() == null ? ""
                : " " + order.gate().version()));
        if (a instanceof Acquisition.Acquired acquired) {
            Leases.keep(executionId, acquired.handle());
            return Optional.empty();
        }
        // "held by <owner> (pid ... on host) since ...: <purpose>"
        return Optional.of(((Acquisition.HeldBy) a).describe().replaceFirst("^held by ", ""));
    }

    private boolean waitForLock(String holder, PrintStream log) throws Exception {
        long now = clock().millis();
        if (lockDeadline == 0) {
            lockDeadline = now + TimeUnit.MINUTES.toMillis(order.waitForLockMinutes());
            getContext().saveState();
        }
        if (now >= lockDeadline) {
            throw new AbortException(order.step() + ": " + order.environment() + " is locked by " + holder
                    + (order.waitForLockMinutes() == 0 ? "; wait for it with waitForLockMinutes: 30"
                    : "; waited " + order.waitForLockMinutes() + " min"));
        }
        if (!toldLockWait) {
            toldLockWait = true;
            log.println(ConsoleLines.PREFIX + "waiting for the lock of " + order.environment() + ", held by "
                    + Escaping.singleLine(holder) + ", until " + Instant.ofEpochMilli(lockDeadline)
                    + "; no executor is held meanwhile");
        }
        waiting = "waiting for the lock held by " + holder;
        nextRoundAt = now + LOCK_RETRY_MILLIS;
        schedule(LOCK_RETRY_MILLIS);
        return false;
    }

    /** Whether the step is over: its rollout ended, or (promote) its command was taken. */
    private boolean done(RolloutStatus s, boolean driving) {
        if (s.isFinished() || s.phase() == RolloutPhase.FAILED) {
            return true;
        }
        boolean promote = order.kind() == RolloutOrder.Kind.PROMOTE || order.kind() == RolloutOrder.Kind.PROMOTE_FULL;
        if (!promote || s.command().isPresent()) {
            return false;
        }
        // Taken: when another driver runs the rollout, it goes on there; when we drive it, up to the next person.
        return !driving || waitsForPerson(s);
    }

    private static boolean waitsForPerson(RolloutStatus s) {
        return s.phase() == RolloutPhase.PAUSED && s.command().isEmpty()
                && s.pauseConditions().stream().anyMatch(p -> p.until().isEmpty());
    }

    /** The end of the step: the summary, then success or a failure that says why. */
    private void end(RolloutStatus s, PrintStream log, Deployer d, boolean driving) throws Exception {
        if (progress != null && driving) {
            progress.summary(s);
        }
        page(getContext()).ifPresent(e -> e.ended(s.canaryVersion() + " " + s.phase().wireName() + "; traffic: "
                + s.trafficSplit()));
        // Free the environment before the step completes: the Pipeline's next step may deploy it at once.
        finish();
        Map<String, Object> result = statusMap(d, Optional.of(s));
        String stable = s.stableVersion().orElse("nothing");
        if (stopRequested) {
            log.println(ConsoleLines.PREFIX + (s.phase() == RolloutPhase.PROMOTED ? "the build was aborted, but "
                    + s.canaryVersion() + " was promoted first; it serves all traffic"
                    : "aborted, traffic restored to " + stable));
            Throwable cause = stopCause;
            fail(cause != null ? cause : new FlowInterruptedException(Result.ABORTED, true, new Aborted(stable)));
            return;
        }
        boolean asked = !ownRollout;
        switch (s.phase()) {
            case PROMOTED:
                if (order.kind() == RolloutOrder.Kind.ABORT) {
                    throw new AbortException(order.step() + ": the rollout of " + s.canaryVersion()
                            + " was promoted before the abort was taken; it serves all traffic");
                }
                succeed(result);
                return;
            case ABORTED:
            case ROLLED_BACK:
                if (asked) {
                    log.println(ConsoleLines.PREFIX + s.phase().wireName() + ", traffic restored to " + stable);
                    succeed(result);
                    return;
                }
                throw new AbortException(order.step() + ": " + s.canaryVersion() + " " + s.phase().wireName()
                        + s.abort().map(a -> " (" + a.cause().wireName() + ": " + Escaping.singleLine(a.message()) + ")")
                        .orElse("") + "; traffic restored to " + stable);
            case FAILED:
                throw new AbortException(order.step() + ": the rollout of " + s.canaryVersion() + " failed: "
                        + Escaping.singleLine(s.message()) + "; traffic is " + s.trafficSplit()
                        + "; fix the target, then rollbackDeploy or rollgate resume");
            default:
                succeed(result); // a promote whose command was taken: the rollout goes on
        }
    }

    private String describe(RolloutStatus s, boolean driving) {
        String step = "step " + RolloutText.stepOf(s) + ", " + s.trafficSplit();
        if (!driving) {
            return "following the rollout of " + s.canaryVersion() + " (" + s.phase().wireName() + ", " + step + ")";
        }
        Optional<PauseCondition> person = s.pauseConditions().stream().filter(p -> p.until().isEmpty()).findFirst();
        if (person.isPresent()) {
            return step + ": waiting for promotion (promoteDeploy, rollgate promote or abortDeploy)";
        }
        return step + ": " + s.phase().wireName() + s.wakeAt().map(w -> ", next round at " + w).orElse("");
    }

    /** This rollout's line on the build page; none without a build (tests). */
    private Optional<RollgateAction.RolloutEntry> page(StepContext ctx) throws Exception {
        if (page == null) {
            Optional<RollgateAction> action = buildPage(ctx);
            if (action.isEmpty()) {
                return Optional.empty();
            }
            page = action.get().rollout(order.environment(), configFile, order.step());
        }
        return Optional.of(page);
    }

    private RolloutStatus stored(Deployer d) throws Exception {
        return d.status().orElseThrow(() -> new AbortException(order.step() + ": the rollout state of "
                + order.environment() + " is gone"));
    }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    private Deployer deployer(StepContext ctx) throws Exception {
        Deployer d = deployer;
        if (d == null) {
            PolicyFile file = policy(ctx);
            d = new Deployer(new Deployer.Setup(file.policy(), file.directory(), file.environment(), file.stateDir(),
                    clock(), duration -> Thread.sleep(duration.toMillis())));
            deployer = d;
        }
        return d;
    }

    /** The policy, read once per controller process: the deployer runs on it, so the gates are decided on it too. */
    private PolicyFile policy(StepContext ctx) throws Exception {
        PolicyFile file = policy;
        if (file == null) {
            file = PolicyFile.load(ctx, order.step(), configFile != null ? configFile : order.gate().config(),
                    order.environment());
            if (configFile == null) {
                configFile = file.file().toAbsolutePath().toString();
            }
            policy = file;
        }
        return file;
    }

    private ProgressDisplay progress(PrintStream log, Deployer d) {
        if (progress == null) {
            PrintWriter out = ConsoleLines.onto(log);
            Optional<dev.rollgate.strategy.RolloutPlan> plan;
            try {
                plan = Optional.of(d.strategyPlan(Attendance.ATTENDED));
            } catch (ConfigException | DeployException e) {
                plan = Optional.empty(); // then steps are shown by number
            }
            progress = new ProgressDisplay(out, clock(), plan, false).naming("--env " + order.environment());
        }
        return progress;
    }

    private Map<String, Object> statusMap(Deployer d, Optional<RolloutStatus> s) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.readValue(RolloutJson.render(d.scope().service(), d.scope().environment(), s),
                LinkedHashMap.class);
        return map;
    }

    private static String actor(BuildFacts facts) {
        return facts.actor().orElse("jenkins");
    }

    private static String describe(Throwable cause) {
        String m = cause == null ? null : cause.getMessage();
        return "jenkins: build aborted" + (m == null || m.isBlank() ? "" : " (" + Escaping.singleLine(m) + ")");
    }

    private void schedule(long delayMillis) {
        schedule(this::round, Math.max(0, delayMillis));
    }

    /** The lock goes with the step; the deployer's targets stay attached for the next rollout's driver. */
    private void finish() {
        Leases.release(executionId);
    }

    /** Why the build stopped, as the build page shows it. */
    static final class Aborted extends CauseOfInterruption {

        private static final long serialVersionUID = 1L;
        private final String stable;

        Aborted(String stable) {
            this.stable = stable;
        }

        @Override
        public String getShortDescription() {
            return "aborted, traffic restored to " + stable;
        }
    }
}
