package dev.rollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollgate.analysis.AnalysisSpec;
import dev.rollgate.strategy.CanaryStep;
import dev.rollgate.strategy.PauseSpec;
import dev.rollgate.strategy.RolloutSpec;
import dev.rollgate.strategy.StrategySpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The runbooks' spellings of a rollout, each read as the canonical one and explained in a reading. */
class SpellingsTest {

    /** A file whose production rollout block is {@code rollout}; its first line is line 5 of the file. */
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

    static RolloutSpec rollout(ConfigLoader.Loaded loaded) {
        return loaded.config().environments().get("production").rollout().orElseThrow();
    }

    static List<CanaryStep> steps(ConfigLoader.Loaded loaded) {
        return rollout(loaded).strategyOrDefault().canary().orElseThrow().stepList();
    }

    @Test
    void aStrategyNameAloneIsThatStrategyWithItsDefaults() throws ConfigException {
        for (String written : List.of("blue-green", "bluegreen", "blueGreen")) {
            ConfigLoader.Loaded loaded = load("strategy: " + written + "\n");

            assertThat(rollout(loaded).strategyOrDefault().name()).isEqualTo("blueGreen");
            assertThat(loaded.readings("production")).containsExactly(
                    "line 5, strategy: strategy: " + written + " read as strategy: {blueGreen: {}}");
        }
        assertThat(rollout(load("strategy: canary\n")).strategyOrDefault().canary()).isPresent();
        assertThat(rollout(load("strategy: rolling\n")).strategyOrDefault().rolling()).isPresent();
        assertThat(rollout(load("strategy: recreate\n")).strategyOrDefault().recreate()).isPresent();
        assertThat(load("strategy: recreate\n").readings("production"))
                .containsExactly("line 5, strategy: strategy: recreate read as strategy: {recreate: {}}");
    }

    @Test
    void theKeyBlueGreenMayBeWrittenWithAHyphen() throws ConfigException {
        ConfigLoader.Loaded loaded = load("""
                strategy:
                  blue-green: { autoPromotionEnabled: false }
                """);

        assertThat(rollout(loaded).strategyOrDefault().blueGreen().orElseThrow().autoPromotes()).isFalse();
        assertThat(loaded.readings("production"))
                .containsExactly("line 6, strategy.blue-green: blue-green: read as blueGreen:");
    }

    @Test
    void aStrategyWithNothingAfterItHasItsDefaults() throws ConfigException {
        ConfigLoader.Loaded loaded = load("""
                strategy:
                  recreate:
                """);

        assertThat(rollout(loaded).strategyOrDefault().recreate()).isPresent();
        assertThat(loaded.readings("production")).isEmpty();
    }

    @Test
    void aWeightWithAPauseIsTwoSteps() throws ConfigException {
        ConfigLoader.Loaded loaded = load("""
                strategy:
                  canary:
                    steps:
                      - { weight: 5, pause: 10m }
                      - weight: 25
                      - pause: 15m
                      - pause:
                """);

        assertThat(steps(loaded)).extracting(CanaryStep::setWeight, CanaryStep::pause).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Optional.of(5), Optional.empty()),
                org.assertj.core.groups.Tuple.tuple(Optional.empty(), Optional.of(PauseSpec.of(Duration.ofMinutes(10)))),
                org.assertj.core.groups.Tuple.tuple(Optional.of(25), Optional.empty()),
                org.assertj.core.groups.Tuple.tuple(Optional.empty(), Optional.of(PauseSpec.of(Duration.ofMinutes(15)))),
                org.assertj.core.groups.Tuple.tuple(Optional.empty(), Optional.of(PauseSpec.UNTIL_PROMOTED)));
        assertThat(loaded.readings("production")).containsExactly(
                "line 8, strategy.canary.steps[0]: {weight: 5, pause: 10m} read as setWeight: 5, then pause: "
                        + "{duration: 10m}",
                "line 9, strategy.canary.steps[1]: {weight: 25} read as setWeight: 25",
                "line 10, strategy.canary.steps[2]: pause: 15m read as pause: {duration: 15m}");
        // Both halves of a split step keep the line they were written on.
        assertThat(steps(loaded).get(1).source().line()).isEqualTo(8);
        assertThat(steps(loaded).get(1).source().path())
                .isEqualTo("environments.production.rollout.strategy.canary.steps[0]");
    }

    @Test
    void aWeightWithAPauseAndAnAnalysisIsABlockingAnalysisLastingThePause() throws ConfigException {
        ConfigLoader.Loaded loaded = load("""
                analysis: { interval: 3m, metrics: [ { name: error_rate, max: 1 } ] }
                strategy:
                  canary:
                    steps:
                      - { weight: 5, pause: 10m, analysis: { metrics: [ { name: error_rate, max: 0.5 } ] } }
                      - { weight: 20, pause: 10m, analysis: { interval: 5m, metrics: [ { name: error_rate } ] } }
                      - { weight: 50, pause: 90s, analysis: { metrics: [ { name: error_rate } ] } }
                """);

        List<CanaryStep> steps = steps(loaded);
        assertThat(steps).hasSize(6);
        AnalysisSpec first = steps.get(1).analysis().orElseThrow();
        // 10m / 3m = 3.33, rounded up: 4 measurements, 12 minutes.
        assertThat(first.count()).contains(4);
        assertThat(first.interval()).contains(Duration.ofMinutes(3));
        assertThat(steps.get(3).analysis().orElseThrow().count()).contains(2);
        assertThat(steps.get(5).analysis().orElseThrow().count()).contains(1);
        assertThat(loaded.readings("production")).containsExactly(
                "line 9, strategy.canary.steps[0]: {weight: 5, pause: 10m, analysis: {...}} read as setWeight: 5, "
                        + "then a blocking analysis lasting the pause: count 4 = 10m / the template's interval 3m, "
                        + "rounded up",
                "line 10, strategy.canary.steps[1]: {weight: 20, pause: 10m, analysis: {...}} read as setWeight: 20, "
                        + "then a blocking analysis lasting the pause: count 2 = 10m / the step's interval 5m, "
                        + "rounded up",
                "line 11, strategy.canary.steps[2]: {weight: 50, pause: 90s, analysis: {...}} read as setWeight: 50, "
                        + "then a blocking analysis lasting the pause: count 1 = 1m30s / the template's interval 3m, "
                        + "rounded up");
    }

    @Test
    void withoutAnyIntervalTheAnalysisIsMeasuredEveryMinute() throws ConfigException {
        ConfigLoader.Loaded loaded = load("""
                strategy:
                  canary:
                    steps:
                      - { weight: 5, pause: 10m, analysis: { metrics: [ { name: error_rate, max: 1 } ] } }
                """);

        AnalysisSpec analysis = steps(loaded).get(1).analysis().orElseThrow();
        assertThat(analysis.interval()).contains(Duration.ofMinutes(1));
        assertThat(analysis.count()).contains(10);
        assertThat(loaded.readings("production")).singleElement().asString()
                .endsWith("count 10 = 10m / the default interval 1m, rounded up");
    }

    @Test
    void flaggersThresholdIsOneMoreThanArgosFailureLimit() throws ConfigException {
        ConfigLoader.Loaded loaded = load("""
                analysis:
                  interval: 1m
                  threshold: 3
                  metrics: [ { name: error_rate, max: 1 } ]
                """);

        assertThat(rollout(loaded).analysis().orElseThrow().failureLimit()).contains(2);
        assertThat(loaded.readings("production")).containsExactly(
                "line 7, analysis.threshold: threshold: 3 read as failureLimit: 2 (Flagger's threshold 3 rolls back "
                        + "at the 3rd failed check; Argo's failureLimit L fails when more than L checks fail, so "
                        + "threshold N is failureLimit N-1)");
    }

    @Test
    void thresholdIsReadInStepAndBlueGreenAnalysesToo() throws ConfigException {
        ConfigLoader.Loaded loaded = load("""
                strategy:
                  blue-green:
                    prePromotionAnalysis: { threshold: 1, metrics: [ { name: error_rate, max: 1 } ] }
                """);

        assertThat(rollout(loaded).strategyOrDefault().blueGreen().orElseThrow().prePromotionAnalysis().orElseThrow()
                .failureLimit()).contains(0);
        assertThat(loaded.readings("production")).hasSize(2);
    }

    @Test
    void thresholdAndFailureLimitTogetherAreRefused() {
        assertThatThrownBy(() -> load("""
                analysis: { threshold: 3, failureLimit: 2, metrics: [ { name: error_rate, max: 1 } ] }
                """)).isInstanceOf(ConfigException.class)
                .hasMessage("rollgate.yaml:5:19: environments.production.rollout.analysis.threshold: threshold and "
                        + "failureLimit say the same thing (threshold N is failureLimit N-1); keep one");
        assertThatThrownBy(() -> load("""
                analysis: { threshold: 0, metrics: [ { name: error_rate, max: 1 } ] }
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("rollgate.yaml:5:")
                .hasMessageContaining("threshold is the number of failed checks that rolls back");
    }

    @Test
    void anUnknownStrategyNameIsReportedWhereItIsWritten() {
        assertThatThrownBy(() -> load("""
                replicas: 2
                strategy: blue_green
                """)).isInstanceOf(ConfigException.class)
                .hasMessage("rollgate.yaml:6:17: environments.production.rollout.strategy: unknown strategy "
                        + "\"blue_green\"; did you mean 'blueGreen'?");
    }

    @Test
    void aPauseThatIsNotADurationIsReportedAtThePause() {
        assertThatThrownBy(() -> load("""
                strategy:
                  canary:
                    steps:
                      - { weight: 5, pause: soon }
                """)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("rollgate.yaml:8:")
                .hasMessageContaining("steps[0].pause: \"soon\" is not a duration");
    }

    @Test
    void aWeightStepTakesOnlyWeightPauseAndAnalysis() {
        assertThatThrownBy(() -> load("""
                strategy:
                  canary:
                    steps:
                      - { weight: 5, setWeight: 5 }
                """)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("rollgate.yaml:8:")
                .hasMessageContaining("a step written with weight takes only weight, pause and analysis");
    }

    @Test
    void defaultsRolloutIsMergedKeyByKeyAndItsSpellingsAreReadForEachEnvironment() throws ConfigException {
        ConfigLoader.Loaded loaded = ConfigLoader.parseWithReadings("""
                service: payments-api
                defaults:
                  rollout:
                    replicas: 2
                    autoRollback: false
                    strategy: blue-green
                environments:
                  staging: {}
                  production:
                    rollout:
                      replicas: 4
                      strategy: { canary: { steps: [ { weight: 50, pause: 5m } ] } }
                """, "rollgate.yaml");

        RolloutSpec staging = loaded.config().environments().get("staging").rollout().orElseThrow();
        RolloutSpec production = loaded.config().environments().get("production").rollout().orElseThrow();
        assertThat(staging.replicaCount()).isEqualTo(2);
        assertThat(staging.strategyOrDefault().name()).isEqualTo("blueGreen");
        assertThat(production.replicaCount()).isEqualTo(4);
        assertThat(production.autoRollback()).contains(false); // inherited, key by key
        assertThat(production.strategyOrDefault()).isNotEqualTo(StrategySpec.DEFAULT);
        assertThat(production.strategyOrDefault().name()).isEqualTo("canary");
        assertThat(loaded.readings("staging"))
                .containsExactly("line 6, strategy: strategy: blue-green read as strategy: {blueGreen: {}}");
        assertThat(loaded.readings("production")).containsExactly("line 12, strategy.canary.steps[0]: "
                + "{weight: 50, pause: 5m} read as setWeight: 50, then pause: {duration: 5m}");
    }

    @Test
    void aWeightWithACanonicalPauseIsTwoStepsToo() throws ConfigException {
        ConfigLoader.Loaded loaded = load("""
                analysis: { interval: 2m, metrics: [ { name: error_rate, max: 1 } ] }
                strategy:
                  canary:
                    steps:
                      - { weight: 5, pause: { duration: 10m } }
                      - { weight: 10, pause: {} }
                      - { weight: 20, pause: { duration: 5m }, analysis: {} }
                """);

        List<CanaryStep> steps = steps(loaded);
        assertThat(steps.get(1).pause()).contains(PauseSpec.of(Duration.ofMinutes(10)));
        assertThat(steps.get(3).pause()).contains(PauseSpec.UNTIL_PROMOTED);
        assertThat(steps.get(5).analysis().orElseThrow().count()).contains(3);
        assertThat(loaded.readings("production")).containsExactly(
                "line 9, strategy.canary.steps[0]: {weight: 5, pause: {duration: 10m}} read as setWeight: 5, then "
                        + "pause: {duration: 10m}",
                "line 10, strategy.canary.steps[1]: {weight: 10, pause: {} (until promoted)} read as setWeight: 10, "
                        + "then pause: {} (until promoted)",
                "line 11, strategy.canary.steps[2]: {weight: 20, pause: {duration: 5m}, analysis: {...}} read as "
                        + "setWeight: 20, then a blocking analysis lasting the pause: count 3 = 5m / the template's "
                        + "interval 2m, rounded up");
    }

    @Test
    void aPauseThatSaysHowLongTheAnalysisRunsCannotAlsoHaveACount() {
        assertThatThrownBy(() -> load("""
                strategy:
                  canary:
                    steps:
                      - { weight: 5, pause: 10m, analysis: { count: 3, interval: 1m, metrics: [ { name: error_rate } ] } }
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("rollgate.yaml:8:")
                .hasMessageContaining("steps[0].analysis.count: the step's pause already says how long the analysis "
                        + "runs; remove count or the pause");
    }
}
