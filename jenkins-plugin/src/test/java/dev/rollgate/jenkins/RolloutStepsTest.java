package dev.rollgate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollgate.ledger.FileDeploymentLedger;
import dev.rollgate.ledger.LedgerEntry;
import dev.rollgate.ledger.Outcome;
import dev.rollgate.target.TrafficSplit;
import dev.rollgate.target.local.LocalTarget;
import hudson.AbortException;
import hudson.model.Result;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollout steps through a fake StepContext on the local target, with real demo-app processes behind a real router
 * and Jenkins' timer pool as the scheduler (the shim's {@code Timer} is a real pool): a canary to the end, a failed
 * analysis rolled back, a build abort that restores traffic, a River round trip in the middle of a pause followed by
 * {@code onResume}, the environment lock between builds, and the command steps.
 */
class RolloutStepsTest {

    @TempDir
    Path dir;
    Path config;
    int port;
    final List<FakeStepContext> contexts = new ArrayList<>();
    final AtomicBoolean loading = new AtomicBoolean();
    Thread load;

    @BeforeEach
    void setUp() throws IOException {
        port = freePort();
        config = dir.resolve("rollgate.yaml");
    }

    @AfterEach
    void tearDown() throws Exception {
        loading.set(false);
        if (load != null) {
            load.join(5_000);
        }
        contexts.forEach(FakeStepContext::close);
        LocalTarget.shutdown(LocalTarget.directory(dir.resolve(".rollgate"), "demo-app", "demo", Optional.empty()));
    }

    /** The demo app behind the local router; {@code strategy} is the rest of the rollout block. */
    void policy(String strategy) throws IOException {
        Files.writeString(config, """
                service: demo-app
                environments:
                  demo:
                    rollout:
                      local:
                        command: "java %s --port {port} --version {version} --bad-error-rate 40"
                        listen: 127.0.0.1:%d
                      healthCheck: { interval: 200ms, timeout: 2s, failureThreshold: 100 }
                      progressDeadline: 3h
                """.formatted(demoApp(), port) + strategy);
    }

    static final String CANARY_WAITING_FOR_PROMOTION = """
                  strategy:
                    canary:
                      steps:
                        - setWeight: 50
                        - pause: {}
            """;

    @Test
    void canaryDeployRunsTheRolloutToTheEndAndReturnsTheStatusMap() throws Exception {
        policy("""
                      strategy:
                        canary:
                          steps:
                            - setWeight: 30
                            - pause: { duration: 1s }
                            - setWeight: 60
                """);
        assertThat(run(canary("v1")).get("phase")).isEqualTo("Promoted");

        FakeStepContext ctx = context();
        StepExecution e = canary("v2").start(ctx);
        assertThat(e.start()).as("nothing runs on the CPS thread").isFalse();
        Map<?, ?> result = succeeded(ctx);

        assertThat(result.get("phase")).isEqualTo("Promoted");
        assertThat(result.get("stableVersion")).isEqualTo("v2");
        assertThat(result.get("environment")).isEqualTo("demo");
        assertThat(ctx.log())
                .contains("[rollgate] Decision: DEPLOY")
                .contains("[rollgate] Rolling out v2 to demo-app in demo (canary, 9 steps; replacing v1)")
                .contains("[rollgate] step 3/9: setWeight 30")
                .contains("[rollgate]   traffic: v1 70% | v2 30%")
                .contains("[rollgate]   paused: paused 1s at 30%")
                .contains("[rollgate] step 5/9: setWeight 60")
                .contains("[rollgate] Result: Promoted");
        assertThat(target().current()).isEqualTo(TrafficSplit.all("v2"));
        assertThat(target().running()).containsOnlyKeys("v2");
        assertThat(ctx.completions()).isEqualTo(1);

        // The lock is free the moment the step completes: the Pipeline's next step may take it at once.
        FakeStepContext next = context();
        canary("v2").start(next).start();
        assertThat(succeeded(next).get("stableVersion")).isEqualTo("v2");
        assertThat(next.log()).contains("nothing to do").doesNotContain("locked");
    }

    @Test
    void aFailedAnalysisRollsBackAndFailsTheStepWithTheCause() throws Exception {
        policy("""
                      analysis:
                        interval: 1s
                        metrics:
                          - name: error_rate
                            max: 5
                      strategy:
                        canary:
                          analysis: {}
                          steps:
                            - setWeight: 50
                            - pause: { duration: 30s }
                """);
        run(canary("v1"));
        startLoad();

        FakeStepContext ctx = context();
        canary("v2-bad").start(ctx).start();
        FakeStepContext.Completion c = ctx.awaitCompletion(Duration.ofSeconds(90));

        assertThat(c.failure()).isInstanceOf(AbortException.class)
                .hasMessageContaining("canaryDeploy: v2-bad RolledBack (analysis_failed")
                .hasMessageContaining("traffic restored to v1");
        assertThat(ctx.log()).contains("error_rate");
        assertThat(target().current()).isEqualTo(TrafficSplit.all("v1"));
        assertThat(lastAttempt().outcome()).isEqualTo(Outcome.ROLLED_BACK);
    }

    @Test
    void abortingTheBuildSendsTrafficBackToStableAndRecordsIt() throws Exception {
        Paused paused = v2PausedForPromotion();
        FakeStepContext ctx = paused.context();
        StepExecution e = paused.execution();
        assertThat(target().current()).isEqualTo(new TrafficSplit(Optional.of("v1"), Optional.of("v2"), 50));

        FlowInterruptedException abort = new FlowInterruptedException(Result.ABORTED, true);
        e.stop(abort);
        FakeStepContext.Completion c = ctx.awaitCompletion(Duration.ofSeconds(30));

        assertThat(c.failure()).as("the build's own interruption").isSameAs(abort);
        assertThat(ctx.log()).contains("[rollgate] aborted, traffic restored to v1");
        assertThat(target().current()).isEqualTo(TrafficSplit.all("v1"));
        assertThat(target().running()).containsOnlyKeys("v1");
        LedgerEntry attempt = lastAttempt();
        assertThat(attempt.outcome()).isEqualTo(Outcome.ABORTED);
        assertThat(attempt.rollbackCause()).hasValueSatisfying(cause -> assertThat(cause).contains("jenkins: build aborted"));
        assertThat(ctx.completions()).isEqualTo(1);
        assertThat(run(status()).get("phase")).isEqualTo("Aborted");
    }

    @Test
    void aControllerRestartInTheMiddleOfAPauseResumesWithTheTimeLeftAndCompletes() throws Exception {
        policy("""
                      strategy:
                        canary:
                          steps:
                            - setWeight: 50
                            - pause: { duration: 1h }
                """);
        run(canary("v1"));
        FakeStepContext ctx = context();
        ShiftedClock clock = new ShiftedClock();
        TimerScheduler before = new TimerScheduler();
        RolloutExecution e = new RolloutExecution(ctx, order(canary("v2")), clock, before);
        e.start();
        awaitStatus(e, "Paused");
        long pauseEnds = e.wakeAt();
        assertThat(Duration.ofMillis(pauseEnds - clock.millis())).isBetween(Duration.ofMinutes(59), Duration.ofHours(1));
        assertThat(ctx.saveStateCalls()).as("the pause's end was saved for program.dat").isPositive();

        // The controller stops: program.dat holds the execution; its timer and its locks die with it.
        byte[] programDat = River.marshal(e);
        before.shutdown();
        Leases.dropAll();
        RolloutExecution resumed = River.unmarshal(programDat, RolloutExecution.class);
        assertThat(resumed.rolloutId()).isEqualTo(e.rolloutId()).isNotNull();
        assertThat(resumed.wakeAt()).isEqualTo(pauseEnds);
        assertThat(resumed.getStatus()).contains("Paused");

        // Back 10 minutes later: it asks the stored rollout again at once, which still has 50 minutes to wait.
        clock.shift(Duration.ofMinutes(10));
        TimerScheduler after = new TimerScheduler();
        resumed.restoreForTest(clock, after);
        resumed.onResume();
        await(() -> resumed.nextRoundAt() > clock.millis() - 500, "a round after the restart");
        Thread.sleep(1_500);
        assertThat(ctx.completions()).as("the pause is not cut short").isZero();
        assertThat(target().current()).isEqualTo(new TrafficSplit(Optional.of("v1"), Optional.of("v2"), 50));

        // When the hour is over, it carries on and the rollout completes.
        clock.shift(Duration.ofMinutes(51));
        Map<?, ?> result = succeeded(ctx);
        after.shutdown();

        assertThat(result.get("phase")).isEqualTo("Promoted");
        assertThat(target().current()).isEqualTo(TrafficSplit.all("v2"));
        assertThat(ctx.completions()).as("completed exactly once").isEqualTo(1);
    }

    @Test
    void aSecondDeployFailsOnTheLockNamingTheHolderAndPromoteDeployEndsThePause() throws Exception {
        Paused paused = v2PausedForPromotion();
        FakeStepContext first = paused.context();
        StepExecution deploy = paused.execution();
        assertThat(first.log()).contains("until promoted");

        FakeStepContext second = context();
        canary("v3").start(second).start();
        assertThat(second.awaitCompletion(Duration.ofSeconds(30)).failure())
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("canaryDeploy: demo is locked by jenkins")
                .hasMessageContaining("canaryDeploy v2")
                .hasMessageContaining("waitForLockMinutes");

        FakeStepContext waiting = context();
        CanaryDeployStep patient = canary("v3");
        patient.setWaitForLockMinutes(10);
        StepExecution third = patient.start(waiting);
        third.start();
        awaitStatus(third, "waiting for the lock");
        assertThat(waiting.log()).contains("[rollgate] waiting for the lock of demo").contains("no executor is held");

        FakeStepContext promoter = context();
        PromoteDeployStep promote = new PromoteDeployStep("demo");
        promote.setConfig(config.toString());
        promote.start(promoter).start();
        assertThat(succeeded(promoter).get("canaryVersion")).isEqualTo("v2");
        assertThat(succeeded(first).get("phase")).isEqualTo("Promoted");
        assertThat(promoter.log()).contains("[rollgate] promote requested for the rollout of v2 in demo");

        // The waiting build gets the lock once v2 is done, and rolls out v3 up to its own pause.
        awaitStatus(third, "waiting for promotion");
        assertThat(target().current()).isEqualTo(new TrafficSplit(Optional.of("v2"), Optional.of("v3"), 50));
        FakeStepContext aborter = context();
        AbortDeployStep abort = new AbortDeployStep("demo");
        abort.setConfig(config.toString());
        abort.setReason("error budget spent");
        abort.start(aborter).start();
        assertThat(succeeded(aborter).get("phase")).isEqualTo("Aborted");
        assertThat(waiting.awaitCompletion(Duration.ofSeconds(30)).failure())
                .hasMessageContaining("v3 Aborted (aborted_by_user")
                .hasMessageContaining("error budget spent")
                .hasMessageContaining("traffic restored to v2");
        assertThat(target().current()).isEqualTo(TrafficSplit.all("v2"));
    }

    @Test
    void aRoundThatFailsIsTriedAgainAndTheRolloutGoesOn() throws Exception {
        Paused paused = v2PausedForPromotion();
        FakeStepContext ctx = paused.context();
        StepExecution e = paused.execution();

        // The state file is unreadable for a moment (as a disk hiccup would make it): rounds fail and are retried.
        Path state = dir.resolve(".rollgate/state/demo-app/demo.json");
        byte[] good = Files.readAllBytes(state);
        Files.writeString(state, "{ not json");
        await(() -> ctx.log().contains("round failed"), "a failed round");
        Files.write(state, good);

        PromoteDeployStep promote = new PromoteDeployStep("demo");
        promote.setConfig(config.toString());
        run(promote);
        assertThat(succeeded(ctx).get("phase")).isEqualTo("Promoted");
        assertThat(ctx.log()).contains("trying again in 1s (1/5)");
        assertThat(target().current()).isEqualTo(TrafficSplit.all("v2"));
    }

    @Test
    void roundsThatKeepFailingEndTheStepSayingWhereTheRolloutWasLeft() throws Exception {
        Paused paused = v2PausedForPromotion();
        FakeStepContext ctx = paused.context();
        StepExecution e = paused.execution();

        Files.writeString(dir.resolve(".rollgate/state/demo-app/demo.json"), "{ not json");
        FakeStepContext.Completion c = ctx.awaitCompletion(Duration.ofSeconds(60));

        assertThat(c.failure()).isInstanceOf(AbortException.class).hasMessageContaining("canaryDeploy: ");
        assertThat(ctx.log()).contains("(5/5)");
        assertThat(target().current()).as("nothing was changed blindly")
                .isEqualTo(new TrafficSplit(Optional.of("v1"), Optional.of("v2"), 50));
    }

    @Test
    void aDeployWithoutInputsOfItsOwnUsesThoseTheBuildsGatePassedWith() throws Exception {
        policy("""
                      strategy:
                        canary:
                          steps:
                            - setWeight: 50
                """);
        RollgateAction page = new RollgateAction();
        DeploymentGateStep gate = new DeploymentGateStep("demo");
        gate.setConfig(config.toString());
        gate.setReason("INC-42: hotfix for the checkout");
        FakeStepContext gateContext = context();
        DeploymentGateExecution decided = (DeploymentGateExecution) gate.start(gateContext);
        decided.withPageForTest(page);
        decided.start();
        assertThat(succeeded(gateContext).get("shouldDeploy")).isEqualTo(true);

        FakeStepContext ctx = context();
        RolloutExecution e = (RolloutExecution) canary("v1").start(ctx);
        e.withPageForTest(page);
        e.start();
        succeeded(ctx);

        assertThat(ctx.log()).contains("[rollgate] with the reason and flags this build's deploymentGate allowed demo"
                + " with");
        assertThat(lastAttempt().reason()).contains("INC-42: hotfix for the checkout");

        CanaryDeployStep own = canary("v2");
        own.setReason("a reason of its own");
        FakeStepContext ownContext = context();
        RolloutExecution second = (RolloutExecution) own.start(ownContext);
        second.withPageForTest(page);
        second.start();
        succeeded(ownContext);
        assertThat(ownContext.log()).doesNotContain("deploymentGate allowed");
        assertThat(lastAttempt().reason()).as("a step's own inputs win").contains("a reason of its own");
    }

    @Test
    void rollbackDeployAfterARolloutDeploysThePreviousVersionAtOnce() throws Exception {
        Paused paused = v2PausedForPromotion();
        FakeStepContext ctx = paused.context();
        StepExecution e = paused.execution();
        PromoteDeployStep promote = new PromoteDeployStep("demo");
        promote.setConfig(config.toString());
        run(promote);
        succeeded(ctx);

        RollbackDeployStep rollback = new RollbackDeployStep("demo");
        rollback.setConfig(config.toString());
        rollback.setReason("p99 regression");
        FakeStepContext back = context();
        rollback.start(back).start();
        Map<?, ?> result = succeeded(back);

        assertThat(result.get("phase")).isEqualTo("Promoted");
        assertThat(result.get("stableVersion")).isEqualTo("v1");
        assertThat(back.log()).contains("[rollgate] rolling demo back to v1: p99 regression");
        assertThat(target().current()).isEqualTo(TrafficSplit.all("v1"));
        assertThat(lastAttempt().reason()).contains("p99 regression");
    }

    @Test
    void eachDeployStepRunsOnlyItsOwnStrategy() throws Exception {
        policy("""
                      strategy:
                        rolling: { maxSurge: "1", maxUnavailable: "0" }
                """);
        FakeStepContext ctx = context();
        canary("v1").start(ctx).start();
        assertThat(ctx.awaitCompletion(Duration.ofSeconds(30)).failure()).isInstanceOf(AbortException.class)
                .hasMessageContaining("canaryDeploy: environment demo rolls out with rolling")
                .hasMessageContaining("call rollingDeploy instead");
        assertThat(Files.exists(dir.resolve(".rollgate/state"))).as("nothing was started").isFalse();

        RollingDeployStep rolling = new RollingDeployStep("demo", "v1");
        rolling.setConfig(config.toString());
        assertThat(run(rolling).get("phase")).isEqualTo("Promoted");
        RollingDeployStep again = new RollingDeployStep("demo", "v1");
        again.setConfig(config.toString());
        FakeStepContext converge = context();
        again.start(converge).start();
        assertThat(succeeded(converge).get("stableVersion")).as("deploying what runs converges").isEqualTo("v1");
        assertThat(converge.log()).contains("[rollgate] nothing to do: v1 is already the stable version in demo");

        RollingDeployStep next = new RollingDeployStep("demo", "v2");
        next.setConfig(config.toString());
        FakeStepContext replace = context();
        next.start(replace).start();
        assertThat(succeeded(replace).get("phase")).isEqualTo("Promoted");
        assertThat(replace.log()).contains("(rolling, ");
        assertThat(target().current()).isEqualTo(TrafficSplit.all("v2"));
        assertThat(target().running()).containsOnlyKeys("v2");
    }

    @Test
    void aDeployWhoseGatesLackOnlyApprovalsWaitsForThemOnTheBuildPageWithoutTheLock() throws Exception {
        policy("""
                      strategy:
                        canary:
                          steps:
                            - setWeight: 50
                            - pause: { duration: 1s }
                    gates:
                      approvals: { roles: [release-managers] }
                """);
        FakeStepContext ctx = context();
        RollgateAction page = new RollgateAction();
        RolloutExecution e = (RolloutExecution) canary("v1").start(ctx);
        e.withPageForTest(page);
        e.start();
        awaitStatus(e, "waiting for approval of the deployment to demo on the build page");
        assertThat(ctx.log()).contains("[rollgate] waiting for approval: 1 of the groups release-managers");
        assertThat(ctx.log().split("Decision: BLOCK", -1)).as("the decision is printed once, not every look")
                .hasSize(2);

        FakeStepContext other = context();
        RollbackDeployStep nothing = new RollbackDeployStep("demo");
        nothing.setConfig(config.toString());
        nothing.start(other).start();
        assertThat(other.awaitCompletion(Duration.ofSeconds(30)).failure()).as("the lock is free while people decide")
                .hasMessageContaining("no earlier successful version");

        page.getApprovals().get(0).approve("bob", List.of("release-managers"), Instant.now());
        Map<?, ?> result = succeeded(ctx);
        assertThat(result.get("phase")).isEqualTo("Promoted");
        assertThat(ctx.log()).contains("bob as release-managers");
        assertThat(page.getRollouts()).singleElement().satisfies(r -> assertThat(r.isRunning()).isFalse());
    }

    @Test
    void blueGreenDeploySwitchesAllTrafficAtOnce() throws Exception {
        policy("""
                      strategy:
                        blue-green: { autoPromotionSeconds: 1, scaleDownDelaySeconds: 1 }
                """);
        run(blueGreen("v1"));
        Map<?, ?> result = run(blueGreen("v2"));
        assertThat(result.get("phase")).isEqualTo("Promoted");
        assertThat(target().current()).isEqualTo(TrafficSplit.all("v2"));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** A canary step of v2 over a stable v1, at 50% and waiting for a person to promote it. */
    record Paused(FakeStepContext context, StepExecution execution) {
    }

    Paused v2PausedForPromotion() throws Exception {
        policy(CANARY_WAITING_FOR_PROMOTION);
        run(canary("v1"));
        FakeStepContext ctx = context();
        StepExecution e = canary("v2").start(ctx);
        e.start();
        awaitStatus(e, "waiting for promotion");
        return new Paused(ctx, e);
    }

    CanaryDeployStep canary(String version) {
        CanaryDeployStep s = new CanaryDeployStep("demo", version);
        s.setConfig(config.toString());
        return s;
    }

    BlueGreenDeployStep blueGreen(String version) {
        BlueGreenDeployStep s = new BlueGreenDeployStep("demo", version);
        s.setConfig(config.toString());
        return s;
    }

    RolloutStatusStep status() {
        RolloutStatusStep s = new RolloutStatusStep("demo");
        s.setConfig(config.toString());
        return s;
    }

    /** The order a step's execution carries, for an execution built with a test clock and scheduler. */
    static RolloutOrder order(DeployStep step) {
        return RolloutOrder.deploy("canaryDeploy", List.of("canary"), new GateRequest(step.getEnvironment(),
                step.getConfig(), step.getVersion(), null, false, false, true, false), 0);
    }

    FakeStepContext context() {
        FakeStepContext c = FakeStepContext.create();
        contexts.add(c);
        return c;
    }

    /** Runs a step to its end and returns its map; fails the test with the step's failure. */
    Map<?, ?> run(Step step) throws Exception {
        FakeStepContext ctx = context();
        StepExecution e = step.start(ctx);
        if (!e.start()) {
            return succeeded(ctx);
        }
        return (Map<?, ?>) ctx.allCompletions().get(0).result();
    }

    static Map<?, ?> succeeded(FakeStepContext ctx) throws InterruptedException {
        FakeStepContext.Completion c = ctx.awaitCompletion(Duration.ofSeconds(90));
        assertThat(c.failure()).as("step failure; log:\n" + ctx.log()).isNull();
        return (Map<?, ?>) c.result();
    }

    static void awaitStatus(StepExecution e, String text) throws InterruptedException {
        await(() -> String.valueOf(e.getStatus()).contains(text), "status containing '" + text + "', last: "
                + e.getStatus());
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    LocalTarget target() {
        return LocalTarget.attachOnly(LocalTarget.directory(dir.resolve(".rollgate"), "demo-app", "demo",
                Optional.empty())).orElseThrow();
    }

    LedgerEntry lastAttempt() throws IOException {
        return new FileDeploymentLedger(dir.resolve(".rollgate")).read().last("demo-app", "demo").orElseThrow();
    }

    void startLoad() {
        HttpClient client = HttpClient.newHttpClient();
        loading.set(true);
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

    /** examples/local/demo/DemoApp.java, found from the module the tests run in. */
    static String demoApp() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path app = p.resolve("examples/local/demo/DemoApp.java");
            if (Files.isRegularFile(app)) {
                return app.toString();
            }
        }
        throw new AssertionError("examples/local/demo/DemoApp.java not found above " + Path.of("").toAbsolutePath());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The system clock, moved forward by hand: a controller that was down for a while. */
    static final class ShiftedClock extends Clock {
        private volatile Duration shift = Duration.ZERO;

        void shift(Duration by) {
            shift = shift.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(shift);
        }
    }
}
