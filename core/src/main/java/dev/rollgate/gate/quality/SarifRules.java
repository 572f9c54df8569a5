package dev.rollgate.gate.quality;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * Finds the rule (reportingDescriptor) a SARIF result refers to, within one run: by
 * {@code ruleIndex} / {@code rule.index}, else by {@code ruleId} / {@code rule.id}, in the rules of
 * the driver or of the extension {@code rule.toolComponent.index} names (SARIF 2.1.0 §3.27.5-7).
 */
final class SarifRules {

    /** A rule and where it sits in the file, for error messages. */
    record Rule(JsonNode node, String where) {
    }

    private final Path path;
    private final String runWhere;
    private final JsonNode tool;

    SarifRules(Path path, String runWhere, JsonNode run) {
        this.path = path;
        this.runWhere = runWhere;
        this.tool = run.path("tool");
    }

    /** The result's rule, or null when it names none or names one this run does not describe. */
    Rule of(JsonNode result, String resultWhere) throws ReportException {
        JsonNode reference = result.path("rule");
        String componentWhere = runWhere + ".tool.driver";
        JsonNode component = tool.path("driver");
        JsonNode componentIndex = reference.path("toolComponent").path("index");
        if (componentIndex.canConvertToInt() && componentIndex.intValue() >= 0) {
            int index = componentIndex.intValue();
            componentWhere = runWhere + ".tool.extensions[" + index + "]";
            component = tool.path("extensions").path(index);
            if (component.isMissingNode()) {
                throw new ReportException(path, resultWhere + ".rule.toolComponent.index " + index
                        + " points past " + runWhere + ".tool.extensions");
            }
        }
        JsonNode rules = component.path("rules");
        if (!rules.isArray()) {
            return null;
        }
        JsonNode index = first(result.path("ruleIndex"), reference.path("index"));
        if (index.canConvertToInt() && index.intValue() >= 0) { // -1 is SARIF's "no index"
            int i = index.intValue();
            if (i >= rules.size()) {
                throw new ReportException(path, resultWhere + ": rule index " + i + " is out of range ("
                        + componentWhere + " has " + rules.size() + " rules)");
            }
            return new Rule(rules.get(i), componentWhere + ".rules[" + i + "]");
        }
        JsonNode id = first(result.path("ruleId"), reference.path("id"));
        if (id.isTextual()) {
            for (int i = 0; i < rules.size(); i++) {
                if (id.textValue().equals(rules.get(i).path("id").textValue())) {
                    return new Rule(rules.get(i), componentWhere + ".rules[" + i + "]");
                }
            }
        }
        return null;
    }

    private static JsonNode first(JsonNode preferred, JsonNode fallback) {
        return preferred.isMissingNode() || preferred.isNull() ? fallback : preferred;
    }
}
