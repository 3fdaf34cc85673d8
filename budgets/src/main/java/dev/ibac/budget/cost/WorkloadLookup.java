package dev.ibac.budget.cost;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.action.ResourceId;
import java.util.Optional;

/**
 * Reads the workload behind a {@code /scale} request: the Scale object carries only replica
 * counts, so the pod template that says what one more replica costs must be read from the cluster.
 */
@FunctionalInterface
public interface WorkloadLookup {
    /** The workload as JSON (as the API server returns it), or empty when it cannot be read. */
    Optional<JsonNode> find(ResourceId resource, String namespace, String name);

    /** Embedded mode: no cluster to read from; scale requests are then not charged, and the breakdown says so. */
    WorkloadLookup NONE = (resource, namespace, name) -> Optional.empty();
}
