package dev.ibac.webhook.offline;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML as CI systems read it: one {@code testsuite} per MissionTest file, one
 * {@code testcase} per case, a {@code failure} with the message for each mismatch.
 */
public final class JUnitReport {
    private JUnitReport() {}

    /** {@code results}: each file's results, in the order run. */
    public static void write(Path target, Map<MissionTestFile, List<MissionTestRun.Result>> results) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(target)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("tests", String.valueOf(results.values().stream().mapToInt(List::size).sum()));
            xml.writeAttribute("failures", String.valueOf(results.values().stream().flatMap(List::stream).filter(r -> !r.passed()).count()));
            for (var file : results.entrySet()) {
                suite(xml, file.getKey(), file.getValue());
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
        }
    }

    private static void suite(XMLStreamWriter xml, MissionTestFile test, List<MissionTestRun.Result> results) throws XMLStreamException {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", test.name());
        xml.writeAttribute("file", test.file().toString());
        xml.writeAttribute("tests", String.valueOf(results.size()));
        xml.writeAttribute("failures", String.valueOf(results.stream().filter(r -> !r.passed()).count()));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("time", seconds(results.stream().mapToLong(MissionTestRun.Result::micros).sum()));
        for (MissionTestRun.Result r : results) {
            xml.writeCharacters("\n    ");
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", test.name());
            xml.writeAttribute("name", r.testCase().name());
            xml.writeAttribute("time", seconds(r.micros()));
            if (!r.passed()) {
                xml.writeStartElement("failure");
                xml.writeAttribute("message", r.failure());
                xml.writeAttribute("type", "mismatch");
                xml.writeCharacters(r.failure());
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    private static String seconds(long micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1_000_000.0);
    }
}
