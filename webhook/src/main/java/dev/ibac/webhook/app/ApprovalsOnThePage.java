package dev.ibac.webhook.app;

import dev.ibac.crd.Approval;
import dev.ibac.crd.ApprovalSpec;
import dev.ibac.crd.ApprovalSpec.ApprovalAction;
import dev.ibac.webhook.approval.ApprovalDecisions;
import dev.ibac.webhook.approval.ApprovalStore;
import dev.ibac.webhook.approval.DeciderRecorder;
import dev.ibac.webhook.approval.KubernetesApprovalStore;
import dev.ibac.webhook.auditor.Auditor;
import dev.ibac.webhook.auditor.PendingApprovals;
import dev.ibac.webhook.auditor.PendingApprovals.Outcome.Kind;
import dev.ibac.webhook.cluster.ClusterConnection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The approval store's pending approvals on the auditor overview (SPEC §5a), and the overview's
 * Approve/Reject: who may decide is {@link ApprovalDecisions#refusal} — the rule of the CLI and of
 * the approvals webhook, on the authenticated auditor's username and groups — and a decision is
 * written as {@code ibac approve|reject} writes it in the mode: embedded, into the files of
 * {@code --state}; cluster, {@code spec.decision} of the Approval resource set with the auditor's
 * own token (their RBAC, IBAC's approvals webhook), the decider then recorded in its status.
 */
final class ApprovalsOnThePage implements PendingApprovals {
    /** The overview shows every pending approval; more than this many is a backlog to clear in the CLI. */
    static final int MAX_SHOWN = 200;

    /** Writes a decision the page has found allowed; the mode's way, as the CLI does it. */
    interface Writer {
        Outcome write(Approval approval, ApprovalSpec.Decision decision, ApprovalDecisions.Decider decider, String bearerToken,
                String reason, Instant now);
    }

    private final ApprovalStore store;
    private final Clock clock;
    private final Writer writer;

    ApprovalsOnThePage(ApprovalStore store, Clock clock, Writer writer) {
        this.store = store;
        this.clock = clock;
        this.writer = writer;
    }

    /** Embedded mode: the files in --state, written under the store's lock (the CLI's {@code ApprovalDecisions.decide}). */
    static ApprovalsOnThePage embedded(ApprovalStore files, Clock clock) {
        return new ApprovalsOnThePage(files, clock, (approval, decision, decider, token, reason, now) ->
                ApprovalDecisions.decide(files, null, approval.id(), decision, decider, reason, now)
                        instanceof ApprovalDecisions.Result.Refused refused
                        ? new Outcome(Kind.CONFLICT, refused.message()) // allowed a moment ago: someone else decided first
                        : new Outcome(Kind.DECIDED, approval.id()));
    }

    /**
     * Cluster mode: {@code spec.decision} written as the auditor (a client with their token, not
     * IBAC's account), so the API server's RBAC and the approvals webhook judge them as they would
     * {@code ibac approve}; the decider — the TokenReview of that same token — is then recorded in
     * the status through {@code deciders}, as the approvals webhook does.
     */
    static ApprovalsOnThePage cluster(ApprovalStore resources, KubernetesClient cluster, DeciderRecorder deciders, Clock clock) {
        return new ApprovalsOnThePage(resources, clock, (approval, decision, decider, token, reason, now) -> {
            try (KubernetesClient asAuditor = ClusterConnection.asUser(cluster, token)) {
                Approval stored = new KubernetesApprovalStore(asAuditor).decide(approval.getMetadata().getNamespace(), approval.id(),
                        decision, reason);
                deciders.record(stored, decider, now);
                return new Outcome(Kind.DECIDED, approval.id());
            } catch (KubernetesClientException e) {
                String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
                Kind kind = switch (e.getCode()) {
                    case 401, 403 -> Kind.FORBIDDEN;
                    case 404 -> Kind.NOT_FOUND;
                    case 409 -> Kind.CONFLICT;
                    default -> Kind.UNAVAILABLE;
                };
                return new Outcome(kind, "the API server refused the decision: " + message);
            }
        });
    }

    @Override
    public List<PendingApproval> pending(Auditor who) {
        Instant now = clock.instant();
        ApprovalDecisions.Decider decider = decider(who);
        return store.pending(now).stream().limit(MAX_SHOWN).map(a -> shown(a, ApprovalDecisions.refusal(a, decider, null, now).isEmpty()))
                .toList();
    }

    @Override
    public Outcome decide(String id, boolean approve, Auditor who, String bearerToken, String reasonGiven) {
        Instant now = clock.instant();
        String reason = reasonGiven == null || reasonGiven.isBlank() ? null : reasonGiven;
        Optional<Approval> found;
        try {
            found = store.find(null, id);
        } catch (RuntimeException e) {
            return new Outcome(Kind.UNAVAILABLE, "the approval store failed (" + e.getMessage() + "); try again");
        }
        if (found.isEmpty()) {
            return new Outcome(Kind.NOT_FOUND, "no approval " + id + "; the overview lists the pending ones");
        }
        ApprovalDecisions.Decider decider = decider(who);
        Optional<String> refused = ApprovalDecisions.refusal(found.get(), decider, reason, now);
        if (refused.isPresent()) {
            // the rule checks who decides first, then the approval's state: a refusal of its state is a conflict, not a person's
            boolean ofState = refused.equals(ApprovalDecisions.refusalOfState(found.get(), now));
            return new Outcome(ofState ? Kind.CONFLICT : Kind.FORBIDDEN, refused.get());
        }
        return writer.write(found.get(), approve ? ApprovalSpec.Decision.Approve : ApprovalSpec.Decision.Reject, decider, bearerToken,
                reason, now);
    }

    @Override
    public Optional<String> describe(String id) {
        try {
            return store.find(null, id).map(a -> ApprovalDecisions.describe(a, clock.instant()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static ApprovalDecisions.Decider decider(Auditor who) {
        return new ApprovalDecisions.Decider(who.username(), who.groups());
    }

    private static PendingApproval shown(Approval approval, boolean mayDecide) {
        ApprovalAction action = approval.getSpec().action();
        String what = action == null ? "" : action.summary();
        String who = action == null ? "" : action.requester();
        return new PendingApproval(approval.id(), approval.missionKey(), what, who, requested(approval.getSpec().requestedAt()), null,
                mayDecide);
    }

    private static Instant requested(String time) {
        try {
            return time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
