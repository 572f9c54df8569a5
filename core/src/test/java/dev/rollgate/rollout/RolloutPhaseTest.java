package dev.rollgate.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolloutPhaseTest {

    @Test
    void theTransitionTableIsExactlyTheDocumentedOne() {
        assertThat(allowed(RolloutPhase.PROGRESSING)).containsExactlyInAnyOrder(
                RolloutPhase.PROGRESSING, RolloutPhase.PAUSED, RolloutPhase.ROLLING_BACK, RolloutPhase.PROMOTED,
                RolloutPhase.FAILED);
        assertThat(allowed(RolloutPhase.PAUSED)).containsExactlyInAnyOrder(
                RolloutPhase.PAUSED, RolloutPhase.PROGRESSING, RolloutPhase.ROLLING_BACK, RolloutPhase.FAILED);
        assertThat(allowed(RolloutPhase.ROLLING_BACK)).containsExactlyInAnyOrder(
                RolloutPhase.ROLLING_BACK, RolloutPhase.ABORTED, RolloutPhase.ROLLED_BACK, RolloutPhase.FAILED);
        assertThat(allowed(RolloutPhase.FAILED)).containsExactlyInAnyOrder(RolloutPhase.FAILED, RolloutPhase.ROLLING_BACK);
        for (RolloutPhase end : EnumSet.of(RolloutPhase.PROMOTED, RolloutPhase.ABORTED, RolloutPhase.ROLLED_BACK)) {
            assertThat(end.isTerminal()).isTrue();
            assertThat(allowed(end)).containsExactly(end);
        }
    }

    @Test
    void promotedCannotBeRolledBackInPlaceOnlyByANewRollout() {
        assertThat(RolloutPhase.PROMOTED.canBecome(RolloutPhase.ROLLING_BACK)).isFalse();
        assertThat(RolloutPhase.PAUSED.canBecome(RolloutPhase.PROMOTED)).isFalse();
    }

    @Test
    void wireNamesAreArgoStyleAndStable() {
        assertThat(RolloutPhase.ROLLED_BACK.wireName()).isEqualTo("RolledBack");
        assertThat(RolloutPhase.PROGRESSING.wireName()).isEqualTo("Progressing");
    }

    private static Set<RolloutPhase> allowed(RolloutPhase from) {
        Set<RolloutPhase> to = EnumSet.noneOf(RolloutPhase.class);
        for (RolloutPhase p : RolloutPhase.values()) {
            if (from.canBecome(p)) {
                to.add(p);
            }
        }
        return to;
    }
}
