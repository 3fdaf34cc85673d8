package dev.ibac.webhook.pipeline;

import dev.ibac.action.Action;
import dev.ibac.crd.JudgeSettings;
import dev.ibac.crd.JudgeSettings.Mode;
import dev.ibac.crd.Mission;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.TokenUsage;

/** Builds the {@link Decision}s the pipeline returns, applying the mission's mode to denials. */
public final class Outcomes {
    private Outcomes() {}

    public static Decision notAgent(Action action) {
        return new Decision(action, Stage.IDENTITY, true, true, Mode.Enforce, "not an agent", null, null,
                Decision.Cost.NONE, null, 0);
    }

    static Decision allow(Action action, Mission mission, JudgeVerdict verdict) {
        return new Decision(action, Stage.JUDGE, true, true, mode(mission), verdict.reasoning(), mission, verdict,
                Decision.Cost.NONE, null, 0);
    }

    /** A denial that holds whatever the mission's mode (no mission yet, or a hard guard). */
    public static Decision deny(Action action, Stage stage, String reason, Mission mission, boolean enforced) {
        return new Decision(action, stage, false, enforced, mission == null ? Mode.Enforce : mode(mission), reason,
                mission, null, Decision.Cost.NONE, null, 0);
    }

    /** A denial the mission's mode may soften: Warn and DryRun admit and only record it. */
    public static Decision denyByMode(Action action, Stage stage, String reason, Mission mission) {
        return deny(action, stage, reason, mission, mission == null || mode(mission) == Mode.Enforce);
    }

    /**
     * The judge could not decide: the mission's {@code judge.onError} decides. {@code model} is the model
     * that was asked (null for judges without one), recorded like a verdict's.
     */
    /** {@code tokens}: what the failed call consumed (a model that broke the answer contract still spent them). */
    static Decision judgeFailed(Action action, Mission mission, JudgeSettings settings, String judgeName, String model,
            String error, TokenUsage tokens) {
        boolean allow = settings.onErrorOrDefault() == JudgeSettings.OnError.Allow;
        String reason = "judge " + judgeName + " failed (" + error + "); spec.judge.onError is " + settings.onErrorOrDefault();
        JudgeVerdict none = new JudgeVerdict(allow ? JudgeVerdict.Decision.ALLOW : JudgeVerdict.Decision.DENY, reason,
                JudgeVerdict.Risk.HIGH, 0, tokens, judgeName, model, false);
        return allow ? allow(action, mission, none) : denyByMode(action, Stage.JUDGE, reason, mission).withVerdict(none);
    }

    /**
     * What the approval stage found for an uncertain verdict (SPEC §5a): an approval admits at stage
     * {@code approval}; pending, rejected and unavailable ones deny there, whatever the verdict's doubt.
     */
    static Decision approval(Action action, Mission mission, JudgeVerdict verdict, ApprovalGate.Outcome outcome) {
        if (outcome instanceof ApprovalGate.Outcome.Approved ok) {
            return new Decision(action, Stage.APPROVAL, true, true, mode(mission), "approved by " + ok.by() + " (approval "
                    + ok.id() + "): " + verdict.reasoning(), mission, verdict, Decision.Cost.NONE, null, 0)
                    .withApproval(new Decision.ApprovalRef(ok.id(), "Approved", ok.by()));
        }
        if (outcome instanceof ApprovalGate.Outcome.Pending pending) {
            return deny(action, Stage.APPROVAL, verdict.reasoning() + "; approval " + pending.id() + " is pending — "
                    + pending.howToApprove(), mission, true).withVerdict(verdict)
                    .withApproval(new Decision.ApprovalRef(pending.id(), "Pending", null));
        }
        if (outcome instanceof ApprovalGate.Outcome.Rejected rejected) {
            return deny(action, Stage.APPROVAL, "approval " + rejected.id() + " of this action was rejected by " + rejected.by()
                    + (rejected.why() == null || rejected.why().isBlank() ? "" : ": " + rejected.why())
                    + "; do not retry it under this mission", mission, true).withVerdict(verdict)
                    .withApproval(new Decision.ApprovalRef(rejected.id(), "Rejected", rejected.by()));
        }
        ApprovalGate.Outcome.Unavailable none = (ApprovalGate.Outcome.Unavailable) outcome;
        return deny(action, Stage.APPROVAL, verdict.reasoning() + "; no approval can be asked: " + none.why(), mission, true)
                .withVerdict(verdict);
    }

    private static Mode mode(Mission mission) {
        return mission.getSpec().judgeOrDefault().modeOrDefault();
    }
}
