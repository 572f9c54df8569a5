package dev.rollgate.analysis;

import java.math.BigDecimal;
import java.util.Locale;

/** How values and thresholds of a {@link Metric} read in messages: {@code 4.20%}, {@code 2310 ms}, {@code 1%}. */
final class Quantities {

    private Quantities() {
    }

    /** A measured value, rounded for reading: two decimals for percentages and rates, whole ms above 100 ms. */
    static String value(Metric metric, double value) {
        String number;
        if (metric.unit().equals("ms")) {
            number = String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.0f" : "%.1f", value);
        } else {
            number = String.format(Locale.ROOT, "%.2f", value);
        }
        return withUnit(metric, number);
    }

    /** A configured threshold, as the user wrote it: {@code 1%}, {@code 2000 ms}, {@code 0.5 req/s}. */
    static String threshold(Metric metric, double value) {
        return withUnit(metric, plain(value));
    }

    /** A number without trailing zeros: 50, 0.5, 12.25. */
    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String withUnit(Metric metric, String number) {
        return metric.unit().equals("%") ? number + "%" : number + " " + metric.unit();
    }

    /** Whether a higher value of the metric is worse for users: latencies and error rate. */
    static boolean higherIsWorse(Metric metric) {
        return metric != Metric.AVAILABILITY && metric != Metric.REQUEST_RATE;
    }
}
