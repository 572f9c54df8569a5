package dev.rollgate.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with where it came from. Jackson's tree model drops locations, and errors must name the
 * line, so the loader builds this small tree from the token stream instead. Each node keeps its own field
 * path, so a value inherited from {@code defaults:} is still reported where it was written.
 */
sealed interface YamlNode {

    Location location();

    String path();

    record Location(int line, int column) {
    }

    record Scalar(String text, Kind kind, Location location, String path) implements YamlNode {
        enum Kind { STRING, INTEGER, DECIMAL, BOOLEAN }
    }

    record Null(Location location, String path) implements YamlNode {
    }

    record Sequence(List<YamlNode> items, Location location, String path) implements YamlNode {
    }

    /** Keys keep their document order. */
    record Mapping(LinkedHashMap<String, YamlNode> entries, Map<String, Location> keyLocations,
                   Location location, String path) implements YamlNode {
    }

    static String describe(YamlNode node) {
        if (node instanceof Scalar s) {
            return switch (s.kind()) {
                case STRING -> "a string";
                case INTEGER, DECIMAL -> "a number";
                case BOOLEAN -> "a boolean";
            };
        }
        if (node instanceof Sequence) {
            return "a list";
        }
        if (node instanceof Mapping) {
            return "a mapping";
        }
        return "null";
    }
}
