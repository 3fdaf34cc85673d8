package dev.ibac.webhook.auditor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.webhook.audit.AuditFilter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where every kept audit entry is, and what the verdict list filters on, in primitive columns —
 * so the list and a verdict page read and parse only the lines they show, never a window of the
 * log. Per entry, in blocks of {@value #BLOCK}: the offset of its line, its time (epoch
 * nanoseconds), the first {@value #ID_BYTES} bytes of its audit id, and one id for its (mission,
 * agent, namespace, decision) in a dictionary of such keys: {@value #BYTES_PER_ENTRY} bytes an
 * entry. Its file is known by runs: entries come file after file, so one (file key, first
 * entry) pair per file says which file holds an entry — the key survives the renames of
 * rotation. At most {@value #MAX_ENTRIES} entries (61 MiB; a 100 MiB log holds about 110,000):
 * beyond, the oldest leave the index, which then says it is not {@link #complete()}.
 *
 * <p>It is a conservative pre-filter: a candidate it names may still fail the whole filter (an id
 * query longer than it keeps, a key that did not fit the dictionary), never the other way round;
 * {@link Candidates#exact()} says when its candidates are exactly the matches. Fed by
 * {@link AuditAggregates}' one forward pass over the log (at start, then the appended bytes), and
 * read under the same lock.
 */
final class AuditIndex {
    static final int BLOCK = 8192;
    static final int ID_BYTES = 12;
    static final int BYTES_PER_ENTRY = 8 + 8 + ID_BYTES + 4;
    static final int MAX_ENTRIES = 2_000_000;
    /** Distinct (mission, agent, namespace, decision) kept apart; more share {@link #OTHER_KEY} and are checked by parsing. */
    static final int MAX_KEYS = 16_384;
    static final int OTHER_KEY = -1;

    /** One entry's place: the file's key, as the log files report it, and the offset of its line. */
    record Location(Object fileKey, long offset) {}

    /**
     * What a scan found, newest first: the ordinals of at most {@code limit} candidates, how many
     * candidates there are in all, and whether every candidate is a match ({@code exact}).
     */
    record Candidates(long[] ordinals, long total, boolean exact) {}

    private static final class Block {
        final long[] offset = new long[BLOCK];
        final long[] time = new long[BLOCK];
        final long[] idHead = new long[BLOCK];
        final int[] idTail = new int[BLOCK];
        final int[] key = new int[BLOCK];
    }

    /** The entries of one file, from ordinal {@code from} to the next run's. */
    private record Run(Object fileKey, long from) {}

    /** blocks.get(0) holds ordinals from {@code base}; entries before {@code first} were dropped. */
    private final List<Block> blocks = new ArrayList<>();
    private final List<Run> runs = new ArrayList<>();
    private long base;
    private long first;
    private long end;
    private boolean complete = true;
    private final Map<String, Integer> keyIds = new HashMap<>();
    private final List<ObjectNode> keys = new ArrayList<>();
    private final int maxEntries;

    AuditIndex() {
        this(MAX_ENTRIES);
    }

    AuditIndex(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** Adds the entry whose line starts at {@code offset} of the file with key {@code fileKey}; entries come in chain order. */
    void add(JsonNode entry, Object fileKey, long offset) {
        if (end - first >= maxEntries) {
            dropBefore(first + 1);
            complete = false;
        }
        if (runs.isEmpty() || !runs.get(runs.size() - 1).fileKey().equals(fileKey)) {
            runs.add(new Run(fileKey, end));
        }
        if (end - base == (long) blocks.size() * BLOCK) {
            blocks.add(new Block());
        }
        Block block = block(end);
        int at = slot(end);
        block.offset[at] = offset;
        block.time[at] = nanos(entry.path("time").asText());
        byte[] id = idBytes(entry.path("auditId").asText());
        block.idHead[at] = head(id);
        block.idTail[at] = tail(id);
        block.key[at] = key(entry);
        end++;
    }

    /** Forgets everything: the log is read again from its oldest kept file. */
    void clear() {
        blocks.clear();
        runs.clear();
        base = first = end = 0;
        complete = true;
        keyIds.clear();
        keys.clear();
    }

    /**
     * Drops the entries of the oldest files that are no longer kept (a rotation deleted them).
     * {@code keptOldestFirst}: the keys of the kept files in chain order. A file's key is its inode,
     * which a new file may be given once its old file is deleted — so a file counts as kept only
     * where the indexed files appear in the kept ones in the same order: the new active file that
     * reused the inode of a deleted oldest one is newer than every other, and does not keep its
     * predecessor's entries alive.
     */
    void retain(List<Object> keptOldestFirst) {
        while (!runs.isEmpty() && !inOrderAmong(keptOldestFirst)) {
            dropBefore(runs.size() > 1 ? runs.get(1).from() : end);
        }
    }

    private boolean inOrderAmong(List<Object> kept) {
        int at = -1;
        for (Run run : runs) {
            int found = kept.subList(at + 1, kept.size()).indexOf(run.fileKey());
            if (found < 0) {
                return false;
            }
            at += 1 + found;
        }
        return true;
    }

    /** True when the index reaches back to the oldest kept entry: a miss is then a miss in the log too. */
    boolean complete() {
        return complete;
    }

    long size() {
        return end - first;
    }

    /** Where entry {@code ordinal} is; null when it is not (or no longer) indexed. */
    Location location(long ordinal) {
        if (ordinal < first || ordinal >= end) {
            return null;
        }
        int run = runs.size() - 1;
        while (runs.get(run).from() > ordinal) {
            run--; // a handful of files: the newest are searched first, as pages mostly want them
        }
        return new Location(runs.get(run).fileKey(), block(ordinal).offset[slot(ordinal)]);
    }

    /** Candidates for {@code filter}, newest first; at most {@code limit} are named, all are counted. */
    Candidates newest(EntryFilter filter, int limit) {
        AuditFilter fields = filter.fields();
        AuditFilter keyFilter = new AuditFilter(fields.mission(), fields.agent(), fields.decision(), fields.namespace(), null);
        boolean[] keyMatches = new boolean[keys.size()];
        for (int i = 0; i < keyMatches.length; i++) {
            keyMatches[i] = keyFilter.test(keys.get(i));
        }
        long since = fields.since() == null ? Long.MIN_VALUE : nanos(fields.since());
        String prefix = filter.idPrefix() == null ? "" : filter.idPrefix();
        // an id of ASCII (UIDs are) compares byte for byte; anything else is left to the whole filter
        boolean ascii = prefix.chars().allMatch(c -> c > 0 && c < 0x80);
        byte[] id = ascii ? idBytes(prefix) : new byte[0];
        long headMask = id.length == 0 ? 0 : id.length >= 8 ? -1L : -1L << (8 * (8 - id.length));
        int tailMask = id.length <= 8 ? 0 : id.length >= ID_BYTES ? -1 : -1 << (8 * (ID_BYTES - id.length));
        long wantHead = head(id);
        int wantTail = tail(id);
        long[] ordinals = new long[(int) Math.min(limit, size())];
        long total = 0;
        boolean otherKeys = false;
        for (long ordinal = end - 1; ordinal >= first; ordinal--) {
            Block block = block(ordinal);
            int slot = slot(ordinal);
            int key = block.key[slot];
            if ((key == OTHER_KEY || keyMatches[key]) && block.time[slot] >= since && (block.idHead[slot] & headMask) == wantHead
                    && (block.idTail[slot] & tailMask) == wantTail) {
                otherKeys |= key == OTHER_KEY;
                if (total < ordinals.length) {
                    ordinals[(int) total] = ordinal;
                }
                total++;
            }
        }
        return new Candidates(total < ordinals.length ? Arrays.copyOf(ordinals, (int) total) : ordinals, total,
                ascii && prefix.length() <= ID_BYTES && !otherKeys);
    }

    private void dropBefore(long ordinal) {
        first = Math.max(first, Math.min(ordinal, end));
        while (!blocks.isEmpty() && first - base >= BLOCK) {
            blocks.remove(0);
            base += BLOCK;
        }
        while (runs.size() > 1 && runs.get(1).from() <= first) {
            runs.remove(0);
        }
        if (first == end) {
            runs.clear();
        }
    }

    private Block block(long ordinal) {
        return blocks.get((int) ((ordinal - base) / BLOCK));
    }

    private int slot(long ordinal) {
        return (int) ((ordinal - base) % BLOCK);
    }

    /** The entry's (mission, agent, namespace, decision) as the filter reads them, one dictionary id for each distinct four. */
    private int key(JsonNode entry) {
        JsonNode mission = entry.get("mission");
        JsonNode agent = entry.at("/agent/username");
        JsonNode namespace = entry.get("namespace");
        JsonNode decision = entry.get("decision");
        String text = text(mission) + '\u0000' + text(agent) + '\u0000' + text(namespace) + '\u0000' + text(decision);
        Integer known = keyIds.get(text);
        if (known != null) {
            return known;
        }
        if (keys.size() >= MAX_KEYS) {
            return OTHER_KEY;
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (mission != null) {
            node.set("mission", mission);
        }
        if (!agent.isMissingNode()) {
            node.putObject("agent").set("username", agent);
        }
        if (namespace != null) {
            node.set("namespace", namespace);
        }
        if (decision != null) {
            node.set("decision", decision);
        }
        keys.add(node);
        keyIds.put(text, keys.size() - 1);
        return keys.size() - 1;
    }

    /** A field's JSON text; "" when absent (JSON null is "null": the filter tells them apart too). */
    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() ? "" : node.toString();
    }

    /** As {@link AuditFilter} reads a time: unparseable is the epoch. */
    private static long nanos(String time) {
        try {
            return nanos(Instant.parse(time));
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    private static long nanos(Instant time) {
        try {
            return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
        } catch (ArithmeticException beyondYear2262) {
            return time.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static byte[] idBytes(String id) {
        byte[] all = id.getBytes(StandardCharsets.UTF_8);
        return all.length <= ID_BYTES ? all : Arrays.copyOf(all, ID_BYTES);
    }

    /** Bytes 0..7, big-endian, zeros after the end. */
    private static long head(byte[] id) {
        long head = 0;
        for (int i = 0; i < 8; i++) {
            head = (head << 8) | (i < id.length ? id[i] & 0xff : 0);
        }
        return head;
    }

    /** Bytes 8..11, big-endian, zeros after the end. */
    private static int tail(byte[] id) {
        int tail = 0;
        for (int i = 8; i < ID_BYTES; i++) {
            tail = (tail << 8) | (i < id.length ? id[i] & 0xff : 0);
        }
        return tail;
    }
}
