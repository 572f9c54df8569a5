package dev.rollgate.target;

import java.util.Objects;
import java.util.Optional;

/**
 * How user traffic divides between the stable version and the canary.
 *
 * @param stable       the stable version; empty on a first deployment, when the canary is all there is
 * @param canaryWeight the canary's share in percent; the stable version gets the rest
 */
public record TrafficSplit(Optional<String> stable, Optional<String> canary, int canaryWeight) {

    public TrafficSplit {
        Objects.requireNonNull(stable, "stable");
        Objects.requireNonNull(canary, "canary");
        if (canaryWeight < 0 || canaryWeight > 100) {
            throw new IllegalArgumentException("canary weight must be 0-100 percent, was " + canaryWeight);
        }
        if (canary.isEmpty() && canaryWeight != 0) {
            throw new IllegalArgumentException("a canary weight of " + canaryWeight + "% needs a canary version");
        }
        if (stable.isEmpty() && canaryWeight != 100) {
            throw new IllegalArgumentException("without a stable version the canary must take 100%, not " + canaryWeight);
        }
        if (stable.isPresent() && stable.equals(canary)) {
            throw new IllegalArgumentException("stable and canary are the same version, " + stable.get());
        }
    }

    /** Everything on one version. */
    public static TrafficSplit all(String version) {
        return new TrafficSplit(Optional.of(version), Optional.empty(), 0);
    }

    @Override
    public String toString() {
        if (canary.isEmpty()) {
            return stable.map(s -> s + " 100%").orElse("nothing");
        }
        if (stable.isEmpty()) {
            return canary.get() + " 100%";
        }
        return stable.get() + " " + (100 - canaryWeight) + "% / " + canary.get() + " " + canaryWeight + "%";
    }
}
