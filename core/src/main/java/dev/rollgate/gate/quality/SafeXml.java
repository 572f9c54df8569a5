package dev.rollgate.gate.quality;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streaming (StAX) reading of report XML with DTDs and external entities switched off.
 *
 * <p>Reports come from builds, i.e. from code under review: an external entity could read local
 * files or reach the network. JaCoCo's XML declares {@code <!DOCTYPE report ... "report.dtd">};
 * with DTD support off the declaration is skipped and {@code report.dtd} is never looked up.
 * StAX rather than DOM because coverage reports of large projects reach tens of megabytes.
 */
final class SafeXml {

    /** What a reader does with the open stream, positioned before the root element. */
    @FunctionalInterface
    interface Body<T> {
        T read(XMLStreamReader xml) throws XMLStreamException, ReportException;
    }

    private SafeXml() {
    }

    static <T> T read(Path path, Body<T> body) throws ReportException {
        try (InputStream in = ReportFiles.open(path)) {
            XMLStreamReader xml = factory().createXMLStreamReader(in);
            try {
                return body.read(xml);
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new ReportException(path, lineOf(e) + "not well-formed XML (" + reason(e) + ")", e);
        } catch (IOException e) {
            throw ReportFiles.unreadable(path, e);
        }
    }

    /** Moves to the root element and returns its local name. */
    static String root(XMLStreamReader xml) throws XMLStreamException {
        while (xml.hasNext()) {
            if (xml.next() == XMLStreamConstants.START_ELEMENT) {
                return xml.getLocalName();
            }
        }
        throw new XMLStreamException("no root element");
    }

    /** A whole-number attribute of the current element that must be present. */
    static long requiredCount(Path path, XMLStreamReader xml, String attribute) throws ReportException {
        String text = xml.getAttributeValue(null, attribute);
        if (text == null) {
            throw new ReportException(path, line(xml) + "<" + xml.getLocalName() + "> has no " + attribute
                    + " attribute");
        }
        return parseCount(path, xml, attribute, text);
    }

    /** A whole-number attribute of the current element; 0 when absent. */
    static long optionalCount(Path path, XMLStreamReader xml, String attribute) throws ReportException {
        String text = xml.getAttributeValue(null, attribute);
        return text == null ? 0 : parseCount(path, xml, attribute, text);
    }

    private static long parseCount(Path path, XMLStreamReader xml, String attribute, String text)
            throws ReportException {
        try {
            long value = Long.parseLong(text.strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the file and line
        }
        throw new ReportException(path, line(xml) + "<" + xml.getLocalName() + "> has " + attribute + "=\""
                + text + "\", expected a whole number >= 0");
    }

    static String line(XMLStreamReader xml) {
        Location location = xml.getLocation();
        return location == null || location.getLineNumber() < 1 ? "" : "line " + location.getLineNumber() + ": ";
    }

    private static XMLInputFactory factory() {
        // The JDK's own implementation, whatever else is on the class path: its property
        // semantics are the ones relied on here.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external entity " + systemId + " refused");
        });
        return factory;
    }

    private static String lineOf(XMLStreamException e) {
        Location location = e.getLocation();
        return location == null || location.getLineNumber() < 1 ? "" : "line " + location.getLineNumber() + ": ";
    }

    /** The parser's own words, without the "ParseError at [row,col]" prefix the JDK adds. */
    private static String reason(XMLStreamException e) {
        String message = String.valueOf(e.getMessage());
        int at = message.indexOf("Message: ");
        return (at >= 0 ? message.substring(at + "Message: ".length()) : message).strip();
    }
}
