package dev.ibac.webhook.audit;

import static dev.ibac.webhook.audit.AuditLogFiles.rotated;
import static dev.ibac.webhook.audit.AuditLogs.line;
import static dev.ibac.webhook.audit.AuditLogs.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Size-based rotation: {@code <log>} → {@code <log>.1} → … with one hash chain across the files. */
class AuditLogRotationTest {
    @TempDir
    Path dir;
    Path log;
    /** Bytes of one entry line; every entry of these tests has the same length. */
    long entryBytes;

    @BeforeEach
    void measureOneEntry() throws IOException {
        Path scratch = dir.resolve("scratch/audit.jsonl");
        AuditLogs.write(scratch, HashChainedAuditLog.Rotation.DEFAULT, entries(1));
        entryBytes = Files.size(scratch);
        log = dir.resolve("audit.jsonl");
    }

    @Test
    void a_file_may_reach_the_limit_and_rotates_when_the_next_entry_would_pass_it() throws IOException {
        HashChainedAuditLog.Rotation threeEntries = new HashChainedAuditLog.Rotation(3 * entryBytes, 5);
        AuditLogs.write(log, threeEntries, entries(3));
        assertThat(Files.size(log)).isEqualTo(3 * entryBytes);
        assertThat(rotated(log, 1)).doesNotExist();

        AuditLogs.write(log, threeEntries, entries(3, 1));
        assertThat(lines(rotated(log, 1))).hasSize(3);
        assertThat(lines(log)).hasSize(1);
        assertThat(line(log, 0).path("auditId").asText()).isEqualTo("uid-03");
    }

    @Test
    void the_first_entry_of_a_new_file_chains_from_the_last_entry_of_the_previous_one() throws IOException {
        AuditLogs.write(log, new HashChainedAuditLog.Rotation(3 * entryBytes, 5), entries(7));
        assertThat(line(log, 0).path("prevHash").asText()).isEqualTo(line(rotated(log, 1), -1).path("hash").asText());
        assertThat(line(rotated(log, 1), 0).path("prevHash").asText()).isEqualTo(line(rotated(log, 2), -1).path("hash").asText());
        assertThat(line(rotated(log, 2), 0).path("prevHash").asText()).isEqualTo(AuditChain.GENESIS);
    }

    @Test
    void the_rotated_set_verifies_as_one_chain_from_the_genesis_hash() throws IOException {
        AuditLogs.write(log, new HashChainedAuditLog.Rotation(3 * entryBytes, 5), entries(10));
        AuditVerifier.Result set = new AuditVerifier().verifyRotated(log, AuditChain.GENESIS);
        assertThat(set.intact()).isTrue();
        assertThat(set.entries()).isEqualTo(10);
        assertThat(set.lastHash()).isEqualTo(line(log, -1).path("hash").asText());
        assertThat(new AuditVerifier().verify(log, AuditChain.GENESIS).intact())
                .as("the active file alone does not start at the genesis hash").isFalse();
        assertThat(new AuditVerifier().verify(log, line(log, 0).path("prevHash").asText()).intact()).isTrue();
    }

    @Test
    void only_keep_rotated_files_are_kept_and_the_set_then_starts_where_the_oldest_kept_file_says() throws IOException {
        AuditLogs.write(log, new HashChainedAuditLog.Rotation(3 * entryBytes, 2), entries(12));
        assertThat(AuditLogFiles.oldestFirst(log)).containsExactly(rotated(log, 2), rotated(log, 1), log);
        assertThat(line(rotated(log, 2), 0).path("auditId").asText()).isEqualTo("uid-03");

        AuditVerifier.Result trusting = new AuditVerifier().verifyRotated(log, null);
        assertThat(trusting.intact()).isTrue();
        assertThat(trusting.entries()).isEqualTo(9);
        assertThat(trusting.startHash()).isEqualTo(line(rotated(log, 2), 0).path("prevHash").asText()).isNotEqualTo(AuditChain.GENESIS);

        AuditVerifier.Result fromGenesis = new AuditVerifier().verifyRotated(log, AuditChain.GENESIS);
        assertThat(fromGenesis.intact()).isFalse();
        assertThat(fromGenesis.file()).isEqualTo(rotated(log, 2));
        assertThat(fromGenesis.firstBadLine()).isEqualTo(1);
    }

    @Test
    void tampering_in_a_rotated_file_is_named_with_file_and_line() throws IOException {
        AuditLogs.write(log, new HashChainedAuditLog.Rotation(3 * entryBytes, 5), entries(9));
        AuditLogs.edit(rotated(log, 2), 1, "\"decision\":\"deny\"", "\"decision\":\"allow\"");
        AuditVerifier.Result result = new AuditVerifier().verifyRotated(log, null);
        assertThat(result.intact()).isFalse();
        assertThat(result.file()).isEqualTo(rotated(log, 2));
        assertThat(result.firstBadLine()).isEqualTo(2);
        assertThat(result.entries()).isEqualTo(1);
        assertThat(result.problem()).contains("altered");
    }

    @Test
    void a_rotated_file_removed_from_the_middle_of_the_set_breaks_the_chain_where_it_was() throws IOException {
        AuditLogs.write(log, new HashChainedAuditLog.Rotation(3 * entryBytes, 5), entries(10));
        Files.delete(rotated(log, 2));
        AuditVerifier.Result result = new AuditVerifier().verifyRotated(log, null);
        assertThat(result.intact()).isFalse();
        assertThat(result.file()).isEqualTo(rotated(log, 1));
        assertThat(result.firstBadLine()).isEqualTo(1);
        assertThat(result.problem()).contains("rotated file before this one is missing");
    }

    @Test
    void a_restart_right_after_a_rotation_continues_the_chain_from_the_rotated_file() throws IOException {
        HashChainedAuditLog.Rotation threeEntries = new HashChainedAuditLog.Rotation(3 * entryBytes, 5);
        AuditLogs.write(log, threeEntries, entries(3));
        // a crash between moving the full file aside and writing the next entry
        Files.move(log, rotated(log, 1));
        Files.createFile(log);
        AuditLogs.write(log, threeEntries, entries(3, 2));
        assertThat(line(log, 0).path("prevHash").asText()).isEqualTo(line(rotated(log, 1), -1).path("hash").asText());
        assertThat(new AuditVerifier().verifyRotated(log, AuditChain.GENESIS).intact()).isTrue();
    }

    @Test
    void a_rotation_policy_must_keep_at_least_one_file_of_a_sensible_size() {
        assertThatThrownBy(() -> new HashChainedAuditLog.Rotation(100, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HashChainedAuditLog.Rotation(1 << 20, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<ObjectNode> entries(int count) {
        return entries(0, count);
    }

    private static List<ObjectNode> entries(int first, int count) {
        return IntStream.range(first, first + count).mapToObj(i -> AuditLogs.entry("uid-%02d".formatted(i),
                "2026-11-23T10:00:00Z", "deny", "shop", "x".repeat(300))).toList();
    }
}
