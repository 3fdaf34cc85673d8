package dev.ibac.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code Approval.spec}: what was asked (written by IBAC) and the approver's {@code decision} and
 * {@code reason} (written by the approver, once).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovalSpec(
        String mission,
        Long generation,
        String fingerprint,
        ApprovalAction action,
        List<ApprovalEffect> effects,
        String reasoning,
        String judge,
        String requestedAt,
        String expiresAt,
        String ttl,
        MissionApproval.Approvers approvers,
        AgentRef agent,
        Decision decision,
        String reason) {

    public enum Decision { Approve, Reject }

    public ApprovalSpec {
        effects = effects == null ? List.of() : List.copyOf(effects);
    }

    /** The request that needs approval. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ApprovalAction(String operation, String group, String version, String resource, String subresource,
            String kind, String namespace, String name, String requester, String summary) {}

    /** One effect the judge found (SPEC §7), as the audit entry writes it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ApprovalEffect(String family, String risk, String sentence) {}

    /** This spec with the approver's decision. */
    public ApprovalSpec decided(Decision verdict, String why) {
        return new ApprovalSpec(mission, generation, fingerprint, action, effects, reasoning, judge, requestedAt, expiresAt, ttl,
                approvers, agent, verdict, why);
    }
}
