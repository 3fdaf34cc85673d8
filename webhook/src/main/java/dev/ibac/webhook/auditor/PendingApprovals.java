package dev.ibac.webhook.auditor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Actions waiting for a person's approval (SPEC §5a), listed on the overview, and deciding them
 * from it. The approvals engine implements it (in the wiring); {@link #NONE} has nothing pending.
 */
public interface PendingApprovals {
    PendingApprovals NONE = who -> List.of();

    /**
     * Pending approvals, oldest first, a bounded list (the overview shows every one), each saying
     * whether {@code who} may approve or reject it — the approvals engine's own rule (the mission's
     * approvers, never its agent), so the buttons show exactly where a decision would be accepted.
     */
    List<PendingApproval> pending(Auditor who);

    /**
     * Approves or rejects approval {@code id} as {@code who}, with an optional reason.
     * {@code bearerToken} is the auditor's own credential: cluster mode writes the decision to the
     * API server with it, so the cluster's RBAC and IBAC's approvals webhook judge the auditor, not IBAC.
     */
    default Outcome decide(String id, boolean approve, Auditor who, String bearerToken, String reason) {
        return new Outcome(Outcome.Kind.NOT_FOUND, "approvals are not enabled on this webhook");
    }

    /** Where approval {@code id} stands now, in one sentence (shown after a decision); empty when there is no such approval. */
    default Optional<String> describe(String id) {
        return Optional.empty();
    }

    /**
     * {@code action} as the verdict list writes it ("CREATE deployments shop/checkout"), {@code auditId}
     * the audit entry that asked for approval (links to its verdict page), null when there is none;
     * {@code mayDecide}: the auditor this list was made for may approve or reject it.
     */
    record PendingApproval(String id, String mission, String action, String requestedBy, Instant requestedAt, String auditId,
            boolean mayDecide) {}

    /** What a decision came to: done, or why not (one line the page shows, with the status it answers). */
    record Outcome(Kind kind, String message) {
        public enum Kind {
            /** Decided: the page redirects to the overview, which says so. */
            DECIDED(303),
            /** This auditor may not decide it (not an approver, the mission's agent, or the API server's RBAC says no). */
            FORBIDDEN(403),
            /** No such approval. */
            NOT_FOUND(404),
            /** Decided, used or expired already, or changed while it was being decided. */
            CONFLICT(409),
            /** The store could not be reached. */
            UNAVAILABLE(503);

            public final int status;

            Kind(int status) {
                this.status = status;
            }
        }
    }
}
