package dev.rollgate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.AbortException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploymentGate} through a fake StepContext in virtual time: the decision as a map, one console line per
 * gate, a block that fails or answers, and a durable wait for the window that survives a River round trip (what a
 * controller restart does to a running execution).
 */
class DeploymentGateExecutionTest {

    static final String POLICY = """
            service: shop
            defaults:
              gates:
                ci: { required: true }
            environments:
              production:
                aliases: [prod]
                triggers: [push, manual, ci_success, schedule, tag]
                gates:
                  window: { timezone: UTC, days: [MON, TUE, WED, THU, FRI], hours: "09:00-18:00" }
            """;

    @TempDir
    Path dir;
    Path config;
    ManualClock clock;
    ManualScheduler scheduler;
    FakeStepContext context;

    @BeforeEach
    void setUp() throws Exception {
        config = dir.resolve("rollgate.yaml");
        Files.writeString(config, POLICY);
        context = FakeStepContext.create().env("BRANCH_NAME", "main");
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    DeploymentGateExecution gate(String at, boolean failWhenBlocked, boolean waitForWindow) {
        clock = ManualClock.at(at);
        scheduler = new ManualScheduler(clock);
        return new DeploymentGateExecution(context, new GateRequest("prod", config.toString(), null, null, false, false,
                failWhenBlocked, waitForWindow), clock, scheduler);
    }

    @Test
    void anAllowedDeploymentReturnsTheDecisionAndLogsEachGate() throws Exception {
        DeploymentGateExecution e = gate("2026-11-25T10:00:00Z", true, false);
        assertThat(e.start()).as("nothing happens on the CPS thread").isFalse();
        assertThat(context.completions()).isZero();
        scheduler.runPending();
        scheduler.advance(Duration.ZERO);

        assertThat(context.completions()).isEqualTo(1);
        FakeStepContext.Completion c = context.allCompletions().get(0);
        assertThat(c.succeeded()).isTrue();
        Map<?, ?> decision = (Map<?, ?>) c.result();
        assertThat(decision.get("shouldDeploy")).isEqualTo(true);
        assertThat(decision.get("deploymentType")).isEqualTo("automated_ci");
        assertThat(decision.get("environment")).isEqualTo("production");
        assertThat((List<?>) decision.get("gates")).isNotEmpty();
        assertThat(context.log()).contains("[rollgate] ").contains("window").contains("Decision: DEPLOY");
    }

    @Test
    void aBlockedDeploymentFailsWithTheReasonsAndTheNextWindow() throws Exception {
        gate("2026-11-28T14:30:00Z", true, false).start();
        scheduler.advance(Duration.ZERO);

        FakeStepContext.Completion c = context.awaitCompletion(Duration.ofSeconds(5));
        assertThat(c.failure()).isInstanceOf(AbortException.class)
                .hasMessageContaining("deployment to production blocked: window: outside the deployment window")
                .hasMessageContaining("Next deployment window: Monday 09:00 UTC");
        assertThat(context.completions()).isEqualTo(1);
    }

    @Test
    void withFailWhenBlockedOffABlockIsAnAnswerForAnIf() throws Exception {
        gate("2026-11-28T14:30:00Z", false, false).start();
        scheduler.advance(Duration.ZERO);

        Map<?, ?> decision = (Map<?, ?>) context.awaitCompletion(Duration.ofSeconds(5)).result();
        assertThat(decision.get("shouldDeploy")).isEqualTo(false);
        assertThat(decision.get("nextWindow")).isEqualTo("2026-11-30T09:00:00Z");
    }

    @Test
    void waitingForTheWindowIsDurableAcrossARestart() throws Exception {
        DeploymentGateExecution e = gate("2026-11-28T14:30:00Z", true, true);
        e.start();
        scheduler.advance(Duration.ZERO);
        assertThat(context.completions()).as("still waiting").isZero();
        assertThat(context.saveStateCalls()).as("the deadline was saved").isPositive();
        Duration untilMonday = Duration.ofDays(1).plusHours(18).plusMinutes(30);
        assertThat(scheduler.nextDelay()).contains(untilMonday);
        assertThat(e.getStatus()).contains("waiting for the deployment window of prod").contains("2026-11-30T09:00:00Z");

        // The controller goes down for an hour: program.dat holds the execution; a new controller reads it back.
        byte[] programDat = River.marshal(e);
        ManualScheduler afterRestart = new ManualScheduler(clock);
        clock.advance(Duration.ofHours(1));
        DeploymentGateExecution resumed = River.unmarshal(programDat, DeploymentGateExecution.class);
        resumed.restoreForTest(clock, afterRestart);
        resumed.onResume();
        assertThat(afterRestart.nextDelay()).as("the time that is left, not the whole wait again")
                .contains(untilMonday.minusHours(1));

        afterRestart.advanceToNext();
        FakeStepContext.Completion c = context.awaitCompletion(Duration.ofSeconds(5));
        assertThat(c.succeeded()).as(String.valueOf(c.failure())).isTrue();
        assertThat(((Map<?, ?>) c.result()).get("shouldDeploy")).isEqualTo(true);
        assertThat(context.completions()).isEqualTo(1);
    }

    @Test
    void stoppingAWaitingGateFailsItOnceAndCancelsTheWait() throws Exception {
        DeploymentGateExecution e = gate("2026-11-28T14:30:00Z", true, true);
        e.start();
        scheduler.advance(Duration.ZERO);
        e.stop(new InterruptedException("aborted by alice"));
        e.stop(new InterruptedException("aborted twice"));
        scheduler.advance(Duration.ofDays(3));

        assertThat(context.completions()).isEqualTo(1);
        assertThat(context.allCompletions().get(0).failure()).hasMessage("aborted by alice");
    }

    @Test
    void anInvalidPolicyFailsNamingFileAndLine() throws Exception {
        Files.writeString(config, POLICY.replace("window:", "windoww:"));
        gate("2026-11-25T10:00:00Z", true, false).start();
        scheduler.advance(Duration.ZERO);

        assertThat(context.awaitCompletion(Duration.ofSeconds(5)).failure()).isInstanceOf(AbortException.class)
                .hasMessageContaining("invalid configuration").hasMessageContaining("rollgate.yaml:10")
                .hasMessageContaining("windoww");
    }

    @Test
    void aMissingEnvironmentIsRefusedBeforeAnythingRuns() {
        clock = ManualClock.at("2026-11-25T10:00:00Z");
        scheduler = new ManualScheduler(clock);
        DeploymentGateExecution e = new DeploymentGateExecution(context, new GateRequest(" ", config.toString(), null,
                null, false, false, true, false), clock, scheduler);
        org.assertj.core.api.Assertions.assertThatThrownBy(e::start).isInstanceOf(AbortException.class)
                .hasMessageContaining("environment is required");
    }

    static final String APPROVED_POLICY = """
            service: shop
            environments:
              production:
                aliases: [prod]
                triggers: [manual, push]
                gates:
                  approvals: { roles: [release-managers], maxAge: 1h }
            """;

    @Test
    void approvalsAreCollectedOnTheBuildPageDurablyAndCountOnceGiven() throws Exception {
        Files.writeString(config, APPROVED_POLICY);
        DeploymentGateExecution e = gate("2026-11-25T10:00:00Z", true, false);
        RollgateAction page = new RollgateAction();
        e.withPageForTest(page);
        e.start();
        scheduler.advance(Duration.ZERO);

        assertThat(context.completions()).as("waiting for approval").isZero();
        assertThat(context.log()).contains("[rollgate] waiting for approval: 1 of the groups release-managers, with"
                + " Approve on the build page (rollgate/), until 2026-11-25T11:00:00Z; no executor is held meanwhile");
        assertThat(e.getStatus()).contains("waiting for approval of the deployment to prod on the build page");
        assertThat(page.getApprovals()).singleElement().satisfies(a -> {
            assertThat(a.getRoles()).containsExactly("release-managers");
            assertThat(a.getRequired()).isEqualTo(1);
        });
        assertThat(context.saveStateCalls()).isPositive();

        // A restart while waiting: the wait goes on from program.dat.
        DeploymentGateExecution resumed = River.roundTrip(e);
        ManualScheduler afterRestart = new ManualScheduler(clock);
        resumed.restoreForTest(clock, afterRestart);
        resumed.withPageForTest(page);
        resumed.onResume();
        afterRestart.advance(Duration.ofMinutes(5));
        assertThat(context.completions()).isZero();

        page.getApprovals().get(0).approve("bob", List.of("developers", "release-managers"), clock.instant());
        afterRestart.advance(Duration.ofSeconds(3));

        FakeStepContext.Completion c = context.awaitCompletion(Duration.ofSeconds(5));
        assertThat(c.succeeded()).as(String.valueOf(c.failure())).isTrue();
        assertThat(((Map<?, ?>) c.result()).get("shouldDeploy")).isEqualTo(true);
        assertThat(context.log()).contains("bob as release-managers");
        assertThat(context.completions()).isEqualTo(1);
        assertThat(page.getDecisions()).as("the build page shows the latest decision").singleElement().satisfies(d -> {
            assertThat(d.getStep()).isEqualTo("deploymentGate");
            assertThat(d.getVerdict()).startsWith("deploy (");
            assertThat(d.getGates()).anySatisfy(g -> assertThat(g).startsWith("approvals: pass - 1 of 1 required"
                    + " approvals: bob as release-managers"));
        });
    }

    @Test
    void withoutApprovalWithinMaxAgeTheGateFailsAndSaysWhatWasMissing() throws Exception {
        Files.writeString(config, APPROVED_POLICY);
        DeploymentGateExecution e = gate("2026-11-25T10:00:00Z", false, false);
        e.withPageForTest(new RollgateAction());
        e.start();
        scheduler.advance(Duration.ofMinutes(59));
        assertThat(context.completions()).isZero();

        scheduler.advance(Duration.ofMinutes(2));

        assertThat(context.awaitCompletion(Duration.ofSeconds(5)).failure()).isInstanceOf(AbortException.class)
                .hasMessageContaining("deployment to production not approved within 1h")
                .hasMessageContaining("release-managers");
    }

    @Test
    void withoutABuildPageAMissingApprovalIsAnAnswerAtOnce() throws Exception {
        Files.writeString(config, APPROVED_POLICY);
        gate("2026-11-25T10:00:00Z", false, false).start();
        scheduler.advance(Duration.ZERO);

        Map<?, ?> decision = (Map<?, ?>) context.awaitCompletion(Duration.ofSeconds(5)).result();
        assertThat(decision.get("shouldDeploy")).isEqualTo(false);
    }
}
