package dev.ibac.webhook.auditor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.webhook.audit.AuditLogFiles;
import dev.ibac.webhook.audit.AuditLogs;
import dev.ibac.webhook.audit.HashChainedAuditLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditAggregatesTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-23T12:30:00Z"), ZoneOffset.UTC);
    private static final HashChainedAuditLog.Rotation SMALL = new HashChainedAuditLog.Rotation(2048, 10);
    @TempDir
    Path dir;

    @Test
    void counts_every_kept_entry_across_rotated_files_and_says_the_chain_holds() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        AuditLogs.write(log, SMALL, entries(0, 12));
        assertThat(AuditLogFiles.oldestFirst(log)).hasSizeGreaterThan(2);
        AuditOverview overview = new AuditAggregates(log, NOW).overview();
        assertThat(overview.entries()).isEqualTo(12);
        assertThat(overview.allowed()).isEqualTo(6);
        assertThat(overview.denied()).isEqualTo(6);
        assertThat(overview.last().auditId()).isEqualTo("uid-11");
        assertThat(overview.chain()).isInstanceOfSatisfying(ChainState.Intact.class, intact -> {
            assertThat(intact.entries()).isEqualTo(12);
            assertThat(intact.lastHash()).isEqualTo(AuditLogs.line(log, -1).path("hash").asText());
        });
    }

    @Test
    void a_refresh_reads_what_was_appended_since_following_the_file_it_stopped_in_through_rotations() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        AuditLogs.write(log, SMALL, entries(0, 2));
        AuditAggregates aggregates = new AuditAggregates(log, NOW);
        assertThat(aggregates.overview().entries()).isEqualTo(2);
        AuditLogs.write(log, SMALL, entries(2, 9)); // the active file rotates to .1, .2, … meanwhile
        AuditOverview after = aggregates.overview();
        assertThat(after.entries()).isEqualTo(9);
        assertThat(after.last().auditId()).isEqualTo("uid-08");
        assertThat(after.chain()).isInstanceOfSatisfying(ChainState.Intact.class, intact -> assertThat(intact.entries()).isEqualTo(9));
        assertThat(aggregates.overview().entries()).as("nothing new: nothing counted twice").isEqualTo(9);
    }

    @Test
    void a_line_still_being_written_counts_once_its_newline_is_there() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        AuditLogs.write(log, HashChainedAuditLog.Rotation.DEFAULT, entries(0, 2));
        String third = AuditLogs.lines(log).get(1); // stands in for a line being written: appended in two parts
        AuditAggregates aggregates = new AuditAggregates(log, NOW);
        aggregates.overview();
        Files.writeString(log, third.substring(0, 40), StandardOpenOption.APPEND);
        assertThat(aggregates.overview().entries()).isEqualTo(2);
        Files.writeString(log, third.substring(40) + "\n", StandardOpenOption.APPEND);
        AuditOverview overview = aggregates.overview();
        assertThat(overview.entries()).isEqualTo(3);
        assertThat(overview.chain()).as("a repeated entry does not chain").isInstanceOf(ChainState.Broken.class);
    }

    @Test
    void an_altered_entry_breaks_the_chain_at_its_file_and_line() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        AuditLogs.write(log, HashChainedAuditLog.Rotation.DEFAULT, entries(0, 5));
        AuditLogs.edit(log, 2, "reason 2", "reason X");
        AuditOverview overview = new AuditAggregates(log, NOW).overview();
        assertThat(overview.chain()).isInstanceOfSatisfying(ChainState.Broken.class, broken -> {
            assertThat(broken.file()).isEqualTo("audit.jsonl");
            assertThat(broken.line()).isEqualTo(3);
            assertThat(broken.intactEntries()).isEqualTo(2);
            assertThat(broken.problem()).contains("altered");
        });
        assertThat(overview.entries()).as("still counted: the banner says the chain breaks").isEqualTo(5);
    }

    @Test
    void a_line_rewritten_into_another_json_form_of_the_same_entry_still_verifies_and_a_duplicate_key_does_not() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        AuditLogs.write(log, HashChainedAuditLog.Rotation.DEFAULT, entries(0, 3));
        AuditLogs.edit(log, 1, "\"decision\":", "\"decision\" : ");
        assertThat(new AuditAggregates(log, NOW).overview().chain()).as("same content: the rule holds")
                .isInstanceOfSatisfying(ChainState.Intact.class, intact -> assertThat(intact.entries()).isEqualTo(3));
        AuditLogs.edit(log, 1, "\"decision\" : ", "\"decision\":\"allow\",\"decision\":");
        assertThat(new AuditAggregates(log, NOW).overview().chain()).isInstanceOfSatisfying(ChainState.Broken.class,
                broken -> assertThat(broken.line()).isEqualTo(2));
    }

    @Test
    void series_hold_the_last_seven_days_by_hour_and_per_mission_spend() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        ObjectNode old = AuditLogs.entry("old", "2026-11-10T12:00:00Z", "allow", "shop", "fits");
        ObjectNode hourAgo = AuditLogs.entry("hour-ago", "2026-11-23T11:10:00Z", "deny", "shop", "outside mission \"shop/a\"");
        ObjectNode now = AuditLogs.entry("now", "2026-11-23T12:05:00Z", "deny", "shop", "outside mission \"shop/b\"");
        now.with("cost").put("tokensUSD", "0.25").put("resourceUSD", "1.00");
        AuditLogs.write(log, HashChainedAuditLog.Rotation.DEFAULT, List.of(old, hourAgo, now));
        AuditOverview overview = new AuditAggregates(log, NOW).overview();
        assertThat(overview.currentHour()).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
        assertThat(overview.deniedByHour()[AuditOverview.HOURS - 1]).isEqualTo(1);
        assertThat(overview.deniedByHour()[AuditOverview.HOURS - 2]).isEqualTo(1);
        assertThat(AuditOverview.lastHours(overview.allowedByHour(), AuditOverview.HOURS)).as("13 days old: outside the series").isZero();
        assertThat(overview.allowed()).as("but counted").isEqualTo(1);
        assertThat(overview.spendByHour()[AuditOverview.HOURS - 1]).isEqualByComparingTo("1.25");
        assertThat(overview.missions().get("shop/scale-checkout").spendByHour()[AuditOverview.HOURS - 1]).isEqualByComparingTo("1.25");
        assertThat(overview.topReasons().get("scope")).singleElement().satisfies(reason -> {
            assertThat(reason.reason()).isEqualTo("outside mission \"…\"");
            assertThat(reason.count()).isEqualTo(2);
        });
    }

    @Test
    void a_file_that_now_holds_other_entries_under_the_same_inode_is_read_from_its_start() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        AuditLogs.write(log, HashChainedAuditLog.Rotation.DEFAULT, entries(0, 2));
        AuditAggregates aggregates = new AuditAggregates(log, NOW);
        assertThat(aggregates.overview().entries()).isEqualTo(2);
        // as when the file we stopped in is deleted and a new one is given its inode: same key, other first line, longer
        Path other = dir.resolve("other.jsonl");
        AuditLogs.write(other, HashChainedAuditLog.Rotation.DEFAULT, entries(10, 15));
        Files.write(log, Files.readAllBytes(other), StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        AuditOverview after = aggregates.overview();
        assertThat(after.entries()).isEqualTo(5);
        assertThat(after.last().auditId()).isEqualTo("uid-14");
        assertThat(after.chain()).isInstanceOf(ChainState.Intact.class);
    }

    @Test
    void a_missing_log_is_an_empty_overview() throws IOException {
        AuditOverview overview = new AuditAggregates(dir.resolve("none.jsonl"), NOW).overview();
        assertThat(overview.entries()).isZero();
        assertThat(overview.chain()).isInstanceOf(ChainState.Empty.class);
        assertThat(overview.last()).isNull();
    }

    private static List<ObjectNode> entries(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> AuditLogs.entry("uid-%02d".formatted(i), "2026-11-23T10:00:00Z",
                i % 2 == 1 ? "deny" : "allow", "shop", "reason " + i)).toList();
    }
}
