package dev.rollgate.target.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightsTest {

    @Test
    void acceptsPercentagesSummingTo100() {
        Weights w = Weights.of("stable", 95, "canary", 5);
        assertThat(w.of("stable")).isEqualTo(95);
        assertThat(w.of("canary")).isEqualTo(5);
        assertThat(w.of("other")).isZero();
        assertThat(Weights.all("stable").percent()).containsExactly(Map.entry("stable", 100));
    }

    @Test
    void rejectsSumOtherThan100WithTheSum() {
        assertThatThrownBy(() -> Weights.of("stable", 90, "canary", 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must sum to 100").hasMessageContaining("sum to 110");
    }

    @Test
    void rejectsNegativeAndOver100() {
        assertThatThrownBy(() -> Weights.of("stable", 110, "canary", -10))
                .hasMessageContaining("weight of version 'stable' must be between 0 and 100 percent, but was 110");
    }

    @Test
    void rejectsEmptyBlankAndDuplicateNames() {
        assertThatThrownBy(() -> new Weights(Map.of())).hasMessageContaining("at least one version");
        Map<String, Integer> blank = new LinkedHashMap<>();
        blank.put(" ", 100);
        assertThatThrownBy(() -> new Weights(blank)).hasMessageContaining("must not be blank");
        assertThatThrownBy(() -> Weights.all("can ary")).hasMessageContaining("without spaces");
        assertThatThrownBy(() -> Weights.of("a", 50, "a", 50)).hasMessageContaining("named twice");
    }

    @Test
    void isImmutable() {
        Map<String, Integer> m = new LinkedHashMap<>(Map.of("stable", 100));
        Weights w = new Weights(m);
        m.put("canary", 5);
        assertThat(w.percent()).containsOnlyKeys("stable");
        assertThatThrownBy(() -> w.percent().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
