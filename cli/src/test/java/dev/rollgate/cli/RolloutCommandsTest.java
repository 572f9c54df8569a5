package dev.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollgate.analysis.AnalysisRun;
import dev.rollgate.analysis.AnalysisSpec;
import dev.rollgate.analysis.Metric;
import dev.rollgate.analysis.MetricSample;
import dev.rollgate.analysis.MetricSpec;
import dev.rollgate.gate.DeploymentType;
import dev.rollgate.ledger.FileDeploymentLedger;
import dev.rollgate.ledger.LedgerEntry;
import dev.rollgate.ledger.Outcome;
import dev.rollgate.ledger.StepRecord;
import dev.rollgate.model.Trigger;
import dev.rollgate.rollout.Abort;
import dev.rollgate.rollout.AbortCause;
import dev.rollgate.rollout.PauseCondition;
import dev.rollgate.rollout.RegionStatus;
import dev.rollgate.rollout.RolloutPhase;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.rollout.StatusJson;
import dev.rollgate.state.Acquisition;
import dev.rollgate.state.LockRequest;
import dev.rollgate.state.ServiceEnvironment;
import dev.rollgate.state.file.FileEnvironmentLock;
import dev.rollgate.state.file.FileStateStore;
import dev.rollgate.strategy.PauseReason;
import dev.rollgate.target.local.LocalTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollout commands (plan, deploy, status, promote, abort, resume, rollback, history) as a pipeline calls them:
 * arguments in, output and exit code out. State and ledger are real files written with the core's stores; rollouts
 * with real processes are covered by the end-to-end tests.
 */
class RolloutCommandsTest {

    static final String POLICY = """
            service: payments-api
            environments:
              staging:
                rollout:
                  local:
                    command: "java Demo.java --port {port} --version {version}"
                    listen: 127.0.0.1:0
                  strategy:
                    canary:
                      steps:
                        - setWeight: 25
                        - pause: { duration: 10m }
              production:
                aliases: [prod]
                gates:
                  ci: { required: true }
                rollout:
                  local:
                    command: "java Demo.java --port {port} --version {version}"
                    listen: 127.0.0.1:0
            """;

    /** Only planning finds this: a blocking analysis of 3 measurements with no interval between them. */
    static final String BROKEN = """
            service: payments-api
            environments:
              staging:
                rollout:
                  local:
                    command: "java Demo.java --port {port} --version {version}"
                  strategy:
                    canary:
                      steps:
                        - setWeight: 20
                        - analysis:
                            count: 3
                            metrics:
                              - name: error_rate
                                max: 2
            """;

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;
    Path config;
    Path stateDir;
    Clock clock = Clock.fixed(T0.plus(Duration.ofMinutes(3)), java.time.ZoneOffset.UTC);

    record Run(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    @BeforeEach
    void writePolicy() throws Exception {
        config = dir.resolve("rollgate.yaml");
        Files.writeString(config, POLICY);
        stateDir = dir.resolve(".rollgate");
    }

    /** No test here means to start the local target; should one by mistake, its agent must not outlive the test. */
    @AfterEach
    void stopAnyLocalAgent() throws Exception {
        for (String env : List.of("staging", "production")) {
            LocalTarget.shutdown(LocalTarget.directory(stateDir, "payments-api", env, Optional.empty()));
        }
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), clock, d -> {
            throw new AssertionError("nothing here should wait, but waited " + d);
        }, args);
        return new Run(code, out.toString(), err.toString());
    }

    String[] cmd(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--config", config.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** A canary of v2 over v1 paused at 25% with one measurement in, as a driver would have saved it. */
    static RolloutStatus pausedCanary() {
        AnalysisSpec spec = AnalysisSpec.of(MetricSpec.max(Metric.ERROR_RATE, 1))
                .withInterval(Duration.ofMinutes(1)).withCount(5);
        AnalysisRun run = AnalysisRun.start("background", spec, T0)
                .record(Metric.ERROR_RATE, MetricSample.of(0.4, 0.35), T0.plusSeconds(60));
        return new RolloutStatus("r-1", "payments-api", "staging", "canary", RolloutPhase.PAUSED, "pause 10m at 25%",
                Optional.of("v1"), "v2", 1, 2, 25,
                List.of(new RegionStatus("default", 25, 2, 2, RegionStatus.RegionState.PROGRESSING)),
                List.of(new PauseCondition(PauseReason.CANARY_PAUSE_STEP, T0.plusSeconds(60),
                        Optional.of(T0.plusSeconds(660)), "pause 10m at 25%")),
                List.of(run), Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty(), T0,
                T0.plusSeconds(60), Duration.ZERO, Optional.of(T0.plusSeconds(660)), Optional.empty(),
                List.of(new StepRecord("setWeight 25", T0, Optional.of(T0.plusSeconds(60)), "ok")));
    }

    /** The same rollout after its analysis failed and traffic went back to v1. */
    static RolloutStatus rolledBack() {
        RolloutStatus p = pausedCanary();
        Instant end = T0.plusSeconds(120);
        return new RolloutStatus(p.rolloutId(), p.service(), p.environment(), p.strategy(), RolloutPhase.ROLLED_BACK,
                "rolled back: analysis background Failed", p.stableVersion(), p.canaryVersion(), 1, 2, 0, p.regions(),
                List.of(), p.analysisRuns(),
                Optional.of(new Abort(AbortCause.ANALYSIS_FAILED, "analysis background Failed: error_rate 4.20% > max 1%",
                        end)),
                Optional.empty(), false, Optional.empty(), Optional.empty(), T0, end, Duration.ZERO, Optional.empty(),
                Optional.of(end), p.steps());
    }

    void save(RolloutStatus status) throws Exception {
        new FileStateStore<>(stateDir.resolve("state"), new ServiceEnvironment("payments-api", "staging"),
                StatusJson.codec()).create(status);
    }

    static LedgerEntry attempt(String id, String version, Optional<String> previous, Outcome outcome,
                               Optional<String> cause, int minutes) {
        Instant start = T0.minus(Duration.ofHours(2)).plus(Duration.ofMinutes(minutes));
        return new LedgerEntry(id, "payments-api", "staging", version, previous, Optional.of("alice"), Trigger.PUSH,
                Optional.empty(), DeploymentType.AUTOMATED_CI, "canary", start,
                outcome == Outcome.IN_PROGRESS ? Optional.empty() : Optional.of(start.plusSeconds(90)), outcome, cause,
                List.of());
    }

    @Test
    void helpListsTheRolloutCommandsAndTheExitCodes() {
        Run top = run("--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("plan", "deploy", "status", "promote", "abort", "resume", "rollback", "history",
                "demo");
        assertThat(top.out()).containsPattern("\\n  3 +The rollout failed and was rolled back")
                .containsPattern("\\n  5 +Another rollout holds the environment")
                .containsPattern("\\n  70 +Unexpected internal error");

        Run deploy = run("deploy", "--help");
        assertThat(deploy.exitCode()).isZero();
        assertThat(deploy.out()).contains("--version=V", "--wait-lock=DURATION", "--on-interrupt=abort|leave",
                "--unattended", "--state-dir=DIR", "--output=FORMAT", "--ci-status=STATUS");
        assertThat(run("promote", "--help").out()).contains("--full", "goes straight to 100%.");
    }

    @Test
    void statusWithoutARolloutSaysSoAndExitsZero() throws Exception {
        Run text = run(cmd("status", "--env", "staging"));
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).isEqualTo("payments-api in staging: no rollout yet\n");

        Run json = run(cmd("status", "--env", "staging", "--output", "json"));
        assertThat(json.exitCode()).isZero();
        assertThat(json.json().get("phase").isNull()).isTrue();
        assertThat(json.json().get("message").asText()).isEqualTo("no rollout yet");
        assertThat(json.json().get("environment").asText()).isEqualTo("staging");
    }

    @Test
    void statusShowsWhereAPausedCanaryStands() throws Exception {
        save(pausedCanary());

        Run r = run(cmd("status", "--env", "staging", "--state-dir", stateDir.toString()));

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains(
                "payments-api in staging: Paused — pause 10m at 25%",
                "  versions:  stable v1, canary v2",
                "  step:      2/2",
                "  traffic:   v1 75% | v2 25%",
                "  paused:    pause 10m at 25% (CanaryPauseStep, until 2026-11-25T10:11:00Z, 8m left)",
                "  analysis:  background Running, 1 measurement; last: error_rate canary 0.40% baseline 0.35% ✓ (max 1%)",
                "setWeight 25");
    }

    @Test
    void statusJsonCarriesTheFieldsPipelinesReadIncludingWhyItRolledBack() throws Exception {
        save(rolledBack());

        JsonNode s = run(cmd("status", "--env", "staging", "--state-dir", stateDir.toString(), "-o", "json")).json();

        assertThat(s.get("phase").asText()).isEqualTo("RolledBack");
        assertThat(s.get("currentStepIndex").asInt()).isEqualTo(1);
        assertThat(s.get("stepCount").asInt()).isEqualTo(2);
        assertThat(s.get("canaryWeight").asInt()).isZero();
        assertThat(s.get("stableVersion").asText()).isEqualTo("v1");
        assertThat(s.get("canaryVersion").asText()).isEqualTo("v2");
        assertThat(s.get("strategy").asText()).isEqualTo("canary");
        assertThat(s.get("message").asText()).isEqualTo("rolled back: analysis background Failed");
        assertThat(s.get("abort").get("cause").asText()).isEqualTo("analysis_failed");
        assertThat(s.get("abort").get("message").asText()).contains("error_rate 4.20% > max 1%");
        assertThat(s.get("pauseConditions").isArray()).isTrue();
        assertThat(s.get("analysisRuns").get(0).get("name").asText()).isEqualTo("background");
        assertThat(s.get("analysisRuns").get(0).get("measurementCount").asInt()).isEqualTo(1);
        assertThat(s.get("analysisRuns").get(0).get("lastMeasurement").get("canary").asDouble()).isEqualTo(0.4);
        assertThat(s.get("startedAt").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(s.get("finishedAt").asText()).isEqualTo("2026-11-25T10:02:00Z");
        assertThat(s.get("steps").get(0).get("name").asText()).isEqualTo("setWeight 25");
    }

    @Test
    void historyListsEachAttemptOnceWithItsLatestOutcome() throws Exception {
        FileDeploymentLedger ledger = new FileDeploymentLedger(Files.createDirectories(stateDir));
        ledger.append(attempt("a1", "v1", Optional.empty(), Outcome.IN_PROGRESS, Optional.empty(), 0));
        ledger.append(attempt("a1", "v1", Optional.empty(), Outcome.SUCCEEDED, Optional.empty(), 0));
        ledger.append(attempt("a2", "v2", Optional.of("v1"), Outcome.ROLLED_BACK,
                Optional.of("analysis background Failed: error_rate 4.20% > max 1%"), 30));

        Run json = run(cmd("history", "--env", "staging", "--state-dir", stateDir.toString(), "--output", "json"));

        assertThat(json.exitCode()).isZero();
        JsonNode a = json.json();
        assertThat(a.size()).isEqualTo(2);
        assertThat(a.get(0).get("version").asText()).isEqualTo("v1");
        assertThat(a.get(0).get("outcome").asText()).isEqualTo("succeeded");
        assertThat(a.get(0).get("environment").asText()).isEqualTo("staging");
        assertThat(a.get(0).get("startedAt").asText()).isEqualTo("2026-11-25T08:00:00Z");
        assertThat(a.get(0).get("finishedAt").asText()).isEqualTo("2026-11-25T08:01:30Z");
        assertThat(a.get(0).get("previousVersion").isNull()).isTrue();
        assertThat(a.get(1).get("id").asText()).isEqualTo("a2");
        assertThat(a.get(1).get("outcome").asText()).isEqualTo("rolled_back");
        assertThat(a.get(1).get("previousVersion").asText()).isEqualTo("v1");
        assertThat(a.get(1).get("rollbackCause").asText()).contains("error_rate 4.20%");
        assertThat(a.get(1).get("actor").asText()).isEqualTo("alice");
        assertThat(a.get(1).get("trigger").asText()).isEqualTo("push");
        assertThat(a.get(1).get("strategy").asText()).isEqualTo("canary");

        Run text = run(cmd("history", "--env", "staging", "--state-dir", stateDir.toString(), "--limit", "1"));
        assertThat(text.out()).contains("payments-api in staging: 1 deployment, oldest first",
                        "STARTED", "OUTCOME", "rolled_back", "analysis background Failed")
                .doesNotContain("succeeded");
    }

    @Test
    void theStateDirDefaultsToTheConfigsDirectory() throws Exception {
        save(pausedCanary()); // stateDir is <config dir>/.rollgate, the default

        assertThat(run(cmd("status", "--env", "staging")).out()).contains("Paused");
    }

    @Test
    void aDeploymentAGateBlocksExitsOneChangesNothingAndIsRecorded() throws Exception {
        Run r = run(cmd("deploy", "--env", "prod", "--version", "v2", "--trigger", "push", "--ci-status", "failure",
                "--actor", "bob"));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("✗ ci", "Decision: BLOCKED");
        Run json = run(cmd("deploy", "--env", "prod", "--version", "v2", "--trigger", "push", "--ci-status", "failure",
                "--actor", "bob", "--output", "json"));
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.json().get("shouldDeploy").asBoolean()).isFalse();
        assertThat(stateDir.resolve("state")).doesNotExist();
        JsonNode h = run(cmd("history", "--env", "production", "-o", "json")).json();
        assertThat(h.size()).isEqualTo(2);
        assertThat(h.get(0).get("outcome").asText()).isEqualTo("blocked");
        assertThat(h.get(0).get("actor").asText()).isEqualTo("bob");
        assertThat(h.get(0).get("rollbackCause").asText()).isEqualTo("blocked by ci");
    }

    @Test
    void aDeploymentWhileAnotherHoldsTheEnvironmentExitsFive() throws Exception {
        FileEnvironmentLock lock = new FileEnvironmentLock(Files.createDirectories(stateDir.resolve("locks")), clock);
        Acquisition held = lock.tryAcquire(new LockRequest(new ServiceEnvironment("payments-api", "staging"),
                "carol", "deploy v9"));
        assertThat(held).isInstanceOf(Acquisition.Acquired.class);
        try {
            Run r = run(cmd("deploy", "--env", "staging", "--version", "v2"));

            assertThat(r.exitCode()).isEqualTo(5);
            assertThat(r.err()).contains("payments-api/staging is locked", "--wait-lock");
            assertThat(stateDir.resolve("state")).doesNotExist();
        } finally {
            ((Acquisition.Acquired) held).handle().release();
        }
    }

    @Test
    void anInvalidRolloutSectionExitsTwoNamingFileAndLine() throws Exception {
        Files.writeString(config, BROKEN);
        save(rolledBack()); // v1 is stable: the canary steps are planned (a first deployment skips them)
        Run plan = run(cmd("plan", "--env", "staging", "--version", "v2"));
        Run deploy = run(cmd("deploy", "--env", "staging", "--version", "v2"));

        for (Run r : List.of(plan, deploy)) {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("invalid configuration (1 problem)")
                    .containsPattern(java.util.regex.Pattern.quote(config.toString())
                            + ":\\d+:\\d+: environments\\.staging\\.rollout\\.strategy\\.canary\\.steps\\[1\\]");
        }
        var stored = new FileStateStore<>(stateDir.resolve("state"), new ServiceEnvironment("payments-api", "staging"),
                StatusJson.codec()).read().orElseThrow();
        assertThat(stored.revision().value()).isEqualTo(1); // nothing changed
        assertThat(stored.value().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
    }

    @Test
    void planPrintsTheStepsAsTextAndJson() throws Exception {
        save(rolledBack()); // v1 is stable: the canary plan, not the first-deployment one

        Run text = run(cmd("plan", "--env", "staging", "--version", "v3"));
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("payments-api in staging: v3 over v1", "Rollout plan: canary", "setWeight 25",
                "pause 10m");

        JsonNode json = run(cmd("plan", "--env", "staging", "--version", "v3", "-o", "json")).json();
        assertThat(json.get("strategy").asText()).isEqualTo("canary");
        assertThat(json.get("stableVersion").asText()).isEqualTo("v1");
        assertThat(json.get("version").asText()).isEqualTo("v3");
        assertThat(json.get("steps").findValuesAsText("description")).contains("setWeight 25");
    }

    @Test
    void commandsWithoutARolloutInProgressSayWhyAndExitTwo() throws Exception {
        Run promote = run(cmd("promote", "--env", "staging"));
        assertThat(promote.exitCode()).isEqualTo(2);
        assertThat(promote.err()).contains("no rollout of payments-api/staging yet");
        Run rollback = run(cmd("rollback", "--env", "staging"));
        assertThat(rollback.exitCode()).isEqualTo(2);
        assertThat(rollback.err()).contains("no earlier successful version", "--to");

        save(rolledBack());
        Run abort = run(cmd("abort", "--env", "staging", "--reason", "test"));
        assertThat(abort.exitCode()).isEqualTo(2);
        assertThat(abort.err()).contains("no rollout of payments-api/staging in progress", "RolledBack");
        Run resume = run(cmd("resume", "--env", "staging"));
        assertThat(resume.exitCode()).isEqualTo(2);
    }

    @Test
    void badInputExitsTwoAndNamesTheProblem() {
        Run env = run(cmd("status", "--env", "nowhere"));
        assertThat(env.exitCode()).isEqualTo(2);
        assertThat(env.err()).contains("unknown environment 'nowhere'", "production (aliases: prod)");

        Run interrupt = run(cmd("deploy", "--env", "staging", "--version", "v2", "--on-interrupt", "ignore"));
        assertThat(interrupt.exitCode()).isEqualTo(2);
        assertThat(interrupt.err()).contains("'ignore' is not an interruption policy; use abort or leave");

        assertThat(run(cmd("deploy", "--env", "staging")).exitCode()).isEqualTo(2); // --version missing
        assertThat(run(cmd("status", "--env", "staging", "--output", "yaml")).exitCode()).isEqualTo(2);
        assertThat(run(cmd("deploy", "--env", "staging", "--version", "v2", "--wait-lock", "soon")).exitCode())
                .isEqualTo(2);
        assertThat(run(cmd("history", "--env", "staging", "--limit", "0")).exitCode()).isEqualTo(2);

        Run demo = run("demo", "--config", dir.resolve("missing.yaml").toString());
        assertThat(demo.exitCode()).isEqualTo(2);
        assertThat(demo.err()).contains("missing.yaml not found: run rollgate demo from the Rollgate checkout's root");
    }
}
