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

    private static Mode mode(Mission mission) {
        return mission.getSpec().judgeOrDefault().modeOrDefault();
    }
}
