package dev.rollgate.action;

import dev.rollgate.cli.ExitCode;
import dev.rollgate.render.ProgressDisplay;
import dev.rollgate.cli.SignalHandling;
import dev.rollgate.cli.Sleeper;
import dev.rollgate.cli.StatusOutput;
import dev.rollgate.config.ConfigException;
import dev.rollgate.config.ConfigLoader;
import dev.rollgate.config.ConfigProblem;
import dev.rollgate.config.RollgateConfig;
import dev.rollgate.config.RollgateConfig.NamedEnvironment;
import dev.rollgate.driver.DeployException;
import dev.rollgate.driver.DeployRequest;
import dev.rollgate.driver.Deployer;
import dev.rollgate.driver.Interruption;
import dev.rollgate.driver.RolloutListener;
import dev.rollgate.gate.DeploymentGate;
import dev.rollgate.gate.GateDecision;
import dev.rollgate.gate.GateResult;
import dev.rollgate.gate.PromotionHistory;
import dev.rollgate.model.CiStatus;
import dev.rollgate.model.DeploymentRequest;
import dev.rollgate.model.Trigger;
import dev.rollgate.render.DecisionJson;
import dev.rollgate.render.DecisionMarkdown;
import dev.rollgate.render.DecisionText;
import dev.rollgate.render.Markdown;
import dev.rollgate.render.RolloutJson;
import dev.rollgate.render.RolloutMarkdown;
import dev.rollgate.rollout.Command;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.strategy.Attendance;
import dev.rollgate.strategy.RolloutPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One run of the action's step, as the container runs it: reads the inputs and the event, decides the gates with
 * the same policy and code as {@code rollgate gate}, runs the command, and reports through outputs, the job
 * summary, annotations and GitHub deployment statuses. Untrusted text reaches the log only inside
 * {@code ::stop-commands::} blocks or escaped.
 */
final class GitHubAction {

    /** Gates whose refusal means the request itself is wrong (an emergency without a valid reason): an error. */
    private static final Set<String> REQUEST_GATES = Set.of("emergency", "reason");
    private static final java.util.regex.Pattern RUN_URL =
            java.util.regex.Pattern.compile("https://[A-Za-z0-9.:-]+/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/actions/runs/[0-9]+");

    private final Map<String, String> env;
    private final Clock clock;
    private final Sleeper sleeper;
    private final GitHubSide.Factory github;
    private final StepReport report;
    private final WorkflowCommands log;

    GitHubAction(Map<String, String> env, Clock clock, Sleeper sleeper, GitHubSide.Factory github, PrintWriter out) {
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.sleeper = sleeper;
        this.github = github;
        this.log = new WorkflowCommands(out);
        // Before anything else is printed: the token, as the runner received it.
        log.mask(env.getOrDefault(ActionInputs.variable("github_token"), "").strip());
        this.report = new StepReport(log, env);
    }

    private Optional<java.time.Instant> gateAt = Optional.empty();

    /** Decides the gates as if at that instant (policy testing); the rollout runs on the real clock. */
    GitHubAction decidingAt(Optional<java.time.Instant> at) {
        this.gateAt = at;
        return this;
    }

    /** The main stage; returns the exit code (README: 0 ok, 1 blocked with fail_when_blocked, 2 bad input, ...). */
    int run() {
        try {
            ActionInputs inputs = ActionInputs.read(env);
            GitHubEvent event = GitHubEvent.read(env);
            ActionRequest request = ActionRequest.of(inputs, event);
            WorkflowRun run = WorkflowRun.from(env);
            Loaded loaded = load(inputs, request);
            GitHubSide gh = github.connect(inputs, run, log);
            Step step = new Step(inputs, event, request, run, loaded, gh);
            switch (request.command()) {
                case GATE:
                    return step.gate();
                case DEPLOY:
                case ROLLBACK:
                    return step.deploy();
                case PROMOTE:
                    return step.command(Command.Kind.PROMOTE);
                case ABORT:
                    return step.command(Command.Kind.ABORT);
                default:
                    return step.status();
            }
        } catch (ActionException e) {
            return error("Rollgate could not run", e.getMessage(), ExitCode.USAGE);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                log.error("Rollgate: invalid configuration", p.toString(), p.file(), p.line());
            }
            return error("Rollgate: invalid configuration", e.problems().stream().map(ConfigProblem::toString)
                    .collect(Collectors.joining("\n")), ExitCode.USAGE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error("Rollgate was interrupted", "the step was interrupted", ExitCode.ROLLED_BACK);
        } catch (IOException | UncheckedIOException e) {
            return error("Rollgate: I/O error", String.valueOf(e.getMessage()), ExitCode.INTERNAL);
        } catch (RuntimeException e) {
            // A bug. The trace can quote untrusted text (the runner parses stderr too): it goes out inert.
            try (WorkflowCommands.Untrusted block = log.untrusted()) {
                e.printStackTrace(block.writer());
            }
            return error("Rollgate: internal error (please report it with the log)", e.toString(), ExitCode.INTERNAL);
        } finally {
            report.finish();
        }
    }

    /**
     * The post stage (runs after the job, cancelled or not): when the main stage started a rollout and did not see
     * it to a resting point (the runner killed it after a cancellation), abort it now so that traffic is back on the
     * stable version, and say so in the deployment status.
     */
    int post() {
        if (!"true".equals(env.get("STATE_rollout_open"))) {
            return ExitCode.OK.code();
        }
        try {
            Path config = Path.of(env.getOrDefault("STATE_rollout_config", "rollgate.yaml"));
            ConfigLoader.Loaded loaded = ConfigLoader.loadWithReadings(config);
            RollgateConfig policy = loaded.config();
            String name = env.getOrDefault("STATE_rollout_environment", "");
            NamedEnvironment environment = policy.environment(name).orElseThrow(() ->
                    new ActionException("post: environment '" + name + "' is no longer in " + config));
            Path stateDir = Path.of(env.getOrDefault("STATE_rollout_state_dir", ".rollgate"));
            Deployer deployer = new Deployer(new Deployer.Setup(policy, config.toAbsolutePath().getParent(),
                    environment, stateDir, clock, sleeper::sleep, loaded.readings(environment.name())));
            Optional<RolloutStatus> current = deployer.status();
            if (current.isEmpty() || current.get().isFinished()) {
                return ExitCode.OK.code();
            }
            log.warning("Rollgate: the job ended before the rollout did", "aborting the rollout of "
                    + current.get().canaryVersion() + " in " + environment.name() + ": traffic back to "
                    + current.get().stableVersion().orElse("the stable version"));
            RolloutStatus result;
            try (WorkflowCommands.Untrusted block = log.untrusted()) {
                ProgressDisplay display = new ProgressDisplay(block.writer(), clock, Optional.empty(), false);
                result = deployer.command(Command.Kind.ABORT, "github-action post",
                        "the job ended before the rollout finished", display);
                display.summary(result);
            }
            report.summary(RolloutMarkdown.render(result));
            Optional<String> id = Optional.ofNullable(env.get("STATE_deployment_id")).filter(v -> v.matches("[0-9]+"));
            if (id.isPresent()) {
                GitHubSide gh = github.connect(ActionInputs.read(env), WorkflowRun.from(env), log);
                gh.deploymentStatus(new GitHubDeployment(Long.parseLong(id.get()), GitHubDeployment.Origin.CREATED),
                        DeploymentState.FAILURE, "cancelled: traffic back to "
                                + result.stableVersion().orElse("the stable version"), Optional.empty());
            }
            return result.isFinished() ? ExitCode.OK.code() : ExitCode.TARGET_UNAVAILABLE.code();
        } catch (ActionException e) {
            return error("Rollgate post stage", e.getMessage(), ExitCode.USAGE);
        } catch (ConfigException e) {
            return error("Rollgate post stage: invalid configuration", e.getMessage(), ExitCode.USAGE);
        } catch (DeployException e) {
            return error("Rollgate post stage", e.getMessage(), ExitCode.TARGET_UNAVAILABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.ROLLED_BACK.code();
        } catch (IOException | UncheckedIOException e) {
            return error("Rollgate post stage: I/O error", String.valueOf(e.getMessage()), ExitCode.INTERNAL);
        }
    }

    private int error(String title, String message, ExitCode code) {
        if (!title.endsWith("invalid configuration")) {
            log.error(title, message);
        }
        report.output("outcome", ActionOutcome.ERROR.wireName());
        report.summary("### " + Markdown.text(title) + "\n\n" + Markdown.text(message) + "\n");
        return code.code();
    }

    private record Loaded(RollgateConfig policy, NamedEnvironment environment, Path configDir, Path stateDir,
                          List<String> readings) {
    }

    private Loaded load(ActionInputs inputs, ActionRequest request) throws ActionException, ConfigException {
        Path file = inputs.config();
        if (!file.toFile().isFile()) {
            throw new ActionException("input config: " + file + " does not exist (relative to the workspace, "
                    + Path.of("").toAbsolutePath() + "); check out the repository first (actions/checkout)");
        }
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithReadings(file);
        RollgateConfig policy = loaded.config();
        NamedEnvironment environment = policy.environment(request.environment()).orElseThrow(() ->
                new ActionException("environment '" + request.environment() + "' is not in " + file + "; known: " + policy.knownEnvironments()));
        Path dir = file.toAbsolutePath().getParent();
        Path stateDir = inputs.stateDir().map(Path::toAbsolutePath)
                .orElseGet(() -> dir.resolve(policy.stateDirOrDefault()).toAbsolutePath().normalize());
        return new Loaded(policy, environment, dir, stateDir, loaded.readings(environment.name()));
    }

    /** One command with everything it needs. */
    private final class Step {
        private final ActionInputs inputs;
        private final GitHubEvent event;
        private final ActionRequest request;
        private final WorkflowRun run;
        private final Loaded loaded;
        private final GitHubSide gh;

        Step(ActionInputs inputs, GitHubEvent event, ActionRequest request, WorkflowRun run, Loaded loaded,
             GitHubSide gh) {
            this.inputs = inputs;
            this.event = event;
            this.request = request;
            this.run = run;
            this.loaded = loaded;
            this.gh = gh;
        }

        Deployer deployer() {
            return new Deployer(new Deployer.Setup(loaded.policy(), loaded.configDir(), loaded.environment(),
                    loaded.stateDir(), clock, sleeper::sleep, loaded.readings()));
        }

        int gate() throws IOException {
            GateDecision d = decide();
            return reportDecision(d, true);
        }

        GateDecision decide() throws IOException {
            // GitHub is asked only when the policy judges CI: no request, no warning, where it does not.
            boolean ciJudged = loaded.environment().spec().gatesOrNone().ci().filter(c -> c.isRequired()).isPresent();
            CiStatus ci = request.ciStatus().orElseGet(() -> ciJudged
                    ? request.commit().map(gh::ciStatus).orElse(CiStatus.UNKNOWN) : CiStatus.UNKNOWN);
            PromotionHistory history = PromotionHistory.forEnvironment(loaded.environment(), loaded.stateDir());
            Clock decisionClock = gateAt.map(t -> Clock.fixed(t, java.time.ZoneOffset.UTC))
                    .orElseGet(() -> Clock.tick(clock, Duration.ofSeconds(1)));
            DeploymentGate gate = new DeploymentGate(decisionClock, loaded.configDir(), history);
            DeploymentRequest r = DeploymentRequest.builder(loaded.environment().name(), request.trigger())
                    .ref(request.ref().orElse(null)).actor(request.actor()).commit(request.commit().orElse(null))
                    .version(request.version().orElse(null)).reason(request.reason().orElse(null))
                    .emergency(request.emergency()).skipTests(request.skipTests()).ciStatus(ci)
                    .build();
            return gate.decide(loaded.policy().service(), loaded.environment(), r);
        }

        /**
         * Outputs, log, summary and annotations of a decision. {@code final}: the step ends here (gate, or a blocked
         * deploy); returns its exit code.
         */
        int reportDecision(GateDecision d, boolean gateCommand) {
            report.output("should_deploy", String.valueOf(d.shouldDeploy()));
            report.output("deployment_type", d.deploymentType().wireName());
            report.output("next_window", d.nextWindow().map(t -> t.toOffsetDateTime().toString()).orElse(""));
            report.output("decision_json", DecisionJson.render(d).strip());
            log.log(DecisionText.render(d));
            report.summary(DecisionMarkdown.render(d) + links());
            if (d.shouldDeploy()) {
                if (gateCommand) {
                    report.output("outcome", ActionOutcome.ALLOWED.wireName());
                }
                return ExitCode.OK.code();
            }
            report.output("outcome", ActionOutcome.BLOCKED.wireName());
            List<GateResult> blocking = d.blocking();
            String reasons = blocking.stream().map(g -> g.gate() + ": " + g.reason()).collect(Collectors.joining("\n"));
            if (blocking.stream().anyMatch(g -> REQUEST_GATES.contains(g.gate()))) {
                log.error("Rollgate: the " + (request.trigger() == Trigger.ROLLBACK ? "rollback" : "emergency")
                        + " request was rejected", reasons + "\nFix the request: give deployment_reason (or the reason"
                        + " input) a real explanation, as the policy requires.");
                return ExitCode.USAGE.code();
            }
            String next = d.nextWindow().map(t -> "\n" + DecisionText.nextWindow(t, d)).orElse("");
            if (inputs.failWhenBlocked()) {
                log.error("Rollgate: deployment to " + d.environment() + " blocked", reasons + next);
                return ExitCode.BLOCKED.code();
            }
            log.notice("Rollgate: deployment to " + d.environment() + " blocked", reasons + next);
            return ExitCode.OK.code();
        }

        int deploy() throws IOException, ConfigException, InterruptedException {
            Deployer deployer = deployer();
            GateDecision d = decide();
            if (!d.shouldDeploy()) {
                deployer.recordBlocked(request.version().orElse("previous"), request.actor(), request.trigger(),
                        request.reason(), d);
                return reportDecision(d, false);
            }
            reportDecision(d, false);
            boolean rollback = request.command() == ActionCommand.ROLLBACK;
            Optional<RolloutPlan> plan = Optional.empty();
            String version = request.version().orElse("");
            if (!rollback) {
                if (version.isEmpty()) {
                    throw new IllegalStateException("a deploy always has a version");
                }
                try {
                    plan = Optional.of(deployer.plan(Attendance.UNATTENDED));
                } catch (DeployException e) {
                    return refused(e);
                }
            }
            Optional<GitHubDeployment> deployment = gh.startDeployment(loaded.environment().name(),
                    request.commit().orElse(version), description(rollback, version));
            deployment.ifPresent(g -> report.output("deployment_id", String.valueOf(g.id())));
            report.state("rollout_open", "true");
            report.state("rollout_config", inputs.config().toAbsolutePath().toString());
            report.state("rollout_environment", loaded.environment().name());
            report.state("rollout_state_dir", loaded.stateDir().toString());
            deployment.ifPresent(g -> report.state("deployment_id", String.valueOf(g.id())));
            DeployRequest deploy = new DeployRequest(version, request.actor(), request.trigger(), d.deploymentType(),
                    request.reason(), inputs.waitLock(), Attendance.UNATTENDED);
            Optional<String> to = request.version();
            return drive(deployer, plan, deployment, listener -> rollback
                    ? deployer.rollback(to, request.actor(), request.reason().orElse(""), inputs.waitLock(), listener)
                    : deployer.deploy(deploy, listener));
        }

        int command(Command.Kind kind) throws IOException, ConfigException, InterruptedException {
            Deployer deployer = deployer();
            return drive(deployer, Optional.empty(), Optional.empty(),
                    listener -> deployer.command(kind, request.actor(), request.reason().orElse(""), listener));
        }

        int status() throws IOException {
            Optional<RolloutStatus> s = deployer().status();
            String service = loaded.policy().service();
            String envName = loaded.environment().name();
            report.output("status_json", RolloutJson.render(service, envName, s).strip());
            report.output("outcome", ActionOutcome.of(s).wireName());
            log.log(StatusOutput.text(service, envName, s, clock.instant()));
            report.summary(s.map(RolloutMarkdown::render).orElse("### " + Markdown.text(service) + " in "
                    + Markdown.text(envName) + "\n\nNo rollout yet.\n") + links());
            return ExitCode.OK.code();
        }

        private String description(boolean rollback, String version) {
            return (rollback ? "Rollback of " : "Rollout of ") + loaded.policy().service()
                    + (version.isEmpty() ? "" : " " + version) + " by Rollgate";
        }

        /** Runs a rollout operation with progress in an inert log block and SIGINT/SIGTERM as a safe abort. */
        private int drive(Deployer deployer, Optional<RolloutPlan> plan, Optional<GitHubDeployment> deployment,
                          Operation op) throws IOException, ConfigException, InterruptedException {
            RolloutStatus result;
            boolean interrupted;
            deployment.ifPresent(g -> gh.deploymentStatus(g, DeploymentState.IN_PROGRESS, "Rolling out",
                    inputs.environmentUrl()));
            try (WorkflowCommands.Untrusted block = log.untrusted()) {
                PrintWriter w = block.writer();
                ProgressDisplay display = new ProgressDisplay(w, clock, plan, false)
                        .naming("--env " + loaded.environment().name());
                try (SignalHandling signals = SignalHandling.install(deployer::stop, Interruption.ABORT, w)) {
                    try {
                        result = op.run(display);
                    } catch (DeployException e) {
                        w.flush();
                        signals.finished(0);
                        block.close();
                        int code = refused(e);
                        deployment.ifPresent(g -> gh.deploymentStatus(g, code == 0 ? DeploymentState.SUCCESS
                                : DeploymentState.ERROR, e.getMessage(), inputs.environmentUrl()));
                        report.state("rollout_open", "false");
                        return code;
                    }
                    interrupted = signals.interrupted();
                    display.summary(result);
                    w.flush();
                    signals.finished(interrupted ? ExitCode.ROLLED_BACK.code() : 0);
                }
            }
            report.state("rollout_open", String.valueOf(!result.isFinished() && !interrupted));
            ActionOutcome outcome = interrupted && result.isFinished() ? ActionOutcome.ABORTED
                    : ActionOutcome.of(Optional.of(result));
            if (request.command() == ActionCommand.ROLLBACK && outcome == ActionOutcome.PROMOTED) {
                outcome = ActionOutcome.ROLLED_BACK;  // a rollback after the rollout: the old version, promoted
            }
            DeploymentState state = request.command() == ActionCommand.ROLLBACK && !interrupted
                    && outcome == ActionOutcome.ROLLED_BACK ? DeploymentState.SUCCESS : deploymentState(outcome);
            report.output("outcome", outcome.wireName());
            report.output("status_json",
                    RolloutJson.render(result.service(), result.environment(), Optional.of(result)).strip());
            report.summary(RolloutMarkdown.render(result, plan) + links());
            String cause = result.abort().map(a -> a.message()).orElse(result.message());
            deployment.ifPresent(g -> gh.deploymentStatus(g, state,
                    (interrupted ? "cancelled: " : "") + cause, inputs.environmentUrl()));
            return annotate(outcome, result, cause, interrupted);
        }

        private int annotate(ActionOutcome outcome, RolloutStatus result, String cause, boolean interrupted) {
            String where = loaded.environment().name();
            boolean asked = request.command() == ActionCommand.ABORT || request.command() == ActionCommand.ROLLBACK;
            switch (outcome) {
                case PROMOTED:
                    log.notice("Rollgate: " + result.canaryVersion() + " promoted in " + where, result.message());
                    return ExitCode.OK.code();
                case ROLLED_BACK:
                case ABORTED:
                    if (asked && !interrupted) {
                        log.notice("Rollgate: " + where + " back on " + result.stableVersion().orElse("nothing"), cause);
                        return ExitCode.OK.code();
                    }
                    log.error("Rollgate: " + result.canaryVersion() + (interrupted ? " aborted (job cancelled)"
                            : " rolled back") + " in " + where, cause + "; traffic is on "
                            + result.stableVersion().orElse("no version") + " again");
                    return ExitCode.ROLLED_BACK.code();
                case FAILED:
                    log.error("Rollgate: the rollout in " + where + " failed", cause);
                    return ExitCode.TARGET_UNAVAILABLE.code();
                default:
                    log.warning("Rollgate: the rollout in " + where + " is " + result.phase().wireName(),
                            result.message() + "; continue with command: promote, abort or rollback");
                    return ExitCode.OK.code();
            }
        }

        private int refused(DeployException e) {
            switch (e.kind()) {
                case NOTHING_TO_DO:
                    log.notice("Rollgate: nothing to do", e.getMessage());
                    report.output("outcome", ActionOutcome.UNCHANGED.wireName());
                    return ExitCode.OK.code();
                case LOCKED:
                    return error("Rollgate: " + loaded.environment().name() + " is locked", e.getMessage(),
                            ExitCode.LOCKED);
                case TARGET_UNAVAILABLE:
                    report.output("outcome", ActionOutcome.FAILED.wireName());
                    log.error("Rollgate: the target is unavailable", e.getMessage());
                    return ExitCode.TARGET_UNAVAILABLE.code();
                default:
                    return error("Rollgate: cannot run " + request.command().wireName(), e.getMessage(), ExitCode.USAGE);
            }
        }

        private String links() {
            StringBuilder s = new StringBuilder("\n");
            run.logUrl().ifPresent(u -> s.append("[Workflow run](").append(u).append(")"));
            // The upstream run's page comes from the payload: linked only when it is exactly a run URL.
            event.upstreamRunUrl().filter(u -> RUN_URL.matcher(u).matches() && u.startsWith(run.serverUrl() + "/"))
                    .ifPresent(u -> s.append(s.length() > 1 ? " · " : "").append("[CI run](").append(u).append(")"));
            return s.length() > 1 ? s.append("\n").toString() : "";
        }
    }

    static DeploymentState deploymentState(ActionOutcome outcome) {
        switch (outcome) {
            case PROMOTED:
            case UNCHANGED:
                return DeploymentState.SUCCESS;
            case ROLLED_BACK:
            case ABORTED:
                return DeploymentState.FAILURE;
            case FAILED:
                return DeploymentState.ERROR;
            default:
                return DeploymentState.IN_PROGRESS;
        }
    }

    @FunctionalInterface
    private interface Operation {
        RolloutStatus run(RolloutListener listener)
                throws DeployException, ConfigException, IOException, InterruptedException;
    }
}
