package dev.rollgate.target.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightScheduleTest {

    @Test
    void periodHoldsEachVersionExactlyItsPercentage() {
        List<String> slots = WeightSchedule.of(Weights.of("stable", 95, "canary", 5));
        assertThat(slots).hasSize(100);
        assertThat(Collections.frequency(slots, "stable")).isEqualTo(95);
        assertThat(Collections.frequency(slots, "canary")).isEqualTo(5);
    }

    @Test
    void spreadsTheMinorityEvenlyLikeNginx() {
        // 90/10: the canary gets every 10th request, never two in a row.
        List<String> slots = WeightSchedule.of(Weights.of("stable", 90, "canary", 10));
        for (int i = 0; i < 100; i += 10) {
            assertThat(Collections.frequency(slots.subList(i, i + 10), "canary")).isEqualTo(1);
        }
    }

    @Test
    void zeroWeightNeverChosen() {
        List<String> slots = WeightSchedule.of(new Weights(Map.of("stable", 100, "canary", 0)));
        assertThat(slots).containsOnly("stable");
    }
}
