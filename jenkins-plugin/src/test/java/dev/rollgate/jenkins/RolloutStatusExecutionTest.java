package dev.rollgate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollgate.rollout.RolloutPhase;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.rollout.StatusJson;
import dev.rollgate.state.ServiceEnvironment;
import dev.rollgate.state.file.FileStateStore;
import hudson.AbortException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rolloutStatus} reads the state store the CLI and the other steps write, and returns the status JSON's map. */
class RolloutStatusExecutionTest {

    @TempDir
    Path dir;
    Path config;
    FakeStepContext context;

    @BeforeEach
    void setUp() throws Exception {
        config = dir.resolve("rollgate.yaml");
        Files.writeString(config, """
                service: shop
                environments:
                  production:
                    aliases: [prod]
                    rollout:
                      local: { command: "true {port}" }
                """);
        context = FakeStepContext.create();
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    Map<?, ?> status(String environment) throws Exception {
        new RolloutStatusExecution(context, environment, config.toString()).start();
        FakeStepContext.Completion c = context.awaitCompletion(Duration.ofSeconds(10));
        assertThat(c.succeeded()).as(String.valueOf(c.failure())).isTrue();
        return (Map<?, ?>) c.result();
    }

    @Test
    void nothingRolledOutYetHasNoPhase() throws Exception {
        Map<?, ?> s = status("prod");
        assertThat(s.get("phase")).isNull();
        assertThat(s.get("message")).isEqualTo("no rollout yet");
        assertThat(s.get("environment")).isEqualTo("production");
    }

    @Test
    void aRolloutInTheStateStoreIsReturnedWithThePipelinesFields() throws Exception {
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        RolloutStatus promoted = new RolloutStatus("r-1", "shop", "production", "canary", RolloutPhase.PROMOTED,
                "promoted v2: 100% of traffic", Optional.of("v2"), "v2", 3, 3, 100, List.of(), List.of(), List.of(),
                Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty(), t, t.plusSeconds(90),
                Duration.ZERO, Optional.empty(), Optional.of(t.plusSeconds(90)), List.of());
        new FileStateStore<>(dir.resolve(".rollgate/state"), new ServiceEnvironment("shop", "production"),
                StatusJson.codec()).create(promoted);

        Map<?, ?> s = status("production");
        assertThat(s.get("phase")).isEqualTo("Promoted");
        assertThat(s.get("stableVersion")).isEqualTo("v2");
        assertThat(s.get("canaryWeight")).isEqualTo(100);
        assertThat(s.get("finishedAt")).isEqualTo("2026-11-25T10:01:30Z");
    }

    @Test
    void anUnknownEnvironmentNamesTheKnownOnes() throws Exception {
        new RolloutStatusExecution(context, "prdo", config.toString()).start();
        assertThat(context.awaitCompletion(Duration.ofSeconds(10)).failure()).isInstanceOf(AbortException.class)
                .hasMessageContaining("rolloutStatus: environment 'prdo' is not in").hasMessageContaining("production");
    }
}
