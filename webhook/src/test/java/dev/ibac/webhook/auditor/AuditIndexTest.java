package dev.ibac.webhook.auditor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.webhook.audit.AuditFilter;
import dev.ibac.webhook.audit.AuditLogs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The index is a pre-filter: never a match missed; exactly the matches whenever it says so. */
class AuditIndexTest {
    private static final List<String> NAMESPACES = List.of("shop", "lab", "payments");
    private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");

    @Test
    void its_candidates_hold_every_match_of_the_whole_filter_and_are_the_matches_when_exact() {
        Random random = new Random(15);
        List<ObjectNode> entries = new ArrayList<>();
        AuditIndex index = new AuditIndex();
        for (int i = 0; i < 3000; i++) {
            ObjectNode entry = entry(random, i);
            entries.add(entry);
            index.add(entry, "file-" + i / 1000, i * 1000L);
        }
        for (int round = 0; round < 400; round++) {
            EntryFilter filter = filter(random, entries);
            AuditIndex.Candidates found = index.newest(filter, Integer.MAX_VALUE);
            List<Long> matches = new ArrayList<>();
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (filter.test(entries.get(i))) {
                    matches.add((long) i);
                }
            }
            List<Long> candidates = new ArrayList<>();
            for (long ordinal : found.ordinals()) {
                candidates.add(ordinal);
            }
            assertThat(candidates).as(filter.toString()).containsAll(matches).isSortedAccordingTo((a, b) -> Long.compare(b, a));
            assertThat(found.total()).isEqualTo(candidates.size());
            if (found.exact()) {
                assertThat(candidates).as(filter.toString()).isEqualTo(matches);
            }
        }
    }

    @Test
    void an_id_prefix_up_to_twelve_ascii_characters_is_exact_and_a_longer_one_is_checked_on_the_entry() {
        AuditIndex index = new AuditIndex();
        List<String> ids = List.of("7f3c9a1e-0b2d-4c5e", "7f3c9a1e-0b2d-ffff", "7f3c9a1e-0b2e", "7f3", "", "7f3c9a1e-0b2d");
        for (int i = 0; i < ids.size(); i++) {
            ObjectNode entry = AuditLogs.entry(ids.get(i), "2026-11-23T10:00:00Z", "allow", "shop", "r");
            index.add(entry, "f", i);
        }
        for (String prefix : List.of("7", "7f3c", "7f3c9a1e", "7f3c9a1e-", "7f3c9a1e-0b2", "7f3c9a1e-0b2d", "7f3c9a1e-0b2d-4",
                "7f3c9a1e-0b2d-4c5e", "x", "7f3c9a1e-0b2d-4c5e-and-more")) {
            AuditIndex.Candidates found = index.newest(new EntryFilter(AuditFilter.ALL, prefix), 100);
            long matches = ids.stream().filter(id -> id.startsWith(prefix)).count();
            assertThat(found.exact()).as(prefix).isEqualTo(prefix.length() <= AuditIndex.ID_BYTES);
            if (found.exact()) {
                assertThat(found.total()).as(prefix).isEqualTo(matches);
            } else {
                assertThat(found.total()).as(prefix).isGreaterThanOrEqualTo(matches);
            }
        }
        assertThat(index.newest(new EntryFilter(AuditFilter.ALL, "7f3c9a1é"), 100).exact()).as("not ASCII").isFalse();
    }

    @Test
    void the_oldest_entries_leave_when_it_is_full_or_their_file_is_deleted() {
        AuditIndex index = new AuditIndex(5);
        for (int i = 0; i < 8; i++) {
            index.add(AuditLogs.entry("uid-" + i, "2026-11-23T10:00:00Z", "allow", "shop", "r"), "file-" + i / 3, i * 100L);
        }
        assertThat(index.size()).isEqualTo(5);
        assertThat(index.complete()).isFalse();
        assertThat(index.location(2)).isNull();
        assertThat(index.location(3)).isEqualTo(new AuditIndex.Location("file-1", 300));
        assertThat(index.location(7)).isEqualTo(new AuditIndex.Location("file-2", 700));
        index.retain(List.of("file-2"));
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.location(5)).isNull();
        assertThat(index.newest(EntryFilter.ALL, 10).ordinals()).containsExactly(7, 6);
        index.retain(List.of());
        assertThat(index.size()).isZero();
        index.add(AuditLogs.entry("uid-8", "2026-11-23T10:00:00Z", "allow", "shop", "r"), "file-3", 0);
        assertThat(index.location(8)).isEqualTo(new AuditIndex.Location("file-3", 0));
    }

    @Test
    void a_new_file_given_the_inode_of_a_deleted_one_does_not_keep_its_entries() {
        AuditIndex index = new AuditIndex();
        for (int i = 0; i < 6; i++) {
            index.add(AuditLogs.entry("uid-" + i, "2026-11-23T10:00:00Z", "allow", "shop", "r"), "inode-" + i / 2, i * 100L);
        }
        // rotation deleted the oldest file (inode-0); the new active file was given its inode
        index.retain(List.of("inode-1", "inode-2", "inode-0"));
        assertThat(index.newest(EntryFilter.ALL, 10).ordinals()).containsExactly(5, 4, 3, 2);
        index.retain(List.of("inode-1", "inode-empty", "inode-2", "inode-0"));
        assertThat(index.size()).as("a file without entries in between").isEqualTo(4);
    }

    @Test
    void keys_beyond_the_dictionary_are_candidates_for_every_filter_and_make_it_inexact() {
        AuditIndex index = new AuditIndex();
        for (int i = 0; i <= AuditIndex.MAX_KEYS; i++) {
            index.add(AuditLogs.entry("uid-" + i, "2026-11-23T10:00:00Z", "allow", "ns-" + i, "r"), "f", i);
        }
        EntryFilter last = new EntryFilter(new AuditFilter(null, null, null, "ns-" + AuditIndex.MAX_KEYS, null), null);
        AuditIndex.Candidates found = index.newest(last, 10);
        assertThat(found.exact()).isFalse();
        assertThat(found.ordinals()).startsWith(AuditIndex.MAX_KEYS);
        EntryFilter first = new EntryFilter(new AuditFilter(null, null, null, "ns-0", null), null);
        assertThat(index.newest(first, 10).ordinals()).containsExactly(AuditIndex.MAX_KEYS, 0);
    }

    private static ObjectNode entry(Random random, int i) {
        String namespace = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
        String time = random.nextInt(50) == 0 ? "not a time" : START.plusSeconds(random.nextInt(7 * 86400)).plusNanos(random.nextInt(1000)).toString();
        ObjectNode entry = AuditLogs.entry(Integer.toHexString(random.nextInt(1 << 16)) + "-" + i, time,
                random.nextBoolean() ? "allow" : "deny", namespace, "reason");
        switch (random.nextInt(12)) {
            case 0 -> entry.putNull("mission");
            case 1 -> entry.remove("mission");
            case 2 -> entry.remove("agent");
            case 3 -> entry.put("agent", "not an object");
            case 4 -> entry.remove("namespace");
            default -> { }
        }
        return entry;
    }

    private static EntryFilter filter(Random random, List<ObjectNode> entries) {
        ObjectNode sample = entries.get(random.nextInt(entries.size()));
        String mission = random.nextInt(3) == 0 ? sample.path("mission").asText(null) : null;
        String agent = switch (random.nextInt(4)) {
            case 0 -> sample.at("/agent/username").asText();
            case 1 -> "system:serviceaccount:*:shop-*";
            default -> null;
        };
        String decision = random.nextInt(3) == 0 ? (random.nextBoolean() ? "allow" : "deny") : null;
        String namespace = random.nextInt(3) == 0 ? sample.path("namespace").asText() : null;
        Instant since = random.nextInt(3) == 0 ? START.plusSeconds(random.nextInt(7 * 86400)).plusNanos(random.nextInt(1000)) : null;
        String id = sample.path("auditId").asText();
        String prefix = random.nextInt(3) == 0 ? id.substring(0, random.nextInt(id.length() + 1)) : null;
        return new EntryFilter(new AuditFilter(mission, agent, decision, namespace, since), prefix);
    }
}
