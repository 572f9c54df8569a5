package dev.rollgate.hook;

import dev.rollgate.config.Durations;
import java.time.Duration;
import java.util.Locale;

/** Durations in messages: "0.4s", "12.3s", "45ms", and past a minute the config form, "10m" or "1h30m". */
final class Elapsed {

    private Elapsed() {
    }

    static String format(Duration d) {
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        if (d.compareTo(Duration.ofMillis(100)) < 0) {
            return d.toMillis() + "ms";
        }
        if (d.compareTo(Duration.ofMinutes(1)) < 0) {
            if (d.toMillisPart() == 0) {
                return d.toSeconds() + "s";
            }
            return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }
        return Durations.format(Duration.ofSeconds(d.toSeconds()));
    }
}
