package dev.rollgate.gate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JacocoReportTest {

    static final Path REPORTS = Path.of("src/test/resources/reports");

    @TempDir
    Path dir;

    /*
     * Expected numbers: the six <counter> elements that close the real report, read with
     *   grep -o '<counter[^>]*>' src/test/resources/reports/jacoco/jacoco.xml | tail -6
     * INSTRUCTION missed=35 covered=32, BRANCH 7/5, LINE 12/9, COMPLEXITY 10/7, METHOD 6/5, CLASS 1/2.
     */
    @Test
    void readsTheReportLevelCountersOfARealJacocoReport() throws ReportException {
        JacocoReport report = JacocoReport.read(REPORTS.resolve("jacoco/jacoco.xml"));

        assertThat(report.counters()).containsOnly(
                entry(CoverageCounter.INSTRUCTION, 35, 32),
                entry(CoverageCounter.BRANCH, 7, 5),
                entry(CoverageCounter.LINE, 12, 9),
                entry(CoverageCounter.COMPLEXITY, 10, 7),
                entry(CoverageCounter.METHOD, 6, 5),
                entry(CoverageCounter.CLASS, 1, 2));
        assertThat(report.coveredPercent(CoverageCounter.LINE).getAsDouble()).isCloseTo(100.0 * 9 / 21, within(1e-9));
        assertThat(report.coveredPercent(CoverageCounter.BRANCH).getAsDouble()).isCloseTo(5 * 100.0 / 12, within(1e-9));
        assertThat(report.coveredPercent(CoverageCounter.CLASS).getAsDouble()).isCloseTo(200.0 / 3, within(1e-9));
    }

    @Test
    void ignoresPackageClassAndMethodCountersEvenWhenTheyComeFirst() throws Exception {
        Path xml = write("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">
                <report name="demo">
                  <sessioninfo id="host-1" start="1" dump="2"/>
                  <group name="module-a">
                    <package name="a">
                      <class name="a/A">
                        <method name="m" desc="()V"><counter type="LINE" missed="100" covered="0"/></method>
                        <counter type="LINE" missed="100" covered="0"/>
                      </class>
                      <counter type="LINE" missed="100" covered="0"/>
                    </package>
                    <counter type="LINE" missed="100" covered="0"/>
                  </group>
                  <counter type="LINE" missed="1" covered="3"/>
                </report>
                """);

        JacocoReport report = JacocoReport.read(xml);

        assertThat(report.counters()).containsOnly(entry(CoverageCounter.LINE, 1, 3));
        assertThat(report.coveredPercent(CoverageCounter.LINE).getAsDouble()).isEqualTo(75.0);
    }

    @Test
    void absentCounterOrZeroTotalHasNoPercent() throws Exception {
        Path xml = write("""
                <report name="no-branches">
                  <counter type="INSTRUCTION" missed="0" covered="10"/>
                  <counter type="METHOD" missed="0" covered="0"/>
                  <counter type="FUTURE_KIND" missed="1" covered="1"/>
                </report>
                """);

        JacocoReport report = JacocoReport.read(xml);

        assertThat(report.coveredPercent(CoverageCounter.INSTRUCTION)).hasValue(100.0);
        assertThat(report.coveredPercent(CoverageCounter.BRANCH)).isEmpty();
        assertThat(report.counter(CoverageCounter.BRANCH)).isEmpty();
        assertThat(report.coveredPercent(CoverageCounter.METHOD)).isEmpty();
        assertThat(report.counters()).containsOnlyKeys(CoverageCounter.INSTRUCTION, CoverageCounter.METHOD);
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("target/site/jacoco/jacoco.xml");

        assertThatThrownBy(() -> JacocoReport.read(missing))
                .isInstanceOf(ReportException.class)
                .hasMessage(missing + ": not found")
                .extracting(e -> ((ReportException) e).path()).isEqualTo(missing);
    }

    @Test
    void directoryInsteadOfFile() {
        assertThatThrownBy(() -> JacocoReport.read(dir))
                .isInstanceOf(ReportException.class)
                .hasMessage(dir + ": is a directory, expected a file");
    }

    @Test
    void truncatedReport() {
        Path truncated = REPORTS.resolve("malformed/jacoco-truncated.xml");

        assertThatThrownBy(() -> JacocoReport.read(truncated))
                .isInstanceOf(ReportException.class)
                .hasMessageStartingWith(truncated + ": line 1: not well-formed XML (")
                .hasMessageNotContaining("ParseError at");
    }

    @Test
    void otherCoverageFormatIsNamedInTheError() {
        // A Cobertura report, whose DOCTYPE points at an http URL that must not be fetched.
        Path cobertura = REPORTS.resolve("malformed/cobertura-coverage.xml");

        assertThatThrownBy(() -> JacocoReport.read(cobertura))
                .isInstanceOf(ReportException.class)
                .hasMessage(cobertura + ": not a JaCoCo XML report: root element is <coverage>");
    }

    @Test
    void jsonIsNotXml() {
        Path json = REPORTS.resolve("trivy/image-clean.json");

        assertThatThrownBy(() -> JacocoReport.read(json))
                .isInstanceOf(ReportException.class)
                .hasMessageStartingWith(json + ": line 1: not well-formed XML (");
    }

    @Test
    void emptyFile() throws Exception {
        Path empty = write("");

        assertThatThrownBy(() -> JacocoReport.read(empty))
                .isInstanceOf(ReportException.class)
                .hasMessageStartingWith(empty + ": ")
                .hasMessageContaining("not well-formed XML");
    }

    @Test
    void badCounterValuesAreNamedWithTheirLine() throws Exception {
        Path xml = write("""
                <report name="x">
                  <counter type="LINE" missed="1" covered="lots"/>
                </report>
                """);

        assertThatThrownBy(() -> JacocoReport.read(xml))
                .isInstanceOf(ReportException.class)
                .hasMessage(xml + ": line 2: <counter> has covered=\"lots\", expected a whole number >= 0");
    }

    @Test
    void missingCounterAttribute() throws Exception {
        Path xml = write("<report name=\"x\"><counter type=\"LINE\" covered=\"3\"/></report>");

        assertThatThrownBy(() -> JacocoReport.read(xml))
                .isInstanceOf(ReportException.class)
                .hasMessage(xml + ": line 1: <counter> has no missed attribute");
    }

    @Test
    void duplicateReportCounter() throws Exception {
        Path xml = write("""
                <report name="x">
                  <counter type="LINE" missed="1" covered="3"/>
                  <counter type="LINE" missed="0" covered="4"/>
                </report>
                """);

        assertThatThrownBy(() -> JacocoReport.read(xml))
                .isInstanceOf(ReportException.class)
                .hasMessage(xml + ": line 3: the report has two LINE counters");
    }

    @Test
    void externalEntitiesAreNotExpanded() throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        Path xml = write("""
                <?xml version="1.0"?>
                <!DOCTYPE report [ <!ENTITY leak SYSTEM "%s"> ]>
                <report name="x"><counter type="LINE" missed="0" covered="1"/>&leak;</report>
                """.formatted(secret.toUri()));

        assertThatThrownBy(() -> JacocoReport.read(xml))
                .isInstanceOf(ReportException.class)
                .hasMessageStartingWith(xml + ": line 3: not well-formed XML (")
                .hasMessageNotContaining("TOP-SECRET-CONTENT");
    }

    @Test
    void externalDtdIsNeverFetched() throws Exception {
        // A real HTTP server that counts requests: parsing must not reach it.
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] dtd = "<!ENTITY injected \"from-the-network\">".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, dtd.length);
            exchange.getResponseBody().write(dtd);
            exchange.close();
        });
        server.start();
        try {
            Path xml = write("""
                    <?xml version="1.0"?>
                    <!DOCTYPE report SYSTEM "http://127.0.0.1:%d/report.dtd">
                    <report name="x"><counter type="LINE" missed="1" covered="1"/></report>
                    """.formatted(server.getAddress().getPort()));

            JacocoReport report = JacocoReport.read(xml);

            assertThat(report.coveredPercent(CoverageCounter.LINE)).hasValue(50.0);
            assertThat(requests).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    private Path write(String content) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "jacoco", ".xml"), content);
    }

    private static Map.Entry<CoverageCounter, JacocoReport.Counter> entry(
            CoverageCounter type, long missed, long covered) {
        return Map.entry(type, new JacocoReport.Counter(missed, covered));
    }
}
