package dev.rollgate.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollgate.config.ConfigException;
import dev.rollgate.config.ConfigLoader;
import dev.rollgate.config.ConfigProblem;
import org.junit.jupiter.api.Test;

/** Every rollout mistake is reported with the file and line where it was written. */
class StrategyValidationTest {

    /** The production rollout block {@code rollout}, starting on line 5 of the file. */
    static String file(String rollout) {
        return PlannerTest.file(rollout);
    }

    static ConfigProblem only(String rollout) {
        try {
            ConfigLoader.parseWithReadings(file(rollout), "rollgate.yaml");
        } catch (ConfigException e) {
            assertThat(e.problems()).as(e.getMessage()).hasSize(1);
            return e.problems().get(0);
        }
        throw new AssertionError("expected a problem in\n" + file(rollout));
    }

    @Test
    void weightsMustGoUp() {
        ConfigProblem p = only("""
                strategy:
                  canary:
                    steps:
                      - setWeight: 10
                      - setWeight: 25
                      - setWeight: 20
                """);

        assertThat(p.toString()).isEqualTo("rollgate.yaml:10:15: environments.production.rollout.strategy.canary"
                + ".steps[2].setWeight: 20 is not above the previous 25 (line 9); weights must go up step by step");
    }

    @Test
    void weightsMustGoUpInTheRunbookSpellingToo() {
        ConfigProblem p = only("""
                strategy:
                  canary:
                    steps:
                      - { weight: 25, pause: 10m }
                      - { weight: 25, pause: 10m }
                """);

        assertThat(p.line()).isEqualTo(9);
        assertThat(p.path()).isEqualTo("environments.production.rollout.strategy.canary.steps[1].setWeight");
        assertThat(p.message()).startsWith("25 is not above the previous 25 (line 8)");
    }

    @Test
    void aWeightIsAPercentage() {
        ConfigProblem p = only("""
                strategy: { canary: { steps: [ { setWeight: 120 } ] } }
                """);

        assertThat(p.toString()).isEqualTo("rollgate.yaml:5:51: environments.production.rollout.strategy.canary"
                + ".steps[0].setWeight: must be 0-100, was 120");
        assertThat(only("""
                strategy: { canary: { steps: [ { setWeight: -5 } ] } }
                """).message()).isEqualTo("must be 0-100, was -5");
    }

    @Test
    void aStepIsExactlyOneKind() {
        ConfigProblem several = only("""
                strategy:
                  canary:
                    steps:
                      - { setWeight: 10, pause: { duration: 1m } }
                """);
        ConfigProblem none = only("""
                strategy:
                  canary:
                    steps:
                      - setWeight: 10
                      - {}
                """);

        assertThat(several.toString()).isEqualTo("rollgate.yaml:8:15: environments.production.rollout.strategy.canary"
                + ".steps[0]: a step is exactly one of setWeight, pause, analysis; this one has setWeight and pause");
        assertThat(none.toString()).isEqualTo("rollgate.yaml:9:15: environments.production.rollout.strategy.canary"
                + ".steps[1]: a step is exactly one of setWeight, pause, analysis; this one has none");
    }

    @Test
    void anUnknownStrategyKeyIsNamed() {
        ConfigProblem p = only("""
                strategy:
                  canery: { steps: [] }
                """);

        assertThat(p.line()).isEqualTo(6);
        assertThat(p.message()).isEqualTo("unknown field; did you mean 'canary'?");
    }

    @Test
    void aStrategyIsExactlyOne() {
        ConfigProblem p = only("""
                strategy:
                  canary: {}
                  rolling: {}
                """);

        assertThat(p.toString()).isEqualTo("rollgate.yaml:6:9: environments.production.rollout.strategy: a strategy is "
                + "exactly one of canary, blueGreen, rolling, recreate, multiRegion; this one sets canary and rolling");
        assertThat(only("""
                strategy: {}
                """).message()).isEqualTo("choose a strategy: one of canary, blueGreen, rolling, recreate, multiRegion");
    }

    @Test
    void aCanaryWithoutStepsIsFine() throws ConfigException {
        ConfigLoader.parseWithReadings(file("""
                strategy: { canary: { steps: [] } }
                """), "rollgate.yaml");
    }

    @Test
    void regionNamesAreUnique() {
        ConfigProblem p = only("""
                strategy:
                  multiRegion:
                    regions:
                      - name: us-east
                      - name: eu-west
                      - name: us-east
                """);

        assertThat(p.toString()).isEqualTo("rollgate.yaml:10:15: environments.production.rollout.strategy"
                + ".multiRegion.regions[2].name: region 'us-east' is declared twice; first on line 8");
    }

    @Test
    void aRegionCannotHoldAnotherMultiRegion() {
        ConfigProblem p = only("""
                strategy:
                  multiRegion:
                    regions:
                      - name: us-east
                        strategy: { multiRegion: { regions: [ { name: inner } ] } }
                """);

        assertThat(p.toString()).isEqualTo("rollgate.yaml:9:25: environments.production.rollout.strategy.multiRegion"
                + ".regions[0].strategy: a region cannot hold another multiRegion; give it canary, blueGreen, rolling "
                + "or recreate");
    }

    @Test
    void anAnalysisStepMustNameAMetric() {
        ConfigProblem p = only("""
                strategy:
                  canary:
                    steps:
                      - setWeight: 10
                      - analysis: { interval: 1m, count: 3 }
                """);

        assertThat(p.toString()).isEqualTo("rollgate.yaml:9:15: environments.production.rollout.strategy.canary"
                + ".steps[1].analysis: this analysis names no metric and the environment has no analysis template; "
                + "list one, e.g. metrics: [ { name: error_rate, max: 1 } ]");
    }

    @Test
    void anAnalysisStepMayLeaveTheMetricsToTheTemplate() throws ConfigException {
        ConfigLoader.parseWithReadings(file("""
                analysis: { metrics: [ { name: error_rate, max: 1 } ] }
                strategy:
                  canary:
                    steps:
                      - setWeight: 10
                      - analysis: {}
                """), "rollgate.yaml");
    }

    @Test
    void anAnalysisInheritedFromDefaultsIsCheckedAgainstTheEnvironmentsTemplate() {
        assertThatThrownBy(() -> ConfigLoader.parseWithReadings("""
                service: payments-api
                defaults:
                  rollout:
                    strategy:
                      blueGreen:
                        prePromotionAnalysis: { count: 1 }
                environments:
                  staging:
                    rollout:
                      analysis: { metrics: [ { name: error_rate, max: 1 } ] }
                  production:
                    rollout: { replicas: 2 }
                """, "rollgate.yaml")).isInstanceOf(ConfigException.class)
                .hasMessage("rollgate.yaml:6:9: defaults.rollout.strategy.blueGreen.prePromotionAnalysis: this analysis "
                        + "names no metric and the environment has no analysis template; list one, e.g. metrics: "
                        + "[ { name: error_rate, max: 1 } ]");
    }

    @Test
    void anUnknownMetricIsReportedWhereItIsNamed() {
        ConfigProblem p = only("""
                strategy:
                  canary:
                    steps:
                      - setWeight: 10
                      - analysis: { metrics: [ { name: eror_rate, max: 1 } ] }
                """);

        assertThat(p.line()).isEqualTo(9);
        assertThat(p.path()).isEqualTo("environments.production.rollout.strategy.canary.steps[1].analysis.metrics[0].name");
        assertThat(p.message()).startsWith("\"eror_rate\" is not one of error_rate");
    }

    @Test
    void rollingNeedsRoomToReplaceAnInstance() {
        ConfigProblem literal = only("""
                strategy: { rolling: { maxSurge: 0, maxUnavailable: "0%" } }
                """);

        assertThat(literal.line()).isEqualTo(5);
        assertThat(literal.message()).isEqualTo("maxSurge and maxUnavailable are both 0, so no instance could ever be "
                + "replaced; allow one of them");
        assertThat(only("""
                strategy: { rolling: { maxSurge: "150%" } }
                """).message()).isEqualTo("must be at most 100%, was 150%");
        assertThat(only("""
                strategy: { rolling: { maxSurge: many } }
                """).message()).isEqualTo("\"many\" is not a count or a percentage; write e.g. 1 or \"25%\"");
    }

    @Test
    void rollingPercentagesThatRoundToNothingAreAPlanningError() throws ConfigException {
        ConfigLoader.Loaded loaded = ConfigLoader.parseWithReadings(file("""
                replicas: 2
                strategy:
                  rolling: { maxSurge: 0, maxUnavailable: "25%" }
                """), "rollgate.yaml");

        assertThatThrownBy(() -> Planner.plan(loaded, "production", Attendance.ATTENDED))
                .isInstanceOf(ConfigException.class)
                .hasMessage("rollgate.yaml:7:18: environments.production.rollout.strategy.rolling.maxUnavailable: with 2 "
                        + "replicas, maxSurge 0 and maxUnavailable 25% both come to 0 instances, so none could be "
                        + "replaced; allow at least one");
    }

    @Test
    void blueGreenAutoPromotionSecondsNeedAutoPromotion() {
        ConfigProblem p = only("""
                strategy:
                  blueGreen:
                    autoPromotionEnabled: false
                    autoPromotionSeconds: 60
                """);

        assertThat(p.line()).isEqualTo(8);
        assertThat(p.message()).startsWith("has no effect with autoPromotionEnabled: false");
    }

    @Test
    void sourceIsNotAKeyAFileMaySet() {
        ConfigProblem p = only("""
                strategy:
                  canary:
                    source: here
                """);

        assertThat(p.line()).isEqualTo(7);
        assertThat(p.message()).isEqualTo("unknown field; expected one of analysis, steps");
    }

    @Test
    void aStepsCountMayTakeItsIntervalFromTheTemplateButNeedsOne() throws ConfigException {
        ConfigLoader.parseWithReadings(file("""
                analysis: { interval: 1m, metrics: [ { name: error_rate, max: 1 } ] }
                strategy: { canary: { steps: [ { analysis: { count: 5 } } ] } }
                """), "rollgate.yaml");
        ConfigProblem p = only("""
                analysis: { metrics: [ { name: error_rate, max: 1 } ] }
                strategy:
                  canary:
                    steps:
                      - analysis: { count: 5 }
                """);

        assertThat(p.toString()).isEqualTo("rollgate.yaml:9:15: environments.production.rollout.strategy.canary"
                + ".steps[0].analysis.count: with the environment's analysis template: error_rate: count 5 needs an "
                + "interval to space the measurements; add interval (e.g. 1m) or use count 1");
    }
}
