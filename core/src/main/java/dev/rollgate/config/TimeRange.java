package dev.rollgate.config;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hours of a day, half-open: {@code 09:00-18:00} includes 09:00 and excludes 18:00. A range may cross
 * midnight ({@code 22:00-02:00}: it belongs to the day it starts on) and may end at {@code 24:00}.
 * The length is kept in local time, so a window keeps its wall-clock hours across DST changes.
 */
public record TimeRange(LocalTime start, Duration length) {

    static final String PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$";
    private static final Pattern FORMAT = Pattern.compile("(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");

    public TimeRange {
        if (length.isZero() || length.isNegative() || length.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("a time range lasts more than 0 and at most 24 hours");
        }
    }

    public static TimeRange parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a time range; write e.g. \"09:00-18:00\"");
        }
        LocalTime start = time(m.group(1), text);
        boolean endOfDay = m.group(2).equals("24:00");
        LocalTime end = endOfDay ? LocalTime.MIDNIGHT : time(m.group(2), text);
        if (start.equals(end) && !endOfDay) {
            throw new IllegalArgumentException("\"" + text + "\" is empty: start and end are the same; "
                    + "for a whole day write \"00:00-24:00\"");
        }
        long minutes = Duration.between(start, end).toMinutes();
        if (minutes <= 0) {
            minutes += 24 * 60; // crosses midnight, or ends at 24:00
        }
        return new TimeRange(start, Duration.ofMinutes(minutes));
    }

    private static LocalTime time(String hhmm, String whole) {
        try {
            return LocalTime.parse(hhmm);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + whole + "\": " + hhmm + " is not a time of day (00:00 to 23:59, or 24:00 as an end)");
        }
    }

    public LocalTime end() {
        return start.plus(length);
    }

    @Override
    public String toString() {
        LocalTime end = end();
        boolean endOfDay = end.equals(LocalTime.MIDNIGHT);
        return start + "-" + (endOfDay ? "24:00" : end.toString());
    }
}
