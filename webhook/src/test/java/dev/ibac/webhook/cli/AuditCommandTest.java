package dev.ibac.webhook.cli;

import static dev.ibac.webhook.audit.AuditLogFiles.rotated;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.webhook.audit.AuditLogFiles;
import dev.ibac.webhook.audit.AuditLogs;
import dev.ibac.webhook.audit.HashChainedAuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit query} and {@code audit verify} as an auditor runs them: output and exit codes (SPEC §9). */
class AuditCommandTest {
    @TempDir
    Path dir;
    Path log;
    String recent;

    @BeforeEach
    void writeLog() throws Exception {
        log = dir.resolve("audit.jsonl");
        recent = Instant.now().minusSeconds(600).toString();
        AuditLogs.write(log, HashChainedAuditLog.Rotation.DEFAULT, List.of(
                AuditLogs.entry("a1", "2026-01-05T10:00:00Z", "allow", "shop", "fits the goal"),
                AuditLogs.entry("d2", "2026-01-05T10:01:00Z", "deny", "shop", "deployments \"payments\" is outside mission"),
                AuditLogs.entry("d3", recent, "deny", "lab", "budget exhausted").put("enforced", false)));
    }

    @Test
    void query_prints_a_table_with_one_line_per_entry_and_a_count() {
        CliTest.Run run = CliTest.run("audit", "query", "--log", log.toString());
        assertThat(run.exit()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("TIME").contains("DECISION").contains("STAGE").contains("MISSION").contains("REASON");
        assertThat(lines.get(2)).startsWith("2026-01-05T10:01:00Z").contains("deny ").doesNotContain("not enforced").contains("scope")
                .contains("shop/scale-checkout").contains("CREATE deployments shop/checkout").contains("deployments \"payments\" is outside mission");
        assertThat(lines.get(3)).contains("deny (not enforced)"); // Warn/DryRun: recorded as a denial, but the request went through
        assertThat(lines).hasSize(5).last().isEqualTo("3 entries");
    }

    @Test
    void query_as_json_prints_the_entries_exactly_as_logged() {
        CliTest.Run run = CliTest.run("audit", "query", "--log", log.toString(), "--format", "json");
        assertThat(run.exit()).isZero();
        assertThat(run.out().lines().toList()).isEqualTo(AuditLogs.lines(log));
    }

    @Test
    void each_filter_narrows_the_entries() {
        assertThat(ids("--decision", "deny")).containsExactly("d2", "d3");
        assertThat(ids("--namespace", "lab")).containsExactly("d3");
        assertThat(ids("--mission", "shop/scale-checkout")).containsExactly("a1", "d2");
        assertThat(ids("--agent", "system:serviceaccount:lab:*")).containsExactly("d3");
        assertThat(ids("--since", "2026-01-05T10:00:30Z")).containsExactly("d2", "d3");
        assertThat(ids("--since", "1h")).containsExactly("d3");
        assertThat(ids("--decision", "deny", "--namespace", "shop")).containsExactly("d2");
        assertThat(ids("--namespace", "nowhere")).isEmpty();
    }

    @Test
    void query_reads_the_whole_rotated_set_oldest_first_when_asked() throws Exception {
        Path rotatedLog = dir.resolve("rotated/audit.jsonl");
        AuditLogs.write(rotatedLog, new HashChainedAuditLog.Rotation(2048, 10), entries(9));
        assertThat(rotated(rotatedLog, 2)).exists();
        CliTest.Run all = CliTest.run("audit", "query", "--log", rotatedLog.toString(), "--rotated", "--format", "json");
        assertThat(all.out().lines().map(AuditCommandTest::auditId).toList())
                .containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8");
        CliTest.Run active = CliTest.run("audit", "query", "--log", rotatedLog.toString(), "--format", "json");
        assertThat(active.out().lines().map(AuditCommandTest::auditId).toList()).hasSizeLessThan(9).endsWith("e8");
    }

    @Test
    void query_usage_errors_exit_2_with_a_message() {
        CliTest.Run since = CliTest.run("audit", "query", "--log", log.toString(), "--since", "yesterday");
        assertThat(since.exit()).isEqualTo(2);
        assertThat(since.err()).contains("since must be an RFC 3339 time");
        assertThat(CliTest.run("audit", "query", "--log", log.toString(), "--decision", "maybe").exit()).isEqualTo(2);
        CliTest.Run bareMission = CliTest.run("audit", "query", "--log", log.toString(), "--mission", "scale-checkout");
        assertThat(bareMission.exit()).isEqualTo(2);
        assertThat(bareMission.err()).contains("--mission wants NS/NAME (e.g. shop/scale-checkout), got \"scale-checkout\"");
        assertThat(CliTest.run("audit", "query", "--log", log.toString(), "--format", "xml").exit()).isEqualTo(2);
        CliTest.Run missing = CliTest.run("audit", "query", "--log", dir.resolve("none.jsonl").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
        assertThat(CliTest.run("audit", "query").exit()).isEqualTo(2);
    }

    @Test
    void verify_is_0_for_an_intact_log_and_1_naming_the_file_and_first_altered_line() throws Exception {
        CliTest.Run ok = CliTest.run("audit", "verify", "--log", log.toString());
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).startsWith("ok: 3 entries, chain intact from the genesis hash (64 zeros), last hash ")
                .contains(AuditLogs.line(log, -1).path("hash").asText());
        AuditLogs.edit(log, 1, "\"decision\":\"deny\"", "\"decision\":\"allow\"");
        CliTest.Run tampered = CliTest.run("audit", "verify", "--log", log.toString());
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.out()).startsWith("TAMPERED: " + log + " line 2: hash does not match the entry's content")
                .contains("1 entries before it verify");
    }

    @Test
    void verify_finds_a_removed_entry() throws Exception {
        List<String> lines = AuditLogs.lines(log);
        Files.write(log, List.of(lines.get(0), lines.get(2)));
        CliTest.Run run = CliTest.run("audit", "verify", "--log", log.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("line 2: prevHash does not match");
    }

    @Test
    void verify_rotated_checks_the_set_as_one_chain_and_names_the_rotated_file_that_was_altered() throws Exception {
        Path rotatedLog = dir.resolve("rotated/audit.jsonl");
        AuditLogs.write(rotatedLog, new HashChainedAuditLog.Rotation(2048, 10), entries(9));
        CliTest.Run ok = CliTest.run("audit", "verify", "--log", rotatedLog.toString(), "--rotated");
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).startsWith("ok: 9 entries, chain intact from the genesis hash");
        Path oldest = AuditLogFiles.oldestFirst(rotatedLog).get(0);
        assertThat(oldest).isNotEqualTo(rotated(rotatedLog, 1));
        AuditLogs.edit(oldest, 1, "\"decision\":\"deny\"", "\"decision\":\"allow\"");
        CliTest.Run tampered = CliTest.run("audit", "verify", "--log", rotatedLog.toString(), "--rotated");
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.out()).startsWith("TAMPERED: " + oldest + " line 2: hash does not match");
    }

    @Test
    void a_lone_rotated_file_needs_its_start_hash_and_verify_says_so() throws Exception {
        Path rotatedLog = dir.resolve("rotated/audit.jsonl");
        AuditLogs.write(rotatedLog, new HashChainedAuditLog.Rotation(2048, 10), entries(9));
        CliTest.Run alone = CliTest.run("audit", "verify", "--log", rotatedLog.toString());
        assertThat(alone.exit()).isEqualTo(1);
        assertThat(alone.out()).contains("line 1: prevHash").contains("--rotated or pass --start-hash");
        String start = AuditLogs.line(rotatedLog, 0).path("prevHash").asText();
        CliTest.Run withStart = CliTest.run("audit", "verify", "--log", rotatedLog.toString(), "--start-hash", start);
        assertThat(withStart.exit()).isZero();
        assertThat(withStart.out()).contains("chain intact from " + start);
    }

    @Test
    void verify_says_truncated_with_exit_1_when_the_log_ends_before_its_head_or_the_expected_one() throws Exception {
        String last = dev.ibac.webhook.audit.AuditLogs.line(log, -1).get("hash").asText();
        List<String> lines = java.nio.file.Files.readAllLines(log);
        java.nio.file.Files.write(log, lines.subList(0, lines.size() - 1));
        CliTest.Run run = CliTest.run("audit", "verify", "--log", log.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).startsWith("TRUNCATED:").contains("truncated");
        java.nio.file.Files.delete(dev.ibac.webhook.audit.AuditHead.fileOf(log));
        assertThat(CliTest.run("audit", "verify", "--log", log.toString()).exit()).isZero();
        CliTest.Run expected = CliTest.run("audit", "verify", "--log", log.toString(), "--expect-head", last);
        assertThat(expected.exit()).isEqualTo(1);
        assertThat(expected.out()).contains("truncated").contains(last);
        assertThat(CliTest.run("audit", "verify", "--log", log.toString(), "--expect-head", "xyz").exit()).isEqualTo(2);
        // as a Mission's status shows it (kubectl -o jsonpath='{.status.auditHeads[0]}')
        String shown = "{\"entries\":3,\"lastHash\":\"" + last + "\",\"replica\":\"ibac-0\",\"time\":\"2026-11-23T10:00:05Z\"}";
        CliTest.Run fromStatus = CliTest.run("audit", "verify", "--log", log.toString(), "--expect-head", shown);
        assertThat(fromStatus.exit()).isEqualTo(1);
        assertThat(fromStatus.out()).contains("TRUNCATED").contains(last)
                .contains("note: the expected head is the Mission status head of replica ibac-0, 3 entries, recorded 2026-11-23T10:00:05Z");
        CliTest.Run two = CliTest.run("audit", "verify", "--log", log.toString(), "--expect-head", "[" + shown + "," + shown + "]");
        assertThat(two.exit()).isEqualTo(2);
        assertThat(two.err()).contains("each replica writes its own log");
    }

    @Test
    void verify_reports_a_torn_last_line_as_a_crash_leftover_with_exit_0() throws Exception {
        java.nio.file.Files.writeString(log, "{\"auditId\":\"torn", java.nio.file.StandardOpenOption.APPEND);
        CliTest.Run run = CliTest.run("audit", "verify", "--log", log.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("note:").contains("crash").doesNotContain("TAMPERED");
    }

    @Test
    void verify_usage_errors_exit_2() {
        assertThat(CliTest.run("audit", "verify").exit()).isEqualTo(2);
        assertThat(CliTest.run("audit", "verify", "--log", dir.resolve("none.jsonl").toString()).exit()).isEqualTo(2);
        CliTest.Run badHash = CliTest.run("audit", "verify", "--log", log.toString(), "--start-hash", "abc");
        assertThat(badHash.exit()).isEqualTo(2);
        assertThat(badHash.err()).contains("64 lowercase hex digits");
        assertThat(CliTest.run("audit", "verify", "--log", log.toString(), "--frobnicate").exit()).isEqualTo(2);
    }

    private List<String> ids(String... filters) {
        List<String> args = new java.util.ArrayList<>(List.of("audit", "query", "--log", log.toString(), "--format", "json"));
        args.addAll(List.of(filters));
        CliTest.Run run = CliTest.run(args.toArray(new String[0]));
        assertThat(run.exit()).as(String.join(" ", filters)).isZero();
        return run.out().lines().map(AuditCommandTest::auditId).toList();
    }

    private static String auditId(String line) {
        try {
            return AuditLogs.MAPPER.readTree(line).path("auditId").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<ObjectNode> entries(int count) {
        return IntStream.range(0, count).mapToObj(i -> AuditLogs.entry("e" + i, "2026-11-23T10:00:00Z", "deny", "shop",
                "reason " + i)).toList();
    }
}
