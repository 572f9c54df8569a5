package dev.rollgate.cli;

import dev.rollgate.driver.DeployException;
import dev.rollgate.driver.DeployRequest;
import dev.rollgate.driver.Interruption;
import dev.rollgate.gate.DeploymentType;
import dev.rollgate.model.Trigger;
import dev.rollgate.rollout.RolloutPhase;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.strategy.Attendance;
import dev.rollgate.strategy.RolloutPlan;
import dev.rollgate.target.TargetException;
import dev.rollgate.target.local.LocalTarget;
import dev.rollgate.target.local.LocalTargetSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rollgate demo}: the whole story on this machine, in about two minutes. Deploys v1 of the demo app, then,
 * under steady background traffic, v2-bad (which fails 30% of requests: the canary analysis catches it and it is
 * rolled back) and v2 (promoted); then shuts the local agent and its instances down.
 */
@Command(name = "demo",
        description = {"Run the local demo: deploy v1 of examples/local/demo/DemoApp.java, then, under steady"
                + " background traffic, v2-bad (rolled back by the canary analysis) and v2 (promoted). About two"
                + " minutes; needs only a JDK. Run it from the checkout's root.",
                "Exit 0 when the story went as told, 3 when interrupted (everything is stopped and cleaned up)."})
final class DemoCommand extends RolloutCommandBase {

    static final String DEFAULT_CONFIG = "examples/local/rollgate.yaml";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = DEFAULT_CONFIG,
            description = "The demo's policy file. Default: ${DEFAULT-VALUE}.")
    Path file;

    @Option(names = {"-e", "--env"}, paramLabel = "ENV", defaultValue = "demo",
            description = "The environment to deploy to. Default: ${DEFAULT-VALUE}.")
    String environment;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the demo keeps its state and ledger. Default: a new temporary directory, so every"
                    + " run starts with a first deployment.")
    Path stateDir;

    @Option(names = "--rate", paramLabel = "REQ_PER_S", defaultValue = "50",
            description = "Background traffic while v2-bad and v2 roll out, requests per second. Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--keep-running",
            description = "Leave the local agent and v2 running at the end (stop it with another demo run, or by"
                    + " killing the agent).")
    boolean keepRunning;

    private final ConfigOption configOption = new ConfigOption();
    private final EnvironmentOptions whereOption = new EnvironmentOptions();
    private final OutputOption outputOption = new OutputOption();

    @Override
    ConfigOption config() {
        return configOption;
    }

    @Override
    EnvironmentOptions where() {
        return whereOption;
    }

    @Override
    OutputOption output() {
        return outputOption;
    }

    /** One act of the story: the version and how it should end. */
    private record Act(String version, RolloutPhase expected, String intro) {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (rate < 1 || rate > 1000) {
            throw new UsageException("--rate must be 1-1000 requests per second, was " + rate);
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + " not found: run rollgate demo from the Rollgate checkout's root, or name"
                    + " the demo config with --config");
        }
        configOption.file = file;
        whereOption.environment = environment;
        whereOption.stateDir = stateDir != null ? stateDir : Files.createTempDirectory("rollgate-demo-");
        outputOption.format = OutputOption.Format.text;
        Context c = context();
        Path agentDir = LocalTarget.directory(c.stateDir(), c.policy().service(), c.environment().name(),
                Optional.empty());
        List<Act> acts = List.of(
                new Act("v1", RolloutPhase.PROMOTED, "First deployment: v1 of the demo app, nothing to compare with yet."),
                new Act("v2-bad", RolloutPhase.ROLLED_BACK, "A broken release: v2-bad answers 30% of requests with 500."
                        + " The canary gets a share of real traffic; the analysis should catch it and roll back."),
                new Act("v2", RolloutPhase.PROMOTED, "The fixed release: v2 goes through the same steps and is promoted."));
        out().println("Rollgate demo: " + c.policy().service() + " in " + c.environment().name() + " (config " + file
                + ", state " + c.stateDir() + ")");
        Traffic traffic = null;
        List<String> endings = new ArrayList<>();
        int code = ExitCode.OK.code();
        // Between deployments too, Ctrl-C must end the demo through the cleanup below, not kill it with the agent
        // and its instances still running. During a deployment, the deployment's own handling takes over.
        try (SignalHandling outer = SignalHandling.install(c.deployer()::stop, Interruption.ABORT, err())) {
            for (int i = 0; i < acts.size(); i++) {
                if (outer.interrupted()) {
                    return ExitCode.ROLLED_BACK.code();
                }
                Act act = acts.get(i);
                out().println();
                out().println("== " + (i + 1) + "/" + acts.size() + " deploy " + act.version() + " ==");
                out().println(act.intro());
                if (traffic == null && i > 0) {
                    traffic = Traffic.start(routerAddress(c, agentDir), rate);
                    out().println("Background traffic: " + rate + " requests/s to " + traffic.target);
                }
                out().flush();
                Optional<RolloutPlan> plan = Optional.empty();
                try {
                    plan = Optional.of(c.deployer().plan(Attendance.UNATTENDED));
                } catch (DeployException | dev.rollgate.config.ConfigException e) {
                    // The deploy below reports the same problem with its exit code.
                }
                DeployRequest request = new DeployRequest(act.version(), "rollgate-demo", Trigger.MANUAL,
                        DeploymentType.MANUAL, Optional.of("rollgate demo"), Duration.ZERO, Attendance.UNATTENDED);
                RolloutStatus[] result = new RolloutStatus[1];
                int actCode = drive(c, Interruption.ABORT, plan, Ending.SUMMARY, listener -> {
                    result[0] = c.deployer().deploy(request, listener);
                    return result[0];
                });
                if (result[0] == null) {
                    return actCode; // refused: the reason is printed
                }
                endings.add(act.version() + ": " + result[0].phase().wireName()
                        + result[0].abort().map(a -> " (" + a.message() + ")").orElse(""));
                if (actCode == ExitCode.ROLLED_BACK.code() && act.expected() != RolloutPhase.ROLLED_BACK
                        || result[0].phase() == RolloutPhase.ABORTED || result[0].phase() == RolloutPhase.FAILED) {
                    err().println("rollgate: the demo stops: " + act.version() + " ended "
                            + result[0].phase().wireName() + ", expected " + act.expected().wireName());
                    return result[0].phase() == RolloutPhase.FAILED ? ExitCode.TARGET_UNAVAILABLE.code() : actCode;
                }
                if (result[0].phase() != act.expected()) {
                    err().println("rollgate: unexpected: " + act.version() + " ended " + result[0].phase().wireName()
                            + ", the demo expects " + act.expected().wireName());
                    code = ExitCode.INTERNAL.code();
                }
            }
            out().println();
            out().println("== Summary ==");
            endings.forEach(e -> out().println("  " + e));
            if (traffic != null) {
                traffic.stop();
                out().println("  background traffic: " + traffic.describe());
            }
            out().println();
            out().print(HistoryOutput.text(c.policy().service(), c.environment().name(), c.deployer().history(),
                    clock.instant()));
            out().println();
            out().println("Look again: rollgate history --config " + file + " --env " + environment + " --state-dir "
                    + c.stateDir());
            return code;
        } finally {
            if (traffic != null) {
                traffic.stop();
            }
            if (!keepRunning) {
                try {
                    if (LocalTarget.shutdown(agentDir)) {
                        out().println("Stopped the local agent and its instances.");
                    }
                } catch (TargetException e) {
                    err().println("rollgate: could not stop the local agent in " + agentDir + ": " + e.getMessage());
                }
            }
            out().flush();
        }
    }

    /** Where the router answers: the running agent's address, else the config's listen address. */
    private static URI routerAddress(Context c, Path agentDir) {
        Optional<LocalTarget> attached = LocalTarget.attachOnly(agentDir);
        if (attached.isPresent()) {
            return attached.get().address();
        }
        String listen = c.environment().spec().rollout().flatMap(r -> r.local()).flatMap(LocalTargetSpec::listen)
                .orElse(LocalTargetSpec.DEFAULT_LISTEN);
        return URI.create("http://" + listen + "/");
    }

    /** Steady background traffic through the router, counted by the version that answered. */
    static final class Traffic {

        private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]*)\"");

        final URI target;
        private final ScheduledExecutorService ticker;
        private final HttpClient http;
        private final Map<String, LongAdder> okByVersion = new ConcurrentHashMap<>();
        private final LongAdder errors = new LongAdder();
        private final LongAdder failures = new LongAdder();
        private final AtomicLong sent = new AtomicLong();
        private volatile boolean stopped;

        private Traffic(URI target, ScheduledExecutorService ticker, HttpClient http) {
            this.target = target;
            this.ticker = ticker;
            this.http = http;
        }

        static Traffic start(URI target, int perSecond) {
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rollgate-demo-traffic");
                t.setDaemon(true);
                return t;
            });
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            Traffic traffic = new Traffic(target, ticker, http);
            long periodMicros = 1_000_000L / perSecond;
            ticker.scheduleAtFixedRate(traffic::send, 0, periodMicros, TimeUnit.MICROSECONDS);
            return traffic;
        }

        private void send() {
            if (stopped) {
                return;
            }
            sent.incrementAndGet();
            HttpRequest request = HttpRequest.newBuilder(target.resolve("/demo")).timeout(Duration.ofSeconds(5)).GET()
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                if (error != null) {
                    failures.increment();
                } else if (response.statusCode() >= 500) {
                    errors.increment();
                } else {
                    Matcher m = VERSION.matcher(response.body());
                    okByVersion.computeIfAbsent(m.find() ? m.group(1) : "?", v -> new LongAdder()).increment();
                }
            });
        }

        void stop() {
            stopped = true;
            ticker.shutdownNow();
        }

        String describe() {
            Map<String, Long> ok = new TreeMap<>();
            okByVersion.forEach((v, n) -> ok.put(v, n.sum()));
            StringBuilder s = new StringBuilder(sent.get() + " requests; answered OK by version: " + ok + "; "
                    + errors.sum() + " answered 5xx");
            if (failures.sum() > 0) {
                s.append("; ").append(failures.sum()).append(" without an answer");
            }
            return s.toString();
        }
    }
}
