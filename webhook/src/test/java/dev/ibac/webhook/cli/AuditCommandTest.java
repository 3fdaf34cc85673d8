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
    void several_logs_or_a_folder_of_replicas_verify_each_chain_separately() throws Exception {
        Path zero = dir.resolve("replicas/ibac-0/audit.jsonl");
        Path one = dir.resolve("replicas/ibac-1/audit.jsonl");
        AuditLogs.write(zero, HashChainedAuditLog.Rotation.DEFAULT, List.of(AuditLogs.entry("z1", "2026-01-05T10:00:00Z", "allow", "shop", "r")));
        AuditLogs.write(one, HashChainedAuditLog.Rotation.DEFAULT, List.of(AuditLogs.entry("o1", "2026-01-05T10:00:01Z", "allow", "shop", "r"),
                AuditLogs.entry("o2", "2026-01-05T10:00:02Z", "deny", "shop", "r")));
        CliTest.Run folder = CliTest.run("audit", "verify", "--log", dir.resolve("replicas").toString());
        assertThat(folder.exit()).as(folder.out()).isZero();
        // each chain starts at the genesis hash: they are verified apart, never as one
        assertThat(folder.out().lines().toList()).containsExactly(
                "ok: " + zero + ": 1 entries, chain intact from the genesis hash (64 zeros), last hash " + AuditLogs.line(zero, -1).path("hash").asText(),
                "ok: " + one + ": 2 entries, chain intact from the genesis hash (64 zeros), last hash " + AuditLogs.line(one, -1).path("hash").asText(),
                "2 chains verified separately: 2 intact");
        AuditLogs.edit(one, 1, "\"decision\":\"deny\"", "\"decision\":\"allow\"");
        CliTest.Run tampered = CliTest.run("audit", "verify", "--log", zero.toString(), "--log", one.toString());
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.out()).contains("ok: " + zero + ": 1 entries").contains("TAMPERED: " + one + " line 2: hash does not match")
                .contains("2 chains verified separately: 1 intact, 1 not");
        CliTest.Run pinned = CliTest.run("audit", "verify", "--log", zero.toString(), "--log", one.toString(), "--start-hash", "0".repeat(64));
        assertThat(pinned.exit()).isEqualTo(2);
        assertThat(pinned.err()).contains("--start-hash pins one chain");
        CliTest.Run empty = CliTest.run("audit", "verify", "--log", Files.createDirectories(dir.resolve("empty")).toString());
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("a folder with no audit log (*.jsonl) in it");
    }

    @Test
    void query_over_several_logs_merges_them_by_time() throws Exception {
        Path other = dir.resolve("ibac-1.jsonl");
        AuditLogs.write(other, HashChainedAuditLog.Rotation.DEFAULT, List.of(
                AuditLogs.entry("o1", "2026-01-05T10:00:30Z", "deny", "shop", "r"),
                AuditLogs.entry("o2", "2026-01-05T10:00:30Z", "allow", "shop", "r"),
                AuditLogs.entry("o3", "2026-01-05T10:02:00Z", "deny", "shop", "r")));
        CliTest.Run run = CliTest.run("audit", "query", "--log", log.toString(), "--log", other.toString(), "--format", "json");
        assertThat(run.exit()).isZero();
        assertThat(run.out().lines().map(AuditCommandTest::auditId).toList()).containsExactly("a1", "o1", "o2", "d2", "o3", "d3");
        CliTest.Run denied = CliTest.run("audit", "query", "--log", dir.toString(), "--decision", "deny");
        assertThat(denied.exit()).isZero();
        assertThat(denied.out()).endsWith("4 entries" + System.lineSeparator());
    }

    @Test
    void each_log_of_several_is_checked_against_its_own_head() throws Exception {
        Path zero = dir.resolve("replicas/ibac-0/audit.jsonl");
        Path one = dir.resolve("replicas/ibac-1/audit.jsonl");
        AuditLogs.write(zero, HashChainedAuditLog.Rotation.DEFAULT, List.of(AuditLogs.entry("z1", "2026-01-05T10:00:00Z", "allow", "shop", "r")));
        AuditLogs.write(one, HashChainedAuditLog.Rotation.DEFAULT, List.of(AuditLogs.entry("o1", "2026-01-05T10:00:01Z", "allow", "shop", "r"),
                AuditLogs.entry("o2", "2026-01-05T10:00:02Z", "deny", "shop", "r")));
        List<String> lines = Files.readAllLines(one);
        Files.write(one, lines.subList(0, 1)); // ibac-1's last entry cut off; its head still says 2
        CliTest.Run run = CliTest.run("audit", "verify", "--log", dir.resolve("replicas").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("ok: " + zero + ": 1 entries").contains("TRUNCATED: " + one + ": ")
                .contains("2 chains verified separately: 1 intact, 1 not");
        CliTest.Run pinned = CliTest.run("audit", "verify", "--log", zero.toString(), "--log", one.toString(), "--expect-head", "0".repeat(64));
        assertThat(pinned.exit()).isEqualTo(2);
        assertThat(pinned.err()).contains("--expect-head pins one chain");
    }

    @Test
    void reverse_prints_newest_first_for_one_log_a_rotated_set_and_several_merged_logs() throws Exception {
        assertThat(ids("--reverse")).containsExactly("d3", "d2", "a1");
        assertThat(ids("--reverse", "--decision", "deny")).containsExactly("d3", "d2");
        CliTest.Run table = CliTest.run("audit", "query", "--log", log.toString(), "--reverse");
        List<String> rows = table.out().lines().toList();
        assertThat(rows.get(0)).startsWith("TIME");
        assertThat(rows.get(1)).startsWith(recent.replaceFirst("\\.\\d+Z$", "Z"));
        assertThat(rows).last().isEqualTo("3 entries");

        Path rotatedLog = dir.resolve("rotated/audit.jsonl");
        AuditLogs.write(rotatedLog, new HashChainedAuditLog.Rotation(2048, 10), entries(9));
        CliTest.Run all = CliTest.run("audit", "query", "--log", rotatedLog.toString(), "--rotated", "--reverse", "--format", "json");
        assertThat(all.out().lines().map(AuditCommandTest::auditId).toList())
                .containsExactly("e8", "e7", "e6", "e5", "e4", "e3", "e2", "e1", "e0");

        Path other = dir.resolve("ibac-1.jsonl");
        AuditLogs.write(other, HashChainedAuditLog.Rotation.DEFAULT, List.of(
                AuditLogs.entry("o1", "2026-01-05T10:00:30Z", "deny", "shop", "r"),
                AuditLogs.entry("o2", "2026-01-05T10:00:30Z", "allow", "shop", "r"),
                AuditLogs.entry("o3", "2026-01-05T10:02:00Z", "deny", "shop", "r")));
        CliTest.Run merged = CliTest.run("audit", "query", "--log", log.toString(), "--log", other.toString(), "--reverse", "--format", "json");
        assertThat(merged.exit()).isZero();
        // exactly the oldest-first merge reversed: each log's own order (o2 after o1, same time) reversed too
        assertThat(merged.out().lines().map(AuditCommandTest::auditId).toList()).containsExactly("d3", "o3", "d2", "o2", "o1", "a1");
        CliTest.Run forward = CliTest.run("audit", "query", "--log", log.toString(), "--log", other.toString(), "--format", "json");
        List<String> reversed = new java.util.ArrayList<>(forward.out().lines().toList());
        java.util.Collections.reverse(reversed);
        assertThat(merged.out().lines().toList()).isEqualTo(reversed);
        assertThat(CliTest.run("audit", "query", "--help").out()).contains("--reverse").contains("newest first").contains("oldest first");
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
