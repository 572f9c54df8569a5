package dev.rollgate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollgate.config.ConfigException;
import dev.rollgate.config.ConfigLoader;
import dev.rollgate.config.QualityGateSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quality gates against the real reports in src/test/resources/reports (JaCoCo, Surefire and SpotBugs output
 * produced by those tools; see src/test/report-fixtures). Their numbers: line coverage 9 of 21 lines (42.86%);
 * JUnit 9 tests, 2 failures, 1 error, 1 skipped (5 of 8 executed passed, 62.5%); SpotBugs SARIF 2 errors,
 * 1 warning, 3 notes; Trivy 2 CRITICAL, 3 HIGH; gitleaks 3 findings.
 */
class ReportGateTest {

    static final Path REPORTS = Path.of("src", "test", "resources", "reports");

    static GateResult judge(Path root, String gateYaml) {
        String yaml = """
                service: web
                environments:
                  prod:
                    gates:
                      quality:
                        - %s
                """.formatted(gateYaml);
        try {
            QualityGateSpec spec = ConfigLoader.parse(yaml, "rollgate.yaml").environment("prod").orElseThrow()
                    .spec().gatesOrNone().qualityList().get(0);
            return new ReportGate(root).judge(spec);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static GateResult judge(String gateYaml) {
        return judge(REPORTS, gateYaml);
    }

    @Test
    void jacocoLineCoverageBelowTheMinimumBlocks() {
        GateResult r = judge("{ name: Coverage, report: jacoco, path: jacoco/jacoco.xml, metric: line, min: 80 }");

        assertThat(r.gate()).isEqualTo("quality: Coverage");
        assertThat(r.result()).isEqualTo(GateOutcome.BLOCK);
        assertThat(r.reason()).isEqualTo("line coverage 42.86% is below the minimum 80%");
    }

    @Test
    void jacocoLineCoverageAboveTheMinimumPasses() {
        GateResult r = judge("{ name: Coverage, report: jacoco, path: jacoco/jacoco.xml, metric: line, min: 40 }");

        assertThat(r.result()).isEqualTo(GateOutcome.PASS);
        assertThat(r.reason()).isEqualTo("line coverage 42.86% ≥ 40%");
    }

    @Test
    void junitPassRateCountsExecutedTestsFromADirectory() {
        GateResult r = judge("{ name: Tests, report: junit, path: surefire, metric: passRate, min: 100 }");

        assertThat(r.result()).isEqualTo(GateOutcome.BLOCK);
        assertThat(r.reason()).isEqualTo("pass rate 62.50% is below the minimum 100%");
        assertThat(judge("{ name: Tests, report: junit, path: surefire, metric: failures, max: 2 }").result())
                .isEqualTo(GateOutcome.PASS);
        assertThat(judge("{ name: Tests, report: junit, path: surefire, metric: tests, min: 10 }").reason())
                .isEqualTo("tests 9 is below the minimum 10");
    }

    @Test
    void sarifCountsResultsOfTheLevel() {
        assertThat(judge("{ name: Bugs, report: sarif, path: spotbugs/spotbugsSarif.json, level: error, max: 0 }").reason())
                .isEqualTo("error-level results 2 is above the maximum 0");
        assertThat(judge("{ name: Bugs, report: sarif, path: spotbugs/spotbugsSarif.json, level: warning, max: 1 }").result())
                .isEqualTo(GateOutcome.PASS);
    }

    @Test
    void trivyCountsFindingsOfTheSeverity() {
        assertThat(judge("{ name: Critical, report: trivy, path: trivy/image-findings.json, severity: CRITICAL, max: 0 }").reason())
                .isEqualTo("CRITICAL vulnerabilities 2 is above the maximum 0");
        assertThat(judge("{ name: High, report: trivy, path: trivy/image-findings.json, severity: HIGH, max: 5 }").result())
                .isEqualTo(GateOutcome.PASS);
        assertThat(judge("{ name: Clean, report: trivy, path: trivy/image-clean.json, severity: CRITICAL, max: 0 }").result())
                .isEqualTo(GateOutcome.PASS);
    }

    @Test
    void gitleaksFindingsBlockWithoutShowingTheSecrets() throws Exception {
        GateResult r = judge("{ name: Secrets, report: gitleaks, path: gitleaks/findings.json, max: 0 }");

        assertThat(r.result()).isEqualTo(GateOutcome.BLOCK);
        assertThat(r.reason()).isEqualTo("leaked secrets 3 is above the maximum 0");
        assertThat(judge("{ name: Secrets, report: gitleaks, path: gitleaks/empty.json, max: 0 }").result())
                .isEqualTo(GateOutcome.PASS);
    }

    @Test
    void fileSizeComparesWithASize(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("app.jar"), new byte[1_500_000]);

        GateResult tooBig = judge(dir, "{ name: Size, report: file-size, path: app.jar, max: 1MB }");
        assertThat(tooBig.result()).isEqualTo(GateOutcome.BLOCK);
        assertThat(tooBig.reason()).isEqualTo("size of app.jar 1.5 MB is above the maximum 1.0 MB");
        assertThat(judge(dir, "{ name: Size, report: file-size, path: app.jar, max: 2MiB }").result()).isEqualTo(GateOutcome.PASS);
    }

    @Test
    void aMissingReportBlocksABlockingGateAndWarnsForANonBlockingOne() {
        GateResult blocking = judge("{ name: Coverage, report: jacoco, path: nowhere/jacoco.xml, metric: line, min: 80 }");
        GateResult warning = judge("{ name: Coverage, report: jacoco, path: nowhere/jacoco.xml, metric: line, min: 80, blocking: false }");

        assertThat(blocking.result()).isEqualTo(GateOutcome.BLOCK);
        assertThat(blocking.reason()).contains("nowhere/jacoco.xml").contains("not found");
        assertThat(warning.result()).isEqualTo(GateOutcome.WARN);
        assertThat(warning.reason()).endsWith("(non-blocking)");
    }

    @Test
    void aMalformedReportBlocksWithTheFileNamed() {
        GateResult r = judge("{ name: Coverage, report: jacoco, path: malformed/jacoco-truncated.xml, metric: line, min: 80 }");

        assertThat(r.result()).isEqualTo(GateOutcome.BLOCK);
        assertThat(r.reason()).contains("jacoco-truncated.xml");
        assertThat(judge("{ name: Cov, report: jacoco, path: malformed/cobertura-coverage.xml, metric: line, min: 80 }").result())
                .isEqualTo(GateOutcome.BLOCK);
        assertThat(judge("{ name: Bugs, report: sarif, path: malformed/sarif-2.0.0.json, level: error, max: 0 }").result())
                .isEqualTo(GateOutcome.BLOCK);
    }

    @Test
    void branchCoverageIsReadFromItsOwnCounter() {
        assertThat(judge("{ name: Branches, report: jacoco, path: jacoco/jacoco.xml, metric: branch, min: 50 }").reason())
                .isEqualTo("branch coverage 41.67% is below the minimum 50%");
    }

    @Test
    void aMetricTheReportLacksFailsInsteadOfPassing(@TempDir Path dir) throws Exception {
        // Code without branches: JaCoCo writes no BRANCH counter. "No data" must not pass a minimum silently.
        Files.writeString(dir.resolve("jacoco.xml"), """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <report name="tiny"><counter type="LINE" missed="0" covered="3"/></report>
                """);

        GateResult r = judge(dir, "{ name: Branches, report: jacoco, path: jacoco.xml, metric: branch, min: 50 }");
        assertThat(r.result()).isEqualTo(GateOutcome.BLOCK);
        assertThat(r.reason()).isEqualTo("branch coverage is not in jacoco.xml (no data to judge)");
    }
}
