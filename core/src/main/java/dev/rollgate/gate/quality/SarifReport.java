package dev.rollgate.gate.quality;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Result counts by level from a SARIF 2.1.0 log (SpotBugs, CodeQL, Semgrep, ESLint, Trivy, ...),
 * over all runs.
 *
 * <p>A result's level is its effective level per SARIF 2.1.0 §3.27.10: its own {@code level};
 * else {@code none} when its {@code kind} is present and not {@code fail}; else the
 * {@code defaultConfiguration.level} of its rule; else {@code warning}. Not applied:
 * {@code ruleConfigurationOverrides} from a run's invocations, which few tools write.
 *
 * @param counts results per effective level; a level without results may be absent
 */
public record SarifReport(Map<SarifLevel, Long> counts) {

    private static final String VERSION = "2.1.0";

    public SarifReport {
        counts = EnumMaps.copyOf(SarifLevel.class, counts);
        counts.forEach((level, count) -> {
            if (count < 0) {
                throw new IllegalArgumentException("count for " + level.wireName() + " must be >= 0, got " + count);
            }
        });
    }

    public static SarifReport read(Path path) throws ReportException {
        JsonNode log = JsonFiles.readTree(path);
        if (!log.isObject()) {
            throw new ReportException(path, "not a SARIF log: top level is " + JsonFiles.typeOf(log)
                    + ", expected an object");
        }
        JsonNode version = log.get("version");
        if (version == null) {
            throw new ReportException(path, "not a SARIF log: no \"version\"");
        }
        if (!version.isTextual() || !version.textValue().equals(VERSION)) {
            throw new ReportException(path, "unsupported SARIF version " + version + ", expected \"" + VERSION + "\"");
        }
        JsonNode runs = log.get("runs");
        if (runs == null || !runs.isArray()) {
            throw new ReportException(path, "not a SARIF log: \"runs\" is " + JsonFiles.typeOf(runs)
                    + ", expected an array");
        }
        Map<SarifLevel, Long> counts = new EnumMap<>(SarifLevel.class);
        for (int r = 0; r < runs.size(); r++) {
            countRun(path, "runs[" + r + "]", runs.get(r), counts);
        }
        return new SarifReport(counts);
    }

    /** Results whose effective level is exactly {@code level}. */
    public long count(SarifLevel level) {
        return counts.getOrDefault(level, 0L);
    }

    /** Results at {@code level} or more severe: {@code countAtLeast(WARNING)} is "warnings or worse". */
    public long countAtLeast(SarifLevel level) {
        return EnumMaps.sum(counts, k -> k.isAtLeast(level));
    }

    private static void countRun(Path path, String where, JsonNode run, Map<SarifLevel, Long> counts)
            throws ReportException {
        if (!run.isObject()) {
            throw new ReportException(path, where + " is " + JsonFiles.typeOf(run) + ", expected an object");
        }
        JsonNode results = run.get("results");
        if (results == null || results.isNull()) {
            return; // SARIF: the tool did not compute results for this run, or failed to; nothing to count
        }
        if (!results.isArray()) {
            throw new ReportException(path, where + ".results is " + JsonFiles.typeOf(results)
                    + ", expected an array");
        }
        SarifRules rules = new SarifRules(path, where, run);
        for (int i = 0; i < results.size(); i++) {
            String resultWhere = where + ".results[" + i + "]";
            JsonNode result = results.get(i);
            if (!result.isObject()) {
                throw new ReportException(path, resultWhere + " is " + JsonFiles.typeOf(result)
                        + ", expected an object");
            }
            counts.merge(effectiveLevel(path, resultWhere, result, rules), 1L, Long::sum);
        }
    }

    private static SarifLevel effectiveLevel(Path path, String where, JsonNode result, SarifRules rules)
            throws ReportException {
        JsonNode level = result.get("level");
        if (level != null && !level.isNull()) {
            return parseLevel(path, where + ".level", level);
        }
        JsonNode kind = result.get("kind");
        if (kind != null && !kind.isNull()) {
            if (!kind.isTextual()) {
                throw new ReportException(path, where + ".kind is " + JsonFiles.typeOf(kind) + ", expected a string");
            }
            if (!kind.textValue().equals("fail")) {
                return SarifLevel.NONE; // pass, open, informational, review, notApplicable: not a finding
            }
        }
        SarifRules.Rule rule = rules.of(result, where);
        if (rule != null) {
            JsonNode ruleLevel = rule.node().path("defaultConfiguration").path("level");
            if (!ruleLevel.isMissingNode() && !ruleLevel.isNull()) {
                return parseLevel(path, rule.where() + ".defaultConfiguration.level", ruleLevel);
            }
        }
        return SarifLevel.WARNING;
    }

    private static SarifLevel parseLevel(Path path, String where, JsonNode level) throws ReportException {
        if (level.isTextual()) {
            var known = SarifLevel.fromWire(level.textValue());
            if (known.isPresent()) {
                return known.get();
            }
        }
        throw new ReportException(path, where + " is " + level + ", expected \"error\", \"warning\", \"note\" or \"none\"");
    }
}
