package dev.rollgate.driver;

import dev.rollgate.config.ConfigException;
import dev.rollgate.config.RollgateConfig;
import dev.rollgate.config.RollgateConfig.NamedEnvironment;
import dev.rollgate.gate.DeploymentType;
import dev.rollgate.ledger.DeploymentLedger;
import dev.rollgate.ledger.FileDeploymentLedger;
import dev.rollgate.ledger.LedgerEntry;
import dev.rollgate.ledger.Outcome;
import dev.rollgate.model.Trigger;
import dev.rollgate.rollout.Command;
import dev.rollgate.rollout.RetryPolicy;
import dev.rollgate.rollout.Rollout;
import dev.rollgate.rollout.RolloutPhase;
import dev.rollgate.rollout.RolloutStart;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.rollout.StatusJson;
import dev.rollgate.state.Acquisition;
import dev.rollgate.state.LockHandle;
import dev.rollgate.state.LockRequest;
import dev.rollgate.state.ServiceEnvironment;
import dev.rollgate.state.StateConflictException;
import dev.rollgate.state.Stored;
import dev.rollgate.state.file.FileEnvironmentLock;
import dev.rollgate.state.file.FileStateStore;
import dev.rollgate.strategy.Attendance;
import dev.rollgate.strategy.RolloutPlan;
import dev.rollgate.strategy.RolloutSpec;
import dev.rollgate.target.Target;
import dev.rollgate.target.TargetException;
import dev.rollgate.target.local.LocalTarget;
import dev.rollgate.target.local.LocalTargetSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Deployments of one service to one environment, on the embedded defaults (file state, file lock, file ledger,
 * local target): what {@code rollgate deploy|status|promote|abort|resume|rollback|history} do, and what the GitHub
 * Action and the Jenkins steps call. One instance per command, or per step for callers that drive a rollout in
 * rounds ({@link #begin}, {@link #round}); between rounds it keeps only the attached targets and the attempt's
 * ledger record, never the rollout status (the store has it).
 */
public final class Deployer {

    /** How often a waiting driver looks for commands from other processes. */
    static final Duration POLL = Duration.ofMillis(200);
    private static final Duration LOCK_POLL = Duration.ofMillis(500);
    private static final Duration COMMAND_WAIT = Duration.ofSeconds(60);

    /**
     * @param configDirectory where relative paths in the config (commands, working directories) start
     * @param stateDir        the {@code .rollgate/} directory: state, locks, ledger, local agents
     */
    public record Setup(RollgateConfig config, Path configDirectory, NamedEnvironment environment, Path stateDir,
                        Clock clock, Sleeper sleeper, List<String> readings) {

        /** Without the loader's readings of non-canonical spellings (plans then do not list them). */
        public Setup(RollgateConfig config, Path configDirectory, NamedEnvironment environment, Path stateDir,
                     Clock clock, Sleeper sleeper) {
            this(config, configDirectory, environment, stateDir, clock, sleeper, List.of());
        }

        public Setup {
            readings = List.copyOf(readings);
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(configDirectory, "configDirectory");
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(stateDir, "stateDir");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(sleeper, "sleeper");
        }
    }

    private final Setup setup;
    private final RetryPolicy retryPolicy;
    private final ServiceEnvironment scope;
    private final FileStateStore<RolloutStatus> store;
    private final FileEnvironmentLock lock;
    private final DeploymentLedger ledger;
    private volatile RolloutDriver running;
    private volatile Optional<Interruption> stopped = Optional.empty();
    private volatile String stoppedBy = "signal";
    private Map<String, Target> attached;
    private LedgerEntry roundAttempt;

    public Deployer(Setup setup) {
        this(setup, RetryPolicy.DEFAULT);
    }

    /** With a retry policy of its own: tests shorten the back-off. */
    public Deployer(Setup setup, RetryPolicy retryPolicy) {
        this.setup = Objects.requireNonNull(setup, "setup");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.scope = new ServiceEnvironment(setup.config().service(), setup.environment().name());
        this.store = new FileStateStore<>(setup.stateDir().resolve("state"), scope, StatusJson.codec());
        this.lock = new FileEnvironmentLock(setup.stateDir().resolve("locks"), setup.clock());
        this.ledger = new FileDeploymentLedger(setup.stateDir());
    }

    public ServiceEnvironment scope() {
        return scope;
    }

    /** The environment's rollout configuration; an environment without one rolls out all at once on nothing. */
    public RolloutSpec spec() throws DeployException {
        return setup.environment().spec().rollout().orElseThrow(() -> new DeployException(DeployException.Kind.CONFLICT,
                "environment " + setup.environment().name() + " has no rollout: section in the config"));
    }

    /** The plan a deployment would follow now: the first-deployment plan when nothing is stable yet. */
    public RolloutPlan plan(Attendance attendance) throws ConfigException, DeployException, IOException {
        return stableVersion().isEmpty() ? Planners.initial(spec()) : Planners.normal(spec(), setup.readings(), attendance);
    }

    /** The plan of the environment's strategy, as a deployment over an existing stable version follows it. */
    public RolloutPlan strategyPlan(Attendance attendance) throws ConfigException, DeployException {
        return Planners.normal(spec(), setup.readings(), attendance);
    }

    /** What serves users now, as far as Rollgate knows. */
    public Optional<String> stableVersion() throws IOException {
        Optional<RolloutStatus> status = status();
        if (status.isPresent()) {
            return status.get().stableVersion();
        }
        return ledger.read().history(scope.service(), scope.environment()).stream()
                .filter(e -> e.outcome() == Outcome.SUCCEEDED).reduce((a, b) -> b).map(LedgerEntry::version);
    }

    public Optional<RolloutStatus> status() throws IOException {
        return store.read().map(Stored::value);
    }

    public List<LedgerEntry> history() throws IOException {
        return ledger.read().history(scope.service(), scope.environment());
    }

    /**
     * Records a request the gates refused: a refusal is part of the audit trail too. Nothing else changes; the
     * strategy column says what would have run.
     */
    public void recordBlocked(String version, String actor, Trigger trigger, Optional<String> reason,
                              dev.rollgate.gate.GateDecision decision) throws IOException {
        String strategy = setup.environment().spec().rollout().map(RolloutSpec::strategyOrDefault)
                .map(x -> x.name()).orElse("none");
        java.time.Instant now = setup.clock().instant();
        java.nio.file.Files.createDirectories(setup.stateDir());
        ledger.append(new LedgerEntry(java.util.UUID.randomUUID().toString(), scope.service(), scope.environment(),
                version, Optional.empty(), Optional.of(actor), trigger, reason, decision.deploymentType(), strategy, now,
                Optional.of(now), Outcome.BLOCKED, Optional.of("blocked by " + String.join(", ",
                        decision.blocking().stream().map(g -> g.gate()).toList())), List.of()));
    }

    /** Asks a running driver of this process to stop (signal handlers). */
    public void stop(Interruption how) {
        stop(how, "signal");
    }

    /** As {@link #stop(Interruption)}, naming who stopped it (an aborted build). Later rounds stop too. */
    public void stop(Interruption how, String by) {
        stoppedBy = Objects.requireNonNull(by, "by");
        stopped = Optional.of(how);
        RolloutDriver d = running;
        if (d != null) {
            d.stop(how, by);
        }
    }

    /**
     * Tries the environment's lock without waiting, for callers that drive a rollout in rounds and hold the lock
     * between them; the handle is theirs to release.
     */
    public Acquisition tryLock(String owner, String purpose) throws IOException {
        return lock.tryAcquire(new LockRequest(scope, owner, purpose));
    }

    /**
     * Starts a rollout without driving it: the same checks and plan as {@link #deploy}, the first status saved and the
     * attempt recorded. The caller holds the environment lock ({@link #tryLock}) and drives it with {@link #round}.
     */
    public RolloutStatus begin(DeployRequest request) throws DeployException, ConfigException, IOException {
        Prepared p = prepare(request);
        roundAttempt = p.attempt();
        return p.status();
    }

    /**
     * One round of the rollout in progress: acts until it waits (for {@code wakeAt}, a command or a person) or ends,
     * and returns the status. Never sleeps through a pause; the caller, which holds the lock, calls again later.
     */
    public RolloutStatus round(String by, RolloutListener listener)
            throws DeployException, ConfigException, IOException, InterruptedException {
        RolloutStatus status = inProgress().value();
        if (status.phase() == RolloutPhase.FAILED) {
            return status;
        }
        Rollout rollout = new Rollout(replan(status), retryPolicy);
        LedgerEntry attempt = roundAttempt != null && roundAttempt.id().equals(status.rolloutId()) ? roundAttempt
                : attemptOf(status, by);
        return run(rollout, attempt, RolloutDriver.StopWhen.WAITING, listener);
    }

    /**
     * Writes a person's command into the rollout in progress and returns the status holding it; whoever drives the
     * rollout acts on it at its next round. Drives nothing itself.
     */
    public RolloutStatus request(Command.Kind kind, String by, String reason) throws DeployException, IOException {
        Stored<RolloutStatus> current = inProgress();
        Command command = new Command(kind, by, reason, setup.clock().instant());
        while (true) {
            try {
                RolloutStatus with = current.value().withCommand(command);
                store.replace(current.revision(), with);
                return with;
            } catch (StateConflictException e) {
                current = inProgress();
            }
        }
    }

    /** Rolls out {@code request.version()} to the end; gates are the caller's business. */
    public RolloutStatus deploy(DeployRequest request, RolloutListener listener)
            throws DeployException, ConfigException, IOException, InterruptedException {
        try (Held held = acquire("deploy " + request.version(), request.actor(), request.waitLock())) {
            Prepared p = prepare(request);
            return run(p.rollout(), p.attempt(), RolloutDriver.StopWhen.END, listener);
        }
    }

    /** The request {@link #rollback} makes once no rollout is in progress: the previous stable version, or {@code to}. */
    public DeployRequest rollbackRequest(Optional<String> to, String by, String reason, Duration waitLock)
            throws DeployException, IOException {
        Optional<String> stable = stableVersion();
        String target = to.isPresent() ? to.get() : previousStable(stable).orElseThrow(() -> new DeployException(
                DeployException.Kind.NOTHING_TO_DO, "no earlier successful version of " + scope + " in the ledger; "
                + "name one with --to"));
        return new DeployRequest(target, by, Trigger.ROLLBACK, DeploymentType.ROLLBACK,
                reason.isBlank() ? Optional.empty() : Optional.of(reason), waitLock, Attendance.UNATTENDED);
    }

    /**
     * Rolls back: during a rollout, like abort but ending RolledBack; after one, deploys the previous stable version
     * (or {@code to}) at once, without steps or analysis.
     */
    public RolloutStatus rollback(Optional<String> to, String by, String reason, Duration waitLock, RolloutListener listener)
            throws DeployException, ConfigException, IOException, InterruptedException {
        Optional<RolloutStatus> current = status();
        if (current.isPresent() && !current.get().isFinished()) {
            return command(Command.Kind.ROLLBACK, by, reason, listener);
        }
        return deploy(rollbackRequest(to, by, reason, waitLock), listener);
    }

    private Optional<String> previousStable(Optional<String> stable) throws IOException {
        List<LedgerEntry> done = ledger.read().history(scope.service(), scope.environment()).stream()
                .filter(e -> e.outcome() == Outcome.SUCCEEDED).toList();
        for (int i = done.size() - 1; i >= 0; i--) {
            String v = done.get(i).version();
            if (stable.isEmpty() || !v.equals(stable.get())) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /**
     * Gives a rollout a person's command. When no driver runs it (the deploy that started it is gone), this process
     * drives it: to the end for abort and rollback, to the next pause that needs a person for promote.
     */
    public RolloutStatus command(Command.Kind kind, String by, String reason, RolloutListener listener)
            throws DeployException, ConfigException, IOException, InterruptedException {
        RolloutStatus current = request(kind, by, reason);
        Command command = current.command().orElseThrow();
        Optional<Held> held = tryAcquire("command " + kind.name().toLowerCase(java.util.Locale.ROOT), by);
        if (held.isEmpty()) {
            return awaitTaken(command);
        }
        try (Held h = held.get()) {
            return drive(current, RolloutDriver.StopWhen.PERSON_NEEDED, listener, by);
        }
    }

    /** Carries on with a rollout whose driver is gone (crash, cancelled job, --on-interrupt leave). */
    public RolloutStatus resume(String by, Duration waitLock, RolloutListener listener)
            throws DeployException, ConfigException, IOException, InterruptedException {
        try (Held held = acquire("resume", by, waitLock)) {
            RolloutStatus status = inProgress().value();
            return drive(status, RolloutDriver.StopWhen.END, listener, by);
        }
    }

    // ---- internals ---------------------------------------------------------------------------------------------

    /** A rollout saved and recorded, not yet driven. */
    private record Prepared(Rollout rollout, RolloutStatus status, LedgerEntry attempt) {
    }

    private Prepared prepare(DeployRequest request) throws DeployException, ConfigException, IOException {
        Optional<Stored<RolloutStatus>> existing = store.read();
        if (existing.isPresent() && !existing.get().value().isFinished()) {
            RolloutStatus s = existing.get().value();
            throw new DeployException(DeployException.Kind.CONFLICT, "a rollout of " + s.canaryVersion() + " is "
                    + s.phase().wireName() + " (" + s.message() + "); resume, promote or abort it first");
        }
        Optional<String> stable = stableVersion();
        if (stable.isPresent() && stable.get().equals(request.version())) {
            throw new DeployException(DeployException.Kind.NOTHING_TO_DO, request.version()
                    + " is already the stable version in " + scope.environment());
        }
        RolloutPlan plan = request.trigger() == Trigger.ROLLBACK ? Planners.fast(spec())
                : stable.isEmpty() ? Planners.initial(spec()) : Planners.normal(spec(), setup.readings(), request.attendance());
        return create(plan, stable, request);
    }

    private Prepared create(RolloutPlan plan, Optional<String> stable, DeployRequest request)
            throws IOException, DeployException {
        String id = UUID.randomUUID().toString();
        Instant now = setup.clock().instant();
        Rollout rollout = new Rollout(plan, retryPolicy);
        RolloutStatus status = rollout.start(new RolloutStart(id, scope.service(), scope.environment(), stable,
                request.version()), now);
        Optional<Stored<RolloutStatus>> existing = store.read();
        try {
            if (existing.isPresent()) {
                store.replace(existing.get().revision(), status);
            } else {
                store.create(status);
            }
        } catch (StateConflictException e) {
            throw new DeployException(DeployException.Kind.CONFLICT, "another process changed the rollout state of "
                    + scope + " meanwhile; try again");
        }
        LedgerEntry attempt = new LedgerEntry(id, scope.service(), scope.environment(), request.version(), stable,
                Optional.of(request.actor()), request.trigger(), request.reason(), request.deploymentType(),
                plan.strategy(), now, Optional.empty(), Outcome.IN_PROGRESS, Optional.empty(), List.of());
        ledger.append(attempt);
        return new Prepared(rollout, status, attempt);
    }

    private RolloutStatus drive(RolloutStatus status, RolloutDriver.StopWhen stopWhen, RolloutListener listener,
                                String by)
            throws DeployException, ConfigException, IOException, InterruptedException {
        RolloutPlan plan = replan(status);
        Rollout rollout = new Rollout(plan, retryPolicy);
        if (status.phase() == RolloutPhase.FAILED) {
            Stored<RolloutStatus> stored = store.read().orElseThrow();
            try {
                store.replace(stored.revision(), rollout.retryFailed(stored.value(), setup.clock().instant()));
            } catch (StateConflictException e) {
                throw new DeployException(DeployException.Kind.CONFLICT, "the rollout state changed meanwhile; try again");
            }
        }
        return run(rollout, attemptOf(status, by), stopWhen, listener);
    }

    /** The attempt's ledger record; a stand-in when the ledger lost it. */
    private LedgerEntry attemptOf(RolloutStatus status, String by) throws IOException {
        return ledger.read().attempts().stream().filter(e -> e.id().equals(status.rolloutId()))
                .findFirst().orElseGet(() -> new LedgerEntry(status.rolloutId(), status.service(), status.environment(),
                        status.canaryVersion(), status.stableVersion(), Optional.of(by), Trigger.MANUAL, Optional.empty(),
                        DeploymentType.MANUAL, status.strategy(), status.startedAt(), Optional.empty(),
                        Outcome.IN_PROGRESS, Optional.empty(), List.of()));
    }

    /** The plan a rollout in progress follows, rebuilt from the config; refuses when the config changed its shape. */
    private RolloutPlan replan(RolloutStatus status) throws DeployException, ConfigException {
        RolloutSpec spec = spec();
        RolloutPlan plan;
        if (status.stableVersion().isEmpty()) {
            plan = Planners.initial(spec);
        } else if (status.strategy().equals(Planners.fast(spec).strategy())) {
            plan = Planners.fast(spec);
        } else {
            plan = Planners.normal(spec, setup.readings(), Attendance.ATTENDED);
        }
        if (plan.steps().size() != status.stepCount() || !plan.strategy().equals(status.strategy())) {
            throw new DeployException(DeployException.Kind.CONFLICT, "the rollout of " + status.canaryVersion()
                    + " was planned as " + status.strategy() + " with " + status.stepCount() + " steps, but the config "
                    + "now gives " + plan.strategy() + " with " + plan.steps().size() + "; restore the config to "
                    + "resume, or abort the rollout");
        }
        return plan;
    }

    private RolloutStatus run(Rollout rollout, LedgerEntry attempt, RolloutDriver.StopWhen stopWhen,
                              RolloutListener listener) throws IOException, DeployException, InterruptedException {
        TargetActions actions = new TargetActions(rollout.plan(), targets(rollout.plan()), setup.clock(),
                setup.sleeper(), setup.configDirectory());
        RolloutDriver driver = new RolloutDriver(rollout, store, actions, ledger, setup.clock(), setup.sleeper(),
                listener, POLL);
        running = driver;
        stopped.ifPresent(how -> driver.stop(how, stoppedBy));
        try {
            return driver.run(attempt, stopWhen);
        } finally {
            running = null;
            roundAttempt = driver.lastRecorded(); // the next round appends to it, without reading the ledger
        }
    }

    /** The targets of the plan's regions, attached once per instance (rounds reuse them). */
    private Map<String, Target> targets(RolloutPlan plan) throws DeployException {
        if (attached == null || !attached.keySet().equals(new java.util.LinkedHashSet<>(plan.regions()))) {
            attached = attach(plan);
        }
        return attached;
    }

    private Map<String, Target> attach(RolloutPlan plan) throws DeployException {
        LocalTargetSpec local = spec().local().orElseThrow(() -> new DeployException(DeployException.Kind.CONFLICT,
                "environment " + scope.environment() + " names no target; add rollout.local (the embedded local target)"));
        Map<String, Target> targets = new LinkedHashMap<>();
        for (String region : plan.regions()) {
            Optional<String> regionName = plan.regions().size() > 1 ? Optional.of(region) : Optional.empty();
            Path dir = LocalTarget.directory(setup.stateDir(), scope.service(), scope.environment(), regionName);
            try {
                LocalTarget target = LocalTarget.attach(dir, Planners.localFor(spec(), region, local), setup.configDirectory(),
                        setup.clock());
                targets.put(region, target.target(region));
            } catch (TargetException e) {
                throw new DeployException(DeployException.Kind.TARGET_UNAVAILABLE, "cannot start the local target for "
                        + scope + (regionName.map(r -> " in " + r).orElse("")) + ": " + e.getMessage());
            }
        }
        return targets;
    }

    private Stored<RolloutStatus> inProgress() throws IOException, DeployException {
        Stored<RolloutStatus> current = store.read().orElseThrow(() -> new DeployException(
                DeployException.Kind.NOTHING_TO_DO, "no rollout of " + scope + " yet"));
        if (current.value().isFinished()) {
            throw new DeployException(DeployException.Kind.NOTHING_TO_DO, "no rollout of " + scope + " in progress; the last "
                    + "one (" + current.value().canaryVersion() + ") ended " + current.value().phase().wireName());
        }
        return current;
    }

    /** Waits until the driver that holds the lock has taken {@code command} and acted on it. */
    private RolloutStatus awaitTaken(Command command) throws IOException, InterruptedException, DeployException {
        Instant deadline = setup.clock().instant().plus(COMMAND_WAIT);
        while (true) {
            RolloutStatus s = store.read().orElseThrow().value();
            if (s.command().isEmpty() || !s.command().get().equals(command)) {
                return s;
            }
            if (!setup.clock().instant().isBefore(deadline)) {
                throw new DeployException(DeployException.Kind.CONFLICT, "the rollout's driver has not taken the "
                        + command.kind().name().toLowerCase(java.util.Locale.ROOT) + " within "
                        + COMMAND_WAIT.toSeconds() + "s; it stays queued and will be acted on when the rollout is resumed");
            }
            setup.sleeper().sleep(POLL);
        }
    }

    /** A held environment lock, released on close. */
    private static final class Held implements AutoCloseable {
        private final LockHandle handle;

        Held(LockHandle handle) {
            this.handle = handle;
        }

        @Override
        public void close() {
            handle.release();
        }
    }

    private Optional<Held> tryAcquire(String purpose, String owner) throws IOException {
        Acquisition a = lock.tryAcquire(new LockRequest(scope, owner, purpose));
        if (a instanceof Acquisition.Acquired acquired) {
            return Optional.of(new Held(acquired.handle()));
        }
        return Optional.empty();
    }

    private Held acquire(String purpose, String owner, Duration wait) throws IOException, DeployException, InterruptedException {
        Instant deadline = setup.clock().instant().plus(wait);
        while (true) {
            Acquisition a = lock.tryAcquire(new LockRequest(scope, owner, purpose));
            if (a instanceof Acquisition.Acquired acquired) {
                return new Held(acquired.handle());
            }
            if (!setup.clock().instant().isBefore(deadline)) {
                throw new DeployException(DeployException.Kind.LOCKED, scope + " is locked: "
                        + ((Acquisition.HeldBy) a).describe()
                        + (wait.isZero() ? "; wait for it with --wait-lock 10m" : "; waited " + wait.toSeconds() + "s"));
            }
            if (stopped.isPresent()) {
                // Interrupted while waiting (a cancelled CI job): nothing was started, so nothing needs undoing.
                throw new DeployException(DeployException.Kind.LOCKED, "stopped while waiting for " + scope
                        + ", which is locked: " + ((Acquisition.HeldBy) a).describe() + "; nothing was changed");
            }
            setup.sleeper().sleep(LOCK_POLL);
        }
    }
}
