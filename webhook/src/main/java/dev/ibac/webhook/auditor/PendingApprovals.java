package dev.ibac.webhook.auditor;

import java.time.Instant;
import java.util.List;

/**
 * Actions waiting for a person's approval (SPEC §5a), listed on the overview. The approvals engine
 * implements it; until it is wired, {@link #NONE} has nothing pending.
 */
public interface PendingApprovals {
    PendingApprovals NONE = List::of;

    /** Pending approvals, oldest first; a bounded list (the overview shows every one). */
    List<PendingApproval> pending();

    /**
     * Whether {@code auditor} (the name the authenticator gave) may approve or reject: only then
     * does the overview show the buttons. Nobody by default — reading the audit log is not approving.
     */
    default boolean mayDecide(String auditor) {
        return false;
    }

    /**
     * Approves or rejects one pending approval as {@code auditor}, with an optional reason.
     * IllegalArgumentException says what is wrong (unknown id, already decided); the page shows it.
     */
    default void decide(String id, boolean approve, String auditor, String reason) {
        throw new IllegalArgumentException("approvals are not enabled on this webhook");
    }

    /**
     * {@code action} as the verdict list writes it ("CREATE deployments shop/checkout"), {@code auditId}
     * the audit entry that asked for approval (links to its verdict page), null when there is none.
     */
    record PendingApproval(String id, String mission, String action, String requestedBy, Instant requestedAt, String auditId) {}
}
