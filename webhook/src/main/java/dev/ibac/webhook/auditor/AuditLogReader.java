package dev.ibac.webhook.auditor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibac.webhook.audit.AuditLogFiles;
import dev.ibac.webhook.audit.ReverseLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads the newest entries of the audit log from its end — the active file, then {@code <log>.1},
 * {@code <log>.2} … — looking at no more than {@code window} entries, so a page view costs the same
 * however large the log has grown. Older history is {@code audit query --rotated}'s job.
 */
final class AuditLogReader {
    private static final int MAX_LINE_BYTES = 1024 * 1024;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Path log;
    private final int window;

    /** What a read found: the matches, newest first; {@code windowFull} when older entries were not looked at. */
    record Found(List<JsonNode> newestFirst, int scanned, boolean windowFull) {}

    AuditLogReader(Path log, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the audit window must hold at least one entry");
        }
        this.log = log;
        this.window = window;
    }

    int window() {
        return window;
    }

    Found newest(Predicate<JsonNode> filter) throws IOException {
        List<JsonNode> matches = new ArrayList<>();
        // a rotation between listing the files and opening them can show one file twice
        Set<String> seen = new HashSet<>();
        int scanned = 0;
        for (Path file : AuditLogFiles.newestFirst(log)) {
            scanned += scan(file, window - scanned, entry -> {
                String hash = entry.path("hash").asText("");
                if ((hash.isEmpty() || seen.add(hash)) && filter.test(entry)) {
                    matches.add(entry);
                }
            });
            if (scanned >= window) {
                break;
            }
        }
        return new Found(matches, scanned, scanned >= window);
    }

    /** An entry with its neighbours in the chain: {@code older} is the entry before it, {@code newer} the one after (null at the ends). */
    record Located(JsonNode entry, JsonNode older, JsonNode newer) {}

    /**
     * The newest entry that {@code match} accepts, with its neighbours, looking through every kept
     * file (not only the window: a verdict page must open however old the denial message is). Only
     * lines containing {@code needle} are parsed — a text search is what keeps a look through
     * 100 MiB from costing a JSON parse per line; pass "" when the match has no plain text to look for.
     */
    Optional<Located> find(String needle, Predicate<JsonNode> match) throws IOException {
        String[] newer = {null};
        JsonNode[] found = {null};
        JsonNode[] older = {null};
        // a rotation between listing the files and opening them can list one file twice: skip a file seen
        // before by its key (a rename keeps it), which costs nothing per entry however far back the match is
        Set<Object> files = new HashSet<>();
        for (Path file : AuditLogFiles.newestFirst(log)) {
            Object key = fileKey(file);
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

    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    /** Reads at most {@code budget} entries of one file from its end; returns how many it read. */
    private int scan(Path file, int budget, Consumer<JsonNode> sink) throws IOException {
        int read = 0;
        try (ReverseLines lines = ReverseLines.open(file, MAX_LINE_BYTES)) {
            for (String line = lines.next(); line != null && read < budget; line = lines.next()) {
                read++;
                JsonNode entry = parse(line);
                if (entry != null) {
                    sink.accept(entry);
                }
            }
        } catch (NoSuchFileException rotatedAway) {
            // the oldest file was deleted by a rotation while we read: nothing older to show
        }
        return read;
    }

    private JsonNode parse(String line) {
        try {
            JsonNode node = mapper.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
