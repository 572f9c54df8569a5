package dev.rollgate.config;

import dev.rollgate.model.WireNamed;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds {@link YamlNode}s onto configuration records by component name. It keeps going after a problem, so
 * one run reports every mistake in a file. Binding fails (returns null) where anything below it failed, so a
 * half-valid object never escapes.
 */
final class RecordBinder {

    private final String file;
    private final List<ConfigProblem> problems;

    RecordBinder(String file, List<ConfigProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** Returns the bound value, or null when the node held a problem (recorded). */
    Object bind(YamlNode node, Type type) {
        Class<?> raw = rawClass(type);
        if (raw == Optional.class) {
            if (node instanceof YamlNode.Null) {
                return Optional.empty();
            }
            Object inner = bind(node, typeArgument(type, 0));
            return inner == null ? null : Optional.of(inner);
        }
        if (node instanceof YamlNode.Null) {
            problem(node, "must not be empty (null)");
            return null;
        }
        Optional<ScalarType> scalar = ScalarType.of(raw);
        if (scalar.isPresent()) {
            return bindScalar(node, scalar.get());
        }
        if (raw.isRecord()) {
            return bindRecord(node, raw);
        }
        if (raw == List.class || raw == Set.class) {
            return bindCollection(node, typeArgument(type, 0), raw == Set.class);
        }
        if (raw == Map.class) {
            return bindMap(node, typeArgument(type, 1));
        }
        if (raw.isEnum()) {
            return bindEnum(node, raw);
        }
        throw new IllegalStateException("no binding for " + type);
    }

    private Object bindRecord(YamlNode node, Class<?> type) {
        if (!(node instanceof YamlNode.Mapping mapping)) {
            problem(node, "expected a mapping of fields, found " + YamlNode.describe(node));
            return null;
        }
        RecordComponent[] components = type.getRecordComponents();
        // A Source component is where the mapping was written, never a key the file may set.
        Set<String> names = Arrays.stream(components).filter(c -> c.getType() != Source.class)
                .map(Source::keyOf)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        boolean failed = false;
        for (String key : mapping.entries().keySet()) {
            if (!names.contains(key)) {
                YamlNode.Location at = mapping.keyLocations().get(key);
                // The value's own path: an unknown key inherited from defaults is reported where it was written.
                problems.add(new ConfigProblem(file, at.line(), at.column(), mapping.entries().get(key).path(),
                        "unknown field" + suggestion(key, names)));
                failed = true;
            }
        }
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            if (c.getType() == Source.class) {
                values[i] = new Source(file, mapping.location().line(), mapping.location().column(), mapping.path());
                continue;
            }
            YamlNode value = mapping.entries().get(Source.keyOf(c));
            boolean absent = value == null
                    || (value instanceof YamlNode.Null && rawClass(c.getGenericType()) != Optional.class);
            if (absent) {
                if (c.isAnnotationPresent(Required.class)) {
                    problem(mapping, "missing required field '" + Source.keyOf(c) + "'");
                    failed = true;
                }
                values[i] = rawClass(c.getGenericType()) == Optional.class ? Optional.empty() : null;
                continue;
            }
            values[i] = bind(value, c.getGenericType());
            failed |= values[i] == null;
        }
        if (failed) {
            return null;
        }
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Source.InvalidAtSourceException invalid) {
                problems.add(invalid.problem());
                return null;
            }
            if (cause instanceof InvalidFieldException invalid) {
                YamlNode at = mapping.entries().get(invalid.field());
                if (at == null) {
                    problems.add(new ConfigProblem(file, mapping.location().line(), mapping.location().column(),
                            YamlReader.child(mapping.path(), invalid.field()), invalid.getMessage()));
                } else {
                    problem(at, invalid.getMessage());
                }
                return null;
            }
            if (cause instanceof IllegalArgumentException invalid) {
                problem(mapping, invalid.getMessage());
                return null;
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    private Object bindCollection(YamlNode node, Type itemType, boolean unique) {
        if (!(node instanceof YamlNode.Sequence sequence)) {
            problem(node, "expected a list, found " + YamlNode.describe(node));
            return null;
        }
        List<Object> items = new ArrayList<>();
        boolean failed = false;
        for (YamlNode item : sequence.items()) {
            Object value = bind(item, itemType);
            if (value == null) {
                failed = true;
            } else if (unique && items.contains(value)) {
                problem(item, "appears twice in the list");
                failed = true;
            } else {
                items.add(value);
            }
        }
        if (failed) {
            return null;
        }
        return unique ? Set.copyOf(new LinkedHashSet<>(items)) : List.copyOf(items);
    }

    private Object bindMap(YamlNode node, Type valueType) {
        if (!(node instanceof YamlNode.Mapping mapping)) {
            problem(node, "expected a mapping, found " + YamlNode.describe(node));
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        boolean failed = false;
        for (Map.Entry<String, YamlNode> e : mapping.entries().entrySet()) {
            Object value = bind(e.getValue(), valueType);
            failed |= value == null;
            values.put(e.getKey(), value);
        }
        // LinkedHashMap keeps the file's order, which is the order users expect in listings.
        return failed ? null : java.util.Collections.unmodifiableMap(values);
    }

    private Object bindEnum(YamlNode node, Class<?> type) {
        if (!(node instanceof YamlNode.Scalar scalar)) {
            problem(node, "expected one of " + enumNames(type) + ", found " + YamlNode.describe(node));
            return null;
        }
        for (Object constant : type.getEnumConstants()) {
            if (enumName(constant).equals(scalar.text())
                    || (!(constant instanceof WireNamed) && enumName(constant).equalsIgnoreCase(scalar.text()))) {
                return constant;
            }
        }
        List<String> names = enumNames(type);
        String close = suggestion(scalar.text(), names);
        problem(node, "\"" + scalar.text() + "\" is not one of " + String.join(", ", names)
                + (close.startsWith("; did you mean") ? close : ""));
        return null;
    }

    static String enumName(Object constant) {
        return constant instanceof WireNamed w ? w.wireName() : ((Enum<?>) constant).name();
    }

    static List<String> enumNames(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(RecordBinder::enumName).toList();
    }

    private Object bindScalar(YamlNode node, ScalarType type) {
        if (!(node instanceof YamlNode.Scalar scalar)) {
            problem(node, "expected " + expected(type) + ", found " + YamlNode.describe(node));
            return null;
        }
        if (type.javaType() == String.class && scalar.kind() != YamlNode.Scalar.Kind.STRING
                && scalar.kind() != YamlNode.Scalar.Kind.INTEGER && scalar.kind() != YamlNode.Scalar.Kind.DECIMAL) {
            problem(node, "expected a string, found " + YamlNode.describe(node) + "; quote it if you mean the text");
            return null;
        }
        if (type.javaType() == Boolean.class && scalar.kind() != YamlNode.Scalar.Kind.BOOLEAN) {
            problem(node, "expected true or false, found \"" + scalar.text() + "\"");
            return null;
        }
        try {
            return type.parse().apply(scalar.text());
        } catch (IllegalArgumentException e) {
            problem(node, e.getMessage());
            return null;
        }
    }

    private static String expected(ScalarType type) {
        return switch (type.jsonType()) {
            case "integer" -> "a whole number";
            case "boolean" -> "true or false";
            case "number|string" -> "a number or a size";
            default -> "a string";
        };
    }

    private void problem(YamlNode node, String message) {
        problems.add(new ConfigProblem(file, node.location().line(), node.location().column(), node.path(), message));
    }

    /** "; did you mean 'window'?" when a known name is close to what was written. */
    static String suggestion(String written, java.util.Collection<String> known) {
        String lower = written.toLowerCase(Locale.ROOT);
        Optional<String> best = known.stream()
                .min(Comparator.comparingInt(k -> distance(lower, k.toLowerCase(Locale.ROOT))));
        if (best.isPresent() && distance(lower, best.get().toLowerCase(Locale.ROOT)) <= Math.max(2, written.length() / 3)) {
            return "; did you mean '" + best.get() + "'?";
        }
        return known.size() <= 12 ? "; expected one of " + String.join(", ", known) : "";
    }

    /** Levenshtein distance; names are short, so the quadratic table is fine. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported type " + type);
    }

    static Type typeArgument(Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }
}
