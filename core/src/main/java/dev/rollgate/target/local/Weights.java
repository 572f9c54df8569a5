package dev.rollgate.target.local;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A traffic split: integer percentages per version, summing to exactly 100.
 *
 * <p>Integers in percent are what a canary step says ({@code setWeight: 5}); rejecting anything else here means
 * the router never has to round or normalise.
 *
 * @param percent version name to weight in percent, in a stable iteration order; versions at 0 receive nothing
 */
public record Weights(Map<String, Integer> percent) {

    public Weights {
        Objects.requireNonNull(percent, "percent");
        if (percent.isEmpty()) {
            throw new IllegalArgumentException("weights must name at least one version, but were empty");
        }
        int sum = 0;
        for (Map.Entry<String, Integer> e : percent.entrySet()) {
            String version = e.getKey();
            Integer weight = e.getValue();
            if (version == null || version.isBlank()) {
                throw new IllegalArgumentException("weights: version name must not be blank, but was '" + version + "'");
            }
            if (!isHeaderSafe(version)) {
                throw new IllegalArgumentException("weights: version name must be printable ASCII without spaces"
                        + " (it is sent in the X-Rollgate-Version header), but was '" + version + "'");
            }
            if (weight == null || weight < 0 || weight > 100) {
                throw new IllegalArgumentException("weights: weight of version '" + version
                        + "' must be between 0 and 100 percent, but was " + weight);
            }
            sum += weight;
        }
        if (sum != 100) {
            throw new IllegalArgumentException("weights must sum to 100 percent, but " + percent + " sum to " + sum);
        }
        percent = Collections.unmodifiableMap(new LinkedHashMap<>(percent));
    }

    /** All traffic to one version. */
    public static Weights all(String version) {
        return new Weights(Map.of(version, 100));
    }

    /** A two-way split, e.g. {@code of("stable", 95, "canary", 5)}. */
    public static Weights of(String first, int firstPercent, String second, int secondPercent) {
        if (Objects.equals(first, second)) {
            throw new IllegalArgumentException("weights: version '" + first + "' is named twice");
        }
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put(first, firstPercent);
        m.put(second, secondPercent);
        return new Weights(m);
    }

    /** The weight of {@code version} in percent; 0 if it is not named. */
    public int of(String version) {
        return percent.getOrDefault(version, 0);
    }

    private static boolean isHeaderSafe(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
