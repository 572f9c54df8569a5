package dev.rollgate.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollgate.config.RollgateConfig;
import dev.rollgate.gate.DeploymentType;
import dev.rollgate.model.Trigger;
import dev.rollgate.rollout.RolloutPhase;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.strategy.Attendance;
import dev.rollgate.target.TrafficSplit;
import dev.rollgate.target.local.LocalTarget;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every strategy, end to end on the local target with real demo-app processes: from v1 to v2, and afterwards the
 * router sends everything to v2 and only v2 still runs. The step logic itself is proven in virtual time by the
 * rollout tests; this proves the local target can carry each strategy out.
 */
class StrategiesOnLocalTargetTest {

    @TempDir
    Path stateDir;

    private final List<Path> agents = new ArrayList<>();

    @AfterEach
    void stopAgents() throws Exception {
        for (Path dir : agents) {
            LocalTarget.shutdown(dir);
        }
    }

    @Test
    void recreateStopsTheOldVersionThenStartsTheNewOne() throws Exception {
        int port = freePort();
        promoteV2(port, """
                      strategy: recreate
                """, Optional.empty());
        assertAllOnV2(Optional.empty());
    }

    @Test
    void rollingReplacesInstancesInBatches() throws Exception {
        int port = freePort();
        promoteV2(port, """
                      replicas: 3
                      strategy:
                        rolling: { maxSurge: "1", maxUnavailable: "0" }
                """, Optional.empty());
        assertAllOnV2(Optional.empty());
        assertThat(agent(Optional.empty()).running()).containsEntry("v2", 3);
    }

    @Test
    void blueGreenSwitchesAllTrafficAtOnceAfterThePreview() throws Exception {
        int port = freePort();
        promoteV2(port, """
                      strategy:
                        blue-green: { autoPromotionSeconds: 1, scaleDownDelaySeconds: 1 }
                """, Optional.empty());
        assertAllOnV2(Optional.empty());
    }

    @Test
    void multiRegionRollsOutRegionAfterRegionEachBehindItsOwnRouter() throws Exception {
        int port = freePort();
        int eu = freePort();
        int us = freePort();
        promoteV2(port, """
                      strategy:
                        multiRegion:
                          waitBetween: 1s
                          regions:
                            - { name: eu, listen: "127.0.0.1:%d" }
                            - { name: us, listen: "127.0.0.1:%d", wait: 1s }
                          strategy:
                            canary:
                              steps:
                                - setWeight: 50
                                - pause: { duration: 1s }
                """.formatted(eu, us), Optional.of(List.of("eu", "us")));
        assertAllOnV2(Optional.of("eu"));
        assertAllOnV2(Optional.of("us"));
    }

    private void promoteV2(int port, String rollout, Optional<List<String>> regions) throws Exception {
        regions.ifPresentOrElse(rs -> rs.forEach(r -> agents.add(dir(Optional.of(r)))), () -> agents.add(dir(Optional.empty())));
        RollgateConfig config = DeployerTest.config(port, rollout);
        Deployer deployer = new Deployer(new Deployer.Setup(config, Path.of("").toAbsolutePath(),
                config.environment("demo").orElseThrow(), stateDir, Clock.systemUTC(), RealSleeper.INSTANCE));
        assertThat(deployer.deploy(request("v1"), RolloutListener.NONE).phase()).isEqualTo(RolloutPhase.PROMOTED);

        RolloutStatus end = deployer.deploy(request("v2"), RolloutListener.NONE);

        assertThat(end.phase()).as(end.message()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(end.stableVersion()).contains("v2");
    }

    private void assertAllOnV2(Optional<String> region) throws Exception {
        LocalTarget target = agent(region);
        assertThat(target.current()).isEqualTo(TrafficSplit.all("v2"));
        assertThat(target.running()).containsOnlyKeys("v2");
    }

    private LocalTarget agent(Optional<String> region) {
        return LocalTarget.attachOnly(dir(region)).orElseThrow();
    }

    private Path dir(Optional<String> region) {
        return LocalTarget.directory(stateDir, "demo-app", "demo", region);
    }

    private static DeployRequest request(String version) {
        return new DeployRequest(version, "alice", Trigger.MANUAL, DeploymentType.MANUAL, Optional.empty(), Duration.ZERO,
                Attendance.UNATTENDED);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
