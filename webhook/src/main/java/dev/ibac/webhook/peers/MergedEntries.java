package dev.ibac.webhook.peers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Every replica's entries merged newest first, and each replica's state (this one first). */
public record MergedEntries(List<JsonNode> newestFirst, List<ReplicaState> replicas) {
    public MergedEntries {
        newestFirst = List.copyOf(newestFirst);
        replicas = List.copyOf(replicas);
    }

    /** "ibac-1 (connection refused), ibac-2 (…)": the replicas whose entries are missing from the view. */
    public String notAnswering() {
        return String.join(", ", replicas.stream().filter(r -> !r.answered()).map(r -> r.replica() + " (" + r.problem() + ")").toList());
    }
}
