package dev.ibac.webhook.auditor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibac.webhook.audit.AuditFilter;
import dev.ibac.webhook.audit.AuditLogFiles;
import dev.ibac.webhook.audit.ReverseLines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The verdict list and the verdict pages, from {@link AuditIndex}: the index (kept by
 * {@link AuditAggregates}' one forward pass) names the lines that match, and only those are read
 * — a positioned read of one line each — and parsed, however large the rotated set. A page costs
 * the scan of the index's columns (microseconds per thousand entries) plus its own rows.
 */
final class AuditLogReader {
    private static final int MAX_LINE_BYTES = 1024 * 1024;
    /** A verdict page parses at most this many entries that share its id's first bytes before it reads the files instead. */
    private static final int MAX_ID_CANDIDATES = 1000;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Path log;
    private final int window;
    private final AuditAggregates aggregates;

    /**
     * What a read found: the newest matches, newest first (at most the limit asked); {@code scanned}
     * entries were looked at; {@code windowFull} when older kept entries were not (the index is
     * full); {@code matches} counts every match, shown or not.
     */
    record Found(List<JsonNode> newestFirst, int scanned, boolean windowFull, long matches) {}

    /** {@code window}: at most how many matches the JSON list and the exports carry. */
    AuditLogReader(Path log, int window, AuditAggregates aggregates) {
        if (window < 1) {
            throw new IllegalArgumentException("the audit window must hold at least one entry");
        }
        this.log = log;
        this.window = window;
        this.aggregates = aggregates;
    }

    int window() {
        return window;
    }

    /** The newest {@link #window()} matches. */
    Found newest(EntryFilter filter) throws IOException {
        return newest(filter, window);
    }

    /** The newest {@code limit} matches of every kept entry, newest first, and how many match in all. */
    Found newest(EntryFilter filter, int limit) throws IOException {
        return newest(filter, 0, limit);
    }

    /** As {@link #newest(EntryFilter, int)}, after the newest {@code skip} matches (a later page of the list). */
    Found newest(EntryFilter filter, long skip, int limit) throws IOException {
        record Asked(List<AuditIndex.Location> places, long total, boolean exact, long size, boolean complete) {}
        Asked asked = aggregates.query(index -> {
            // exact: the candidates after the skipped ones are the rows; otherwise every one is read, to count what really matches
            AuditIndex.Candidates found = index.newest(filter, (int) Math.min(Integer.MAX_VALUE, skip + limit));
            if (!found.exact()) {
                found = index.newest(filter, Integer.MAX_VALUE);
            }
            List<AuditIndex.Location> places = new ArrayList<>();
            for (int i = found.exact() ? (int) Math.min(skip, found.ordinals().length) : 0; i < found.ordinals().length; i++) {
                places.add(index.location(found.ordinals()[i]));
            }
            return new Asked(places, found.total(), found.exact(), index.size(), index.complete());
        });
        List<JsonNode> rows = new ArrayList<>(Math.min(limit, asked.places().size()));
        long confirmed = 0;
        try (Lines lines = new Lines()) {
            for (AuditIndex.Location place : asked.places()) {
                if (asked.exact() && rows.size() >= limit) {
                    break;
                }
                JsonNode entry = lines.entry(place);
                if (entry != null && filter.test(entry)) { // null: rotated away since
                    if (rows.size() < limit && (asked.exact() || confirmed >= skip)) {
                        rows.add(entry);
                    }
                    confirmed++;
                }
            }
        }
        return new Found(rows, (int) asked.size(), !asked.complete(), asked.exact() ? asked.total() : confirmed);
    }

    /** An entry with its neighbours in the chain: {@code older} is the entry before it, {@code newer} the one after (null at the ends). */
    record Located(JsonNode entry, JsonNode older, JsonNode newer) {}

    /**
     * The newest entry that {@code match} accepts, with its neighbours, among every kept file (a
     * verdict page must open however old the denial message is). {@code needle} is the audit id
     * when it is plain text: the index names the few entries whose id starts like it, and only
     * those are read. Without a needle, or where the index does not reach (full), the files are
     * read from their end, parsing only lines that contain the needle.
     */
    Optional<Located> find(String needle, Predicate<JsonNode> match) throws IOException {
        if (needle.isEmpty()) {
            return scanFor(needle, match);
        }
        record Asked(List<AuditIndex.Location[]> places, boolean all) {}
        EntryFilter sameStart = new EntryFilter(AuditFilter.ALL, needle);
        Asked asked = aggregates.query(index -> {
            AuditIndex.Candidates found = index.newest(sameStart, MAX_ID_CANDIDATES);
            List<AuditIndex.Location[]> places = new ArrayList<>();
            for (long ordinal : found.ordinals()) {
                places.add(new AuditIndex.Location[] {index.location(ordinal - 1), index.location(ordinal), index.location(ordinal + 1)});
            }
            return new Asked(places, index.complete() && found.total() == found.ordinals().length);
        });
        try (Lines lines = new Lines()) {
            for (AuditIndex.Location[] place : asked.places()) {
                JsonNode entry = lines.entry(place[1]);
                if (entry != null && match.test(entry)) {
                    return Optional.of(new Located(entry, lines.entry(place[0]), lines.entry(place[2])));
                }
            }
        }
        return asked.all() ? Optional.empty() : scanFor(needle, match);
    }

    /**
     * Lines at the places the index names. A file is found by its key among the kept files, and
     * opened only if the path still names that file once open (a rotation renames files under us).
     */
    private final class Lines implements AutoCloseable {
        private Map<Object, Path> paths;
        private final Map<Object, FileChannel> open = new HashMap<>();

        JsonNode entry(AuditIndex.Location place) throws IOException {
            if (place == null) {
                return null;
            }
            FileChannel channel = channel(place.fileKey());
            return channel == null ? null : parse(lineAt(channel, place.offset()));
        }

        private FileChannel channel(Object fileKey) throws IOException {
            if (open.containsKey(fileKey)) {
                return open.get(fileKey);
            }
            FileChannel channel = null;
            for (int attempt = 0; attempt < 2 && channel == null; attempt++) {
                if (paths == null || attempt > 0) {
                    paths = new HashMap<>();
                    for (Path file : AuditLogFiles.oldestFirst(log)) {
                        paths.put(AuditAggregates.key(file), file);
                    }
                }
                channel = openIfStill(paths.get(fileKey), fileKey);
            }
            open.put(fileKey, channel);
            return channel;
        }

        private FileChannel openIfStill(Path file, Object fileKey) throws IOException {
            if (file == null) {
                return null; // rotated away
            }
            try {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                if (fileKey.equals(AuditAggregates.key(file))) {
                    return channel;
                }
                channel.close();
                return null;
            } catch (NoSuchFileException gone) {
                return null;
            }
        }

        /** The line from {@code offset} to its newline; null when there is none (or it is too long to show). */
        private String lineAt(FileChannel channel, long offset) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(2048);
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            for (long at = offset; line.size() <= MAX_LINE_BYTES; ) {
                int n = channel.read(buffer.clear(), at);
                if (n <= 0) {
                    return null;
                }
                for (int i = 0; i < n; i++) {
                    if (buffer.get(i) == '\n') {
                        line.write(buffer.array(), 0, i);
                        return line.toString(StandardCharsets.UTF_8);
                    }
                }
                line.write(buffer.array(), 0, n);
                at += n;
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            for (FileChannel channel : open.values()) {
                if (channel != null) {
                    channel.close();
                }
            }
        }
    }

    /** The reverse reading of every kept file, for what the index cannot answer. */
    private Optional<Located> scanFor(String needle, Predicate<JsonNode> match) throws IOException {
        String[] newer = {null};
        JsonNode[] found = {null};
        JsonNode[] older = {null};
        // a rotation between listing the files and opening them can list one file twice: skip a file seen
        // before by its key (a rename keeps it), which costs nothing per entry however far back the match is
        Set<Object> files = new HashSet<>();
        for (Path file : AuditLogFiles.newestFirst(log)) {
            Object key = AuditAggregates.key(file);
            if (key != null && !files.add(key)) {
                continue;
            }
            scanLines(file, line -> {
                if (found[0] != null) {
                    older[0] = parse(line);
                    return;
                }
                JsonNode entry = line.contains(needle) ? parse(line) : null;
                if (entry != null && match.test(entry)) {
                    found[0] = entry;
                } else {
                    newer[0] = line;
                }
            }, () -> older[0] != null);
            if (older[0] != null) {
                break;
            }
        }
        return found[0] == null ? Optional.empty()
                : Optional.of(new Located(found[0], older[0], newer[0] == null ? null : parse(newer[0])));
    }

    private void scanLines(Path file, Consumer<String> sink, BooleanSupplier done) throws IOException {
        try (ReverseLines lines = ReverseLines.open(file, MAX_LINE_BYTES)) {
            for (String line = lines.next(); line != null && !done.getAsBoolean(); line = lines.next()) {
                sink.accept(line);
            }
        } catch (NoSuchFileException rotatedAway) {
            // the oldest file was deleted by a rotation while we read: nothing older to look at
        }
    }

    private JsonNode parse(String line) {
        if (line == null) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
