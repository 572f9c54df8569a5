package dev.rollgate.gate.quality;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Vulnerability counts by severity from Trivy's JSON report ({@code trivy image --format json},
 * {@code SchemaVersion} 2): {@code Results[].Vulnerabilities[].Severity}.
 *
 * <p>Findings are counted as Trivy lists them: one per vulnerability, package and target. The same
 * CVE in two packages, or in the same library inside two targets (two jars), counts twice, because
 * each is a separate thing to fix. Misconfigurations, secrets and licenses are not counted.
 *
 * @param artifactName what was scanned ({@code ArtifactName}); empty when the report has none
 * @param counts findings per severity; a severity without findings may be absent
 */
public record TrivyReport(String artifactName, Map<Severity, Long> counts) {

    private static final int SCHEMA_VERSION = 2;

    public TrivyReport {
        Objects.requireNonNull(artifactName, "artifactName");
        counts = EnumMaps.copyOf(Severity.class, counts);
        counts.forEach((severity, count) -> {
            if (count < 0) {
                throw new IllegalArgumentException("count for " + severity + " must be >= 0, got " + count);
            }
        });
    }

    public static TrivyReport read(Path path) throws ReportException {
        JsonNode report = JsonFiles.readTree(path);
        if (report.isArray()) {
            throw new ReportException(path, "not a Trivy SchemaVersion " + SCHEMA_VERSION
                    + " report: top level is an array (the format of Trivy before 0.20)");
        }
        if (!report.isObject()) {
            throw new ReportException(path, "not a Trivy JSON report: top level is " + JsonFiles.typeOf(report)
                    + ", expected an object");
        }
        JsonNode schema = report.get("SchemaVersion");
        if (schema == null) {
            throw new ReportException(path, "not a Trivy JSON report: no \"SchemaVersion\"");
        }
        if (!schema.isInt() || schema.intValue() != SCHEMA_VERSION) {
            throw new ReportException(path, "unsupported Trivy SchemaVersion " + schema + ", expected "
                    + SCHEMA_VERSION);
        }
        Map<Severity, Long> counts = new EnumMap<>(Severity.class);
        JsonNode results = report.get("Results");
        if (results != null && !results.isNull()) { // Trivy omits Results when nothing was detected
            requireArray(path, "Results", results);
            for (int r = 0; r < results.size(); r++) {
                countResult(path, "Results[" + r + "]", results.get(r), counts);
            }
        }
        JsonNode name = report.path("ArtifactName");
        return new TrivyReport(name.isTextual() ? name.textValue() : "", counts);
    }

    /** Findings of exactly {@code severity}. */
    public long count(Severity severity) {
        return counts.getOrDefault(severity, 0L);
    }

    /** Findings of {@code severity} or worse: {@code countAtLeast(HIGH)} is HIGH plus CRITICAL. */
    public long countAtLeast(Severity severity) {
        return EnumMaps.sum(counts, k -> k.isAtLeast(severity));
    }

    private static void countResult(Path path, String where, JsonNode result, Map<Severity, Long> counts)
            throws ReportException {
        requireObject(path, where, result);
        JsonNode vulnerabilities = result.get("Vulnerabilities");
        if (vulnerabilities == null || vulnerabilities.isNull()) {
            return; // a clean target, or one scanned for something else (secrets, config)
        }
        requireArray(path, where + ".Vulnerabilities", vulnerabilities);
        for (int v = 0; v < vulnerabilities.size(); v++) {
            String vulnerabilityWhere = where + ".Vulnerabilities[" + v + "]";
            JsonNode vulnerability = vulnerabilities.get(v);
            requireObject(path, vulnerabilityWhere, vulnerability);
            counts.merge(severity(path, vulnerabilityWhere, vulnerability.get("Severity")), 1L, Long::sum);
        }
    }

    private static Severity severity(Path path, String where, JsonNode severity) throws ReportException {
        if (severity == null || severity.isNull()) {
            return Severity.UNKNOWN; // what Trivy itself writes when no source rates the vulnerability
        }
        if (severity.isTextual()) {
            var known = Severity.fromTrivy(severity.textValue());
            if (known.isPresent()) {
                return known.get();
            }
        }
        throw new ReportException(path, where + ".Severity is " + severity
                + ", expected one of CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN");
    }

    private static void requireObject(Path path, String where, JsonNode node) throws ReportException {
        if (!node.isObject()) {
            throw new ReportException(path, where + " is " + JsonFiles.typeOf(node) + ", expected an object");
        }
    }

    private static void requireArray(Path path, String where, JsonNode node) throws ReportException {
        if (!node.isArray()) {
            throw new ReportException(path, where + " is " + JsonFiles.typeOf(node) + ", expected an array");
        }
    }
}
