package dev.rollgate.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollgate.config.ConfigException;
import dev.rollgate.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/** {@code rollgate plan}: a multi-region plan with a wait for a person, as text and as JSON. */
class PlanTextTest {

    static final String MULTI_REGION = """
            service: payments-api
            environments:
              production:
                rollout:
                  replicas: 2
                  autoRollback: false
                  stepDeadline: 30m
                  hooks:
                    migrate: { command: "./migrate.sh" }
                    smoke: { command: "./smoke.sh" }
                  strategy:
                    multiRegion:
                      waitBetween: 15m
                      strategy:
                        canary:
                          steps:
                            - { weight: 10, pause: 5m }
                            - pause: {}
                      regions:
                        - { name: us-east, wait: 30m }
                        - { name: eu-west, strategy: blue-green }
            """;

    static RolloutPlan plan() throws ConfigException {
        return Planner.plan(ConfigLoader.parseWithReadings(MULTI_REGION, "rollgate.yaml"), "production",
                Attendance.ATTENDED);
    }

    @Test
    void textNamesEachStepsRegionAndCountsTimeAfterAWaitForAPersonSeparately() throws ConfigException {
        assertThat(PlanText.render(plan())).isEqualTo("""
                Rollout plan: multiRegion, 2 replicas per version; a failure pauses for a person
                Regions, in order: us-east, eu-west; a failed region stops the rollout and is rolled back
                Deadlines: each step 30m (waits for a person excepted)
                Steps:
                   1/20  [us-east] hook migrate                            at 0s
                   2/20  [us-east] scale canary to 2                       at 0s
                   3/20  [us-east] verify version (instances)              at 0s
                   4/20  [us-east] setWeight 10                            at 0s
                   5/20  [us-east] pause 5m (CanaryPauseStep)              at 0s, lasts 5m
                   6/20  [us-east] pause until promoted (CanaryPauseStep)  at 5m, until promoted
                   7/20  [us-east] setWeight 100                           at 5m + wait for promotion
                   8/20  [us-east] hook smoke                              at 5m + wait for promotion
                   9/20  [us-east] verify version (service)                at 5m + wait for promotion
                  10/20  [us-east] scale stable to 0                       at 5m + wait for promotion
                  11/20  [us-east] mark stable                             at 5m + wait for promotion
                  12/20  [us-east] pause 30m (RegionWait)                  at 5m + wait for promotion, lasts 30m
                  13/20  [eu-west] scale canary to 2                       at 35m + wait for promotion
                  14/20  [eu-west] verify version (instances)              at 35m + wait for promotion
                  15/20  [eu-west] setWeight 100                           at 35m + wait for promotion
                  16/20  [eu-west] hook smoke                              at 35m + wait for promotion
                  17/20  [eu-west] verify version (service)                at 35m + wait for promotion
                  18/20  [eu-west] pause 30s (ScaleDownDelay)              at 35m + wait for promotion, lasts 30s
                  19/20  [eu-west] scale stable to 0                       at 35m30s + wait for promotion
                  20/20  [eu-west] mark stable                             at 35m30s + wait for promotion
                Expected duration: 35m30s plus the time until promoted (health checks and hooks not counted)
                Read as:
                  - line 17, strategy.multiRegion.strategy.canary.steps[0]: {weight: 10, pause: 5m} read as setWeight: 10, then pause: {duration: 5m}
                  - line 21, strategy.multiRegion.regions[1].strategy: strategy: blue-green read as strategy: {blueGreen: {}}
                """);
    }

    @Test
    void jsonCarriesRegionsPolicyAndTheWaitForAPerson() throws Exception {
        JsonNode json = new ObjectMapper().readTree(PlanJson.render(plan()));

        assertThat(json.get("strategy").asText()).isEqualTo("multiRegion");
        assertThat(json.get("onFailure").asText()).isEqualTo("pause");
        assertThat(json.get("progressDeadline").isNull()).isTrue();
        assertThat(json.get("stepDeadline").asText()).isEqualTo("30m");
        assertThat(json.get("regions")).extracting(JsonNode::asText).containsExactly("us-east", "eu-west");
        assertThat(json.at("/regionPolicy/stopOnRegionFailure").asBoolean()).isTrue();
        JsonNode untimed = json.get("steps").get(5);
        assertThat(untimed.get("kind").asText()).isEqualTo("pause");
        assertThat(untimed.get("duration").isNull()).isTrue();
        assertThat(untimed.get("reason").asText()).isEqualTo("CanaryPauseStep");
        assertThat(untimed.get("waitsForPromotion").asBoolean()).isTrue();
        JsonNode regionWait = json.get("steps").get(11);
        assertThat(regionWait.get("reason").asText()).isEqualTo("RegionWait");
        assertThat(regionWait.get("afterPromotion").asBoolean()).isTrue();
        assertThat(json.get("steps").get(0).get("phase").asText()).isEqualTo("migrate");
        assertThat(json.get("steps").get(12).get("region").asText()).isEqualTo("eu-west");
        assertThat(json.get("steps").get(19).get("startsAfter").asText()).isEqualTo("35m30s");
        assertThat(json.get("expectedDuration").asText()).isEqualTo("35m30s");
        assertThat(json.get("waitsForPromotion").asBoolean()).isTrue();
        assertThat(json.get("readings")).hasSize(2);
    }
}
