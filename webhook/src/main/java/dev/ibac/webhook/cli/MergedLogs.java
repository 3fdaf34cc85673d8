package dev.ibac.webhook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The entries of several logs, oldest first by time: a k-way merge holding one entry per log, so a
 * query over many replicas' logs costs no more memory than over one. Each log keeps its own order
 * (its chain's) even where its clock stepped back; a line that is not JSON is reported and skipped.
 */
final class MergedLogs implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One entry, its line as logged, and where it came from (for ordering ties: the order the logs were given). */
    record Line(JsonNode entry, String text, Instant time, int source) {}

    private final List<Source> sources = new ArrayList<>();
    private final PriorityQueue<Line> heads = new PriorityQueue<>((a, b) -> {
        int byTime = a.time().compareTo(b.time());
        return byTime != 0 ? byTime : Integer.compare(a.source(), b.source());
    });

    /** {@code logs}: each log's files in chain order (a rotated set oldest first, or the one file). */
    MergedLogs(List<List<Path>> logs, PrintWriter err) throws IOException {
        for (List<Path> files : logs) {
            Source source = new Source(sources.size(), files.iterator(), err);
            sources.add(source);
            source.next().ifPresent(heads::add);
        }
    }

    /** The oldest remaining entry across the logs, or null when all are read. */
    Line next() throws IOException {
        Line line = heads.poll();
        if (line != null) {
            sources.get(line.source()).next().ifPresent(heads::add);
        }
        return line;
    }

    @Override
    public void close() throws IOException {
        for (Source source : sources) {
            source.close();
        }
    }

    /** One log: its files read in turn. */
    private static final class Source implements AutoCloseable {
        private final int index;
        private final Iterator<Path> files;
        private final PrintWriter err;
        private BufferedReader reader;
        private Path file;
        private long lineNo;

        Source(int index, Iterator<Path> files, PrintWriter err) {
            this.index = index;
            this.files = files;
            this.err = err;
        }

        java.util.Optional<Line> next() throws IOException {
            while (true) {
                if (reader == null) {
                    if (!files.hasNext()) {
                        return java.util.Optional.empty();
                    }
                    file = files.next();
                    reader = Files.newBufferedReader(file);
                    lineNo = 0;
                }
                String text = reader.readLine();
                if (text == null) {
                    reader.close();
                    reader = null;
                    continue;
                }
                lineNo++;
                JsonNode entry = parse(text);
                if (entry != null && entry.isObject()) {
                    return java.util.Optional.of(new Line(entry, text, time(entry), index));
                }
            }
        }

        private JsonNode parse(String text) {
            try {
                return MAPPER.readTree(text);
            } catch (IOException e) {
                err.println("ibac: " + file + " line " + lineNo + " is not JSON; skipped (run audit verify)");
                return null;
            }
        }

        private static Instant time(JsonNode entry) {
            try {
                return Instant.parse(entry.path("time").asText());
            } catch (DateTimeParseException e) {
                return Instant.EPOCH;
            }
        }

        @Override
        public void close() throws IOException {
            if (reader != null) {
                reader.close();
            }
        }
    }
}
