package dev.rollgate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollgate.config.TimeRange;
import dev.rollgate.config.WindowSpec;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeploymentWindowTest {

    private static DeploymentWindow window(String zone, Set<DayOfWeek> days, String hours, LocalDate... holidays) {
        return new DeploymentWindow(new WindowSpec(ZoneId.of(zone), days, TimeRange.parse(hours),
                Optional.of(Set.of(holidays))));
    }

    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    @Test
    void hoursAreHalfOpen() {
        DeploymentWindow w = window("UTC", WEEKDAYS, "09:00-18:00");

        assertThat(w.contains(Instant.parse("2026-11-25T08:59:59Z"))).isFalse();
        assertThat(w.contains(Instant.parse("2026-11-25T09:00:00Z"))).isTrue();
        assertThat(w.contains(Instant.parse("2026-11-25T17:59:59Z"))).isTrue();
        assertThat(w.contains(Instant.parse("2026-11-25T18:00:00Z"))).isFalse();
    }

    @Test
    void fridayEveningWaitsForMonday() {
        DeploymentWindow w = window("UTC", WEEKDAYS, "09:00-18:00");

        assertThat(w.nextOpening(Instant.parse("2026-11-27T18:00:00Z"))).contains(Instant.parse("2026-11-30T09:00:00Z"));
        assertThat(w.describe()).isEqualTo("MON-FRI 09:00-18:00 UTC");
    }

    @Test
    void holidaysDoNotOpen() {
        // 2026-12-25 is a Friday.
        DeploymentWindow w = window("UTC", WEEKDAYS, "09:00-18:00", LocalDate.parse("2026-12-25"));

        assertThat(w.contains(Instant.parse("2026-12-25T10:00:00Z"))).isFalse();
        assertThat(w.nextOpening(Instant.parse("2026-12-24T18:30:00Z"))).contains(Instant.parse("2026-12-28T09:00:00Z"));
    }

    @Test
    void holidaysAreDatesInTheWindowsZone() {
        // 2026-12-24T23:30Z is already the 25th in Berlin: a holiday there.
        DeploymentWindow w = window("Europe/Berlin", EnumSet.allOf(DayOfWeek.class), "00:00-24:00",
                LocalDate.parse("2026-12-25"));

        assertThat(w.contains(Instant.parse("2026-12-24T22:59:00Z"))).isTrue();
        assertThat(w.contains(Instant.parse("2026-12-24T23:30:00Z"))).isFalse();
        assertThat(w.nextOpening(Instant.parse("2026-12-24T23:30:00Z"))).contains(Instant.parse("2026-12-25T23:00:00Z"));
    }

    @Test
    void localHoursHoldAcrossTheSpringForwardChange() {
        // New York moves from EST (-5) to EDT (-4) on Sunday 2027-03-14.
        DeploymentWindow w = window("America/New_York", WEEKDAYS, "09:00-17:00");

        assertThat(w.nextOpening(Instant.parse("2027-03-12T22:00:00Z"))).contains(Instant.parse("2027-03-15T13:00:00Z"));
        assertThat(w.contains(Instant.parse("2027-03-12T14:00:00Z"))).isTrue();   // Friday 09:00 EST
        assertThat(w.contains(Instant.parse("2027-03-15T13:00:00Z"))).isTrue();   // Monday 09:00 EDT
        assertThat(w.contains(Instant.parse("2027-03-15T12:59:00Z"))).isFalse();  // Monday 08:59 EDT
    }

    @Test
    void localHoursHoldAcrossTheFallBackChange() {
        // Berlin moves from CEST (+2) to CET (+1) on Sunday 2026-10-25.
        DeploymentWindow w = window("Europe/Berlin", WEEKDAYS, "09:00-18:00");

        assertThat(w.nextOpening(Instant.parse("2026-10-23T16:00:00Z"))).contains(Instant.parse("2026-10-26T08:00:00Z"));
        assertThat(w.contains(Instant.parse("2026-10-23T15:59:00Z"))).isTrue();   // Friday 17:59 CEST
        assertThat(w.contains(Instant.parse("2026-10-26T16:59:00Z"))).isTrue();   // Monday 17:59 CET
        assertThat(w.contains(Instant.parse("2026-10-26T17:00:00Z"))).isFalse();  // Monday 18:00 CET
    }

    @Test
    void aWindowInHoursThatDoNotExistIsSkippedThatDay() {
        // Sunday 2027-03-28 in Berlin jumps from 02:00 to 03:00: a 02:00-03:00 window does not happen.
        DeploymentWindow w = window("Europe/Berlin", EnumSet.of(DayOfWeek.SUNDAY), "02:00-03:00");

        assertThat(w.nextOpening(Instant.parse("2027-03-27T12:00:00Z"))).contains(Instant.parse("2027-04-04T00:00:00Z"));
    }

    @Test
    void anOvernightWindowBelongsToTheDayItStarts() {
        DeploymentWindow w = window("UTC", EnumSet.of(DayOfWeek.FRIDAY), "22:00-02:00");

        assertThat(w.contains(Instant.parse("2026-11-27T23:00:00Z"))).isTrue();   // Friday night
        assertThat(w.contains(Instant.parse("2026-11-28T01:59:00Z"))).isTrue();   // Saturday early, still Friday's
        assertThat(w.contains(Instant.parse("2026-11-28T02:00:00Z"))).isFalse();
        assertThat(w.contains(Instant.parse("2026-11-27T01:00:00Z"))).isFalse();  // Friday early: Thursday's, not listed
    }

    @Test
    void describesDaysCompactly() {
        assertThat(window("UTC", EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY, DayOfWeek.SUNDAY), "09:00-10:00").describe()).isEqualTo("MON,WED-FRI,SUN 09:00-10:00 UTC");
        assertThat(window("UTC", EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), "09:00-10:00").describe())
                .isEqualTo("SAT,SUN 09:00-10:00 UTC");
    }
}
