package dev.ibac.webhook.auditor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.webhook.audit.AuditFilter;
import dev.ibac.webhook.audit.AuditLogFiles;
import dev.ibac.webhook.audit.AuditLogs;
import dev.ibac.webhook.audit.HashChainedAuditLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogReaderTest {
    private static final EntryFilter DENIALS = new EntryFilter(new AuditFilter(null, null, "deny", null, null), null);
    @TempDir
    Path dir;

    private static AuditLogReader reader(Path log, int window) {
        return new AuditLogReader(log, window, new AuditAggregates(log, Clock.systemUTC()));
    }

    @Test
    void reads_newest_first_through_the_rotated_files() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        AuditLogs.write(log, new HashChainedAuditLog.Rotation(4096, 10), entries(20));
        assertThat(AuditLogFiles.rotated(log, 2)).exists();
        AuditLogReader.Found found = reader(log, 100).newest(EntryFilter.ALL);
        assertThat(ids(found)).hasSize(20).startsWith("uid-19", "uid-18").endsWith("uid-00");
        assertThat(found.matches()).isEqualTo(20);
        assertThat(found.windowFull()).isFalse();
    }

    @Test
    void gives_the_newest_matches_of_every_kept_entry_up_to_the_limit_and_counts_them_all() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        AuditLogs.write(log, new HashChainedAuditLog.Rotation(4096, 10), entries(20));
        AuditLogReader.Found denials = reader(log, 6).newest(DENIALS, 3);
        assertThat(ids(denials)).containsExactly("uid-19", "uid-17", "uid-15");
        assertThat(denials.matches()).isEqualTo(10);
        assertThat(reader(log, 6).newest(DENIALS).newestFirst()).as("the window bounds the JSON list and the exports").hasSize(6);
        AuditLogReader.Found second = reader(log, 6).newest(DENIALS, 3, 3);
        assertThat(ids(second)).as("the next page").containsExactly("uid-13", "uid-11", "uid-09");
        assertThat(second.matches()).isEqualTo(10);
        assertThat(ids(reader(log, 6).newest(DENIALS, 9, 3))).containsExactly("uid-01");
        EntryFilter prefix = new EntryFilter(new AuditFilter(null, null, "deny", null, null), "uid-1");
        assertThat(ids(reader(log, 6).newest(prefix, 2, 2))).containsExactly("uid-15", "uid-13");
    }

    @Test
    void an_id_prefix_longer_than_the_index_keeps_is_checked_on_the_entry() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        AuditLogs.write(log, HashChainedAuditLog.Rotation.DEFAULT, List.of(
                AuditLogs.entry("7f3c9a1e-0b2d-4c5e-8f90-000000000001", "2026-11-23T10:00:00Z", "deny", "shop", "a"),
                AuditLogs.entry("7f3c9a1e-0b2d-4c5e-8f90-000000000002", "2026-11-23T10:00:01Z", "deny", "shop", "b"),
                AuditLogs.entry("7f3c9a1e-0b2e-0000-0000-000000000003", "2026-11-23T10:00:02Z", "allow", "shop", "c")));
        AuditLogReader reader = reader(log, 100);
        assertThat(ids(reader.newest(new EntryFilter(AuditFilter.ALL, "7f3c9a1e-0b2d"), 10)))
                .containsExactly("7f3c9a1e-0b2d-4c5e-8f90-000000000002", "7f3c9a1e-0b2d-4c5e-8f90-000000000001");
        AuditLogReader.Found one = reader.newest(new EntryFilter(AuditFilter.ALL, "7f3c9a1e-0b2d-4c5e-8f90-000000000001"), 10);
        assertThat(ids(one)).containsExactly("7f3c9a1e-0b2d-4c5e-8f90-000000000001");
        assertThat(one.matches()).isEqualTo(1);
        assertThat(reader.newest(new EntryFilter(AuditFilter.ALL, "7f3c"), 10).matches()).isEqualTo(3);
        AuditLogReader.Found older = reader.newest(new EntryFilter(AuditFilter.ALL, "7f3c9a1e-0b2d-4c5e"), 1, 1);
        assertThat(ids(older)).as("a later page when every candidate is checked").containsExactly("7f3c9a1e-0b2d-4c5e-8f90-000000000001");
        assertThat(older.matches()).isEqualTo(2);
    }

    @Test
    void skips_lines_that_are_not_entries_and_a_line_still_being_written() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        AuditLogs.write(log, HashChainedAuditLog.Rotation.DEFAULT, entries(2));
        Files.writeString(log, "garbage\n[1,2]\n{\"auditId\":\"half", StandardOpenOption.APPEND);
        assertThat(ids(reader(log, 100).newest(EntryFilter.ALL))).containsExactly("uid-01", "uid-00");
    }

    @Test
    void views_while_the_log_rotates_show_every_kept_entry_once_and_a_deleted_file_takes_its_entries_along() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        HashChainedAuditLog.Rotation keepTwo = new HashChainedAuditLog.Rotation(4096, 2);
        AuditLogReader reader = reader(log, 100);
        try (HashChainedAuditLog audit = HashChainedAuditLog.open(log, 16, Clock.systemUTC(), keepTwo)) {
            List<ObjectNode> entries = entries(40);
            for (int i = 0; i < entries.size(); i++) {
                audit.append(entries.get(i));
                audit.flush();
                // the page is viewed while the log rotates: deleted files' inodes go to new files
                assertThat(reader.newest(EntryFilter.ALL).newestFirst().get(0).path("auditId").asText()).isEqualTo("uid-%02d".formatted(i));
            }
        }
        List<String> kept = AuditLogFiles.oldestFirst(log).stream().flatMap(f -> AuditLogs.lines(f).stream())
                .map(line -> line.replaceAll(".*\"auditId\":\"([^\"]+)\".*", "$1")).toList();
        assertThat(kept).as("rotation deleted the oldest files").hasSizeLessThan(40).endsWith("uid-39");
        List<String> newestFirst = new java.util.ArrayList<>(kept);
        java.util.Collections.reverse(newestFirst);
        assertThat(ids(reader.newest(EntryFilter.ALL))).containsExactlyElementsOf(newestFirst);
        assertThat(reader.find("uid-00", e -> e.path("auditId").asText().equals("uid-00"))).isEmpty();
    }

    @Test
    void a_verdict_page_finds_an_old_entry_with_its_neighbours_across_files() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        AuditLogs.write(log, new HashChainedAuditLog.Rotation(4096, 10), entries(20));
        AuditLogReader reader = reader(log, 100);
        for (String id : List.of("uid-00", "uid-07", "uid-19")) {
            Optional<AuditLogReader.Located> found = reader.find(id, e -> id.equals(e.path("auditId").asText()));
            assertThat(found).as(id).isPresent();
            int n = Integer.parseInt(id.substring(4));
            assertThat(found.get().entry().path("auditId").asText()).isEqualTo(id);
            assertThat(idOf(found.get().older())).isEqualTo(n == 0 ? null : "uid-%02d".formatted(n - 1));
            assertThat(idOf(found.get().newer())).isEqualTo(n == 19 ? null : "uid-%02d".formatted(n + 1));
        }
        String hash = AuditLogs.line(AuditLogFiles.oldestFirst(log).get(0), 0).path("hash").asText();
        assertThat(reader.find("uid-00", e -> e.path("hash").asText().equals("0".repeat(64)))).as("the hash must match too").isEmpty();
        assertThat(reader.find("uid-00", e -> e.path("hash").asText().equals(hash))).isPresent();
        assertThat(reader.find("uid-99", e -> true)).isEmpty();
    }

    @Test
    void where_the_index_is_full_an_older_entry_is_still_found_in_the_files() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        AuditLogs.write(log, new HashChainedAuditLog.Rotation(4096, 10), entries(20));
        AuditLogReader reader = new AuditLogReader(log, 100, new AuditAggregates(log, Clock.systemUTC(), new AuditIndex(5)));
        AuditLogReader.Found found = reader.newest(EntryFilter.ALL);
        assertThat(ids(found)).containsExactly("uid-19", "uid-18", "uid-17", "uid-16", "uid-15");
        assertThat(found.windowFull()).as("older kept entries are not indexed").isTrue();
        assertThat(reader.find("uid-02", e -> e.path("auditId").asText().equals("uid-02"))).hasValueSatisfying(
                located -> assertThat(idOf(located.older())).isEqualTo("uid-01"));
    }

    @Test
    void a_missing_log_has_no_entries() throws IOException {
        assertThat(reader(dir.resolve("none.jsonl"), 10).newest(EntryFilter.ALL).newestFirst()).isEmpty();
        assertThat(reader(dir.resolve("none.jsonl"), 10).find("x", e -> true)).isEmpty();
    }

    private static String idOf(JsonNode entry) {
        return entry == null ? null : entry.path("auditId").asText();
    }

    private static List<String> ids(AuditLogReader.Found found) {
        return found.newestFirst().stream().map(e -> e.path("auditId").asText()).toList();
    }

    private static List<ObjectNode> entries(int count) {
        return IntStream.range(0, count).mapToObj(i -> AuditLogs.entry("uid-%02d".formatted(i),
                Instant.parse("2026-11-23T10:00:00Z").plusSeconds(i).toString(), i % 2 == 1 ? "deny" : "allow", "shop", "reason " + i))
                .toList();
    }
}
