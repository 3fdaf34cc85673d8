package dev.ibac.crd;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code Approval.status}: written by IBAC only — who decided, until when it holds, which request used it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovalStatus(
        State state,
        String decidedBy,
        String decidedAt,
        String reason,
        String approvedUntil,
        String usedAt,
        String usedBy) {

    public enum State { Pending, Approved, Rejected, Expired }

    public static final ApprovalStatus PENDING = new ApprovalStatus(State.Pending, null, null, null, null, null, null);

    public ApprovalStatus used(String at, String auditId) {
        return new ApprovalStatus(state, decidedBy, decidedAt, reason, approvedUntil, at, auditId);
    }
}
