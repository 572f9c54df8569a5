package dev.rollgate.analysis;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One measurement of one metric, as judged: the values the provider reported for the window ending at
 * {@code at}, the outcome, and why in words (e.g. {@code error_rate 4.20% > max 1%}).
 */
public record Measurement(Metric metric, Instant at, OptionalDouble canary, OptionalDouble baseline,
                          MeasurementPhase phase, String message) {

    public Measurement {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(canary, "canary");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(message, "message");
    }
}
