package dev.ibac.webhook.peers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One replica's part of a merged view: whether it answered, how many entries it gave, the hash of
 * its newest one (its chain's head as far as the view reaches: compare with {@code audit verify} of
 * that replica's log), whether those entries link up, and, when it did not answer, why — so a
 * missing replica is named, never silently dropped.
 *
 * @param chain how the entries link: {@link #LINKED}, a break named by audit id, {@link #FILTERED}
 *     (a filtered view skips entries, so links cannot be checked), or null when it did not answer
 */
public record ReplicaState(String replica, boolean answered, int entries, String newestHash, String chain, String problem) {
    public static final String LINKED = "linked";
    public static final String FILTERED = "not checked in a filtered view";

    /** {@code newestFirst}: what the replica answered; {@code filtered}: whether the view was narrowed. */
    static ReplicaState answered(String replica, List<JsonNode> newestFirst, boolean filtered) {
        String newest = newestFirst.isEmpty() ? null : newestFirst.get(0).path("hash").asText(null);
        return new ReplicaState(replica, true, newestFirst.size(), newest, filtered ? FILTERED : links(newestFirst), null);
    }

    static ReplicaState silent(String replica, String problem) {
        return new ReplicaState(replica, false, 0, null, null, problem);
    }

    /**
     * Every entry's prevHash must be the hash of the one before it (the next in this newest-first
     * list). A full check of every hash is {@code audit verify}'s; this shows at a glance that the
     * newest entries of each replica form one unbroken chain.
     */
    private static String links(List<JsonNode> newestFirst) {
        for (int i = 0; i + 1 < newestFirst.size(); i++) {
            String prev = newestFirst.get(i).path("prevHash").asText("");
            if (!prev.equals(newestFirst.get(i + 1).path("hash").asText())) {
                return "broken: " + newestFirst.get(i).path("auditId").asText("?") + " does not follow "
                        + newestFirst.get(i + 1).path("auditId").asText("?") + " (run audit verify on this replica's log)";
            }
        }
        return LINKED;
    }
}
