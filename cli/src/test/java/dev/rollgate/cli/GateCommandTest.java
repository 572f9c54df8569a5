package dev.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code rollgate gate} and {@code validate} commands as a pipeline calls them: arguments in, output and exit code out. */
class GateCommandTest {

    static final String POLICY = """
            service: payments-api
            defaults:
              gates:
                ci: { required: true }
            environments:
              staging:
                gates: {}
              production:
                aliases: [prod]
                gates:
                  window: { timezone: UTC, days: [MON, TUE, WED, THU, FRI], hours: "09:00-18:00" }
                  maintenance: { timezone: UTC, days: [SUN], hours: "02:00-03:00" }
                  emergency: { allowed: true, minReasonLength: 20 }
                  approvals: { required: 1, roles: [tech-lead], maxAge: 24h }
            """;

    @TempDir
    Path dir;
    Path config;
    /** A clock the fake sleeper moves, so --wait-for-window runs in virtual time. */
    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T14:30:00Z"));
    List<Duration> sleeps = new ArrayList<>();

    record Run(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    @BeforeEach
    void writePolicy() throws Exception {
        config = dir.resolve("rollgate.yaml");
        Files.writeString(config, POLICY);
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), clock, d -> {
            sleeps.add(d);
            clock.advance(d);
        }, args);
        return new Run(code, out.toString(), err.toString());
    }

    String[] gate(String... more) {
        List<String> args = new ArrayList<>(List.of("gate", "--config", config.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void allowedDeploymentExitsZeroWithTheDecisionAsJson() throws Exception {
        Run r = run(gate("--env", "prod", "--trigger", "ci_success", "--ci-status", "success",
                "--approval", "alice:tech-lead", "--at", "2026-11-25T10:00:00Z", "--output", "json"));

        assertThat(r.exitCode()).isZero();
        JsonNode json = r.json();
        assertThat(json.get("shouldDeploy").asBoolean()).isTrue();
        assertThat(json.get("deploymentType").asText()).isEqualTo("automated_ci");
        assertThat(json.get("nextWindow").isNull()).isTrue();
        assertThat(json.get("environment").asText()).isEqualTo("production");
        assertThat(json.get("gates")).extracting(g -> g.get("name").asText() + "=" + g.get("result").asText())
                .containsExactly("window=pass", "ci=pass", "approvals=pass");
        assertThat(json.get("gates").get(0).get("reason").asText()).isEqualTo("inside the deployment window MON-FRI 09:00-18:00 UTC");
    }

    @Test
    void blockedDeploymentExitsOneAndNamesTheNextWindow() throws Exception {
        Run r = run(gate("--env", "production", "--trigger", "push", "--ci-status", "success",
                "--approval", "alice:tech-lead@2026-11-28T14:00:00Z", "--at", "2026-11-28T14:30:00Z"));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains(
                "  ✗ window: outside the deployment window MON-FRI 09:00-18:00 UTC (now Saturday 14:30 UTC)",
                "  ✓ ci: CI succeeded",
                "Decision: BLOCKED",
                "Next deployment window: Monday 09:00 UTC (2026-11-30T09:00:00Z, in 1d 18h 30m)",
                // The approval was given at 14:00 with maxAge 24h: it will have expired by Monday.
                "(other gates would still block then");

        Run json = run(gate("--env", "production", "--trigger", "push", "--ci-status", "success",
                "--approval", "alice:tech-lead@2026-11-28T14:00:00Z", "--at", "2026-11-28T14:30:00Z", "-o", "json"));
        assertThat(json.json().get("nextWindow").asText()).isEqualTo("2026-11-30T09:00:00Z");
        assertThat(json.json().get("deploymentType").asText()).isEqualTo("none");
        assertThat(json.json().get("passesAtNextWindow").asBoolean()).isFalse();
    }

    @Test
    void emergencyWithSkippedTestsIsAllowedAndSaysSo() {
        Run r = run(gate("--env", "production", "--trigger", "manual", "--skip-tests", "--approval", "alice:tech-lead",
                "--reason", "Critical security patch - authentication bypass vulnerability CVE-2024-XXXX",
                "--at", "2026-11-28T23:45:00Z"));

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("⚠ window:", "overridden by emergency", "– ci: tests skipped", "Decision: DEPLOY (emergency_manual)");
    }

    @Test
    void aReasonCannotForgeLogLines() {
        Run r = run(gate("--env", "production", "--trigger", "manual", "--skip-tests", "--approval", "alice:tech-lead",
                "--reason", "Fixing the outage right now\nDecision: DEPLOY (manual)\u001b[2J",
                "--at", "2026-11-28T23:45:00Z"));

        assertThat(r.out().lines().filter(l -> l.startsWith("Decision:"))).containsExactly("Decision: DEPLOY (emergency_manual)");
        assertThat(r.out()).doesNotContain("\u001b");
    }

    @Test
    void theDefaultClockIsTheInjectedOne() {
        clock.set(Instant.parse("2026-11-25T10:00:00Z"));
        Run r = run(gate("--env", "staging", "--trigger", "manual", "--ci-status", "success"));

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("(manual, 2026-11-25T10:00:00Z)");
    }

    @Test
    void waitForWindowSleepsUntilTheWindowOpensThenDecidesAgain() {
        Run r = run(gate("--env", "production", "--trigger", "push", "--ci-status", "success",
                "--approval", "alice:tech-lead@2026-11-30T08:00:00Z", "--wait-for-window"));

        assertThat(sleeps).containsExactly(Duration.ofHours(42).plusMinutes(30));
        assertThat(r.err()).contains("blocked until the window opens", "Next deployment window: Monday 09:00 UTC");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("(push, 2026-11-30T09:00:00Z)", "Decision: DEPLOY (automated_ci)");
    }

    @Test
    void waitForWindowDoesNotWaitBeyondMaxWait() {
        Run r = run(gate("--env", "production", "--trigger", "push", "--ci-status", "success",
                "--approval", "alice:tech-lead@2026-11-30T08:00:00Z", "--wait-for-window", "--max-wait", "12h"));

        assertThat(sleeps).isEmpty();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("not waiting", "is beyond --max-wait 12h");
    }

    @Test
    void waitForWindowDoesNotWaitWhenSomethingElseBlocks() {
        Run r = run(gate("--env", "production", "--trigger", "push", "--ci-status", "failure",
                "--approval", "alice:tech-lead", "--wait-for-window"));

        assertThat(sleeps).isEmpty();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("✗ ci: CI failed", "(other gates would still block then");
        assertThat(r.err()).contains("not waiting: gates other than the time window block this request");
    }

    @Test
    void unknownEnvironmentIsAUsageError() {
        Run r = run(gate("--env", "prodd", "--trigger", "push"));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown environment 'prodd' in " + config + "; known: staging, production (aliases: prod)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        assertThat(run(gate("--env", "prod", "--trigger", "deploy")).err()).contains("'deploy' is not a trigger");
        assertThat(run(gate("--env", "prod", "--trigger", "push", "--at", "saturday")).exitCode()).isEqualTo(2);
        assertThat(run(gate("--env", "prod", "--trigger", "push", "--ci-status", "green")).exitCode()).isEqualTo(2);
        Run approval = run(gate("--env", "prod", "--trigger", "push", "--approval", "alice"));
        assertThat(approval.exitCode()).isEqualTo(2);
        assertThat(approval.err()).contains("--approval alice: write NAME:ROLE or NAME:ROLE@INSTANT");
        assertThat(run(gate("--env", "prod")).err()).contains("Missing required option: '--trigger=TRIGGER'");
        Run both = run(gate("--env", "prod", "--trigger", "push", "--at", "2026-11-25T10:00:00Z", "--wait-for-window"));
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("cannot be combined with --at");
    }

    @Test
    void invalidConfigurationIsAUsageErrorListingEveryProblem() throws Exception {
        Files.writeString(config, """
                service: web
                environments:
                  prod:
                    gates:
                      windw: {}
                      ci: { required: maybe }
                """);

        Run r = run(gate("--env", "prod", "--trigger", "push"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("invalid configuration (2 problems):",
                config + ":5:7: environments.prod.gates.windw: unknown field; did you mean 'window'?",
                config + ":6:23: environments.prod.gates.ci.required: expected true or false, found \"maybe\"");

        Run validate = run("validate", "--config", config.toString());
        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err()).contains("windw", "maybe");
    }

    @Test
    void problemsQuotingTheFileCannotSendTerminalEscapes() throws Exception {
        Files.writeString(config, "service: web\nenvironments:\n  prod:\n    \"evil\\e[2J\": 1\n");

        Run r = run("validate", "--config", config.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("environments.prod.evil").doesNotContain("\u001b");
    }

    @Test
    void validateAcceptsAGoodFile() {
        Run r = run("validate", "--config", config.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(config + ": valid (service payments-api, environments: staging, production)\n");
    }

    @Test
    void helpListsTheExitCodes() {
        Run r = run("gate", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Exit codes:", "--wait-for-window", "--max-wait=DURATION")
                .containsPattern("\\n  0 +Success").containsPattern("\\n  1 +The deployment is blocked by a gate\\.")
                .containsPattern("\\n  2 +Bad usage or invalid configuration")
                .containsPattern("\\n  70 +Unexpected internal error");
    }

    @Test
    void aPromotionPathIsDecidedFromTheLedgerInTheStateDirectory() throws Exception {
        Files.writeString(config, """
                service: payments-api
                environments:
                  staging: {}
                  production:
                    gates:
                      requires: { environment: staging, soak: 24h }
                """);
        Path state = dir.resolve("state");
        String[] ask = gate("--env", "production", "--trigger", "manual", "--version", "v2", "--state-dir", state.toString(),
                "--at", "2026-11-26T12:00:00Z");

        Run unknown = run(ask);
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.out()).contains("promotion").contains("staging");

        new dev.rollgate.ledger.FileDeploymentLedger(state).append(new dev.rollgate.ledger.LedgerEntry("a1",
                "payments-api", "staging", "v2", java.util.Optional.of("v1"), java.util.Optional.of("ci"),
                dev.rollgate.model.Trigger.CI_SUCCESS, java.util.Optional.empty(), dev.rollgate.gate.DeploymentType.AUTOMATED_CI,
                "canary", Instant.parse("2026-11-25T09:00:00Z"), java.util.Optional.of(Instant.parse("2026-11-25T10:00:00Z")),
                dev.rollgate.ledger.Outcome.SUCCEEDED, java.util.Optional.empty(), List.of()));

        Run soaked = run(ask);
        assertThat(soaked.exitCode()).as(soaked.out()).isZero();
        assertThat(soaked.out()).contains("promotion");
    }

    @Test
    void schemaPrintsTheJsonSchema() throws Exception {
        Run r = run("schema");

        assertThat(r.exitCode()).isZero();
        assertThat(r.json().get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }

    /** A clock only the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
