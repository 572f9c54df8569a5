package dev.rollgate.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON Schema (draft 2020-12) of {@code rollgate.yaml}, generated from the configuration records and the
 * same scalar table the loader uses, so the schema cannot drift from what the loader accepts. Editors use it
 * to autocomplete and check the file; a test keeps the committed copy current.
 */
public final class ConfigSchema {

    public static final String ID = "https://rollgate.dev/schema/rollgate.schema.json";

    /**
     * Keys the loader also accepts in the runbooks' own spellings (see {@link Spellings}), so an editor using the
     * schema does not flag a file the loader reads. Keyed by definition, then by key; values are schema fragments.
     */
    private static final Map<String, Map<String, String>> EXTRA_KEYS = Map.of(
            "StrategySpec", Map.of(
                    "blue-green", "{\"description\": \"Read as blueGreen.\", \"$ref\": \"#/$defs/BlueGreenStrategy\"}",
                    "bluegreen", "{\"description\": \"Read as blueGreen.\", \"$ref\": \"#/$defs/BlueGreenStrategy\"}"),
            "CanaryStep", Map.of(
                    "weight", "{\"description\": \"Runbook spelling: {weight: 5, pause: 10m} reads as setWeight 5, then "
                            + "pause 10m.\", \"type\": \"integer\", \"minimum\": 0, \"maximum\": 100}"),
            "AnalysisSpec", Map.of(
                    "threshold", "{\"description\": \"Flagger's spelling: roll back at the Nth failed check; read as "
                            + "failureLimit N-1.\", \"type\": \"integer\", \"minimum\": 1}"));

    /** Definitions that may also be written as a scalar, with that scalar's schema. */
    private static final Map<String, String> SCALAR_FORMS = Map.of(
            "PauseSpec", "{\"description\": \"pause: 10m reads as pause: {duration: 10m}.\", \"type\": \"string\", "
                    + "\"pattern\": \"" + Durations.PATTERN.replace("\\", "\\\\") + "\"}",
            "StrategySpec", "{\"description\": \"A strategy by name with its defaults, e.g. strategy: blue-green.\", "
                    + "\"type\": \"string\", \"enum\": [\"canary\", \"blueGreen\", \"blue-green\", \"bluegreen\", "
                    + "\"rolling\", \"recreate\"]}");

    private ConfigSchema() {
    }

    public static String generate() {
        Map<String, Class<?>> definitions = new LinkedHashMap<>();
        collect(RollgateConfig.class, definitions);
        StringWriter out = new StringWriter();
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.setPrettyPrinter(pretty);
            g.writeStartObject();
            g.writeStringField("$schema", "https://json-schema.org/draft/2020-12/schema");
            g.writeStringField("$id", ID);
            g.writeStringField("title", "rollgate.yaml");
            writeObject(g, RollgateConfig.class);
            g.writeObjectFieldStart("$defs");
            for (Map.Entry<String, Class<?>> d : definitions.entrySet()) {
                if (d.getValue() != RollgateConfig.class) {
                    g.writeObjectFieldStart(d.getKey());
                    String scalarForm = SCALAR_FORMS.get(d.getKey());
                    if (scalarForm == null) {
                        writeObject(g, d.getValue());
                    } else {
                        // The runbooks' short form (pause: 10m, strategy: blue-green) next to the full one.
                        g.writeArrayFieldStart("anyOf");
                        g.writeStartObject();
                        writeObject(g, d.getValue());
                        g.writeEndObject();
                        g.writeRawValue(scalarForm);
                        g.writeEndArray();
                    }
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + "\n";
    }

    private static void collect(Class<?> record, Map<String, Class<?>> definitions) {
        if (definitions.putIfAbsent(record.getSimpleName(), record) != null) {
            return;
        }
        for (RecordComponent c : record.getRecordComponents()) {
            if (c.getType() == Source.class) {
                continue; // where the record was written, not a key
            }
            for (Class<?> nested : records(c.getGenericType())) {
                collect(nested, definitions);
            }
        }
    }

    private static List<Class<?>> records(Type type) {
        List<Class<?>> found = new ArrayList<>();
        Class<?> raw = RecordBinder.rawClass(type);
        if (raw.isRecord() && ScalarType.of(raw).isEmpty()) {
            found.add(raw);
        } else if (raw == Optional.class || raw == List.class || raw == Set.class) {
            found.addAll(records(RecordBinder.typeArgument(type, 0)));
        } else if (raw == Map.class) {
            found.addAll(records(RecordBinder.typeArgument(type, 1)));
        }
        return found;
    }

    private static void writeObject(JsonGenerator g, Class<?> record) throws IOException {
        Doc doc = record.getAnnotation(Doc.class);
        if (doc != null) {
            g.writeStringField("description", doc.value());
        }
        g.writeStringField("type", "object");
        g.writeObjectFieldStart("properties");
        List<String> required = new ArrayList<>();
        for (RecordComponent c : record.getRecordComponents()) {
            if (c.getType() == Source.class) {
                continue; // filled by the loader from the mapping's location; never a key
            }
            g.writeObjectFieldStart(Source.keyOf(c));
            Doc d = c.getAnnotation(Doc.class);
            if (d != null) {
                g.writeStringField("description", d.value());
            }
            writeType(g, c.getGenericType());
            g.writeEndObject();
            if (c.isAnnotationPresent(Required.class)) {
                required.add(Source.keyOf(c));
            }
        }
        for (Map.Entry<String, String> extra : new java.util.TreeMap<>(
                EXTRA_KEYS.getOrDefault(record.getSimpleName(), Map.of())).entrySet()) {
            g.writeFieldName(extra.getKey());
            g.writeRawValue(extra.getValue());
        }
        g.writeEndObject();
        if (!required.isEmpty()) {
            g.writeArrayFieldStart("required");
            for (String r : required) {
                g.writeString(r);
            }
            g.writeEndArray();
        }
        g.writeBooleanField("additionalProperties", false);
    }

    private static void writeType(JsonGenerator g, Type type) throws IOException {
        Class<?> raw = RecordBinder.rawClass(type);
        if (raw == Optional.class) {
            // null (~) is accepted for optional fields: in an environment it drops a gate inherited from defaults.
            g.writeArrayFieldStart("anyOf");
            g.writeStartObject();
            writeType(g, RecordBinder.typeArgument(type, 0));
            g.writeEndObject();
            g.writeStartObject();
            g.writeStringField("type", "null");
            g.writeEndObject();
            g.writeEndArray();
            return;
        }
        if (raw.isRecord() && ScalarType.of(raw).isEmpty()) {
            g.writeStringField("$ref", "#/$defs/" + raw.getSimpleName());
            return;
        }
        if (raw == List.class || raw == Set.class) {
            g.writeStringField("type", "array");
            if (raw == Set.class) {
                g.writeBooleanField("uniqueItems", true);
            }
            g.writeObjectFieldStart("items");
            writeType(g, RecordBinder.typeArgument(type, 0));
            g.writeEndObject();
            return;
        }
        if (raw == Map.class) {
            g.writeStringField("type", "object");
            g.writeObjectFieldStart("additionalProperties");
            writeType(g, RecordBinder.typeArgument(type, 1));
            g.writeEndObject();
            return;
        }
        if (raw.isEnum() && ScalarType.of(raw).isEmpty()) {
            g.writeStringField("type", "string");
            g.writeArrayFieldStart("enum");
            for (String name : RecordBinder.enumNames(raw)) {
                g.writeString(name);
            }
            g.writeEndArray();
            return;
        }
        ScalarType scalar = ScalarType.of(raw).orElseThrow(() -> new IllegalStateException("no schema for " + type));
        if (scalar.jsonType().contains("|")) {
            // A number, or a string in the pattern (sizes such as 500MB).
            g.writeArrayFieldStart("anyOf");
            g.writeStartObject();
            g.writeStringField("type", "number");
            g.writeEndObject();
            g.writeStartObject();
            g.writeStringField("type", "string");
            g.writeStringField("pattern", scalar.pattern());
            g.writeEndObject();
            g.writeEndArray();
        } else {
            g.writeStringField("type", scalar.jsonType());
            if (scalar.pattern() != null) {
                g.writeStringField("pattern", scalar.pattern());
            }
            if (scalar.format() != null) {
                g.writeStringField("format", scalar.format());
            }
            if (raw == java.time.DayOfWeek.class) {
                g.writeArrayFieldStart("enum");
                for (String day : List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN",
                        "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
                    g.writeString(day);
                }
                g.writeEndArray();
            }
        }
        if (scalar.description() != null) {
            g.writeStringField("$comment", scalar.description());
        }
    }
}
