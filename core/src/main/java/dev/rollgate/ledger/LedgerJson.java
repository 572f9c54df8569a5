package dev.rollgate.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollgate.gate.DeploymentType;
import dev.rollgate.model.Trigger;
import dev.rollgate.model.WireNamed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The wire form of a {@link LedgerEntry}: one JSON object on one line, camelCase field names, enum
 * wire names, instants in ISO-8601 UTC, absent optional fields left out. Written by hand because
 * core has no Jackson module for {@link Optional}, and so the format is fixed here, not by
 * reflection. Unknown fields are ignored: a newer Rollgate may add some to a shared ledger.
 */
final class LedgerJson {

    /** Why a line is not a ledger entry. */
    static final class MalformedEntryException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedEntryException(String problem) {
            super(problem);
        }
    }

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private LedgerJson() {
    }

    /** The entry as one line of UTF-8 JSON without the line break. */
    static byte[] write(LedgerEntry entry) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", entry.id());
        node.put("service", entry.service());
        node.put("environment", entry.environment());
        node.put("version", entry.version());
        entry.previousVersion().ifPresent(v -> node.put("previousVersion", v));
        entry.actor().ifPresent(v -> node.put("actor", v));
        node.put("trigger", entry.trigger().wireName());
        entry.reason().ifPresent(v -> node.put("reason", v));
        node.put("deploymentType", entry.deploymentType().wireName());
        node.put("strategy", entry.strategy());
        node.put("startedAt", entry.startedAt().toString());
        entry.finishedAt().ifPresent(v -> node.put("finishedAt", v.toString()));
        node.put("outcome", entry.outcome().wireName());
        entry.rollbackCause().ifPresent(v -> node.put("rollbackCause", v));
        ArrayNode steps = node.putArray("steps");
        for (StepRecord step : entry.steps()) {
            ObjectNode s = steps.addObject();
            s.put("name", step.name());
            s.put("startedAt", step.startedAt().toString());
            step.finishedAt().ifPresent(v -> s.put("finishedAt", v.toString()));
            s.put("result", step.result());
        }
        try {
            // Jackson escapes control characters, so untrusted text (a reason) cannot break the line.
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    static LedgerEntry read(String line) throws MalformedEntryException {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new MalformedEntryException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedEntryException("not valid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new MalformedEntryException("expected a JSON object");
        }
        List<StepRecord> steps = new ArrayList<>();
        JsonNode stepNodes = node.get("steps");
        if (stepNodes != null && !stepNodes.isNull()) {
            if (!stepNodes.isArray()) {
                throw new MalformedEntryException("field \"steps\" must be an array");
            }
            for (JsonNode s : stepNodes) {
                if (!s.isObject()) {
                    throw new MalformedEntryException("field \"steps\" must hold objects");
                }
                steps.add(new StepRecord(text(s, "steps[].name"), instant(s, "steps[].startedAt"),
                        optionalInstant(s, "steps[].finishedAt"), text(s, "steps[].result")));
            }
        }
        return new LedgerEntry(
                text(node, "id"),
                text(node, "service"),
                text(node, "environment"),
                text(node, "version"),
                optionalText(node, "previousVersion"),
                optionalText(node, "actor"),
                wireNamed(node, "trigger", Trigger.class),
                optionalText(node, "reason"),
                wireNamed(node, "deploymentType", DeploymentType.class),
                text(node, "strategy"),
                instant(node, "startedAt"),
                optionalInstant(node, "finishedAt"),
                wireNamed(node, "outcome", Outcome.class),
                optionalText(node, "rollbackCause"),
                steps);
    }

    static String utf8(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    /** {@code path} may be {@code steps[].name}: the message shows it, the node is looked up by the last part. */
    private static String text(JsonNode node, String path) throws MalformedEntryException {
        return optionalText(node, path)
                .orElseThrow(() -> new MalformedEntryException("field \"" + path + "\" is missing"));
    }

    private static Optional<String> optionalText(JsonNode node, String path) throws MalformedEntryException {
        JsonNode value = node.get(path.substring(path.lastIndexOf('.') + 1));
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new MalformedEntryException("field \"" + path + "\" must be a string");
        }
        return Optional.of(value.textValue());
    }

    private static Instant instant(JsonNode node, String path) throws MalformedEntryException {
        return parseInstant(path, text(node, path));
    }

    private static Optional<Instant> optionalInstant(JsonNode node, String path) throws MalformedEntryException {
        Optional<String> text = optionalText(node, path);
        return text.isEmpty() ? Optional.empty() : Optional.of(parseInstant(path, text.get()));
    }

    private static Instant parseInstant(String path, String text) throws MalformedEntryException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedEntryException("field \"" + path + "\" is not an ISO-8601 instant: " + text);
        }
    }

    private static <E extends Enum<E> & WireNamed> E wireNamed(JsonNode node, String field, Class<E> type)
            throws MalformedEntryException {
        String name = text(node, field);
        return WireNamed.find(type, name)
                .orElseThrow(() -> new MalformedEntryException("field \"" + field + "\" has unknown value \"" + name + "\""));
    }
}
