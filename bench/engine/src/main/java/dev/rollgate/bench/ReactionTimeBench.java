package dev.rollgate.bench;

import dev.rollgate.config.ConfigLoader;
import dev.rollgate.config.RollgateConfig;
import dev.rollgate.driver.DeployRequest;
import dev.rollgate.driver.Deployer;
import dev.rollgate.driver.RolloutListener;
import dev.rollgate.gate.DeploymentType;
import dev.rollgate.model.Trigger;
import dev.rollgate.rollout.Action;
import dev.rollgate.rollout.Observation;
import dev.rollgate.rollout.RolloutPhase;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.strategy.Attendance;
import dev.rollgate.target.local.LocalTarget;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reaction time on the local target with real processes and real traffic: from the moment a failing canary starts
 * taking traffic (the route to 50% is confirmed) to the moment all traffic is back on stable (the route to stable
 * alone is confirmed). Analysis: {@code interval: 1s}, {@code error_rate max 5}; the canary answers 40% 500s.
 *
 * <pre>java -cp ... dev.rollgate.bench.ReactionTimeBench [trials] [failureLimit]</pre>
 * Target: at most 2.5 s with failureLimit 1 (the floor is one interval per tolerated failure, plus one).
 */
public final class ReactionTimeBench {

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int failureLimit = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path repo = Path.of(System.getProperty("rollgate.repo", ".")).toAbsolutePath().normalize();
        Path state = Files.createTempDirectory("rollgate-reaction");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String yaml = """
                service: reaction
                environments:
                  bench:
                    rollout:
                      local:
                        command: "java examples/local/demo/DemoApp.java --port {port} --version {version} --bad-error-rate 40"
                        listen: 127.0.0.1:%d
                        replicas: 2
                      healthCheck: { interval: 200ms, timeout: 2s, failureThreshold: 100 }
                      analysis:
                        interval: 1s
                        failureLimit: %d
                        metrics:
                          - name: error_rate
                            max: 5
                      strategy:
                        canary:
                          analysis: {}
                          steps:
                            - setWeight: 50
                            - pause: { duration: 60s }
                """.formatted(port, failureLimit);
        RollgateConfig config = ConfigLoader.parse(yaml, "reaction.yaml");
        Deployer deployer = new Deployer(new Deployer.Setup(config, repo, config.environment("bench").orElseThrow(), state,
                Clock.systemUTC(), (d -> Thread.sleep(d.toMillis()))));
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Thread> load = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        try {
            deployer.deploy(request("v1"), RolloutListener.NONE);
            for (int i = 0; i < 4; i++) { // about 400 requests/s through the router
                Thread t = new Thread(() -> loadLoop(port, loading), "load-" + i);
                t.setDaemon(true);
                t.start();
                load.add(t);
            }
            for (int trial = 1; trial <= trials; trial++) {
                long[] canaryLive = {0};
                long[] stableAgain = {0};
                RolloutListener timer = new RolloutListener() {
                    @Override
                    public void observed(Observation o) {
                        if (o instanceof Observation.Done && o.action() instanceof Action.Route r) {
                            if (r.split().canaryWeight() == 50) {
                                canaryLive[0] = System.nanoTime();
                            } else if (r.split().canary().isEmpty() && canaryLive[0] != 0 && stableAgain[0] == 0) {
                                stableAgain[0] = System.nanoTime();
                            }
                        }
                    }
                };
                RolloutStatus end = deployer.deploy(request("v" + (trial + 1) + "-bad"), timer);
                if (end.phase() != RolloutPhase.ROLLED_BACK || canaryLive[0] == 0 || stableAgain[0] == 0) {
                    throw new IllegalStateException("trial " + trial + " ended " + end.phase() + ": " + end.message());
                }
                double s = (stableAgain[0] - canaryLive[0]) / 1e9;
                seconds.add(s);
                System.out.printf("trial %d: canary failing at 50%% -> 100%% on stable in %.3f s (%s)%n", trial, s,
                        end.abort().orElseThrow().message());
            }
        } finally {
            loading.set(false);
            for (Thread t : load) {
                t.join(2_000);
            }
            LocalTarget.shutdown(LocalTarget.directory(state, "reaction", "bench", Optional.empty()));
        }
        Collections.sort(seconds);
        double median = seconds.get(seconds.size() / 2);
        double max = seconds.get(seconds.size() - 1);
        boolean pass = max <= 2.5;
        System.out.printf("reaction time, interval 1s, failureLimit %d, %d trials: median %.3f s, max %.3f s -> %s "
                + "(target <= 2.5 s)%n", failureLimit, seconds.size(), median, max, pass ? "PASS" : "FAIL");
        System.exit(pass ? 0 : 1);
    }

    private static DeployRequest request(String version) {
        return new DeployRequest(version, "bench", Trigger.MANUAL, DeploymentType.MANUAL, Optional.empty(), Duration.ZERO,
                Attendance.UNATTENDED);
    }

    private static void loadLoop(int port, AtomicBoolean loading) {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/invoices"))
                .timeout(Duration.ofSeconds(2)).build();
        while (loading.get()) {
            try {
                client.send(request, HttpResponse.BodyHandlers.discarding());
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // keep loading through restarts
            }
        }
    }
}
