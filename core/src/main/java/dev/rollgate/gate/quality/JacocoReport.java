package dev.rollgate.gate.quality;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The project-wide totals of a JaCoCo XML report ({@code jacoco:report}, {@code jacoco.xml}): the
 * {@code <counter>} elements that are direct children of the root {@code <report>}. Package, class
 * and method counters are not kept.
 *
 * @param counters the totals the report contains; a counter type the report lacks is absent
 */
public record JacocoReport(Map<CoverageCounter, Counter> counters) {

    /** One JaCoCo counter: how many items (lines, branches, ...) were missed and covered. */
    public record Counter(long missed, long covered) {

        public Counter {
            if (missed < 0 || covered < 0) {
                throw new IllegalArgumentException("counts must be >= 0, got missed=" + missed + " covered=" + covered);
            }
        }

        public long total() {
            return missed + covered;
        }

        /** Covered share in percent (0..100); empty when there is nothing to cover. */
        public OptionalDouble coveredPercent() {
            return total() == 0 ? OptionalDouble.empty() : OptionalDouble.of(100.0 * covered / total());
        }
    }

    public JacocoReport {
        counters = EnumMaps.copyOf(CoverageCounter.class, counters);
    }

    public static JacocoReport read(Path xml) throws ReportException {
        return SafeXml.read(xml, reader -> readReport(xml, reader));
    }

    public Optional<Counter> counter(CoverageCounter type) {
        return Optional.ofNullable(counters.get(type));
    }

    /**
     * Covered share of {@code type} in percent (0..100). Empty when the report has no such counter
     * or its total is zero (JaCoCo omits BRANCH when the code has no branches): "no data" is not
     * 0% and not 100%, the caller decides what it means for a gate.
     */
    public OptionalDouble coveredPercent(CoverageCounter type) {
        Counter counter = counters.get(type);
        return counter == null ? OptionalDouble.empty() : counter.coveredPercent();
    }

    private static JacocoReport readReport(Path path, XMLStreamReader xml) throws XMLStreamException, ReportException {
        String root = SafeXml.root(xml);
        if (!root.equals("report")) {
            throw new ReportException(path, "not a JaCoCo XML report: root element is <" + root + ">");
        }
        Map<CoverageCounter, Counter> counters = new EnumMap<>(CoverageCounter.class);
        int depth = 1; // inside <report>
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                if (depth == 2 && xml.getLocalName().equals("counter")) {
                    readCounter(path, xml, counters);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        return new JacocoReport(counters);
    }

    private static void readCounter(Path path, XMLStreamReader xml, Map<CoverageCounter, Counter> counters)
            throws ReportException {
        String type = xml.getAttributeValue(null, "type");
        Optional<CoverageCounter> known = CoverageCounter.fromJacoco(type);
        if (known.isEmpty()) {
            return; // a counter type from a newer JaCoCo: not an error
        }
        Counter counter = new Counter(
                SafeXml.requiredCount(path, xml, "missed"), SafeXml.requiredCount(path, xml, "covered"));
        if (counters.putIfAbsent(known.get(), counter) != null) {
            throw new ReportException(path, SafeXml.line(xml) + "the report has two " + type + " counters");
        }
    }
}
