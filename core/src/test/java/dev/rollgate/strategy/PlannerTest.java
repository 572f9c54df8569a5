package dev.rollgate.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollgate.analysis.Metric;
import dev.rollgate.analysis.MetricSpec;
import dev.rollgate.config.ConfigException;
import dev.rollgate.config.ConfigLoader;
import dev.rollgate.hook.HookPhase;
import dev.rollgate.target.Side;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerTest {

    /** A whole file with one environment, production, whose rollout block is {@code rollout} (indented 4). */
    static String file(String rollout) {
        return "service: payments-api\n"
                + "environments:\n"
                + "  production:\n"
                + "    rollout:\n"
                + rollout.stripIndent().lines().map(l -> "      " + l).reduce("", (a, b) -> a + b + "\n");
    }

    static ConfigLoader.Loaded load(String rollout) throws ConfigException {
        return ConfigLoader.parseWithReadings(file(rollout), "rollgate.yaml");
    }

    static RolloutPlan plan(String rollout) throws ConfigException {
        return Planner.plan(load(rollout), "production", Attendance.ATTENDED);
    }

    static RolloutSpec spec(String rollout) throws ConfigException {
        return load(rollout).config().environments().get("production").rollout().orElseThrow();
    }

    static List<String> described(RolloutPlan plan) {
        return plan.steps().stream().map(PlanText::describe).toList();
    }

    @Test
    void canaryStartsTheNewVersionThenRunsEachStepThenPromotes() throws ConfigException {
        RolloutPlan plan = plan("""
                replicas: 2
                analysis: { interval: 1m, count: 5, metrics: [ { name: error_rate, max: 1 } ] }
                strategy:
                  canary:
                    steps:
                      - setWeight: 20
                      - pause: { duration: 10m }
                      - analysis: { metrics: [ { name: error_rate, max: 0.5 } ] }
                      - setWeight: 50
                      - pause: {}
                """);

        assertThat(plan.strategy()).isEqualTo("canary");
        assertThat(plan.regions()).containsExactly(RolloutPlan.DEFAULT_REGION);
        assertThat(plan.replicas()).isEqualTo(2);
        assertThat(described(plan)).containsExactly(
                "scale canary to 2",
                "verify version (instances)",
                "setWeight 20",
                "pause 10m (CanaryPauseStep)",
                "analysis step-3: error_rate every 1m x5",
                "setWeight 50",
                "pause until promoted (CanaryPauseStep)",
                "setWeight 100",
                "verify version (service)",
                "scale stable to 0",
                "mark stable");
        PlanStep.Analysis step = (PlanStep.Analysis) plan.steps().get(4);
        assertThat(step.mode()).isEqualTo(PlanStep.AnalysisMode.BLOCKING);
        // The template, tightened by the step: the step's threshold, the template's interval and count.
        MetricSpec errorRate = step.spec().effectiveMetrics().get(0);
        assertThat(errorRate.max()).contains(0.5);
        assertThat(errorRate.count()).contains(5);
        assertThat(plan.onFailure()).isEqualTo(FailurePolicy.ROLL_BACK);
        assertThat(plan.readings()).isEmpty();
    }

    @Test
    void canaryWithoutStepsSendsAllTrafficOnceHealthy() throws ConfigException {
        RolloutPlan plan = plan("""
                strategy: { canary: {} }
                """);

        assertThat(described(plan)).containsExactly("scale canary to 1", "verify version (instances)", "setWeight 100",
                "verify version (service)", "scale stable to 0", "mark stable");
    }

    @Test
    void noStrategyIsACanaryWithoutSteps() throws ConfigException {
        RolloutPlan plan = plan("""
                replicas: 3
                """);

        assertThat(plan.strategy()).isEqualTo("canary");
        assertThat(described(plan)).containsExactly("scale canary to 3", "verify version (instances)", "setWeight 100",
                "verify version (service)", "scale stable to 0", "mark stable");
    }

    @Test
    void canaryBackgroundAnalysisRunsFromTheFirstWeightToPromotion() throws ConfigException {
        RolloutPlan plan = plan("""
                analysis: { interval: 1m, metrics: [ { name: error_rate, max: 1 } ] }
                strategy:
                  canary:
                    analysis: { metrics: [ { name: latency_p99, max: 300 } ] }
                    steps: [ { setWeight: 50 }, { pause: { duration: 5m } }, { setWeight: 100 } ]
                """);

        assertThat(described(plan)).containsExactly(
                "scale canary to 1",
                "verify version (instances)",
                "analysis background (background): error_rate, latency_p99 every 1m",
                "setWeight 50",
                "pause 5m (CanaryPauseStep)",
                "setWeight 100",
                "end analysis background",
                "verify version (service)",
                "scale stable to 0",
                "mark stable");
        assertThat(((PlanStep.Analysis) plan.steps().get(2)).mode()).isEqualTo(PlanStep.AnalysisMode.BACKGROUND);
    }

    @Test
    void hooksRunBeforeTheNewVersionStartsAndOnceItTakesAllTraffic() throws ConfigException {
        RolloutPlan plan = plan("""
                hooks:
                  preDeploy: { command: "echo backup" }
                  migrate: { command: "echo migrate" }
                  postDeploy: { command: "echo notify" }
                  smoke: { command: "echo smoke" }
                strategy: canary
                """);

        assertThat(described(plan)).containsExactly("hook preDeploy", "hook migrate", "scale canary to 1",
                "verify version (instances)", "setWeight 100", "hook postDeploy", "hook smoke",
                "verify version (service)", "scale stable to 0", "mark stable");
        assertThat(plan.hooks().hook(HookPhase.MIGRATE)).isPresent();
    }

    @Test
    void blueGreenByDefaultSwitchesOnceHealthyAndKeepsTheOldVersion30Seconds() throws ConfigException {
        RolloutPlan plan = plan("""
                replicas: 2
                strategy: { blueGreen: {} }
                """);

        assertThat(plan.strategy()).isEqualTo("blueGreen");
        assertThat(described(plan)).containsExactly("scale canary to 2", "verify version (instances)", "setWeight 100",
                "verify version (service)", "pause 30s (ScaleDownDelay)", "scale stable to 0", "mark stable");
    }

    @Test
    void blueGreenChecksBeforeAndAfterTheSwitch() throws ConfigException {
        RolloutPlan plan = plan("""
                analysis: { interval: 1m, count: 3, metrics: [ { name: error_rate, max: 1 } ] }
                strategy:
                  blueGreen:
                    activeService: payments
                    previewService: payments-preview
                    prePromotionAnalysis: { metrics: [ { name: latency_p95, max: 250 } ] }
                    autoPromotionSeconds: 300
                    postPromotionAnalysis: { interval: 1m, count: 5, metrics: [ { name: error_rate } ] }
                    scaleDownDelaySeconds: 600
                """);

        assertThat(described(plan)).containsExactly(
                "scale canary to 1",
                "verify version (instances)",
                "analysis prePromotion: error_rate, latency_p95 every 1m x3",
                "pause 5m (BlueGreenPause)",
                "setWeight 100",
                "verify version (service)",
                "analysis postPromotion: error_rate every 1m x5",
                "pause 10m (ScaleDownDelay)",
                "scale stable to 0",
                "mark stable");
    }

    @Test
    void blueGreenWithoutAutoPromotionWaitsForAPerson() throws ConfigException {
        RolloutPlan plan = plan("""
                strategy: { blueGreen: { autoPromotionEnabled: false, scaleDownDelaySeconds: 0 } }
                """);

        assertThat(described(plan)).containsExactly("scale canary to 1", "verify version (instances)",
                "pause until promoted (BlueGreenPause)", "setWeight 100", "verify version (service)",
                "scale stable to 0", "mark stable");
    }

    @Test
    void rollingReplacesOneInstanceAtATimeWithTheDefaultSurge() throws ConfigException {
        RolloutPlan plan = plan("""
                replicas: 4
                strategy: rolling
                """);

        // 25% of 4 is one extra instance; none may be unavailable.
        assertThat(described(plan)).containsExactly(
                "scale canary to 1", "verify version (instances)", "setWeight 25", "scale stable to 3",
                "scale canary to 2", "setWeight 50", "scale stable to 2",
                "scale canary to 3", "setWeight 75", "scale stable to 1",
                "scale canary to 4", "setWeight 100",
                "verify version (service)", "scale stable to 0", "mark stable");
    }

    @Test
    void rollingWithoutSurgeFirstStopsAnOldInstance() throws ConfigException {
        RolloutPlan plan = plan("""
                replicas: 3
                strategy: { rolling: { maxSurge: 0, maxUnavailable: 1 } }
                """);

        assertThat(described(plan)).containsExactly(
                "scale stable to 2",
                "scale canary to 1", "verify version (instances)", "setWeight 50", "scale stable to 1",
                "scale canary to 2", "setWeight 100", "scale stable to 0",
                "scale canary to 3",
                "verify version (service)", "mark stable");
    }

    @Test
    void rollingNeverExceedsTheSurgeNorDropsBelowTheAvailableMinimum() throws ConfigException {
        for (String surge : List.of("0", "1", "2", "50%", "100%")) {
            for (String unavailable : List.of("0", "1", "25%")) {
                for (int n = 1; n <= 6; n++) {
                    if ((surge.equals("0")) && (unavailable.equals("0") || unavailable.equals("25%") && n < 4)) {
                        continue; // nothing could be replaced
                    }
                    RolloutPlan plan = Planner.plan(RolloutSpec.of(StrategySpec.of(new RollingStrategy(
                            Optional.of(surge), Optional.of(unavailable), dev.rollgate.config.Source.NONE)))
                            .withReplicas(n), Attendance.UNATTENDED);
                    checkBounds(plan, n, surge, unavailable);
                }
            }
        }
    }

    private static void checkBounds(RolloutPlan plan, int n, String surge, String unavailable) {
        RollingStrategy r = new RollingStrategy(Optional.of(surge), Optional.of(unavailable),
                dev.rollgate.config.Source.NONE);
        int stable = n;
        int canary = 0;
        int weight = 0;
        String where = n + " replicas, maxSurge " + surge + ", maxUnavailable " + unavailable;
        for (PlanStep step : plan.steps()) {
            if (step instanceof PlanStep.Scale s) {
                if (s.side() == Side.CANARY) {
                    canary = s.replicas();
                } else {
                    stable = s.replicas();
                }
                assertThat(stable + canary).as(where).isLessThanOrEqualTo(n + r.surge(n));
                assertThat(stable + canary).as(where).isGreaterThanOrEqualTo(Math.min(n, n - r.unavailable(n)));
                // No side with traffic is ever scaled to nothing, unless the settings allow no instance at all.
                assertThat(weight == 100 || stable > 0 || n - r.unavailable(n) <= 0).as(where).isTrue();
            } else if (step instanceof PlanStep.SetWeight w) {
                assertThat(w.weight()).as(where).isGreaterThan(weight);
                weight = w.weight();
                assertThat(weight == 0 || canary > 0).as(where).isTrue();
            }
        }
        assertThat(canary).as(where).isEqualTo(n);
        assertThat(stable).as(where).isZero();
        assertThat(weight).as(where).isEqualTo(100);
    }

    @Test
    void recreateStopsTheOldVersionFirst() throws ConfigException {
        RolloutPlan plan = plan("""
                replicas: 2
                strategy: recreate
                """);

        assertThat(described(plan)).containsExactly("scale stable to 0", "scale canary to 2",
                "verify version (instances)", "setWeight 100", "verify version (service)", "mark stable");
    }

    @Test
    void multiRegionRollsOutRegionAfterRegionWithWaitsBetween() throws ConfigException {
        RolloutPlan plan = plan("""
                hooks:
                  migrate: { command: "echo migrate" }
                  smoke: { command: "echo smoke" }
                strategy:
                  multiRegion:
                    strategy: { canary: { steps: [ { setWeight: 50 } ] } }
                    waitBetween: 15m
                    stopOnRegionFailure: false
                    rollbackFailedRegion: false
                    regions:
                      - { name: us-east, wait: 30m, listen: "127.0.0.1:8081" }
                      - { name: eu-west, strategy: recreate }
                      - { name: ap-south }
                """);

        assertThat(plan.strategy()).isEqualTo("multiRegion");
        assertThat(plan.regions()).containsExactly("us-east", "eu-west", "ap-south");
        assertThat(plan.regionPolicy()).isEqualTo(new RegionPolicy(false, false));
        assertThat(plan.steps().stream().map(s -> s.region() + ": " + PlanText.describe(s)).toList()).containsExactly(
                "us-east: hook migrate",
                "us-east: scale canary to 1", "us-east: verify version (instances)", "us-east: setWeight 50",
                "us-east: setWeight 100", "us-east: hook smoke", "us-east: verify version (service)",
                "us-east: scale stable to 0", "us-east: mark stable",
                "us-east: pause 30m (RegionWait)",
                "eu-west: scale stable to 0", "eu-west: scale canary to 1", "eu-west: verify version (instances)",
                "eu-west: setWeight 100", "eu-west: hook smoke", "eu-west: verify version (service)",
                "eu-west: mark stable",
                "eu-west: pause 15m (RegionWait)",
                "ap-south: scale canary to 1", "ap-south: verify version (instances)", "ap-south: setWeight 50",
                "ap-south: setWeight 100", "ap-south: hook smoke", "ap-south: verify version (service)",
                "ap-south: scale stable to 0", "ap-south: mark stable");
        RolloutSpec spec = spec("""
                strategy:
                  multiRegion:
                    regions: [ { name: us-east, listen: "127.0.0.1:8081" }, { name: eu-west } ]
                """);
        assertThat(spec.listenFor("us-east")).contains("127.0.0.1:8081");
        assertThat(spec.listenFor("eu-west")).isEmpty();
    }

    @Test
    void aFirstDeploymentSkipsTheStrategy() throws ConfigException {
        RolloutSpec spec = spec("""
                replicas: 2
                hooks:
                  migrate: { command: "echo migrate" }
                  postDeploy: { command: "echo notify" }
                strategy: { canary: { steps: [ { setWeight: 5 }, { pause: {} } ] } }
                """);

        RolloutPlan plan = Planner.initialPlan(spec);

        assertThat(plan.strategy()).isEqualTo(Planner.INITIAL);
        assertThat(described(plan)).containsExactly("hook migrate", "scale canary to 2", "verify version (instances)",
                "setWeight 100", "hook postDeploy", "verify version (service)", "mark stable");
        assertThat(plan.readings()).singleElement().asString().contains("first deployment");
    }

    @Test
    void aManualRollbackHasNoHooksAnalysisOrPauses() throws ConfigException {
        RolloutSpec spec = spec("""
                replicas: 2
                hooks: { migrate: { command: "echo migrate" } }
                analysis: { interval: 1m, count: 3, metrics: [ { name: error_rate, max: 1 } ] }
                strategy: { blueGreen: { prePromotionAnalysis: { interval: 1m, count: 2, metrics: [ { name: error_rate } ] },
                                         autoPromotionEnabled: false } }
                """);

        RolloutPlan plan = Planner.fastPlan(spec);

        assertThat(plan.strategy()).isEqualTo(Planner.FAST);
        assertThat(described(plan)).containsExactly("scale canary to 2", "verify version (instances)",
                "setWeight 100", "scale stable to 0", "mark stable");
    }

    @Test
    void failurePolicyDeadlinesAndDefaultsComeFromTheRollout() throws ConfigException {
        RolloutPlan plan = plan("""
                local: { command: "java Demo.java --port {port}", replicas: 3 }
                autoRollback: false
                progressDeadline: 2h
                stepDeadline: 30m
                """);

        assertThat(plan.replicas()).isEqualTo(3);
        assertThat(plan.onFailure()).isEqualTo(FailurePolicy.PAUSE);
        assertThat(plan.progressDeadline()).contains(Duration.ofHours(2));
        assertThat(plan.stepDeadline()).contains(Duration.ofMinutes(30));
        assertThat(plan.healthCheck()).isEqualTo(dev.rollgate.hook.HealthCheckSpec.DEFAULT);
        assertThat(plan.hooks()).isEqualTo(dev.rollgate.hook.HooksSpec.NONE);
        assertThat(plan("""
                local: { command: "java Demo.java --port {port}", replicas: 3 }
                replicas: 2
                """).replicas()).isEqualTo(2);
    }

    @Test
    void anUntimedPauseIsAnErrorWhenNoOneIsThereToPromote() throws ConfigException {
        ConfigLoader.Loaded loaded = load("""
                strategy:
                  canary:
                    steps:
                      - setWeight: 10
                      - pause: {}
                      - setWeight: 50
                      - pause: { duration: 5m }
                """);

        assertThat(Planner.plan(loaded, "production", Attendance.ATTENDED).steps()).hasSize(10);
        assertThatThrownBy(() -> Planner.plan(loaded, "production", Attendance.UNATTENDED))
                .isInstanceOf(ConfigException.class)
                .hasMessage("rollgate.yaml:9:15: environments.production.rollout.strategy.canary.steps[1].pause: "
                        + "pause without duration in a non-interactive run: it would wait for `rollgate promote` and "
                        + "no one is there to run it; give it a duration (pause: {duration: 10m}) or run attended");
    }

    @Test
    void blueGreenWithoutAutoPromotionIsAnErrorWhenUnattended() throws ConfigException {
        ConfigLoader.Loaded loaded = load("""
                strategy:
                  blueGreen:
                    autoPromotionEnabled: false
                """);

        assertThatThrownBy(() -> Planner.plan(loaded, "production", Attendance.UNATTENDED))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("rollgate.yaml:7:11: environments.production.rollout.strategy.blueGreen"
                        + ".autoPromotionEnabled: pause without duration in a non-interactive run");
    }

    @Test
    void anEnvironmentWithoutRolloutHasNothingToPlan() throws ConfigException {
        ConfigLoader.Loaded loaded = ConfigLoader.parseWithReadings("""
                service: payments-api
                environments:
                  staging: {}
                """, "rollgate.yaml");

        assertThatThrownBy(() -> Planner.plan(loaded, "staging", Attendance.ATTENDED))
                .isInstanceOf(ConfigException.class)
                .hasMessage("rollgate.yaml: environments.staging: environment staging has no rollout: section, so "
                        + "there is nothing to plan");
        assertThatThrownBy(() -> Planner.plan(loaded, "qa", Attendance.ATTENDED))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no environment named qa; declared: staging");
    }

    @Test
    void aPlanCanBeBuiltInCode() throws ConfigException {
        RolloutSpec spec = RolloutSpec.of(StrategySpec.of(CanaryStrategy.of(List.of(
                CanaryStep.setWeight(10), CanaryStep.pause(PauseSpec.of(Duration.ofMinutes(1))),
                CanaryStep.analysis(dev.rollgate.analysis.AnalysisSpec.of(MetricSpec.of(Metric.ERROR_RATE)))))));

        assertThat(described(Planner.plan(spec, Attendance.UNATTENDED))).containsExactly("scale canary to 1",
                "verify version (instances)", "setWeight 10", "pause 1m (CanaryPauseStep)",
                "analysis step-3: error_rate", "setWeight 100", "verify version (service)", "scale stable to 0",
                "mark stable");
    }
}
