package dev.rollgate.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in pipelines: {@code 90s}, {@code 10m}, {@code 24h}, {@code 7d}, {@code 1h30m}, and
 * {@code 500ms} for the short intervals of health checks and demos.
 */
public final class Durations {

    static final String PATTERN = "^([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?$";
    private static final Pattern FORMAT = Pattern.compile(PATTERN);

    private Durations() {
    }

    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (text.isBlank() || !m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration; write e.g. 90s, 10m, 24h, 7d, 1h30m or 500ms");
        }
        Duration d = Duration.ZERO;
        for (int g = 1; g <= 5; g++) {
            String part = m.group(g);
            if (part == null) {
                continue;
            }
            if (part.endsWith("ms")) {
                d = d.plusMillis(Long.parseLong(part.substring(0, part.length() - 2)));
                continue;
            }
            long n = Long.parseLong(part.substring(0, part.length() - 1));
            d = d.plus(switch (part.charAt(part.length() - 1)) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
        }
        return d;
    }

    /** The shortest form that {@link #parse} reads back, e.g. {@code 1h30m}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder s = new StringBuilder();
        if (d.toDaysPart() > 0) {
            s.append(d.toDaysPart()).append('d');
        }
        if (d.toHoursPart() > 0) {
            s.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            s.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            s.append(d.toSecondsPart()).append('s');
        }
        if (d.toMillisPart() > 0) {
            s.append(d.toMillisPart()).append("ms");
        }
        return s.toString();
    }
}
