package dev.rollgate.gate.quality;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Test totals from JUnit XML reports, the format Maven Surefire/Failsafe, Gradle and Ant write
 * (and most other test runners can). Counts come from the {@code tests}, {@code failures},
 * {@code errors} and {@code skipped} attributes of each {@code <testsuite>}; as in those tools,
 * {@code tests} includes the failed, errored and skipped ones.
 */
public record JunitReport(int tests, int failures, int errors, int skipped) {

    /** The file-name convention of Surefire, Gradle and Ant for one report per test class. */
    private static final String REPORT_GLOB = "TEST-*.xml";

    public JunitReport {
        if (tests < 0 || failures < 0 || errors < 0 || skipped < 0) {
            throw new IllegalArgumentException("counts must be >= 0: " + summary(tests, failures, errors, skipped));
        }
        if ((long) failures + errors + skipped > tests) {
            throw new IllegalArgumentException("failures + errors + skipped exceed tests: "
                    + summary(tests, failures, errors, skipped));
        }
    }

    /**
     * Reads one report file, or every {@code TEST-*.xml} directly inside a directory (such as
     * {@code target/surefire-reports}) and adds them up.
     */
    public static JunitReport read(Path fileOrDirectory) throws ReportException {
        if (!Files.isDirectory(fileOrDirectory)) {
            return readFile(fileOrDirectory);
        }
        JunitReport total = new JunitReport(0, 0, 0, 0);
        List<Path> files = reportFiles(fileOrDirectory);
        if (files.isEmpty()) {
            throw new ReportException(fileOrDirectory, "no " + REPORT_GLOB + " files in this directory");
        }
        for (Path file : files) {
            total = total.plus(readFile(file));
        }
        return total;
    }

    /** Tests that ran and neither failed nor errored. */
    public int passed() {
        return tests - failures - errors - skipped;
    }

    /**
     * Passed tests in percent of the tests that ran: {@code passed / (tests - skipped) * 100}.
     * Empty when no test ran (none at all, or all skipped): a rate of nothing is undefined, and
     * neither 0% nor 100% would be honest.
     */
    public OptionalDouble passRate() {
        int executed = tests - skipped;
        return executed == 0 ? OptionalDouble.empty() : OptionalDouble.of(100.0 * passed() / executed);
    }

    public JunitReport plus(JunitReport other) {
        return new JunitReport(Math.addExact(tests, other.tests), Math.addExact(failures, other.failures),
                Math.addExact(errors, other.errors), Math.addExact(skipped, other.skipped));
    }

    private static List<Path> reportFiles(Path directory) throws ReportException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, REPORT_GLOB)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new ReportException(directory, "cannot list the directory (" + e + ")", e);
        }
        files.sort(null); // a stable order, so the first bad file reported is the same every time
        return files;
    }

    private static JunitReport readFile(Path file) throws ReportException {
        return SafeXml.read(file, xml -> {
            String root = SafeXml.root(xml);
            return switch (root) {
                case "testsuite" -> suite(file, xml);
                case "testsuites" -> suites(file, xml);
                default -> throw new ReportException(file, "not a JUnit XML report: root element is <" + root
                        + ">, expected <testsuite> or <testsuites>");
            };
        });
    }

    /**
     * Sums the {@code <testsuite>} children. The totals some tools also put on {@code <testsuites>}
     * are ignored: they are optional, and where present they repeat the children.
     */
    private static JunitReport suites(Path file, XMLStreamReader xml) throws XMLStreamException, ReportException {
        JunitReport total = new JunitReport(0, 0, 0, 0);
        while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
            if (xml.getLocalName().equals("testsuite")) {
                total = total.plus(suite(file, xml));
            } else {
                skipElement(xml);
            }
        }
        return total;
    }

    /** Reads the current {@code <testsuite>} and moves past its end. */
    private static JunitReport suite(Path file, XMLStreamReader xml) throws XMLStreamException, ReportException {
        String line = SafeXml.line(xml);
        long tests = SafeXml.requiredCount(file, xml, "tests");
        long failures = SafeXml.optionalCount(file, xml, "failures");
        long errors = SafeXml.optionalCount(file, xml, "errors");
        long skipped = SafeXml.optionalCount(file, xml, "skipped");
        if (tests > Integer.MAX_VALUE || failures + errors + skipped > tests) {
            throw new ReportException(file, line + "<testsuite> counts do not add up: "
                    + summary(tests, failures, errors, skipped));
        }
        skipElement(xml);
        return new JunitReport((int) tests, (int) failures, (int) errors, (int) skipped);
    }

    /** Moves past the end of the current element, whatever it contains (test cases, output). */
    private static void skipElement(XMLStreamReader xml) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static String summary(long tests, long failures, long errors, long skipped) {
        return "tests=" + tests + " failures=" + failures + " errors=" + errors + " skipped=" + skipped;
    }
}
