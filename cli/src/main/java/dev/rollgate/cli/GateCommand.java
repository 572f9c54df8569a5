package dev.rollgate.cli;

import dev.rollgate.config.Durations;
import dev.rollgate.config.RollgateConfig;
import dev.rollgate.config.RollgateConfig.NamedEnvironment;
import dev.rollgate.gate.DeploymentGate;
import dev.rollgate.gate.GateDecision;
import dev.rollgate.gate.PromotionHistory;
import dev.rollgate.model.CiStatus;
import dev.rollgate.model.DeploymentRequest;
import dev.rollgate.model.Trigger;
import dev.rollgate.render.DecisionJson;
import dev.rollgate.render.DecisionText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.TypeConversionException;

/** {@code rollgate gate}: may this request deploy here now? */
@Command(name = "gate",
        description = {"Decide whether a deployment may run now, and explain why.",
                "Prints one line per gate, then the decision; --output json for machines."})
final class GateCommand implements Callable<Integer> {

    enum Output { text, json }

    @Mixin
    ConfigOption config;

    // Not mixinStandardHelpOptions: its -V/--version would clash with --version (the version to deploy).
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "Environment name or alias.")
    String environment;

    @Option(names = "--trigger", required = true, paramLabel = "TRIGGER", converter = TriggerConverter.class,
            description = "What started this: push, ci_success, tag, schedule, manual or rollback.")
    Trigger trigger;

    @Option(names = "--at", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Evaluate as if at this ISO-8601 instant, e.g. 2026-11-28T14:30:00Z (policy testing).")
    Instant at;

    @Option(names = "--ref", paramLabel = "REF", description = "Branch or tag: main, refs/heads/main, refs/tags/v1.2.0.")
    String ref;

    @Option(names = "--actor", paramLabel = "NAME", description = "Who asks to deploy.")
    String actor;

    @Option(names = "--commit", paramLabel = "SHA", description = "The commit to deploy.")
    String commit;

    @Option(names = "--version", paramLabel = "V", description = "The version or image to deploy.")
    String version;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why: required for emergencies and rollbacks.")
    String reason;

    @Option(names = "--emergency", description = "Declare an emergency: reason rules apply even inside the window.")
    boolean emergency;

    @Option(names = "--skip-tests", description = "Emergency bypass of CI and test reports; needs a valid reason.")
    boolean skipTests;

    @Option(names = "--ci-status", paramLabel = "STATUS", defaultValue = "unknown", converter = CiStatusConverter.class,
            description = "CI result for the commit: success, failure, pending or unknown. Default: ${DEFAULT-VALUE}.")
    CiStatus ciStatus;

    @Option(names = "--approval", paramLabel = "NAME:ROLE[@INSTANT]",
            description = "A recorded approval; repeatable. Without @INSTANT it counts as given now.")
    List<String> approvals = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json. Default: ${DEFAULT-VALUE}.")
    Output output;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the deployment ledger lives, for a promotion path (gates.requires). Default: the"
                    + " config's stateDir, else .rollgate, relative to the config file's directory.")
    Path stateDir;

    @Option(names = "--wait-for-window",
            description = "When blocked only by time, wait for the next window and decide again.")
    boolean waitForWindow;

    @Option(names = "--max-wait", paramLabel = "DURATION", defaultValue = "72h", converter = DurationConverter.class,
            description = "With --wait-for-window: the longest wait, e.g. 90m, 72h. Default: ${DEFAULT-VALUE}.")
    Duration maxWait;

    @Spec
    CommandSpec spec;

    private final Clock clock;
    private final Sleeper sleeper;

    GateCommand(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (waitForWindow && at != null) {
            throw new UsageException("--wait-for-window waits in real time; it cannot be combined with --at");
        }
        RollgateConfig policy = config.load();
        NamedEnvironment env = policy.environment(environment).orElseThrow(() -> unknownEnvironment(policy));
        Clock now = at == null ? clock : Clock.fixed(at, ZoneOffset.UTC);
        DeploymentGate gate = new DeploymentGate(now, config.directory(), promotionHistory(policy, env));
        DeploymentRequest request = request(env.name(), now.instant());
        GateDecision decision = gate.decide(policy.service(), env, request);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant deadline = clock.instant().plus(maxWait);
        while (waitForWindow && !decision.shouldDeploy() && decision.passesAtNextWindow()) {
            Instant opens = decision.nextWindow().get().toInstant();
            if (opens.isAfter(deadline)) {
                err.println("rollgate: not waiting: " + DecisionText.nextWindow(decision.nextWindow().get(), decision)
                        + " is beyond --max-wait " + Durations.format(maxWait));
                break;
            }
            err.println("rollgate: blocked until the window opens; the request is kept and will be decided again. "
                    + DecisionText.nextWindow(decision.nextWindow().get(), decision));
            err.flush();
            sleeper.sleep(Duration.between(clock.instant(), opens));
            decision = gate.decide(policy.service(), env, request(env.name(), clock.instant()));
        }
        if (waitForWindow && !decision.shouldDeploy() && !decision.passesAtNextWindow()) {
            err.println("rollgate: not waiting: gates other than the time window block this request");
        }
        out.print(output == Output.json ? DecisionJson.render(decision) : DecisionText.render(decision));
        return decision.shouldDeploy() ? ExitCode.OK.code() : ExitCode.BLOCKED.code();
    }

    private PromotionHistory promotionHistory(RollgateConfig policy, NamedEnvironment env) {
        Path dir = stateDir != null ? stateDir.toAbsolutePath()
                : config.directory().resolve(policy.stateDirOrDefault()).toAbsolutePath().normalize();
        return GateInputs.promotionHistory(env, dir);
    }

    private DeploymentRequest request(String env, Instant now) {
        return DeploymentRequest.builder(env, trigger)
                .ref(ref).actor(actor).commit(commit).version(version).reason(reason)
                .emergency(emergency).skipTests(skipTests).ciStatus(ciStatus)
                .approvals(approvals.stream().map(a -> GateInputs.approval(a, now)).toList())
                .build();
    }

    private UsageException unknownEnvironment(RollgateConfig policy) {
        String known = policy.knownEnvironments();
        return new UsageException("unknown environment '" + environment + "' in " + config.file + "; known: " + known);
    }

    static final class TriggerConverter implements ITypeConverter<Trigger> {
        @Override
        public Trigger convert(String value) {
            return Trigger.fromWireName(value).orElseThrow(() -> new TypeConversionException(
                    "'" + value + "' is not a trigger; use push, ci_success, tag, schedule, manual or rollback"));
        }
    }

    static final class CiStatusConverter implements ITypeConverter<CiStatus> {
        @Override
        public CiStatus convert(String value) {
            return CiStatus.fromWireName(value).orElseThrow(() -> new TypeConversionException(
                    "'" + value + "' is not a CI status; use success, failure, pending or unknown"));
        }
    }

    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return parse(value).orElseThrow(() -> new TypeConversionException(
                    "'" + value + "' is not an ISO-8601 instant with offset, e.g. 2026-11-28T14:30:00Z"));
        }

        static Instant parse(String value, String where) {
            return parse(value).orElseThrow(() -> new UsageException(
                    where + ": '" + value + "' is not an ISO-8601 instant with offset, e.g. 2026-11-28T14:30:00Z"));
        }

        private static java.util.Optional<Instant> parse(String value) {
            try {
                return java.util.Optional.of(OffsetDateTime.parse(value).toInstant());
            } catch (DateTimeParseException e) {
                return java.util.Optional.empty();
            }
        }
    }

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
