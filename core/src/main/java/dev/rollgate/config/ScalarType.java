package dev.rollgate.config;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The scalar types a configuration may use: how text becomes a value, and how the JSON Schema describes it.
 * The loader and the schema generator share this table, so they cannot disagree.
 *
 * @param jsonType the JSON Schema "type" keyword
 * @param pattern  a JSON Schema "pattern", or null
 * @param format   a JSON Schema "format", or null
 */
record ScalarType(Class<?> javaType, String jsonType, String pattern, String format, String description,
                  Function<String, Object> parse) {

    private static final Map<Class<?>, ScalarType> TYPES = Map.ofEntries(
            entry(new ScalarType(String.class, "string", null, null, null, s -> s)),
            entry(new ScalarType(Integer.class, "integer", null, null, null, ScalarType::integer)),
            entry(new ScalarType(Boolean.class, "boolean", null, null, null, ScalarType::bool)),
            entry(new ScalarType(Double.class, "number", null, null, null, ScalarType::decimal)),
            entry(new ScalarType(Duration.class, "string", Durations.PATTERN, null,
                    "A duration: 90s, 10m, 24h, 7d or 1h30m.", Durations::parse)),
            entry(new ScalarType(TimeRange.class, "string", TimeRange.PATTERN, null,
                    "Local hours, half-open: \"09:00-18:00\" includes 09:00 and excludes 18:00.", TimeRange::parse)),
            entry(new ScalarType(ZoneId.class, "string", null, null,
                    "An IANA time zone such as UTC or Europe/Berlin.", ScalarType::zone)),
            entry(new ScalarType(LocalDate.class, "string", null, "date", "A date: 2026-12-25.", ScalarType::date)),
            entry(new ScalarType(Instant.class, "string", null, "date-time",
                    "An instant with its offset: 2026-12-21T00:00:00Z.", ScalarType::instant)),
            entry(new ScalarType(DayOfWeek.class, "string", null, null, "A day: MON, TUE, WED, THU, FRI, SAT or SUN.",
                    ScalarType::day)),
            entry(new ScalarType(Limit.class, "number|string", DataSize.PATTERN, null,
                    "A number, or for sizes a size such as 500MB.", Limit::parse)));

    private static Map.Entry<Class<?>, ScalarType> entry(ScalarType t) {
        return Map.entry(t.javaType(), t);
    }

    static Optional<ScalarType> of(Class<?> type) {
        return Optional.ofNullable(TYPES.get(type));
    }

    private static Object integer(String text) {
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a whole number");
        }
    }

    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    private static Object decimal(String text) {
        // Plain decimal notation only: Java would also read "NaN", "Infinity", "1d" and hex, none of which
        // is a threshold anyone means.
        if (DECIMAL.matcher(text.trim()).matches()) {
            double d = Double.parseDouble(text.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a number; write e.g. 1, 0.5 or 2000");
    }

    private static Object bool(String text) {
        return switch (text.trim()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("\"" + text + "\" is not true or false");
        };
    }

    private static Object zone(String text) {
        try {
            return ZoneId.of(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a known time zone; use an IANA name such as "
                    + "UTC, Europe/Berlin or America/New_York");
        }
    }

    private static Object date(String text) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a date; write e.g. 2026-12-25");
        }
    }

    private static Object instant(String text) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not an instant with an offset; write e.g. "
                    + "2026-12-21T00:00:00Z or 2026-12-21T00:00:00+01:00");
        }
    }

    private static Object day(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(t) || d.name().substring(0, 3).equals(t)) {
                return d;
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a day; use MON, TUE, WED, THU, FRI, SAT or SUN");
    }
}
