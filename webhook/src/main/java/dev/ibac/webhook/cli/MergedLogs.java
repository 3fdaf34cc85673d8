package dev.ibac.webhook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibac.webhook.audit.ReverseLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The entries of several logs, oldest first by time (or newest first): a k-way merge holding one
 * entry per log, so a query over many replicas' logs costs no more memory than over one. Each log
 * keeps its own order (its chain's, or its reverse) even where its clock stepped back; a line that
 * is not JSON is reported and skipped. Newest first reads each file from its end
 * ({@link ReverseLines}), so it too holds one entry per log whatever their size; a last line without
 * its newline (a crash leftover, see {@code audit verify}) is then not read at all.
 */
final class MergedLogs implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    /** One entry, its line as logged, and where it came from (for ordering ties: the order the logs were given). */
    record Line(JsonNode entry, String text, Instant time, int source) {}

    private static final Comparator<Line> OLDEST_FIRST = Comparator.comparing(Line::time).thenComparingInt(Line::source);

    private final List<Source> sources = new ArrayList<>();
    private final PriorityQueue<Line> heads;

    /** {@code logs}: each log's files in chain order (a rotated set oldest first, or the one file). */
    MergedLogs(List<List<Path>> logs, PrintWriter err) throws IOException {
        this(logs, err, false);
    }

    /**
     * {@code newestFirst}: then {@code logs} gives each log's files newest first ({@code <log>},
     * {@code <log>.1} …), each read from its end, and the merge takes the newest entry next — exactly
     * the reverse of the oldest-first order where each log's times never step back.
     */
    MergedLogs(List<List<Path>> logs, PrintWriter err, boolean newestFirst) throws IOException {
        heads = new PriorityQueue<>(newestFirst ? OLDEST_FIRST.reversed() : OLDEST_FIRST);
        for (List<Path> files : logs) {
            Source source = new Source(sources.size(), files.iterator(), err, newestFirst);
            sources.add(source);
            source.next().ifPresent(heads::add);
        }
    }

    /** The next remaining entry across the logs (the oldest, or the newest), or null when all are read. */
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

    /** One log: its files read in turn, each forward or from its end. */
    private static final class Source implements AutoCloseable {
        private final int index;
        private final Iterator<Path> files;
        private final PrintWriter err;
        private final boolean backwards;
        private BufferedReader reader;
        private ReverseLines reverse;
        private Path file;
        private long lineNo;

        Source(int index, Iterator<Path> files, PrintWriter err, boolean backwards) {
            this.index = index;
            this.files = files;
            this.err = err;
            this.backwards = backwards;
        }

        Optional<Line> next() throws IOException {
            while (true) {
                if (reader == null && reverse == null) {
                    if (!files.hasNext()) {
                        return Optional.empty();
                    }
                    file = files.next();
                    if (backwards) {
                        reverse = ReverseLines.open(file, MAX_LINE_BYTES);
                    } else {
                        reader = Files.newBufferedReader(file);
                    }
                    lineNo = 0;
                }
                String text = backwards ? reverse.next() : reader.readLine();
                if (text == null) {
                    close();
                    continue;
                }
                lineNo++;
                JsonNode entry = parse(text);
                if (entry != null && entry.isObject()) {
                    return Optional.of(new Line(entry, text, time(entry), index));
                }
            }
        }

        private JsonNode parse(String text) {
            try {
                return MAPPER.readTree(text);
            } catch (IOException e) {
                err.println("ibac: " + file + " line " + lineNo + (backwards ? " from the end" : "")
                        + " is not JSON; skipped (run audit verify)");
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
                reader = null;
            }
            if (reverse != null) {
                reverse.close();
                reverse = null;
            }
        }
    }
}
