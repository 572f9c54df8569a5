package dev.rollgate.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollgate.analysis.AnalysisSpec;
import dev.rollgate.analysis.MetricSpec;
import dev.rollgate.config.ConfigException;
import dev.rollgate.config.ConfigLoader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The team's production runbook: 5% for 10 minutes, 25% for 10, 50% for 15, then 100%, with analysis between the
 * steps and a tighter error-rate threshold at each: below 1% at 5%, 0.5% at 25%, 0.2% at 50%.
 */
class RunbookPlanTest {

    /** The runbook, as the runbook writes it. */
    static final String RUNBOOK = """
            service: payments-api
            environments:
              production:
                rollout:
                  local: { command: "java examples/local/demo/DemoApp.java --port {port} --version {version}", replicas: 2 }
                  progressDeadline: 2h
                  analysis:
                    interval: 1m
                    threshold: 2
                    metrics: [ { name: error_rate, max: 1 }, { name: latency_p99, max: 500 } ]
                  strategy:
                    canary:
                      steps:
                        - { weight: 5, pause: 10m, analysis: { metrics: [ { name: error_rate, max: 1 } ] } }
                        - { weight: 25, pause: 10m, analysis: { metrics: [ { name: error_rate, max: 0.5 } ] } }
                        - { weight: 50, pause: 15m, analysis: { metrics: [ { name: error_rate, max: 0.2 } ] } }
            """;

    /** The same plan in the canonical spelling. */
    static final String CANONICAL = """
            service: payments-api
            environments:
              production:
                rollout:
                  local: { command: "java examples/local/demo/DemoApp.java --port {port} --version {version}", replicas: 2 }
                  progressDeadline: 2h
                  analysis:
                    interval: 1m
                    failureLimit: 1
                    metrics: [ { name: error_rate, max: 1 }, { name: latency_p99, max: 500 } ]
                  strategy:
                    canary:
                      steps:
                        - setWeight: 5
                        - analysis: { interval: 1m, count: 10, metrics: [ { name: error_rate, max: 1 } ] }
                        - setWeight: 25
                        - analysis: { interval: 1m, count: 10, metrics: [ { name: error_rate, max: 0.5 } ] }
                        - setWeight: 50
                        - analysis: { interval: 1m, count: 15, metrics: [ { name: error_rate, max: 0.2 } ] }
            """;

    static RolloutPlan plan(String text) throws ConfigException {
        return Planner.plan(ConfigLoader.parseWithReadings(text, "rollgate.yaml"), "production", Attendance.UNATTENDED);
    }

    @Test
    void theRunbookCompilesToThreeAnalysedStepsThenFullTraffic() throws ConfigException {
        RolloutPlan plan = plan(RUNBOOK);

        assertThat(plan.steps().stream().map(PlanText::describe).toList()).containsExactly(
                "scale canary to 2",
                "verify version (instances)",
                "setWeight 5",
                "analysis step-2: error_rate, latency_p99 every 1m x10",
                "setWeight 25",
                "analysis step-4: error_rate, latency_p99 every 1m x10",
                "setWeight 50",
                "analysis step-6: error_rate, latency_p99 every 1m x15",
                "setWeight 100",
                "verify version (service)",
                "scale stable to 0",
                "mark stable");
        // Each step tightens the error rate, keeps the template's latency threshold and failure limit.
        assertThat(List.of(3, 5, 7)).map(i -> errorRate(plan, i).max().orElseThrow()).containsExactly(1.0, 0.5, 0.2);
        for (int i : List.of(3, 5, 7)) {
            AnalysisSpec spec = ((PlanStep.Analysis) plan.steps().get(i)).spec();
            assertThat(spec.failureLimit()).contains(1);
            assertThat(spec.effectiveMetrics().get(1).max()).contains(500.0);
        }
        assertThat(PlanTimeline.total(plan).startsAfter()).isEqualTo(Duration.ofMinutes(35));
        assertThat(plan.readings()).hasSize(4);
        assertThat(plan.readings().get(0)).startsWith("line 9, analysis.threshold: threshold: 2 read as failureLimit: 1");
    }

    @Test
    void theRunbookSpellingAndTheCanonicalOneGiveTheSamePlan() throws ConfigException {
        RolloutPlan runbook = plan(RUNBOOK);
        RolloutPlan canonical = plan(CANONICAL);

        assertThat(runbook.steps()).isEqualTo(canonical.steps());
        assertThat(canonical.readings()).isEmpty();
    }

    @Test
    void planPrintsTheRunbookAsAPersonReadsIt() throws ConfigException {
        String text = PlanText.render(plan(RUNBOOK));

        assertThat(text).isEqualTo("""
                Rollout plan: canary, 2 replicas per version; a failure rolls back
                Deadlines: whole rollout 2h (waits for a person excepted)
                Steps:
                   1/12  scale canary to 2                                      at 0s
                   2/12  verify version (instances)                             at 0s
                   3/12  setWeight 5                                            at 0s
                   4/12  analysis step-2: error_rate, latency_p99 every 1m x10  at 0s, lasts 10m
                   5/12  setWeight 25                                           at 10m
                   6/12  analysis step-4: error_rate, latency_p99 every 1m x10  at 10m, lasts 10m
                   7/12  setWeight 50                                           at 20m
                   8/12  analysis step-6: error_rate, latency_p99 every 1m x15  at 20m, lasts 15m
                   9/12  setWeight 100                                          at 35m
                  10/12  verify version (service)                               at 35m
                  11/12  scale stable to 0                                      at 35m
                  12/12  mark stable                                            at 35m
                Expected duration: 35m (health checks and hooks not counted)
                Read as:
                  - line 9, analysis.threshold: threshold: 2 read as failureLimit: 1 (Flagger's threshold 2 rolls back at the 2nd failed check; Argo's failureLimit L fails when more than L checks fail, so threshold N is failureLimit N-1)
                  - line 14, strategy.canary.steps[0]: {weight: 5, pause: 10m, analysis: {...}} read as setWeight: 5, then a blocking analysis lasting the pause: count 10 = 10m / the template's interval 1m, rounded up
                  - line 15, strategy.canary.steps[1]: {weight: 25, pause: 10m, analysis: {...}} read as setWeight: 25, then a blocking analysis lasting the pause: count 10 = 10m / the template's interval 1m, rounded up
                  - line 16, strategy.canary.steps[2]: {weight: 50, pause: 15m, analysis: {...}} read as setWeight: 50, then a blocking analysis lasting the pause: count 15 = 15m / the template's interval 1m, rounded up
                """);
    }

    @Test
    void planJsonCarriesTheSameStepsWithTheirStartTimes() throws Exception {
        JsonNode json = new ObjectMapper().readTree(PlanJson.render(plan(RUNBOOK)));

        assertThat(json.get("strategy").asText()).isEqualTo("canary");
        assertThat(json.get("replicas").asInt()).isEqualTo(2);
        assertThat(json.get("onFailure").asText()).isEqualTo("rollBack");
        assertThat(json.get("progressDeadline").asText()).isEqualTo("2h");
        assertThat(json.get("stepDeadline").isNull()).isTrue();
        assertThat(json.get("regions").get(0).asText()).isEqualTo("default");
        JsonNode steps = json.get("steps");
        assertThat(steps).hasSize(12);
        JsonNode analysis = steps.get(5);
        assertThat(analysis.get("index").asInt()).isEqualTo(6);
        assertThat(analysis.get("kind").asText()).isEqualTo("analysis");
        assertThat(analysis.get("name").asText()).isEqualTo("step-4");
        assertThat(analysis.get("mode").asText()).isEqualTo("blocking");
        assertThat(analysis.get("startsAfter").asText()).isEqualTo("10m");
        assertThat(analysis.get("lasts").asText()).isEqualTo("10m");
        assertThat(steps.get(6).get("weight").asInt()).isEqualTo(50);
        assertThat(steps.get(0).get("side").asText()).isEqualTo("canary");
        assertThat(steps.get(0).get("replicas").asInt()).isEqualTo(2);
        assertThat(json.get("expectedDuration").asText()).isEqualTo("35m");
        assertThat(json.get("readings")).hasSize(4);
    }

    private static MetricSpec errorRate(RolloutPlan plan, int index) {
        return ((PlanStep.Analysis) plan.steps().get(index)).spec().effectiveMetrics().get(0);
    }
}
