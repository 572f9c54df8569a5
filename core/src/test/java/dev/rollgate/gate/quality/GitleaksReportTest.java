package dev.rollgate.gate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitleaksReportTest {

    static final Path REPORTS = Path.of("src/test/resources/reports");

    /** Every fake secret in the fixtures starts with this. */
    static final String SECRET_MARKER = "fixture-secret-";

    @TempDir
    Path dir;

    /*
     * Expected numbers: the hand-written fixture (gitleaks does not run here) has three finding
     * objects: generic-api-key at application.properties:12, private-key at server.key:1,
     * generic-api-key at values-staging.yaml:4 (jq 'length', jq '.[].RuleID').
     */
    @Test
    void readsFindings() throws ReportException {
        GitleaksReport report = GitleaksReport.read(REPORTS.resolve("gitleaks/findings.json"));

        assertThat(report.findings()).isEqualTo(3);
        assertThat(report.ruleIds()).containsExactly("generic-api-key", "private-key");
        assertThat(report.leaks()).containsExactly(
                new GitleaksReport.Leak("generic-api-key", "src/main/resources/application.properties", 12),
                new GitleaksReport.Leak("private-key", "deploy/tls/server.key", 1),
                new GitleaksReport.Leak("generic-api-key", "deploy/values-staging.yaml", 4));
    }

    @Test
    void neverRetainsSecrets() throws Exception {
        Path fixture = REPORTS.resolve("gitleaks/findings.json");
        assertThat(Files.readString(fixture)).contains(SECRET_MARKER); // the check below means something

        GitleaksReport report = GitleaksReport.read(fixture);

        assertThat(report.toString()).doesNotContain(SECRET_MARKER).doesNotContain("BEGIN PRIVATE KEY");
        for (GitleaksReport.Leak leak : report.leaks()) {
            assertThat(leak.ruleId() + leak.file()).doesNotContain(SECRET_MARKER);
        }
    }

    @Test
    void syntaxErrorsDoNotQuoteTheFile() throws Exception {
        // Unquoted secret: Jackson's own message would quote the token.
        Path broken = write("[\n {\n  \"RuleID\": \"generic-api-key\",\n  \"Secret\": fixture-secret-eeeeeeeeeeee\n }\n]\n");

        assertThatThrownBy(() -> GitleaksReport.read(broken))
                .isInstanceOf(ReportException.class)
                .hasMessage(broken + ": line 4: not valid JSON (details withheld: the file holds secrets)")
                .hasNoCause()
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(SECRET_MARKER));
    }

    @Test
    void emptyArrayHasNoFindings() throws ReportException {
        GitleaksReport report = GitleaksReport.read(REPORTS.resolve("gitleaks/empty.json"));

        assertThat(report.findings()).isZero();
        assertThat(report.ruleIds()).isEmpty();
    }

    @Test
    void objectInsteadOfArray() {
        Path object = REPORTS.resolve("malformed/gitleaks-object.json");

        assertThatThrownBy(() -> GitleaksReport.read(object))
                .isInstanceOf(ReportException.class)
                .hasMessage(object + ": line 1: not a gitleaks JSON report: top level is an object, expected an array of"
                        + " findings");
    }

    @Test
    void nullIsNotAnEmptyReport() throws Exception {
        // Fail closed: gitleaks writes [] when nothing leaks, so null is not a report of no leaks.
        Path json = write("null");

        assertThatThrownBy(() -> GitleaksReport.read(json))
                .isInstanceOf(ReportException.class)
                .hasMessage(json + ": line 1: not a gitleaks JSON report: top level is null, expected an array of"
                        + " findings");
    }

    @Test
    void elementsMustBeObjects() throws Exception {
        Path json = write("[\n {\"RuleID\": \"a\"},\n \"b\"\n]");

        assertThatThrownBy(() -> GitleaksReport.read(json))
                .isInstanceOf(ReportException.class)
                .hasMessage(json + ": line 3: finding 2 is a string, expected an object");
    }

    @Test
    void contentAfterTheArray() throws Exception {
        Path json = write("[]\n[]\n");

        assertThatThrownBy(() -> GitleaksReport.read(json))
                .isInstanceOf(ReportException.class)
                .hasMessage(json + ": line 2: unexpected content after the array");
    }

    @Test
    void truncatedArray() throws Exception {
        Path json = write("[\n {\"RuleID\": \"a\", \"File\": \"f\"},\n");

        assertThatThrownBy(() -> GitleaksReport.read(json))
                .isInstanceOf(ReportException.class)
                .hasMessageStartingWith(json + ": line 3: not valid JSON");
    }

    @Test
    void emptyFileMissingFileDirectory() throws Exception {
        Path empty = write("");
        Path missing = dir.resolve("gitleaks.json");

        assertThatThrownBy(() -> GitleaksReport.read(empty)).hasMessage(empty + ": empty file, expected JSON");
        assertThatThrownBy(() -> GitleaksReport.read(missing)).hasMessage(missing + ": not found");
        assertThatThrownBy(() -> GitleaksReport.read(dir)).hasMessage(dir + ": is a directory, expected a file");
    }

    private Path write(String content) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "gitleaks", ".json"), content);
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
