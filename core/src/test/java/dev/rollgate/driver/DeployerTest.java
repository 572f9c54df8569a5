package dev.rollgate.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollgate.config.ConfigLoader;
import dev.rollgate.config.RollgateConfig;
import dev.rollgate.gate.DeploymentType;
import dev.rollgate.ledger.FileDeploymentLedger;
import dev.rollgate.ledger.LedgerEntry;
import dev.rollgate.ledger.Outcome;
import dev.rollgate.model.Trigger;
import dev.rollgate.rollout.AbortCause;
import dev.rollgate.rollout.Command;
import dev.rollgate.rollout.RetryPolicy;
import dev.rollgate.rollout.RolloutPhase;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.state.Acquisition;
import dev.rollgate.state.LockRequest;
import dev.rollgate.state.ServiceEnvironment;
import dev.rollgate.state.file.FileEnvironmentLock;
import dev.rollgate.strategy.Attendance;
import dev.rollgate.target.TrafficSplit;
import dev.rollgate.target.local.LocalTarget;
import dev.rollgate.target.local.LocalTargetFaults;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole story on the embedded defaults, with real processes (the demo app) behind the real router, real
 * HTTP traffic, the file state store, lock and ledger: a first deployment, a bad canary that analysis catches and
 * rolls back, a good canary that is promoted.
 */
class DeployerTest {

    /** Short back-off so retry tests take milliseconds, with the same bounded shape as the default. */
    private static final RetryPolicy FAST_RETRIES = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(400));

    private static final String QUICK_CANARY = """
                  strategy:
                    canary:
                      steps:
                        - setWeight: 50
                        - pause: { duration: 1s }
            """;

    @TempDir
    Path stateDir;

    @TempDir
    Path scratch;

    private final AtomicBoolean loading = new AtomicBoolean(true);
    private Thread load;

    @AfterEach
    void stopEverything() throws Exception {
        loading.set(false);
        if (load != null) {
            load.join(5_000);
        }
        LocalTarget.shutdown(LocalTarget.directory(stateDir, "demo-app", "demo", Optional.empty()));
    }

    @Test
    void aBadCanaryIsRolledBackByAnalysisAndAGoodOneIsPromoted() throws Exception {
        int port = freePort();
        Deployer deployer = deployer(config(port));

        RolloutStatus first = deployer.deploy(request("v1"), RolloutListener.NONE);
        assertThat(first.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(first.stableVersion()).contains("v1");
        startLoad(port);

        RolloutStatus bad = deployer.deploy(request("v2-bad"), RolloutListener.NONE);

        assertThat(bad.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(bad.abort().orElseThrow().cause()).isEqualTo(AbortCause.ANALYSIS_FAILED);
        assertThat(bad.abort().orElseThrow().message()).contains("error_rate");
        assertThat(bad.stableVersion()).contains("v1");
        assertThat(routed()).isEqualTo(TrafficSplit.all("v1"));
        assertThat(agent().running()).containsOnlyKeys("v1");

        RolloutStatus good = deployer.deploy(request("v2"), RolloutListener.NONE);

        assertThat(good.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(good.stableVersion()).contains("v2");
        assertThat(routed().stable()).contains("v2");
        assertThat(routed().canaryWeight()).isZero();
        assertThat(agent().running()).containsOnlyKeys("v2");
        assertThat(fetch(port, "/version")).isEqualTo("v2");

        List<LedgerEntry> history = deployer.history();
        assertThat(history).extracting(LedgerEntry::version).containsExactly("v1", "v2-bad", "v2");
        assertThat(history).extracting(LedgerEntry::outcome)
                .containsExactly(Outcome.SUCCEEDED, Outcome.ROLLED_BACK, Outcome.SUCCEEDED);
        assertThat(history.get(1).rollbackCause()).hasValueSatisfying(c -> assertThat(c).contains("error_rate"));
        assertThat(history.get(2).steps()).isNotEmpty();
    }

    @Test
    void roundsActUntilTheRolloutWaitsAndAddNothingToTheLedgerWhileItWaits() throws Exception {
        int port = freePort();
        Deployer deployer = deployer(config(port, """
                      strategy:
                        canary:
                          steps:
                            - setWeight: 50
                            - pause: { duration: 1h }
                """));
        deployer.deploy(request("v1"), RolloutListener.NONE);
        Optional<Acquisition> lock = Optional.of(deployer.tryLock("jenkins job/web/7", "canaryDeploy v2"));
        assertThat(lock.get()).isInstanceOf(Acquisition.Acquired.class);
        try {
            RolloutStatus started = deployer.begin(request("v2"));
            assertThat(started.phase()).isEqualTo(RolloutPhase.PROGRESSING);

            long before = System.nanoTime();
            RolloutStatus waiting = deployer.round("jenkins", RolloutListener.NONE);
            assertThat(Duration.ofNanos(System.nanoTime() - before)).as("a round never sleeps through the pause")
                    .isLessThan(Duration.ofMinutes(1));
            assertThat(waiting.phase()).isEqualTo(RolloutPhase.PAUSED);
            // Asked again at the progress deadline (5m) at the latest, not every poll interval.
            assertThat(waiting.wakeAt()).hasValueSatisfying(w -> assertThat(w).isAfter(Instant.now().plusSeconds(60)));
            assertThat(routed()).isEqualTo(new TrafficSplit(Optional.of("v1"), Optional.of("v2"), 50));
            int records = ledgerRecords();
            Path state = stateDir.resolve("state/demo-app/demo.json");
            byte[] content = Files.readAllBytes(state);
            java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(state);
            for (int i = 0; i < 5; i++) {
                assertThat(deployer.round("jenkins", RolloutListener.NONE).phase()).isEqualTo(RolloutPhase.PAUSED);
            }
            assertThat(ledgerRecords()).as("waiting rounds add no ledger records").isEqualTo(records);
            assertThat(Files.getLastModifiedTime(state)).as("nor rewrite an unchanged status").isEqualTo(written);
            assertThat(Files.readAllBytes(state)).isEqualTo(content);

            RolloutStatus asked = deployer.request(Command.Kind.PROMOTE_FULL, "bob", "looks good");
            assertThat(asked.command()).isPresent();
            RolloutStatus done = deployer.round("jenkins", RolloutListener.NONE);
            assertThat(done.phase()).isEqualTo(RolloutPhase.PROMOTED);
            assertThat(routed()).isEqualTo(TrafficSplit.all("v2"));
            assertThat(deployer.history()).extracting(LedgerEntry::outcome).containsExactly(Outcome.SUCCEEDED,
                    Outcome.SUCCEEDED);
        } finally {
            ((Acquisition.Acquired) lock.get()).handle().release();
        }
    }

    @Test
    void aStoppedRoundAbortsTheRolloutAndNamesWhoStoppedIt() throws Exception {
        int port = freePort();
        Deployer deployer = deployer(config(port, """
                      strategy:
                        canary:
                          steps:
                            - setWeight: 50
                            - pause: {}
                """));
        deployer.deploy(request("v1"), RolloutListener.NONE);
        deployer.begin(new DeployRequest("v2", "alice", Trigger.MANUAL, DeploymentType.MANUAL, Optional.empty(),
                Duration.ZERO, Attendance.ATTENDED));
        assertThat(deployer.round("jenkins", RolloutListener.NONE).phase()).isEqualTo(RolloutPhase.PAUSED);

        deployer.stop(Interruption.ABORT, "jenkins: build aborted by alice");
        RolloutStatus end = deployer.round("jenkins", RolloutListener.NONE);

        assertThat(end.phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(end.abort().orElseThrow().message()).contains("jenkins: build aborted by alice");
        assertThat(routed()).isEqualTo(TrafficSplit.all("v1"));
    }

    private int ledgerRecords() throws IOException {
        return new FileDeploymentLedger(stateDir).read().records().size();
    }

    @Test
    void deployingTheStableVersionAgainIsNothingToDo() throws Exception {
        int port = freePort();
        Deployer deployer = deployer(config(port));
        deployer.deploy(request("v1"), RolloutListener.NONE);

        assertThatThrownBy(() -> deployer.deploy(request("v1"), RolloutListener.NONE))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("v1 is already the stable version in demo");
    }

    @Test
    void transientTargetFailuresAreRetriedWithBackOffAndTheRolloutStillPromotes() throws Exception {
        int port = freePort();
        Deployer deployer = deployer(config(port, QUICK_CANARY));
        deployer.deploy(request("v1"), RolloutListener.NONE);
        agent().injectFaults(LocalTargetFaults.NONE.failingNextRoutes(2));

        RolloutStatus end = deployer.deploy(request("v2"), RolloutListener.NONE);

        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(routed()).isEqualTo(TrafficSplit.all("v2"));
    }

    @Test
    void targetFailuresPastTheRetryBudgetRollBackAndSayWhy() throws Exception {
        int port = freePort();
        Deployer deployer = deployer(config(port, QUICK_CANARY));
        deployer.deploy(request("v1"), RolloutListener.NONE);
        agent().injectFaults(LocalTargetFaults.NONE.failingNextRoutes(3)); // the whole retry budget of the 50% route

        RolloutStatus end = deployer.deploy(request("v2"), RolloutListener.NONE);

        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(end.abort().orElseThrow().cause()).isEqualTo(AbortCause.TARGET_FAILED);
        assertThat(end.abort().orElseThrow().message()).contains("gave up after 3 attempts").contains("injected fault");
        assertThat(routed()).isEqualTo(TrafficSplit.all("v1"));
        assertThat(agent().running()).containsOnlyKeys("v1");
    }

    @Test
    void aFailingMigrationRollsBackAndTheDownMigrationRunsWithTheVersionInItsEnvironment() throws Exception {
        int port = freePort();
        Path down = scratch.resolve("down.txt");
        Deployer deployer = deployer(config(port, """
                      hooks:
                        migrate: { command: "echo applying 0042_invoices; test $ROLLGATE_VERSION != v2", timeout: 30s }
                        onRollback: { command: "echo down $ROLLGATE_VERSION to $ROLLGATE_PREVIOUS_VERSION > %s" }
                """.formatted(down) + QUICK_CANARY));
        deployer.deploy(request("v1"), RolloutListener.NONE);
        assertThat(down).doesNotExist(); // v1's migration passed: nothing was rolled back

        RolloutStatus end = deployer.deploy(request("v2"), RolloutListener.NONE);

        assertThat(end.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(end.abort().orElseThrow().cause()).isEqualTo(AbortCause.HOOK_FAILED);
        assertThat(Files.readString(down).trim()).isEqualTo("down v2 to v1");
        LedgerEntry attempt = deployer.history().get(1);
        assertThat(attempt.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(attempt.rollbackCause()).hasValueSatisfying(c -> assertThat(c).contains("exited 1")
                .contains("applying 0042_invoices"));
        assertThat(routed()).isEqualTo(TrafficSplit.all("v1"));
    }

    @Test
    void aSecondRolloutIsToldWhoHoldsTheEnvironmentAndCanWaitForIt() throws Exception {
        int port = freePort();
        Deployer deployer = deployer(config(port, QUICK_CANARY));
        FileEnvironmentLock lock = new FileEnvironmentLock(stateDir.resolve("locks"), Clock.systemUTC());
        Acquisition held = lock.tryAcquire(new LockRequest(new ServiceEnvironment("demo-app", "demo"), "bob", "deploy v7"));
        assertThat(held).isInstanceOf(Acquisition.Acquired.class);

        assertThatThrownBy(() -> deployer.deploy(request("v1"), RolloutListener.NONE))
                .isInstanceOfSatisfying(DeployException.class, e -> assertThat(e.kind()).isEqualTo(DeployException.Kind.LOCKED))
                .hasMessageContaining("bob").hasMessageContaining("deploy v7").hasMessageContaining("--wait-lock");

        DeployRequest patient = new DeployRequest("v1", "alice", Trigger.MANUAL, DeploymentType.MANUAL, Optional.empty(),
                Duration.ofSeconds(30), Attendance.UNATTENDED);
        CompletableFuture<RolloutStatus> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return deployer.deploy(patient, RolloutListener.NONE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1_000);
        assertThat(waiting).isNotDone();
        ((Acquisition.Acquired) held).handle().release();
        assertThat(waiting.get(60, TimeUnit.SECONDS).phase()).isEqualTo(RolloutPhase.PROMOTED);
    }

    @Test
    void aStopWhileWaitingForTheLockEndsTheWaitAndChangesNothing() throws Exception {
        Deployer deployer = deployer(config(freePort(), QUICK_CANARY));
        FileEnvironmentLock lock = new FileEnvironmentLock(stateDir.resolve("locks"), Clock.systemUTC());
        Acquisition held = lock.tryAcquire(new LockRequest(new ServiceEnvironment("demo-app", "demo"), "bob", "deploy v7"));
        assertThat(held).isInstanceOf(Acquisition.Acquired.class);
        DeployRequest patient = new DeployRequest("v1", "alice", Trigger.MANUAL, DeploymentType.MANUAL, Optional.empty(),
                Duration.ofMinutes(10), Attendance.UNATTENDED);
        CompletableFuture<RolloutStatus> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return deployer.deploy(patient, RolloutListener.NONE);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        Thread.sleep(1_000);
        assertThat(waiting).isNotDone();
        deployer.stop(Interruption.ABORT);  // SIGINT from a cancelled job

        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(DeployException.class)
                .hasMessageContaining("stopped while waiting").hasMessageContaining("bob")
                .hasMessageContaining("nothing was changed");
        assertThat(deployer.status()).isEmpty();
        ((Acquisition.Acquired) held).handle().release();
    }

    @Test
    void aPauseWithoutDurationWaitsForPromoteFromAnotherProcess() throws Exception {
        int port = freePort();
        RollgateConfig config = config(port, """
                  strategy:
                    canary:
                      steps:
                        - setWeight: 30
                        - pause: {}
            """);
        Deployer deployer = deployer(config);
        deployer.deploy(request("v1"), RolloutListener.NONE);
        DeployRequest attended = new DeployRequest("v2", "alice", Trigger.MANUAL, DeploymentType.MANUAL, Optional.empty(),
                Duration.ZERO, Attendance.ATTENDED);
        CompletableFuture<RolloutStatus> running = CompletableFuture.supplyAsync(() -> {
            try {
                return deployer.deploy(attended, RolloutListener.NONE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Deployer other = deployer(config); // another process: its own instance over the same state directory
        RolloutStatus paused = awaitPhase(other, RolloutPhase.PAUSED);
        assertThat(paused.canaryWeight()).isEqualTo(30);
        assertThat(paused.pauseConditions()).singleElement().satisfies(p -> assertThat(p.until()).isEmpty());
        assertThat(routed()).isEqualTo(new TrafficSplit(Optional.of("v1"), Optional.of("v2"), 30));

        other.command(Command.Kind.PROMOTE, "carol", "looks good", RolloutListener.NONE);

        RolloutStatus end = running.get(60, TimeUnit.SECONDS);
        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(end.steps()).anySatisfy(step -> assertThat(step.result()).contains("promoted by carol"));
    }

    @Test
    void rollbackAfterAPromotionGoesBackToThePreviousStableVersionAtOnce() throws Exception {
        int port = freePort();
        Deployer deployer = deployer(config(port, QUICK_CANARY));
        deployer.deploy(request("v1"), RolloutListener.NONE);
        deployer.deploy(request("v2"), RolloutListener.NONE);

        RolloutStatus back = deployer.rollback(Optional.empty(), "alice", "p99 regression", Duration.ZERO,
                RolloutListener.NONE);

        assertThat(back.stableVersion()).contains("v1");
        assertThat(back.strategy()).isEqualTo("fast");
        assertThat(routed()).isEqualTo(TrafficSplit.all("v1"));
        LedgerEntry last = deployer.history().get(2);
        assertThat(last.trigger()).isEqualTo(Trigger.ROLLBACK);
        assertThat(last.version()).isEqualTo("v1");
        assertThat(last.reason()).contains("p99 regression");
    }

    private static RolloutStatus awaitPhase(Deployer deployer, RolloutPhase phase) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Optional<RolloutStatus> s = deployer.status();
            if (s.isPresent() && s.get().phase() == phase && s.get().canaryVersion().equals("v2")) {
                return s.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never reached " + phase + ": " + deployer.status());
    }

    private Deployer deployer(RollgateConfig config) {
        return new Deployer(new Deployer.Setup(config, Path.of("").toAbsolutePath(), config.environment("demo").orElseThrow(),
                stateDir, Clock.systemUTC(), RealSleeper.INSTANCE), FAST_RETRIES);
    }

    private static DeployRequest request(String version) {
        return new DeployRequest(version, "alice", Trigger.MANUAL, DeploymentType.MANUAL, Optional.empty(), Duration.ZERO,
                Attendance.UNATTENDED);
    }

    private static RollgateConfig config(int port) throws Exception {
        return config(port, """
                      analysis:
                        interval: 1s
                        metrics:
                          - name: error_rate
                            max: 5
                      strategy:
                        canary:
                          analysis: {}
                          steps:
                            - setWeight: 25
                            - pause: { duration: 3s }
                            - setWeight: 50
                            - pause: { duration: 2s }
                """);
    }

    /** The demo app on the local target at {@code port}, with the rest of the rollout block given. */
    static RollgateConfig config(int port, String rollout) throws Exception {
        String yaml = """
                service: demo-app
                environments:
                  demo:
                    rollout:
                      local:
                        command: "java ../examples/local/demo/DemoApp.java --port {port} --version {version} --bad-error-rate 40"
                        listen: 127.0.0.1:%d
                      healthCheck: { interval: 200ms, timeout: 2s, failureThreshold: 100 }
                      progressDeadline: 5m
                """.formatted(port) + rollout;
        return ConfigLoader.parse(yaml, "rollgate.yaml");
    }

    private TrafficSplit routed() throws Exception {
        return agent().current();
    }

    private LocalTarget agent() {
        return LocalTarget.attachOnly(LocalTarget.directory(stateDir, "demo-app", "demo", Optional.empty())).orElseThrow();
    }

    private void startLoad(int port) {
        HttpClient client = HttpClient.newHttpClient();
        load = new Thread(() -> {
            while (loading.get()) {
                try {
                    client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/invoices"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                    Thread.sleep(10);
                } catch (IOException e) {
                    // the router answers 502 while an instance restarts; keep loading
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "load");
        load.setDaemon(true);
        load.start();
    }

    private static String fetch(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body().trim();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
