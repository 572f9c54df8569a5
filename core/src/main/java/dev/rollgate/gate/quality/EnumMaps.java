package dev.rollgate.gate.quality;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** Immutable copies of enum-keyed maps that keep the enum's order (stable toString and output). */
final class EnumMaps {

    private EnumMaps() {
    }

    static <K extends Enum<K>, V> Map<K, V> copyOf(Class<K> keyType, Map<K, V> map) {
        EnumMap<K, V> copy = new EnumMap<>(keyType);
        map.forEach((key, value) -> copy.put(Objects.requireNonNull(key), Objects.requireNonNull(value, "value")));
        return Collections.unmodifiableMap(copy);
    }
}
