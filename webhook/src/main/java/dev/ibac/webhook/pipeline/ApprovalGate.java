package dev.ibac.webhook.pipeline;

import dev.ibac.action.Action;
import dev.ibac.crd.Mission;
import dev.ibac.judge.Effect;
import dev.ibac.judge.JudgeVerdict;
import java.util.List;

/**
 * The approval stage's port (SPEC §5a): for an uncertain verdict under {@code onUncertain: Approve},
 * the approval of this exact action — used up when it admits, asked for when there is none.
 * Implemented in {@code webhook.approval}.
 */
public interface ApprovalGate {
    Outcome consult(Mission mission, Action action, List<Effect> effects, JudgeVerdict verdict);

    /** What the approval stage found. */
    sealed interface Outcome {
        /** An approver approved this action; this request used the approval up. */
        record Approved(String id, String by) implements Outcome {}

        /** Waiting for an approver; {@code howToApprove} says who and how ("an approver of … runs …"). */
        record Pending(String id, String howToApprove) implements Outcome {}

        /** An approver rejected this action. */
        record Rejected(String id, String by, String why) implements Outcome {}

        /** No approval could be asked (a dry run, too many pending, the store failed): the request is denied. */
        record Unavailable(String why) implements Outcome {}
    }

    /** For pipelines without approvals (offline tools): uncertain verdicts are denied. */
    ApprovalGate NONE = (mission, action, effects, verdict) -> new Outcome.Unavailable("no approval store is configured");
}
