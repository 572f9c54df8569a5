package dev.rollgate.gate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SarifReportTest {

    static final Path REPORTS = Path.of("src/test/resources/reports");

    @TempDir
    Path dir;

    /*
     * Expected numbers: the real SpotBugs SARIF, read with
     *   jq '[.runs[].results[].level] | group_by(.) | map({(.[0]): length}) | add' spotbugsSarif.json
     * which gives error 2 (NP_ALWAYS_NULL, RV_RETURN_VALUE_IGNORED), warning 1
     * (ES_COMPARING_PARAMETER_STRING_WITH_EQ), note 3 (DM_CONVERT_CASE, HE_EQUALS_USE_HASHCODE,
     * NP_LOAD_OF_KNOWN_NULL_VALUE). SpotBugs sets result.level on every result.
     */
    @Test
    void countsTheLevelsOfARealSpotbugsReport() throws ReportException {
        SarifReport report = SarifReport.read(REPORTS.resolve("spotbugs/spotbugsSarif.json"));

        assertThat(report.count(SarifLevel.ERROR)).isEqualTo(2);
        assertThat(report.count(SarifLevel.WARNING)).isEqualTo(1);
        assertThat(report.count(SarifLevel.NOTE)).isEqualTo(3);
        assertThat(report.count(SarifLevel.NONE)).isZero();
        assertThat(report.countAtLeast(SarifLevel.ERROR)).isEqualTo(2);
        assertThat(report.countAtLeast(SarifLevel.WARNING)).isEqualTo(3);
        assertThat(report.countAtLeast(SarifLevel.NOTE)).isEqualTo(6);
        assertThat(report.countAtLeast(SarifLevel.NONE)).isEqualTo(6);
    }

    @Test
    void resultLevelWinsOverKindAndRule() throws Exception {
        SarifReport report = read("""
                { "tool": { "driver": { "name": "t", "rules": [
                    { "id": "R1", "defaultConfiguration": { "level": "error" } } ] } },
                  "results": [
                    { "ruleId": "R1", "ruleIndex": 0, "level": "note", "message": { "text": "m" } },
                    { "ruleId": "R1", "kind": "pass", "level": "warning", "message": { "text": "m" } } ] }
                """);

        assertThat(report.count(SarifLevel.NOTE)).isEqualTo(1);
        assertThat(report.count(SarifLevel.WARNING)).isEqualTo(1);
        assertThat(report.count(SarifLevel.ERROR)).isZero();
    }

    @Test
    void kindOtherThanFailMeansNone() throws Exception {
        SarifReport report = read("""
                { "tool": { "driver": { "name": "t", "rules": [
                    { "id": "R1", "defaultConfiguration": { "level": "error" } } ] } },
                  "results": [
                    { "ruleId": "R1", "kind": "pass", "message": { "text": "m" } },
                    { "ruleId": "R1", "kind": "informational", "message": { "text": "m" } },
                    { "ruleId": "R1", "kind": "review", "message": { "text": "m" } },
                    { "ruleId": "R1", "kind": "fail", "message": { "text": "m" } } ] }
                """);

        assertThat(report.count(SarifLevel.NONE)).isEqualTo(3);
        assertThat(report.count(SarifLevel.ERROR)).isEqualTo(1); // kind fail falls through to the rule
    }

    @Test
    void ruleDefaultConfigurationByIndexOrById() throws Exception {
        SarifReport report = read("""
                { "tool": { "driver": { "name": "t", "rules": [
                    { "id": "E", "defaultConfiguration": { "level": "error" } },
                    { "id": "N", "defaultConfiguration": { "level": "note" } },
                    { "id": "X", "defaultConfiguration": { "level": "none" } } ] } },
                  "results": [
                    { "ruleIndex": 0, "message": { "text": "index only" } },
                    { "ruleId": "N", "message": { "text": "id only" } },
                    { "ruleId": "E", "ruleIndex": 2, "message": { "text": "the index decides" } },
                    { "rule": { "id": "N" }, "message": { "text": "reference by id" } },
                    { "rule": { "index": 0 }, "message": { "text": "reference by index" } },
                    { "ruleId": "N", "ruleIndex": -1, "message": { "text": "-1 means no index" } } ] }
                """);

        assertThat(report.count(SarifLevel.ERROR)).isEqualTo(2);
        assertThat(report.count(SarifLevel.NOTE)).isEqualTo(3);
        assertThat(report.count(SarifLevel.NONE)).isEqualTo(1);
        assertThat(report.count(SarifLevel.WARNING)).isZero();
    }

    @Test
    void fallsBackToWarning() throws Exception {
        SarifReport report = read("""
                { "tool": { "driver": { "name": "t", "rules": [
                    { "id": "PLAIN" },
                    { "id": "EMPTY_CONFIG", "defaultConfiguration": { "rank": 10 } } ] } },
                  "results": [
                    { "message": { "text": "no rule at all" } },
                    { "ruleId": "UNKNOWN", "message": { "text": "rule not described" } },
                    { "ruleId": "PLAIN", "message": { "text": "rule without defaultConfiguration" } },
                    { "ruleId": "EMPTY_CONFIG", "message": { "text": "defaultConfiguration without level" } } ] }
                """);

        assertThat(report.count(SarifLevel.WARNING)).isEqualTo(4);
        assertThat(report.countAtLeast(SarifLevel.NONE)).isEqualTo(4);
    }

    @Test
    void rulesOfAnExtensionNamedByToolComponent() throws Exception {
        SarifReport report = read("""
                { "tool": {
                    "driver": { "name": "codeql", "rules": [ { "id": "A", "defaultConfiguration": { "level": "note" } } ] },
                    "extensions": [ { "name": "pack", "rules": [
                        { "id": "A", "defaultConfiguration": { "level": "error" } } ] } ] },
                  "results": [
                    { "ruleId": "A", "rule": { "id": "A", "index": 0, "toolComponent": { "index": 0 } },
                      "message": { "text": "m" } },
                    { "ruleId": "A", "message": { "text": "m" } } ] }
                """);

        assertThat(report.count(SarifLevel.ERROR)).isEqualTo(1);
        assertThat(report.count(SarifLevel.NOTE)).isEqualTo(1);
    }

    @Test
    void sumsAllRunsAndSkipsRunsWithoutResults() throws Exception {
        SarifReport report = read("""
                { "tool": { "driver": { "name": "a" } },
                  "results": [ { "level": "error", "message": { "text": "m" } } ] },
                { "tool": { "driver": { "name": "b" } } },
                { "tool": { "driver": { "name": "c" } }, "results": null },
                { "tool": { "driver": { "name": "d" } },
                  "results": [ { "level": "error", "message": { "text": "m" } } ] }
                """);

        assertThat(report.count(SarifLevel.ERROR)).isEqualTo(2);
    }

    @Test
    void unknownLevelIsAnError() throws Exception {
        Path sarif = write(log("""
                { "tool": { "driver": { "name": "t" } },
                  "results": [ { "level": "fatal", "message": { "text": "m" } } ] }
                """));

        assertThatThrownBy(() -> SarifReport.read(sarif))
                .isInstanceOf(ReportException.class)
                .hasMessage(sarif + ": runs[0].results[0].level is \"fatal\", expected \"error\", \"warning\", \"note\""
                        + " or \"none\"");
    }

    @Test
    void ruleIndexOutOfRange() throws Exception {
        Path sarif = write(log("""
                { "tool": { "driver": { "name": "t", "rules": [ { "id": "A" } ] } },
                  "results": [ { "ruleIndex": 3, "message": { "text": "m" } } ] }
                """));

        assertThatThrownBy(() -> SarifReport.read(sarif))
                .isInstanceOf(ReportException.class)
                .hasMessage(sarif + ": runs[0].results[0]: rule index 3 is out of range (runs[0].tool.driver has 1"
                        + " rules)");
    }

    @Test
    void sarif200IsRejected() {
        Path old = REPORTS.resolve("malformed/sarif-2.0.0.json");

        assertThatThrownBy(() -> SarifReport.read(old))
                .isInstanceOf(ReportException.class)
                .hasMessage(old + ": unsupported SARIF version \"2.0.0\", expected \"2.1.0\"");
    }

    @Test
    void notASarifLog() throws Exception {
        Path noVersion = write("{ \"runs\": [] }");
        Path noRuns = write("{ \"version\": \"2.1.0\" }");
        Path array = write("[]");

        assertThatThrownBy(() -> SarifReport.read(noVersion))
                .hasMessage(noVersion + ": not a SARIF log: no \"version\"");
        assertThatThrownBy(() -> SarifReport.read(noRuns))
                .hasMessage(noRuns + ": not a SARIF log: \"runs\" is missing, expected an array");
        assertThatThrownBy(() -> SarifReport.read(array))
                .hasMessage(array + ": not a SARIF log: top level is array, expected an object");
    }

    @Test
    void invalidJsonNamesTheLine() throws Exception {
        Path sarif = write("{\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    { \"results\": [ }\n  ]\n}\n");

        assertThatThrownBy(() -> SarifReport.read(sarif))
                .isInstanceOf(ReportException.class)
                .hasMessageStartingWith(sarif + ": line 4: not valid JSON (");
    }

    @Test
    void xmlIsNotJson() {
        Path xml = REPORTS.resolve("jacoco/jacoco.xml");

        assertThatThrownBy(() -> SarifReport.read(xml))
                .isInstanceOf(ReportException.class)
                .hasMessageStartingWith(xml + ": line 1: not valid JSON (Unexpected character ('<'");
    }

    @Test
    void emptyFile() throws Exception {
        Path empty = write("");

        assertThatThrownBy(() -> SarifReport.read(empty))
                .isInstanceOf(ReportException.class)
                .hasMessage(empty + ": empty file, expected JSON");
    }

    @Test
    void missingFileAndDirectory() {
        Path missing = dir.resolve("spotbugsSarif.json");

        assertThatThrownBy(() -> SarifReport.read(missing)).hasMessage(missing + ": not found");
        assertThatThrownBy(() -> SarifReport.read(dir)).hasMessage(dir + ": is a directory, expected a file");
    }

    @Test
    void levelsAreOrderedBySeverityAndSpelledInLowerCase() {
        assertThat(SarifLevel.ERROR.isAtLeast(SarifLevel.WARNING)).isTrue();
        assertThat(SarifLevel.WARNING.isAtLeast(SarifLevel.WARNING)).isTrue();
        assertThat(SarifLevel.NOTE.isAtLeast(SarifLevel.WARNING)).isFalse();
        assertThat(SarifLevel.NONE.isAtLeast(SarifLevel.NOTE)).isFalse();
        assertThat(SarifLevel.fromWire("warning")).contains(SarifLevel.WARNING);
        assertThat(SarifLevel.fromWire("WARNING")).isEmpty();
        assertThat(SarifLevel.NONE.wireName()).isEqualTo("none");
    }

    private SarifReport read(String runs) throws Exception {
        return SarifReport.read(write(log(runs)));
    }

    private static String log(String runs) {
        return "{ \"version\": \"2.1.0\", \"runs\": [ " + runs + " ] }";
    }

    private Path write(String content) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "report", ".sarif"), content);
    }
}
