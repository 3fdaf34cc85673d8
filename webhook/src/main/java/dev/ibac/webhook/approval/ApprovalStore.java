package dev.ibac.webhook.approval;

import dev.ibac.crd.Approval;
import dev.ibac.crd.ApprovalStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where Approvals live (SPEC §5a): files in {@code --state} (embedded, {@link FileApprovalStore}) or
 * Approval custom resources in the mission's namespace (cluster, {@link KubernetesApprovalStore}).
 * Writes are compare-and-swap on {@code metadata.resourceVersion}, so a CLI decision, an approvals
 * webhook and the server using an approval up cannot overwrite one another.
 */
public interface ApprovalStore extends AutoCloseable {
    /** Every approval the store holds, any state, newest first. */
    List<Approval> all();

    /** Every approval of one namespace, any state. */
    default List<Approval> inNamespace(String namespace) {
        return all().stream().filter(a -> namespace.equals(a.getMetadata().getNamespace())).toList();
    }

    /** The approval named {@code id}; {@code namespace} null searches every namespace. */
    Optional<Approval> find(String namespace, String id);

    /** The approvals of one fingerprint (mission generation + normalised action) in a namespace. */
    List<Approval> withFingerprint(String namespace, String fingerprint);

    /** Stores a new approval; false when one with its id exists already (another writer was first). */
    boolean create(Approval approval);

    /**
     * Replaces {@code current} by {@code next} (spec and status) unless it changed since
     * {@code current} was read; false on such a conflict.
     */
    boolean replace(Approval current, Approval next);

    /** Pending approvals as of {@code now}, oldest first: what the auditor page lists. */
    default List<Approval> pending(Instant now) {
        return all().stream().filter(a -> a.state(now) == ApprovalStatus.State.Pending)
                .sorted(Comparator.comparing(a -> a.getSpec().requestedAt())).toList();
    }

    @Override
    default void close() {}
}
