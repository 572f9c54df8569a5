package dev.rollgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

/** Small helpers for the rollout commands' JSON: absent values are {@code null}, instants ISO-8601 text. */
public final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static void put(ObjectNode node, String field, Optional<?> value) {
        if (value.isEmpty()) {
            node.putNull(field);
        } else if (value.get() instanceof Instant i) {
            node.put(field, i.toString());
        } else {
            node.put(field, value.get().toString());
        }
    }

    /** Pretty-printed, with a final line break. */
    public static String render(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
