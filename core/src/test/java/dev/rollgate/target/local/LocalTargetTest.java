package dev.rollgate.target.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollgate.analysis.Metric;
import dev.rollgate.analysis.MetricQuery;
import dev.rollgate.analysis.MetricSample;
import dev.rollgate.target.TargetException;
import dev.rollgate.target.TrafficSplit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The local target end to end: a real agent process, real DemoApp instances ({@code java DemoApp.java}), real
 * HTTP through the router. One agent serves most tests (starting JVMs is what costs time); each test first puts
 * the agent in the state it needs, which the idempotent operations make cheap.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalTargetTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** Surefire runs in the module directory, core/; the demo app lives at the repository root. */
    private static final Path REPO = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    /** A version's error rate comes from ERROR_RATE_<version> in the environment, so v2 can be made to fail. */
    private static final String DEMO = "'" + JAVA + "' -Dsun.net.httpserver.nodelay=true -XX:TieredStopAtLevel=1"
            + " examples/local/demo/DemoApp.java --port {port} --version {version} --error-rate ${ERROR_RATE_{version}:-0}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Path> dirs = new ArrayList<>();
    private Path root;
    private Path dir;
    private LocalTargetSpec spec;
    private LocalTarget target;

    @BeforeAll
    void startAgent() throws Exception {
        root = Files.createTempDirectory("rollgate-local-target");
        dir = LocalTarget.directory(root, "shop", "prod", Optional.empty());
        dirs.add(dir);
        spec = new LocalTargetSpec(DEMO, Optional.of(2), Optional.of("127.0.0.1:0"), Optional.empty(),
                Optional.of(Map.of("ERROR_RATE_v2", "50")), Optional.of(Duration.ofSeconds(20)));
        target = LocalTarget.attach(dir, spec, REPO);
    }

    @AfterAll
    void shutDownEverything() throws Exception {
        for (Path d : dirs) {
            LocalTarget.shutdown(d);
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** v1 with 2 instances taking everything, v2 (50 % errors) with 1 taking 20 %. */
    private void canaryAt20Percent() throws TargetException {
        target.scale("v1", 2);
        target.route(TrafficSplit.all("v1"));
        target.scale("v2", 1);
        target.route(new TrafficSplit(Optional.of("v1"), Optional.of("v2"), 20));
    }

    @Test
    void splitsRealTrafficByWeightAndMeasuresTheCanaryAgainstTheBaseline() throws Exception {
        canaryAt20Percent();
        assertThat(target.running()).isEqualTo(Map.of("v1", 2, "v2", 1));
        assertThat(target.instances("v1")).hasSize(2).doesNotHaveDuplicates();
        assertThat(target.current()).isEqualTo(new TrafficSplit(Optional.of("v1"), Optional.of("v2"), 20));
        for (URI instance : target.instances("v2")) {
            assertThat(get(instance.resolve("/version")).body()).isEqualTo("v2\n");
        }

        LocalMetricProvider metrics = target.metrics();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Instant t1 = t0.plusSeconds(60);
        metrics.measure(query(Metric.ERROR_RATE, t0.minusSeconds(60), t0)); // a reading to measure from

        Map<String, Integer> byVersion = new TreeMap<>();
        int failed = 0;
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> r = get(target.address().resolve("/checkout"));
            byVersion.merge(r.headers().firstValue("X-Rollgate-Version").orElse("none"), 1, Integer::sum);
            if (r.statusCode() >= 500) {
                failed++;
                assertThat(r.headers().firstValue("X-Rollgate-Version")).contains("v2");
            }
        }
        // The router's schedule is exact over every 100 requests.
        assertThat(byVersion).isEqualTo(Map.of("v1", 160, "v2", 40));
        assertThat(failed).isEqualTo(20);

        MetricSample errors = metrics.measure(query(Metric.ERROR_RATE, t0, t1));
        assertThat(errors.error()).isEmpty();
        assertThat(errors.canary().getAsDouble()).isCloseTo(50.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(errors.baseline().getAsDouble()).isZero();
        MetricSample availability = metrics.measure(query(Metric.AVAILABILITY, t0, t1));
        assertThat(availability.canary().getAsDouble()).isCloseTo(50.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(availability.baseline().getAsDouble()).isEqualTo(100.0);
        MetricSample rate = metrics.measure(query(Metric.REQUEST_RATE, t0, t1));
        assertThat(rate.canary().getAsDouble()).isCloseTo(40 / 60.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rate.baseline().getAsDouble()).isCloseTo(160 / 60.0, org.assertj.core.data.Offset.offset(1e-9));
        MetricSample p99 = metrics.measure(query(Metric.LATENCY_P99, t0, t1));
        assertThat(p99.canary()).isPresent();
        assertThat(p99.canary().getAsDouble()).isPositive();

        // A CLI killed and restarted gets a new provider, which measures from the readings the agent kept.
        LocalMetricProvider restarted = LocalTarget.attachOnly(dir).orElseThrow().metrics();
        assertThat(restarted.measure(query(Metric.ERROR_RATE, t0, t1)).canary().getAsDouble())
                .isCloseTo(50.0, org.assertj.core.data.Offset.offset(0.01));

        // The next window had no requests: no data, not zero.
        MetricSample quiet = metrics.measure(query(Metric.ERROR_RATE, t1, t1.plusSeconds(60)));
        assertThat(quiet.error()).isEmpty();
        assertThat(quiet.canary()).isEmpty();
        assertThat(quiet.baseline()).isEmpty();
    }

    /**
     * An abort scales down a canary whose instances are still starting: it must not queue behind that start for the
     * whole start timeout (the CI job that aborts has seconds, not minutes), and nothing of the start may remain.
     */
    @Test
    void aScaleDownAbandonsAStartStillWaitingForItsInstances() throws Exception {
        Path other = LocalTarget.directory(root, "shop", "abandon", Optional.empty());
        dirs.add(other);
        LocalTargetSpec never = new LocalTargetSpec("sleep 600 # never listens on {port}", Optional.of(1),
                Optional.of("127.0.0.1:0"), Optional.empty(), Optional.empty(), Optional.of(Duration.ofMinutes(5)));
        LocalTarget t = LocalTarget.attach(other, never, REPO);
        java.util.concurrent.CompletableFuture<Throwable> start = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                t.scale("v9", 1);
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        Path log = other.resolve("instances");
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!Files.isDirectory(log) || Files.list(log).findAny().isEmpty()) {
            assertThat(System.nanoTime()).as("the instance was started").isLessThan(until);
            Thread.sleep(20);
        }
        // The abort's scale-down: done in seconds, long before the 5-minute start timeout it would otherwise wait out.
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                t.scale("v9", 0);
            } catch (TargetException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }).get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(start.get(30, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(TargetException.class)
                .hasMessageContaining("abandoned: a newer request came in while it waited");
        assertThat(t.running()).doesNotContainKey("v9");
    }

    @Test
    void scalingIsIdempotentAndScalingDownStopsTheProcesses() throws Exception {
        target.scale("v1", 2);
        target.route(TrafficSplit.all("v1"));
        List<URI> before = target.instances("v1");
        target.scale("v1", 2);
        assertThat(target.instances("v1")).isEqualTo(before);

        ProcessHandle second = instanceProcess(before.get(1));
        target.scale("v1", 1);
        assertThat(target.instances("v1")).containsExactly(before.get(0));
        assertThat(second.isAlive()).isFalse();
        assertThat(canConnect(before.get(1))).isFalse();
        assertThat(get(target.address().resolve("/")).statusCode()).isEqualTo(200);
    }

    @Test
    void anInstanceThatDiesIsNoLongerCountedAndScalingReplacesItAndStopsItsOrphans() throws Exception {
        target.scale("v1", 2);
        target.route(TrafficSplit.all("v1"));
        List<URI> before = target.instances("v1");
        // Kill only the shell the agent started: the application below it is orphaned but still listening.
        ProcessHandle shell = target.agentProcess().children()
                .filter(h -> h.info().commandLine().orElse("").contains("--port " + before.get(0).getPort() + " "))
                .findFirst().orElseThrow();
        ProcessHandle app = instanceProcess(before.get(0));
        assertThat(app).isNotEqualTo(shell);
        shell.destroyForcibly();
        shell.onExit().get(10, TimeUnit.SECONDS);

        assertThat(target.running()).containsEntry("v1", 1);
        assertThat(target.instances("v1")).containsExactly(before.get(1));
        target.scale("v1", 2);
        assertThat(target.instances("v1")).hasSize(2).contains(before.get(1)).doesNotContain(before.get(0));
        app.onExit().get(10, TimeUnit.SECONDS);
        assertThat(app.isAlive()).isFalse();
        for (int i = 0; i < 10; i++) {
            assertThat(get(target.address().resolve("/")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aChangedListenAddressIsRefusedRatherThanIgnored() throws Exception {
        int otherPort = target.address().getPort() == 1 ? 2 : 1;
        LocalTargetSpec moved = new LocalTargetSpec(DEMO, Optional.empty(), Optional.of("127.0.0.1:" + otherPort),
                Optional.empty(), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> LocalTarget.attach(dir, moved, REPO))
                .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("127.0.0.1:" + otherPort)
                .hasMessageContaining(String.valueOf(target.address().getPort()));
    }

    @Test
    void aVersionAtZeroPercentNeedsNoInstancesButRoutingTrafficToNoInstancesIsRefused() throws Exception {
        target.scale("v1", 2);
        target.route(TrafficSplit.all("v1"));
        target.route(new TrafficSplit(Optional.of("v1"), Optional.of("v9"), 0));
        assertThat(target.current()).isEqualTo(new TrafficSplit(Optional.of("v1"), Optional.of("v9"), 0));

        assertThatThrownBy(() -> target.route(new TrafficSplit(Optional.of("v1"), Optional.of("v9"), 5)))
                .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("v9").hasMessageContaining("no running instances");
        // The refused route changed nothing.
        assertThat(target.current()).isEqualTo(new TrafficSplit(Optional.of("v1"), Optional.of("v9"), 0));

        assertThat(target.running()).containsEntry("v1", 2);
    }

    @Test
    void recreateMayStopAVersionThatStillHasTrafficWhichIsThenAnswered503() throws Exception {
        target.scale("v1", 1);
        target.route(TrafficSplit.all("v1"));

        target.scale("v1", 0);

        assertThat(target.running()).doesNotContainKey("v1");
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(target.address().resolve("/api/invoices")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(503);
    }

    @Test
    void anInstanceThatExitsAtOnceIsAPermanentFailureShowingItsOutput() throws Exception {
        LocalTargetSpec broken = new LocalTargetSpec("echo 'cannot open database on {port}' >&2; exit 3",
                Optional.empty(), Optional.of("127.0.0.1:0"), Optional.empty(), Optional.empty(), Optional.empty());
        LocalTarget other = LocalTarget.attach(dir, broken, REPO);
        assertThat(other.agentPid()).isEqualTo(target.agentPid());

        assertThatThrownBy(() -> other.scale("v7", 1))
                .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("cannot open database on");
        assertThat(target.running()).doesNotContainKey("v7");
    }

    @Test
    void injectedFaultsFailOperationsAsToldAndChangeNothing() throws Exception {
        target.scale("v1", 2);
        target.route(TrafficSplit.all("v1"));
        target.injectFaults(LocalTargetFaults.NONE.failingNextRoutes(2).failingScaleOf("v5").failingNextStats(1));
        try {
            TrafficSplit split = new TrafficSplit(Optional.of("v1"), Optional.of("v5"), 0);
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> target.route(split))
                        .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.retryable()).isTrue());
                assertThat(target.current()).isEqualTo(TrafficSplit.all("v1"));
            }
            target.route(split);
            assertThat(target.current()).isEqualTo(split);

            assertThatThrownBy(() -> target.scale("v5", 1))
                    .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("v5");
            assertThat(target.running()).doesNotContainKey("v5");

            Instant t = Instant.parse("2026-02-01T00:00:00Z");
            assertThat(target.metrics().measure(query(Metric.ERROR_RATE, t, t)).error()).isPresent();
            assertThat(target.metrics().measure(query(Metric.ERROR_RATE, t, t)).error()).isEmpty();
        } finally {
            target.injectFaults(LocalTargetFaults.NONE);
        }
    }

    @Test
    void aNewClientAndEvenARestartedAgentFindTheSameWeightsAndInstances() throws Exception {
        canaryAt20Percent();
        TrafficSplit split = new TrafficSplit(Optional.of("v1"), Optional.of("v2"), 20);

        LocalTarget reader = LocalTarget.attachOnly(dir).orElseThrow();
        assertThat(reader.agentPid()).isEqualTo(target.agentPid());
        assertThat(reader.current()).isEqualTo(split);
        assertThat(reader.running()).isEqualTo(Map.of("v1", 2, "v2", 1));
        assertThat(LocalTarget.attachOnly(root.resolve("nothing-here"))).isEmpty();

        // Lose the agent itself: the instances live on, a new agent re-adopts them and puts the route back.
        Map<String, List<URI>> instances = Map.of("v1", target.instances("v1"), "v2", target.instances("v2"));
        URI address = target.address();
        ProcessHandle agent = target.agentProcess();
        agent.destroyForcibly();
        agent.onExit().get(10, TimeUnit.SECONDS);

        LocalTarget restarted = LocalTarget.attach(dir, spec, REPO);
        assertThat(restarted.agentPid()).isNotEqualTo(agent.pid());
        assertThat(restarted.address()).isEqualTo(address);
        assertThat(restarted.current()).isEqualTo(split);
        assertThat(restarted.instances("v1")).isEqualTo(instances.get("v1"));
        assertThat(restarted.instances("v2")).isEqualTo(instances.get("v2"));
        Map<String, Integer> byVersion = new TreeMap<>();
        for (int i = 0; i < 100; i++) {
            byVersion.merge(get(address.resolve("/")).headers().firstValue("X-Rollgate-Version").orElse("none"), 1,
                    Integer::sum);
        }
        assertThat(byVersion).isEqualTo(Map.of("v1", 80, "v2", 20));
        // The old client reconnects by itself.
        assertThat(target.current()).isEqualTo(split);
        assertThat(target.agentPid()).isEqualTo(restarted.agentPid());
    }

    @Test
    void aCliKilledMidScaleLeavesTheAgentWorkingAndShutdownLeavesNoProcessBehind() throws Exception {
        Path own = LocalTarget.directory(root, "shop", "staging", Optional.of("eu-west-1"));
        dirs.add(own);
        Process cli = new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"),
                LocalTargetCliStandIn.class.getName(), own.toString(), DEMO, REPO.toString(), "v1", "1")
                .redirectErrorStream(true).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(cli.getInputStream(),
                StandardCharsets.UTF_8))) {
            line = out.readLine();
            assertThat(line).startsWith("scaling");
            cli.toHandle().destroyForcibly(); // kill -9, while the agent starts the instances
        }
        cli.waitFor(10, TimeUnit.SECONDS);
        long agentPid = Long.parseLong(line.substring("scaling ".length()).strip());

        // The agent outlived its CLI; a new CLI finds it, and repeating the interrupted scale converges.
        LocalTarget local = LocalTarget.attach(own, spec, REPO, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        assertThat(local.agentPid()).isEqualTo(agentPid);
        local.scale("v1", 1);
        assertThat(local.running()).isEqualTo(Map.of("v1", 1));
        local.route(TrafficSplit.all("v1"));
        assertThat(get(local.address().resolve("/version")).body()).isEqualTo("v1\n");

        ProcessHandle agent = local.agentProcess();
        List<ProcessHandle> all = new ArrayList<>(agent.descendants().toList());
        all.add(agent);
        assertThat(all).hasSizeGreaterThanOrEqualTo(2);
        assertThat(LocalTarget.shutdown(own)).isTrue();
        assertThat(all).noneMatch(ProcessHandle::isAlive);
        assertThat(LocalTarget.attachOnly(own)).isEmpty();
        assertThat(local.metrics().measure(query(Metric.ERROR_RATE, Instant.EPOCH, Instant.EPOCH)).error())
                .hasValueSatisfying(e -> assertThat(e).contains("unavailable"));
        assertThat(LocalTarget.shutdown(own)).isFalse();
    }

    @Test
    void theAdminApiAnswersOnlyWithTheTokenThatOnlyTheOwnerCanRead() throws Exception {
        Path info = dir.resolve(AgentProtocol.INFO_FILE);
        assertThat(Files.getPosixFilePermissions(info))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        AgentProtocol.Info agent = AgentProtocol.JSON.readValue(info.toFile(), AgentProtocol.Info.class);
        URI state = URI.create("http://127.0.0.1:" + agent.adminPort() + "/admin/state");
        assertThat(http.send(HttpRequest.newBuilder(state).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
        HttpRequest wrong = HttpRequest.newBuilder(state).header(AgentProtocol.TOKEN_HEADER, "0" + agent.token()).build();
        assertThat(http.send(wrong, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpRequest right = HttpRequest.newBuilder(state).header(AgentProtocol.TOKEN_HEADER, agent.token()).build();
        assertThat(http.send(right, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void specRejectsImpossibleValuesNamingTheField() {
        assertThatThrownBy(() -> LocalTargetSpec.of("java App.java --port 8081"))
                .hasMessageContaining("{port}");
        assertThatThrownBy(() -> new LocalTargetSpec("app {port}", Optional.of(21), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty())).hasMessageContaining("between 1 and 20");
        assertThatThrownBy(() -> new LocalTargetSpec("app {port}", Optional.empty(), Optional.of("localhost"),
                Optional.empty(), Optional.empty(), Optional.empty())).hasMessageContaining("host:port");
        assertThatThrownBy(() -> new LocalTargetSpec("app {port}", Optional.empty(), Optional.of("localhost:99999"),
                Optional.empty(), Optional.empty(), Optional.empty())).hasMessageContaining("65535");
        LocalTargetSpec defaults = LocalTargetSpec.of("app --port {port}");
        assertThat(defaults.replicaCount()).isEqualTo(1);
        assertThat(defaults.listenAddress().getPort()).isEqualTo(8080);
        assertThat(defaults.startTimeoutOrDefault()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.workingDirectoryIn(Path.of("/srv/app"))).isEqualTo(Path.of("/srv/app"));
    }

    private static MetricQuery query(Metric metric, Instant from, Instant to) {
        return new MetricQuery(metric, "v2", Optional.of("v1"), from, to);
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The application process (below the agent's shell) serving {@code uri}, found by its --port argument. */
    private ProcessHandle instanceProcess(URI uri) {
        return target.agentProcess().descendants()
                .filter(h -> h.info().commandLine().orElse("").contains("--port " + uri.getPort() + " "))
                .filter(h -> h.children().findAny().isEmpty())
                .findFirst().orElseThrow(() -> new AssertionError("no process for " + uri));
    }

    private static boolean canConnect(URI uri) {
        return Processes.accepts(uri.getHost(), uri.getPort(), Duration.ofMillis(500));
    }
}
