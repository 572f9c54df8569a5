package dev.rollgate.jenkins;

import java.util.List;
import java.util.Optional;

/**
 * Which deploy step runs which of the config's strategies: a Jenkinsfile says what it does, and a config whose
 * strategy does not match the step gets an error naming the step to call.
 */
enum StrategyStep {
    CANARY("canaryDeploy", List.of("canary", "multiRegion")),
    BLUE_GREEN("blueGreenDeploy", List.of("blueGreen")),
    ROLLING("rollingDeploy", List.of("rolling", "recreate"));

    private final String functionName;
    private final List<String> strategies;

    StrategyStep(String functionName, List<String> strategies) {
        this.functionName = functionName;
        this.strategies = strategies;
    }

    /** The DSL name. */
    String functionName() {
        return functionName;
    }

    /** The config strategies ({@code StrategySpec.NAMES}) this step runs. */
    List<String> strategies() {
        return strategies;
    }

    /** The step that runs {@code strategy}. */
    static Optional<StrategyStep> running(String strategy) {
        for (StrategyStep s : values()) {
            if (s.strategies.contains(strategy)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
