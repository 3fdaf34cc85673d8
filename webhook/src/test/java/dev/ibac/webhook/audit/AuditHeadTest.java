package dev.ibac.webhook.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durable appends and the chain head beside the log (issue #13): truncation is detectable, a torn line is not tampering. */
class AuditHeadTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    @TempDir
    Path dir;

    private Path log() {
        return dir.resolve("audit.jsonl");
    }

    private static ObjectNode entry(String id) {
        return AuditLogs.entry(id, "2026-11-23T10:00:00Z", "allow", "shop", "ok");
    }

    /** Appends without flush(): each future alone says when the entry is on disk. */
    private List<CompletableFuture<Void>> append(HashChainedAuditLog audit, int n) {
        List<CompletableFuture<Void>> written = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            written.add(audit.append(entry("uid-" + i)));
        }
        return written;
    }

    @Test
    void an_appended_entry_is_on_disk_when_its_future_completes_and_the_head_follows() throws Exception {
        try (HashChainedAuditLog audit = HashChainedAuditLog.open(log(), 100, CLOCK)) {
            List<CompletableFuture<Void>> written = append(audit, 50);
            CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(AuditLogs.lines(log())).hasSize(50);
            assertThat(audit.head().entries()).isEqualTo(50);
            assertThat(audit.head().lastHash()).isEqualTo(AuditLogs.line(log(), -1).get("hash").asText());
        }
        AuditHead head = AuditHead.read(log()).orElseThrow();
        assertThat(head.entries()).isEqualTo(50);
        assertThat(head.startHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(head.lastHash()).isEqualTo(AuditLogs.line(log(), -1).get("hash").asText());
    }

    @Test
    void cutting_the_last_lines_is_reported_as_truncated_while_the_chain_itself_is_intact() throws Exception {
        AuditLogs.write(log(), HashChainedAuditLog.Rotation.DEFAULT, List.of(entry("a"), entry("b"), entry("c"), entry("d")));
        List<String> lines = AuditLogs.lines(log());
        Files.write(log(), lines.subList(0, 2));
        AuditVerifier.Result result = new AuditVerifier().verify(log(), AuditChain.GENESIS);
        assertThat(result.intact()).isFalse();
        assertThat(result.truncated()).isTrue();
        assertThat(result.entries()).isEqualTo(2);
        assertThat(result.problem()).contains("truncated: the log holds 2 entries but its head records 4");
    }

    @Test
    void the_server_refuses_to_start_on_a_log_shorter_than_its_head() throws Exception {
        AuditLogs.write(log(), HashChainedAuditLog.Rotation.DEFAULT, List.of(entry("a"), entry("b"), entry("c")));
        Files.write(log(), AuditLogs.lines(log()).subList(0, 1));
        assertThatThrownBy(() -> HashChainedAuditLog.open(log(), 10, CLOCK)).isInstanceOf(IOException.class)
                .hasMessageContaining("truncated").hasMessageContaining("audit verify");
    }

    @Test
    void cutting_lines_and_appending_a_forged_continuation_is_caught_at_the_head_position() throws Exception {
        AuditLogs.write(log(), HashChainedAuditLog.Rotation.DEFAULT, List.of(entry("a"), entry("b"), entry("c")));
        AuditHead before = AuditHead.read(log()).orElseThrow();
        Path other = dir.resolve("forged.jsonl");
        AuditLogs.write(other, HashChainedAuditLog.Rotation.DEFAULT, List.of(entry("a"), entry("x"), entry("y"), entry("z")));
        Files.copy(other, log(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(AuditHead.fileOf(log()), "{\"entries\":" + before.entries() + ",\"lastHash\":\"" + before.lastHash()
                + "\",\"startHash\":\"" + before.startHash() + "\"}");
        AuditVerifier.Result result = new AuditVerifier().verify(log(), AuditChain.GENESIS);
        assertThat(result.truncated()).isTrue();
        assertThat(result.problem()).contains("entry 3 has hash");
    }

    @Test
    void expect_head_checks_against_a_head_kept_elsewhere() throws Exception {
        AuditLogs.write(log(), HashChainedAuditLog.Rotation.DEFAULT, List.of(entry("a"), entry("b"), entry("c")));
        String second = AuditLogs.line(log(), 1).get("hash").asText();
        String last = AuditLogs.line(log(), 2).get("hash").asText();
        Files.delete(AuditHead.fileOf(log())); // the attacker removed the head beside the log too
        Files.write(log(), AuditLogs.lines(log()).subList(0, 2));
        AuditVerifier verifier = new AuditVerifier();
        assertThat(verifier.verify(log(), AuditChain.GENESIS, second).intact()).isTrue();
        AuditVerifier.Result cut = verifier.verify(log(), AuditChain.GENESIS, last);
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.problem()).contains("without reaching the expected head " + last);
        assertThat(verifier.verifyRotated(log(), null, last).truncated()).isTrue();
    }

    @Test
    void a_torn_last_line_is_a_crash_leftover_not_tampering() throws Exception {
        AuditLogs.write(log(), HashChainedAuditLog.Rotation.DEFAULT, List.of(entry("a"), entry("b")));
        Files.writeString(log(), "{\"time\":\"2026-11-23T10:00:01Z\",\"auditId\":\"c\",\"deci", StandardOpenOption.APPEND);
        AuditVerifier.Result result = new AuditVerifier().verify(log(), AuditChain.GENESIS);
        assertThat(result.intact()).isTrue();
        assertThat(result.entries()).isEqualTo(2);
        assertThat(result.note()).contains("cut short by a crash, not tampering");
    }

    @Test
    void a_head_left_from_before_a_rotation_is_not_a_finding() throws Exception {
        HashChainedAuditLog.Rotation small = new HashChainedAuditLog.Rotation(2048, 3);
        List<ObjectNode> entries = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            entries.add(entry("uid-" + i));
        }
        AuditLogs.write(log(), small, entries);
        assertThat(Files.exists(AuditLogFiles.rotated(log(), 1))).isTrue();
        assertThat(new AuditVerifier().verifyRotated(log(), null).intact()).isTrue();
        // a crash right after a rotation: the head still describes the file now named <log>.1
        AuditHead head = AuditHead.read(log()).orElseThrow();
        String rotatedLast = AuditLogs.line(AuditLogFiles.rotated(log(), 1), -1).get("hash").asText();
        Files.writeString(AuditHead.fileOf(log()), "{\"entries\":99,\"lastHash\":\"" + rotatedLast + "\",\"startHash\":\"" + "1".repeat(64) + "\"}");
        assertThat(head.startHash()).isEqualTo(rotatedLast);
        assertThat(new AuditVerifier().verifyRotated(log(), null).intact()).isTrue();
        HashChainedAuditLog.open(log(), 10, CLOCK, small).close();
    }
}
