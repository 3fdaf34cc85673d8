package dev.ibac.webhook.auditor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.webhook.audit.AuditFilter;
import dev.ibac.webhook.audit.AuditLogFiles;
import dev.ibac.webhook.audit.AuditLogs;
import dev.ibac.webhook.audit.HashChainedAuditLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogReaderTest {
    @TempDir
    Path dir;

    @Test
    void reads_newest_first_through_the_rotated_files() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        AuditLogs.write(log, new HashChainedAuditLog.Rotation(4096, 10), entries(20));
        assertThat(AuditLogFiles.rotated(log, 2)).exists();
        AuditLogReader.Found found = new AuditLogReader(log, 100).newest(AuditFilter.ALL);
        assertThat(ids(found)).hasSize(20).startsWith("uid-19", "uid-18").endsWith("uid-00");
        assertThat(found.windowFull()).isFalse();
    }

    @Test
    void looks_at_no_more_than_the_window_of_newest_entries() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        AuditLogs.write(log, new HashChainedAuditLog.Rotation(4096, 10), entries(20));
        AuditLogReader.Found denials = new AuditLogReader(log, 6).newest(new AuditFilter(null, null, "deny", null, null));
        assertThat(ids(denials)).containsExactly("uid-19", "uid-17", "uid-15");
        assertThat(denials.scanned()).isEqualTo(6);
        assertThat(denials.windowFull()).isTrue();
    }

    @Test
    void skips_lines_that_are_not_entries_and_a_line_still_being_written() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        AuditLogs.write(log, HashChainedAuditLog.Rotation.DEFAULT, entries(2));
        Files.writeString(log, "garbage\n[1,2]\n{\"auditId\":\"half", StandardOpenOption.APPEND);
        assertThat(ids(new AuditLogReader(log, 100).newest(AuditFilter.ALL))).containsExactly("uid-01", "uid-00");
    }

    @Test
    void a_file_seen_twice_during_a_rotation_shows_its_entries_once() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        AuditLogs.write(log, HashChainedAuditLog.Rotation.DEFAULT, entries(3));
        Files.copy(log, AuditLogFiles.rotated(log, 1));
        assertThat(ids(new AuditLogReader(log, 100).newest(AuditFilter.ALL))).containsExactly("uid-02", "uid-01", "uid-00");
    }

    @Test
    void a_missing_log_has_no_entries() throws IOException {
        assertThat(new AuditLogReader(dir.resolve("none.jsonl"), 10).newest(AuditFilter.ALL).newestFirst()).isEmpty();
    }

    private static List<String> ids(AuditLogReader.Found found) {
        return found.newestFirst().stream().map(e -> e.path("auditId").asText()).toList();
    }

    private static List<ObjectNode> entries(int count) {
        return IntStream.range(0, count).mapToObj(i -> AuditLogs.entry("uid-%02d".formatted(i), "2026-11-23T10:00:00Z",
                i % 2 == 1 ? "deny" : "allow", "shop", "reason " + i)).toList();
    }
}
