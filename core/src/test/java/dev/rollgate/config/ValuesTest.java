package dev.rollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5)); // not 5 milliseconds
        assertThat(Durations.parse("1s250ms")).isEqualTo(Duration.ofMillis(1250));
        assertThat(Durations.format(Duration.ofMillis(1250))).isEqualTo("1s250ms");
        for (String bad : new String[] {"", "10", "5 minutes", "1.5h", "-3m", "m", "ms", "5sm"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void sizesAreDecimalUnlessBinaryIsWritten() {
        assertThat(DataSize.parse("500MB").bytes()).isEqualTo(500_000_000L);
        assertThat(DataSize.parse("2GiB").bytes()).isEqualTo(2L << 30);
        assertThat(DataSize.parse("1.5 KB").bytes()).isEqualTo(1500L);
        assertThat(DataSize.parse("1024B").bytes()).isEqualTo(1024L);
        assertThatThrownBy(() -> DataSize.parse("500 megs")).hasMessageContaining("is not a size");
        assertThat(new DataSize(512_300_000L).human()).isEqualTo("512.3 MB");
    }

    @Test
    void timeRangesAreHalfOpenAndMayCrossMidnight() {
        TimeRange day = TimeRange.parse("09:00-18:00");
        assertThat(day.start()).isEqualTo(LocalTime.of(9, 0));
        assertThat(day.length()).isEqualTo(Duration.ofHours(9));
        assertThat(TimeRange.parse("22:00-02:00").length()).isEqualTo(Duration.ofHours(4));
        assertThat(TimeRange.parse("18:00-24:00").length()).isEqualTo(Duration.ofHours(6));
        assertThat(TimeRange.parse("00:00-24:00").length()).isEqualTo(Duration.ofHours(24));
        assertThat(TimeRange.parse("18:00-24:00")).hasToString("18:00-24:00");
        assertThatThrownBy(() -> TimeRange.parse("10:00-10:00")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> TimeRange.parse("24:00-10:00")).hasMessageContaining("is not a time of day");
    }

    @Test
    void limitsAreNumbersOrSizes() {
        assertThat(Limit.parse("80").unit()).isEqualTo(Limit.Unit.NUMBER);
        assertThat(Limit.parse("99.5").asDouble()).isEqualTo(99.5);
        assertThat(Limit.parse("500MB").unit()).isEqualTo(Limit.Unit.BYTES);
        assertThatThrownBy(() -> Limit.parse("lots")).hasMessageContaining("neither a number nor a size");
    }

    @Test
    void refPatternsFollowGitHubBranchFilters() {
        assertThat(RefPattern.matches("main", "main")).isTrue();
        assertThat(RefPattern.matches("main", "maint")).isFalse();
        assertThat(RefPattern.matches("v*", "v1.2.3")).isTrue();
        assertThat(RefPattern.matches("release/*", "release/2026.11")).isTrue();
        assertThat(RefPattern.matches("release/*", "release/2026/11")).isFalse();
        assertThat(RefPattern.matches("release/**", "release/2026/11")).isTrue();
        assertThat(RefPattern.matches("*", "feature/x")).isFalse();
    }
}
