package dev.rollgate.gate;

import dev.rollgate.config.WindowSpec;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A window's occurrences in time. Hours are local wall-clock hours: a 09:00-18:00 window opens at 09:00
 * local time on both sides of a DST change. An occurrence belongs to the day it starts on, which is the day
 * that must be listed and not a holiday. On a spring-forward day, hours that do not exist are skipped.
 */
public final class DeploymentWindow {

    /** Farther than any sensible policy; a window that never opens within it is reported as never. */
    private static final int SEARCH_DAYS = 800;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE HH:mm", Locale.ENGLISH);

    private final WindowSpec spec;

    public DeploymentWindow(WindowSpec spec) {
        this.spec = spec;
    }

    public WindowSpec spec() {
        return spec;
    }

    public boolean contains(Instant t) {
        return nextOpening(t).map(t::equals).orElse(false);
    }

    /** {@code t} itself when the window is open at {@code t}, else the next instant it opens; empty if never. */
    public Optional<Instant> nextOpening(Instant t) {
        LocalDate day = t.atZone(spec.timezone()).toLocalDate().minusDays(1); // yesterday's may still be open
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            if (!spec.days().contains(day.getDayOfWeek()) || spec.holidaySet().contains(day)) {
                continue;
            }
            LocalDateTime localStart = day.atTime(spec.hours().start());
            Instant start = ZonedDateTime.of(localStart, spec.timezone()).toInstant();
            Instant end = ZonedDateTime.of(localStart.plus(spec.hours().length()), spec.timezone()).toInstant();
            if (start.isBefore(end) && t.isBefore(end)) {
                return Optional.of(t.isAfter(start) ? t : start);
            }
        }
        return Optional.empty();
    }

    /** {@code Monday 09:00 UTC}: how release managers say when. */
    public static String when(ZonedDateTime t) {
        return WHEN.format(t) + " " + t.getZone().getId();
    }

    /** E.g. {@code MON-FRI 09:00-18:00 UTC}, with holidays left out. */
    public String describe() {
        return days(spec.orderedDays()) + " " + spec.hours() + " " + spec.timezone().getId();
    }

    private static String days(List<DayOfWeek> days) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < days.size()) {
            int j = i;
            while (j + 1 < days.size() && days.get(j + 1).getValue() == days.get(j).getValue() + 1) {
                j++;
            }
            String first = days.get(i).getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toUpperCase(Locale.ROOT);
            String last = days.get(j).getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toUpperCase(Locale.ROOT);
            parts.add(j - i >= 2 ? first + "-" + last : j > i ? first + "," + last : first);
            i = j + 1;
        }
        return String.join(",", parts);
    }
}
