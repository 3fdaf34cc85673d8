package dev.ibac.judge.effect;

import static dev.ibac.judge.effect.EffectList.data;

import dev.ibac.action.Action;
import dev.ibac.judge.Effect;
import dev.ibac.judge.Effect.Family;
import dev.ibac.judge.JudgeVerdict.Risk;
import dev.ibac.judge.describe.Redactor;
import java.util.List;
import java.util.Map;

/**
 * Analyses a request into {@link Effect}s (SPEC §7): what it does, computed from the whole
 * {@code object} and {@code oldObject} — UPDATE: what changed; DELETE: what goes away. Runs once per
 * request; every judge and the audit entry read the same list. Pure and thread-safe; an object of
 * any shape (a custom resource, odd JSON) yields effects or none, never an exception.
 */
public final class EffectAnalyzer {
    private final Redactor redactor;

    public EffectAnalyzer(Redactor redactor) {
        this.redactor = redactor;
    }

    public EffectAnalyzer() {
        this(new Redactor());
    }

    /** {@code missionName}: the mission the agent acts under, to tell whether it created what it deletes ("" if none). */
    public List<Effect> analyse(Action action, String missionName) {
        Subject subject = Subject.of(action);
        EffectList out = new EffectList(redactor);
        try {
            judgeText(subject, out);
            LifecycleEffects.analyse(subject, out, missionName == null ? "" : missionName);
            ScaleEffects.analyse(subject, out);
            AvailabilityEffects.analyse(subject, out);
            ImageEffects.analyse(subject, out);
            ExposureEffects.analyse(subject, out);
            EgressEffects.analyse(subject, out);
            ResourceEffects.analyse(subject, out);
            PermissionEffects.analyse(subject, out);
            SecurityEffects.analyse(subject, out, redactor);
            SecuritySwitches.analyse(subject, out);
            ConfigEffects.analyse(subject, out, redactor);
        } catch (RuntimeException e) {
            // a shape no analyser foresaw must not take the webhook down; the judge treats it as a doubt
            out.add(Family.CHANGE, Risk.MEDIUM, "parts of " + subject.target() + " could not be analysed ("
                    + e.getClass().getSimpleName() + ")", subject.target());
        }
        return out.list();
    }

    private static void judgeText(Subject s, EffectList out) {
        String rationale = s.action().annotation(Action.RATIONALE_ANNOTATION).orElse("");
        String cue = JudgeText.cue(rationale);
        if (cue != null) {
            out.add(Family.JUDGE_TEXT, Risk.HIGH, "text addressed to the judge in the rationale: " + out.quote(cue),
                    s.target(), "", "", data("field", "metadata.annotations.\"" + Action.RATIONALE_ANNOTATION + "\""));
            return;
        }
        for (Map.Entry<String, String> text : s.allTexts().entrySet()) {
            String found = JudgeText.cue(text.getValue());
            if (found != null) {
                out.add(Family.JUDGE_TEXT, Risk.HIGH, "text addressed to the judge in " + text.getKey() + ": "
                        + out.quote(found), s.target(), "", "", data("field", text.getKey()));
                return;
            }
        }
    }
}
