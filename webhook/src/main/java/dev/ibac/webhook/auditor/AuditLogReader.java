package dev.ibac.webhook.auditor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/** The newest entries of the audit log that pass a filter, at most {@code limit} of them (bounded memory). */
final class AuditLogReader {
    private final ObjectMapper mapper = new ObjectMapper();
    private final Path log;
    private final int limit;

    AuditLogReader(Path log, int limit) {
        this.log = log;
        this.limit = limit;
    }

    /** Newest first. */
    List<JsonNode> newest(Predicate<JsonNode> filter) throws IOException {
        Deque<JsonNode> kept = new ArrayDeque<>(limit);
        if (!Files.exists(log)) {
            return List.of();
        }
        try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                JsonNode entry = parse(line);
                if (entry != null && filter.test(entry)) {
                    if (kept.size() == limit) {
                        kept.removeFirst();
                    }
                    kept.addLast(entry);
                }
            }
        }
        List<JsonNode> newestFirst = new ArrayList<>(kept);
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    private JsonNode parse(String line) {
        try {
            return mapper.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }
}
