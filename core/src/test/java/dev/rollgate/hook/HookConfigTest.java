package dev.rollgate.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollgate.config.ConfigException;
import dev.rollgate.config.ConfigLoader;
import dev.rollgate.config.RollgateConfig;
import dev.rollgate.strategy.RolloutSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Hooks and the health check as a team writes them in rollgate.yaml, read by the real loader. */
class HookConfigTest {

    static final String FILE = """
            service: payments-api
            environments:
              production:
                rollout:
                  hooks:
                    preDeploy: { command: "./scripts/backup.sh", timeout: 5m }
                    migrate:   { command: "./scripts/migrate.sh up", timeout: 10m, env: { DB_URL: "jdbc:postgresql://db/payments" } }
                    postDeploy: { command: "echo deployed $ROLLGATE_VERSION" }
                    smoke:
                      http:
                        - path: /health
                        - path: /api/invoices
                          expectStatus: 200
                        - { path: /api/health/db, method: HEAD }
                      timeout: 30s
                    onRollback: { command: "./scripts/migrate.sh down" }
                  healthCheck:
                    path: /ready
                    interval: 2s
                    failureThreshold: 30
            """;

    static RolloutSpec rollout(String yaml) throws ConfigException {
        RollgateConfig config = ConfigLoader.parse(yaml, "rollgate.yaml");
        return config.environment("production").orElseThrow().spec().rollout().orElseThrow();
    }

    @Test
    void theRunbookHooksAreReadAsWritten() throws Exception {
        HooksSpec hooks = rollout(FILE).hooksOrNone();

        assertThat(hooks.hook(HookPhase.PRE_DEPLOY).orElseThrow().commandTimeout()).isEqualTo(Duration.ofMinutes(5));
        HookSpec migrate = hooks.hook(HookPhase.MIGRATE).orElseThrow();
        assertThat(migrate.command()).contains("./scripts/migrate.sh up");
        assertThat(migrate.commandTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(migrate.envVariables()).isEqualTo(Map.of("DB_URL", "jdbc:postgresql://db/payments"));
        assertThat(hooks.hook(HookPhase.POST_DEPLOY).orElseThrow().commandTimeout()).isEqualTo(Duration.ofMinutes(5));
        HookSpec smoke = hooks.hook(HookPhase.SMOKE).orElseThrow();
        assertThat(smoke.command()).isEmpty();
        assertThat(smoke.httpTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(smoke.httpChecks()).containsExactly(HttpCheckSpec.get("/health"),
                new HttpCheckSpec("/api/invoices", Optional.of(200), Optional.empty(), Optional.empty()),
                new HttpCheckSpec("/api/health/db", Optional.empty(), Optional.of(HttpMethod.HEAD), Optional.empty()));
        assertThat(hooks.hook(HookPhase.ON_ROLLBACK).orElseThrow().command()).contains("./scripts/migrate.sh down");
    }

    @Test
    void absentHealthCheckFieldsTakeTheRunbookValues() throws Exception {
        HealthCheckSpec health = rollout(FILE).healthCheckOrDefault();

        assertThat(health.pathOrDefault()).isEqualTo("/ready");
        assertThat(health.intervalOrDefault()).isEqualTo(Duration.ofSeconds(2));
        assertThat(health.failureThresholdOrDefault()).isEqualTo(30);
        assertThat(health.timeoutOrDefault()).isEqualTo(Duration.ofSeconds(5));
        assertThat(health.initialDelayOrDefault()).isZero();
        assertThat(health.expectStatusOrDefault()).isEqualTo(200);
    }

    @Test
    void mistakesAreReportedAtTheirField() {
        String bad = FILE
                .replace("onRollback: { command: \"./scripts/migrate.sh down\" }", "onRollback: { timeout: 1m }")
                .replace("- path: /health\n", "- path: health\n")
                .replace("failureThreshold: 30", "retries: 30");

        assertThatThrownBy(() -> rollout(bad))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(List.of(e.getMessage().split("\n"))).anySatisfy(line -> assertThat(line)
                        .contains("hooks.onRollback.command").contains("a hook needs a command, http checks, or both")))
                .satisfies(e -> assertThat(List.of(e.getMessage().split("\n"))).anySatisfy(line -> assertThat(line)
                        .contains("hooks.smoke.http[0].path").contains("must start with /")))
                .satisfies(e -> assertThat(List.of(e.getMessage().split("\n"))).anySatisfy(line -> assertThat(line)
                        .contains("healthCheck.retries").contains("unknown field")));
    }
}
