package dev.rollgate.gate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrivyReportTest {

    static final Path REPORTS = Path.of("src/test/resources/reports");

    @TempDir
    Path dir;

    /*
     * Expected numbers: the hand-written fixture (Trivy does not run here), read with
     *   jq '[.Results[].Vulnerabilities // [] | .[].Severity] | group_by(.) | map({(.[0]): length}) | add'
     * CRITICAL 2 (libexpat1 x2), HIGH 3 (CVE-2024-2961 in libc-bin and in libc6, jackson-databind),
     * MEDIUM 2, LOW 1, UNKNOWN 1, over the targets "...(debian 12.5)" and "app/app.jar"; the third
     * target has no Vulnerabilities.
     */
    @Test
    void countsFindingsAsListedAcrossTargets() throws ReportException {
        TrivyReport report = TrivyReport.read(REPORTS.resolve("trivy/image-findings.json"));

        assertThat(report.artifactName()).isEqualTo("registry.example.com/shop/api:1.4.2");
        assertThat(report.count(Severity.CRITICAL)).isEqualTo(2);
        assertThat(report.count(Severity.HIGH)).isEqualTo(3); // one CVE in two packages counts twice
        assertThat(report.count(Severity.MEDIUM)).isEqualTo(2);
        assertThat(report.count(Severity.LOW)).isEqualTo(1);
        assertThat(report.count(Severity.UNKNOWN)).isEqualTo(1);
        assertThat(report.countAtLeast(Severity.HIGH)).isEqualTo(5);
        assertThat(report.countAtLeast(Severity.LOW)).isEqualTo(8);
        assertThat(report.countAtLeast(Severity.UNKNOWN)).isEqualTo(9);
    }

    @Test
    void cleanReportWithoutVulnerabilities() throws ReportException {
        TrivyReport report = TrivyReport.read(REPORTS.resolve("trivy/image-clean.json"));

        assertThat(report.artifactName()).isEqualTo("registry.example.com/shop/web:2.0.0");
        assertThat(report.counts()).isEmpty();
        assertThat(report.countAtLeast(Severity.UNKNOWN)).isZero();
    }

    @Test
    void reportWithoutResults() throws Exception {
        Path json = write("{ \"SchemaVersion\": 2, \"ArtifactName\": \"scratch\" }");

        assertThat(TrivyReport.read(json).countAtLeast(Severity.UNKNOWN)).isZero();
    }

    @Test
    void missingSeverityCountsAsUnknown() throws Exception {
        Path json = write("""
                { "SchemaVersion": 2, "Results": [ { "Target": "t", "Vulnerabilities": [
                  { "VulnerabilityID": "CVE-1", "PkgName": "p" } ] } ] }
                """);

        TrivyReport report = TrivyReport.read(json);

        assertThat(report.count(Severity.UNKNOWN)).isEqualTo(1);
        assertThat(report.artifactName()).isEmpty();
    }

    @Test
    void unknownSeverityIsAnError() throws Exception {
        Path json = write("""
                { "SchemaVersion": 2, "Results": [ { "Target": "t" }, { "Target": "u", "Vulnerabilities": [
                  { "VulnerabilityID": "CVE-1", "Severity": "HIGH" }, { "VulnerabilityID": "CVE-2", "Severity": "high" } ] } ] }
                """);

        assertThatThrownBy(() -> TrivyReport.read(json))
                .isInstanceOf(ReportException.class)
                .hasMessage(json + ": Results[1].Vulnerabilities[1].Severity is \"high\", expected one of CRITICAL, HIGH,"
                        + " MEDIUM, LOW, UNKNOWN");
    }

    @Test
    void wrongShapes() throws Exception {
        Path results = write("{ \"SchemaVersion\": 2, \"Results\": {} }");
        Path vulnerabilities = write("{ \"SchemaVersion\": 2, \"Results\": [ { \"Vulnerabilities\": \"none\" } ] }");

        assertThatThrownBy(() -> TrivyReport.read(results))
                .hasMessage(results + ": Results is object, expected an array");
        assertThatThrownBy(() -> TrivyReport.read(vulnerabilities))
                .hasMessage(vulnerabilities + ": Results[0].Vulnerabilities is string, expected an array");
    }

    @Test
    void oldArrayFormatIsRejected() {
        Path v1 = REPORTS.resolve("malformed/trivy-v1-array.json");

        assertThatThrownBy(() -> TrivyReport.read(v1))
                .isInstanceOf(ReportException.class)
                .hasMessage(v1 + ": not a Trivy SchemaVersion 2 report: top level is an array (the format of Trivy"
                        + " before 0.20)");
    }

    @Test
    void schemaVersionIsChecked() throws Exception {
        Path none = write("{ \"ArtifactName\": \"x\", \"Results\": [] }");
        Path three = write("{ \"SchemaVersion\": 3 }");
        Path sarif = REPORTS.resolve("spotbugs/spotbugsSarif.json");

        assertThatThrownBy(() -> TrivyReport.read(none)).hasMessage(none + ": not a Trivy JSON report: no \"SchemaVersion\"");
        assertThatThrownBy(() -> TrivyReport.read(three)).hasMessage(three + ": unsupported Trivy SchemaVersion 3, expected 2");
        assertThatThrownBy(() -> TrivyReport.read(sarif)).hasMessage(sarif + ": not a Trivy JSON report: no \"SchemaVersion\"");
    }

    @Test
    void truncatedJsonNamesTheLine() {
        Path truncated = REPORTS.resolve("malformed/trivy-truncated.json");

        assertThatThrownBy(() -> TrivyReport.read(truncated))
                .isInstanceOf(ReportException.class)
                .hasMessageStartingWith(truncated + ": line 9: not valid JSON (Unexpected end-of-input");
    }

    @Test
    void trailingGarbageIsRejected() throws Exception {
        Path json = write("{ \"SchemaVersion\": 2 }\n{ \"SchemaVersion\": 2 }\n");

        assertThatThrownBy(() -> TrivyReport.read(json))
                .isInstanceOf(ReportException.class)
                .hasMessageStartingWith(json + ": line 2: not valid JSON (");
    }

    @Test
    void missingFileAndDirectory() {
        Path missing = dir.resolve("trivy.json");

        assertThatThrownBy(() -> TrivyReport.read(missing)).hasMessage(missing + ": not found");
        assertThatThrownBy(() -> TrivyReport.read(dir)).hasMessage(dir + ": is a directory, expected a file");
    }

    @Test
    void severitiesAreOrdered() {
        assertThat(Severity.CRITICAL.isAtLeast(Severity.HIGH)).isTrue();
        assertThat(Severity.HIGH.isAtLeast(Severity.HIGH)).isTrue();
        assertThat(Severity.MEDIUM.isAtLeast(Severity.HIGH)).isFalse();
        assertThat(Severity.UNKNOWN.isAtLeast(Severity.LOW)).isFalse();
        assertThat(Severity.fromTrivy("MEDIUM")).contains(Severity.MEDIUM);
        assertThat(Severity.fromTrivy("medium")).isEmpty();
    }

    private Path write(String content) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "trivy", ".json"), content);
    }
}
