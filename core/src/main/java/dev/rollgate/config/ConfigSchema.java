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
                    writeObject(g, d.getValue());
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
