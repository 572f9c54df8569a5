package dev.rollgate.config;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Recurring hours on chosen days in one time zone, less holidays. */
@Doc("A recurring window: hours on chosen days in a time zone, less holidays.")
public record WindowSpec(
        @Required @Doc("IANA time zone; DST is handled: hours are local wall-clock hours.") ZoneId timezone,
        @Required @Doc("Days the window opens on: MON..SUN.") Set<DayOfWeek> days,
        @Required @Doc("Local hours, half-open: \"09:00-18:00\" includes 09:00 and excludes 18:00. May cross "
                + "midnight (belongs to the day it starts on) or end at 24:00.") TimeRange hours,
        @Doc("Dates (in the window's time zone) on which the window does not open.") Optional<Set<LocalDate>> holidays) {

    public WindowSpec {
        if (days.isEmpty()) {
            throw new InvalidFieldException("days", "list at least one day; an empty list would never open");
        }
    }

    public Set<LocalDate> holidaySet() {
        return holidays.orElse(Set.of());
    }

    /** Days in calendar order, for messages. */
    public List<DayOfWeek> orderedDays() {
        return days.stream().sorted().toList();
    }
}
