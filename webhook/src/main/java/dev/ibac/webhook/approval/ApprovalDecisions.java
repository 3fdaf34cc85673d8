package dev.ibac.webhook.approval;

import dev.ibac.crd.AgentRef;
import dev.ibac.crd.Approval;
import dev.ibac.crd.ApprovalSpec;
import dev.ibac.crd.ApprovalStatus;
import dev.ibac.crd.MissionApproval;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who may decide an approval, and what deciding writes (SPEC §5a): only identities the mission's
 * {@code spec.approval.approvers} lists, never its agent; once; before it expires. Shared by the
 * embedded CLI, the cluster CLI and the approvals webhook, so all three refuse the same things
 * with the same one-line message.
 */
public final class ApprovalDecisions {
    static final int REASON_LIMIT = 1024;

    private ApprovalDecisions() {}

    /** Who decides: a username and the groups it belongs to. */
    public record Decider(String username, List<String> groups) {
        public Decider {
            groups = groups == null ? List.of() : List.copyOf(groups);
        }
    }

    /** What deciding came to: the approval as stored now, or why not (one line, for exit code 1). */
    public sealed interface Result {
        record Decided(Approval approval) implements Result {}

        record Refused(String message) implements Result {}
    }

    /**
     * Decides approval {@code id} in {@code store} (embedded mode: the store is the truth, the CLI
     * writes it). {@code namespace} null accepts any; otherwise an approval of another namespace's
     * mission is refused by name.
     */
    public static Result decide(ApprovalStore store, String namespace, String id, ApprovalSpec.Decision decision,
            Decider decider, String reason, Instant now) {
        Optional<Approval> found = store.find(null, id);
        if (found.isEmpty()) {
            return new Result.Refused("no approval " + id + (namespace == null ? "" : " in namespace " + namespace)
                    + "; \"ibac approvals list\" shows them");
        }
        Approval current = found.get();
        if (namespace != null && !namespace.equals(current.getMetadata().getNamespace())) {
            return new Result.Refused("approval " + id + " belongs to mission " + current.missionKey() + ", not to namespace "
                    + namespace);
        }
        Optional<String> refused = refusal(current, decider, reason, now);
        if (refused.isPresent()) {
            return new Result.Refused(refused.get());
        }
        Approval next = decided(current, decision, decider, reason, now);
        return store.replace(current, next) ? new Result.Decided(next)
                : new Result.Refused("approval " + id + " changed while it was being decided; run the command again");
    }

    /** Why {@code decider} may not decide {@code approval} now; empty when it may. */
    public static Optional<String> refusal(Approval approval, Decider decider, String reason, Instant now) {
        String id = approval.id();
        if (decider.username() == null || decider.username().isBlank()) {
            return Optional.of("approval " + id + ": the decider has no name");
        }
        if (isAgent(approval, decider)) {
            return Optional.of(decider.username() + " acts as an agent of mission " + approval.missionKey()
                    + ": an agent never decides its own approvals");
        }
        MissionApproval.Approvers approvers = approval.getSpec().approvers() == null
                ? new MissionApproval.Approvers(null, null) : approval.getSpec().approvers();
        if (!approvers.lists(decider.username(), decider.groups())) {
            return Optional.of(decider.username() + " is not an approver of mission " + approval.missionKey()
                    + " (spec.approval.approvers: " + HowToApprove.describe(approvers) + ")");
        }
        if (reason != null && reason.length() > REASON_LIMIT) {
            return Optional.of("--reason is " + reason.length() + " characters; at most " + REASON_LIMIT);
        }
        return refusalOfState(approval, now);
    }

    /** Decided, used or expired approvals are final. */
    public static Optional<String> refusalOfState(Approval approval, Instant now) {
        ApprovalStatus status = approval.getStatus();
        return switch (approval.state(now)) {
            case Pending -> Optional.empty();
            case Approved, Rejected -> Optional.of("approval " + approval.id() + " was already " + status.state().name()
                    .toLowerCase() + " by " + status.decidedBy() + " at " + status.decidedAt() + ": a decision is final");
            case Expired -> Optional.of("approval " + approval.id() + " expired at " + (status != null && status.approvedUntil()
                    != null ? status.approvedUntil() : approval.getSpec().expiresAt())
                    + ": the agent's next identical request asks for a new one");
        };
    }

    /** The approval with the decision written into spec and status; an approval holds for the mission's ttl. */
    public static Approval decided(Approval current, ApprovalSpec.Decision decision, Decider decider, String reason, Instant now) {
        Approval next = Approvals.copy(current);
        next.setSpec(current.getSpec().decided(decision, reason));
        boolean approve = decision == ApprovalSpec.Decision.Approve;
        String until = approve ? now.plus(ttl(current)).toString() : null;
        next.setStatus(new ApprovalStatus(approve ? ApprovalStatus.State.Approved : ApprovalStatus.State.Rejected,
                decider.username(), now.toString(), reason, until, null, null));
        return next;
    }

    /**
     * Where an approval stands, in one sentence for the one who just decided it (the CLI's answer,
     * the auditor page's notice): "approved ap-… (UPDATE deployments shop/checkout) by alice: the
     * agent's next identical request until … is admitted once".
     */
    public static String describe(Approval approval, Instant now) {
        String what = approval.id() + " (" + (approval.getSpec().action() == null ? "?" : approval.getSpec().action().summary()) + ")";
        ApprovalStatus status = approval.getStatus();
        return switch (approval.state(now)) {
            case Approved -> "approved " + what + " by " + status.decidedBy() + (approval.used() ? "; used by request " + status.usedBy()
                    : ": the agent's next identical request until " + status.approvedUntil() + " is admitted once");
            case Rejected -> "rejected " + what + " by " + status.decidedBy() + ": the agent's retries are denied";
            case Expired -> "approval " + what + " expired";
            case Pending -> approval.getSpec().decision() == null ? "approval " + what + " is pending"
                    : approval.getSpec().decision() + " of " + what + " is written; IBAC's approvals webhook records who decided";
        };
    }

    private static java.time.Duration ttl(Approval approval) {
        try {
            return new MissionApproval(null, approval.getSpec().ttl()).ttlOrDefault();
        } catch (IllegalArgumentException e) {
            return MissionApproval.DEFAULT_TTL;
        }
    }

    private static boolean isAgent(Approval approval, Decider decider) {
        String user = decider.username();
        if (approval.getSpec().action() != null && user.equals(approval.getSpec().action().requester())) {
            return true;
        }
        AgentRef agent = approval.getSpec().agent();
        return agent != null && (agent.usernames().contains(user)
                || user.equals(agent.serviceAccountUsername(approval.getMetadata().getNamespace()))
                || decider.groups().stream().anyMatch(agent.groups()::contains));
    }
}
