package dev.rollgate.gate.quality;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/** Immutable copies of enum-keyed maps that keep the enum's order (stable toString and output). */
final class EnumMaps {

    private EnumMaps() {
    }

    static <K extends Enum<K>, V> Map<K, V> copyOf(Class<K> keyType, Map<K, V> map) {
        EnumMap<K, V> copy = new EnumMap<>(keyType);
        map.forEach((key, value) -> copy.put(Objects.requireNonNull(key), Objects.requireNonNull(value, "value")));
        return Collections.unmodifiableMap(copy);
    }

    /** The sum of the counts whose key passes {@code keep}, e.g. every severity at least HIGH. */
    static <K extends Enum<K>> long sum(Map<K, Long> counts, Predicate<K> keep) {
        return counts.entrySet().stream().filter(e -> keep.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }
}
