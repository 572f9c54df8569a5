package dev.rollgate.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes. {@code KB}, {@code MB}, {@code GB}, {@code TB} are decimal (1 MB = 1 000 000 bytes, as
 * disks and registries count); {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB} are binary.
 */
public record DataSize(long bytes) {

    static final String PATTERN = "^[0-9]+(\\.[0-9]+)?\\s*([KMGT]i?B|B)$";
    private static final Pattern FORMAT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([KMGT]i?B|B)");

    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative");
        }
    }

    public static DataSize parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a size; write e.g. 500MB, 2GiB or 1024B");
        }
        long unit = switch (m.group(2)) {
            case "B" -> 1L;
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            case "TB" -> 1_000_000_000_000L;
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> 1L << 40;
        };
        return new DataSize(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValue());
    }

    /** A short human form in decimal units, e.g. {@code 512.3 MB}. */
    public String human() {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
