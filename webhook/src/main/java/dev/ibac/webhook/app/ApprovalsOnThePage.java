package dev.ibac.webhook.app;

import dev.ibac.crd.Approval;
import dev.ibac.crd.ApprovalSpec.ApprovalAction;
import dev.ibac.webhook.approval.ApprovalStore;
import dev.ibac.webhook.auditor.PendingApprovals;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The approval store's pending approvals, as the auditor overview lists them (SPEC §5a: "pending
 * approvals are listed on the auditor page"). Read-only: deciding stays with `ibac approve|reject`
 * and the approvals webhook, which check the approvers (the page knows only the auditor's name).
 */
final class ApprovalsOnThePage implements PendingApprovals {
    /** The overview shows every pending approval; more than this many is a backlog to clear in the CLI. */
    static final int MAX_SHOWN = 200;

    private final ApprovalStore store;
    private final Clock clock;

    ApprovalsOnThePage(ApprovalStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public List<PendingApproval> pending() {
        return store.pending(clock.instant()).stream().limit(MAX_SHOWN).map(ApprovalsOnThePage::shown).toList();
    }

    private static PendingApproval shown(Approval approval) {
        ApprovalAction action = approval.getSpec().action();
        String what = action == null ? "" : action.summary();
        String who = action == null ? "" : action.requester();
        return new PendingApproval(approval.id(), approval.missionKey(), what, who, requested(approval.getSpec().requestedAt()), null);
    }

    private static Instant requested(String time) {
        try {
            return time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
