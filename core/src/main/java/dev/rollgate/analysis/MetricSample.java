package dev.rollgate.analysis;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a provider measured for one {@link MetricQuery}.
 *
 * @param canary   the canary's value; empty when there was no data (no requests in the window)
 * @param baseline the baseline's value, when a baseline was asked for and had data
 * @param error    why the provider could not measure at all (unreachable, bad response); the values are then empty
 */
public record MetricSample(OptionalDouble canary, OptionalDouble baseline, Optional<String> error) {

    public MetricSample {
        Objects.requireNonNull(canary, "canary");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(error, "error");
    }

    public static MetricSample of(double canary) {
        return new MetricSample(OptionalDouble.of(canary), OptionalDouble.empty(), Optional.empty());
    }

    public static MetricSample of(double canary, double baseline) {
        return new MetricSample(OptionalDouble.of(canary), OptionalDouble.of(baseline), Optional.empty());
    }

    public static MetricSample failed(String why) {
        return new MetricSample(OptionalDouble.empty(), OptionalDouble.empty(), Optional.of(why));
    }
}
