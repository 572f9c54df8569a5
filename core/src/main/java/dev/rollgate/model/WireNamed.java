package dev.rollgate.model;

import java.util.Arrays;
import java.util.Optional;

/** An enum whose constants have a stable external name used in YAML, JSON and on the command line. */
public interface WireNamed {

    String wireName();

    /** The constant with this exact wire name. */
    static <E extends Enum<E> & WireNamed> Optional<E> find(Class<E> type, String wireName) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.wireName().equals(wireName)).findFirst();
    }
}
