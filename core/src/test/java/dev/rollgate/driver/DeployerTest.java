package dev.rollgate.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollgate.config.ConfigLoader;
import dev.rollgate.config.RollgateConfig;
import dev.rollgate.gate.DeploymentType;
import dev.rollgate.ledger.LedgerEntry;
import dev.rollgate.ledger.Outcome;
import dev.rollgate.model.Trigger;
import dev.rollgate.rollout.AbortCause;
import dev.rollgate.rollout.RolloutPhase;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.strategy.Attendance;
import dev.rollgate.target.TrafficSplit;
import dev.rollgate.target.local.LocalTarget;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

    @TempDir
    Path stateDir;

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
    void deployingTheStableVersionAgainIsNothingToDo() throws Exception {
        int port = freePort();
        Deployer deployer = deployer(config(port));
        deployer.deploy(request("v1"), RolloutListener.NONE);

        assertThatThrownBy(() -> deployer.deploy(request("v1"), RolloutListener.NONE))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("v1 is already the stable version in demo");
    }

    private Deployer deployer(RollgateConfig config) {
        return new Deployer(new Deployer.Setup(config, Path.of("").toAbsolutePath(), config.environment("demo").orElseThrow(),
                stateDir, Clock.systemUTC(), Sleeper.REAL));
    }

    private static DeployRequest request(String version) {
        return new DeployRequest(version, "alice", Trigger.MANUAL, DeploymentType.MANUAL, Optional.empty(), Duration.ZERO,
                Attendance.UNATTENDED);
    }

    private static RollgateConfig config(int port) throws Exception {
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
                """.formatted(port);
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
