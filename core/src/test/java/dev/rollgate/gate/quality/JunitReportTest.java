package dev.rollgate.gate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JunitReportTest {

    static final Path SUREFIRE = Path.of("src/test/resources/reports/surefire");

    @TempDir
    Path dir;

    /*
     * Expected numbers: the <testsuite> attributes of the two real Surefire reports,
     *   grep -o 'tests="[0-9]*" errors="[0-9]*" skipped="[0-9]*" failures="[0-9]*"' TEST-*.xml
     * CalculatorTest: tests=4 errors=0 skipped=0 failures=1
     * GreeterTest:    tests=5 errors=1 skipped=1 failures=1
     * and, independently, the fixture sources: 9 @Test methods, two wrong assertions, one thrown
     * IllegalStateException, one @Disabled.
     */
    @Test
    void sumsEveryTestFileOfARealSurefireReportDirectory() throws ReportException {
        JunitReport report = JunitReport.read(SUREFIRE);

        assertThat(report).isEqualTo(new JunitReport(9, 2, 1, 1));
        assertThat(report.passed()).isEqualTo(5);
        assertThat(report.passRate()).hasValue(100.0 * 5 / 8); // skipped tests did not run
    }

    @Test
    void readsASingleRealSurefireFile() throws ReportException {
        JunitReport report = JunitReport.read(SUREFIRE.resolve("TEST-dev.rollgate.fixtures.CalculatorTest.xml"));

        assertThat(report).isEqualTo(new JunitReport(4, 1, 0, 0));
        assertThat(report.passRate()).hasValue(75.0);
    }

    @Test
    void testsuitesRootSumsItsSuitesAndIgnoresItsOwnTotals() throws Exception {
        Path xml = write("TEST-all.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites tests="999" failures="999" errors="0" skipped="0">
                  <testsuite name="a" tests="3" failures="1" errors="0" skipped="1">
                    <testcase name="x"><failure message="no"/></testcase>
                    <testcase name="y"><skipped/></testcase>
                    <testcase name="z"/>
                  </testsuite>
                  <testsuite name="b" tests="2" failures="0" errors="1">
                    <testcase name="p"><error message="boom"/></testcase>
                    <testcase name="q"/>
                    <system-out>noise</system-out>
                  </testsuite>
                  <properties><property name="k" value="v"/></properties>
                </testsuites>
                """);

        assertThat(JunitReport.read(xml)).isEqualTo(new JunitReport(5, 1, 1, 1));
    }

    @Test
    void directoryReadsOnlyTestStarXmlFiles() throws Exception {
        write("TEST-one.xml", "<testsuite tests=\"2\" failures=\"1\"/>");
        write("TEST-two.xml", "<testsuite tests=\"3\" skipped=\"3\"/>");
        write("one.txt", "not a report");
        write("summary.xml", "<testsuite tests=\"100\" failures=\"100\"/>");

        JunitReport report = JunitReport.read(dir);

        assertThat(report).isEqualTo(new JunitReport(5, 1, 0, 3));
        assertThat(report.passed()).isEqualTo(1);
        assertThat(report.passRate()).hasValue(50.0);
    }

    @Test
    void passRateIsUndefinedWhenNoTestRan() {
        assertThat(new JunitReport(0, 0, 0, 0).passRate()).isEmpty();
        assertThat(new JunitReport(4, 0, 0, 4).passRate()).isEmpty();
        assertThat(new JunitReport(4, 0, 0, 4).passed()).isZero();
        assertThat(new JunitReport(4, 1, 1, 0).passRate()).hasValue(50.0);
    }

    @Test
    void countsThatDoNotAddUpAreRejected() throws Exception {
        assertThatThrownBy(() -> new JunitReport(2, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JunitReport(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        Path xml = write("TEST-bad.xml", "<testsuite tests=\"1\"\n failures=\"2\"/>");

        assertThatThrownBy(() -> JunitReport.read(xml))
                .isInstanceOf(ReportException.class)
                .hasMessage(xml + ": line 2: <testsuite> counts do not add up: tests=1 failures=2 errors=0 skipped=0");
    }

    @Test
    void emptyDirectory() {
        assertThatThrownBy(() -> JunitReport.read(dir))
                .isInstanceOf(ReportException.class)
                .hasMessage(dir + ": no TEST-*.xml files in this directory");
    }

    @Test
    void aBrokenFileInADirectoryIsNamed() throws Exception {
        write("TEST-a.xml", "<testsuite tests=\"1\"/>");
        Path broken = write("TEST-b.xml", "<testsuite tests=\"1\">");

        assertThatThrownBy(() -> JunitReport.read(dir))
                .isInstanceOf(ReportException.class)
                .hasMessageStartingWith(broken + ": line 1: not well-formed XML (");
    }

    @Test
    void missingFileOrDirectory() {
        Path missing = dir.resolve("target/surefire-reports");

        assertThatThrownBy(() -> JunitReport.read(missing))
                .isInstanceOf(ReportException.class)
                .hasMessage(missing + ": not found");
    }

    @Test
    void truncatedFile() {
        Path truncated = Path.of("src/test/resources/reports/malformed/surefire-truncated.xml");

        assertThatThrownBy(() -> JunitReport.read(truncated))
                .isInstanceOf(ReportException.class)
                .hasMessageStartingWith(truncated + ": line 5: not well-formed XML (");
    }

    @Test
    void wrongRootElement() {
        Path jacoco = Path.of("src/test/resources/reports/jacoco/jacoco.xml");

        assertThatThrownBy(() -> JunitReport.read(jacoco))
                .isInstanceOf(ReportException.class)
                .hasMessage(jacoco + ": not a JUnit XML report: root element is <report>, expected <testsuite> or"
                        + " <testsuites>");
    }

    @Test
    void suiteWithoutTestsAttribute() throws Exception {
        Path xml = write("TEST-x.xml", "<testsuites>\n  <testsuite name=\"a\" failures=\"0\"/>\n</testsuites>");

        assertThatThrownBy(() -> JunitReport.read(xml))
                .isInstanceOf(ReportException.class)
                .hasMessage(xml + ": line 2: <testsuite> has no tests attribute");
    }

    @Test
    void plusAddsEachCount() {
        assertThat(new JunitReport(3, 1, 0, 1).plus(new JunitReport(4, 0, 2, 0))).isEqualTo(new JunitReport(7, 1, 2, 1));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
