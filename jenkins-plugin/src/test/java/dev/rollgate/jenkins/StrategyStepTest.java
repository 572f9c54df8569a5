package dev.rollgate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollgate.strategy.StrategySpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every strategy a config can name is run by exactly one deploy step, so a mismatch always names the right one. */
class StrategyStepTest {

    @Test
    void everyConfigStrategyHasExactlyOneStep() {
        for (String strategy : StrategySpec.NAMES) {
            assertThat(Arrays.stream(StrategyStep.values()).filter(s -> s.strategies().contains(strategy)))
                    .as(strategy).hasSize(1);
            assertThat(StrategyStep.running(strategy)).as(strategy).isPresent();
        }
        assertThat(StrategyStep.running("canary")).contains(StrategyStep.CANARY);
        assertThat(StrategyStep.running("recreate").map(StrategyStep::functionName)).contains("rollingDeploy");
    }

    @Test
    void theStepsRunNothingButConfigStrategies() {
        for (StrategyStep s : StrategyStep.values()) {
            assertThat(StrategySpec.NAMES).as(s.functionName()).containsAll(s.strategies());
        }
    }
}
