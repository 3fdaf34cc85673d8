package dev.ibac.judge;

import dev.ibac.action.Action;
import dev.ibac.crd.Mission;
import dev.ibac.judge.effect.EffectAnalyzer;
import java.util.List;

/**
 * Everything a judge may see: the mission, the action, the action's {@link Effect}s (computed once
 * by the caller and shared with the audit entry), the mission's recent verdicts and what is left of
 * its budget (free text such as "tokens 1200/200000, $0.40/$25.00"; may be empty).
 */
public record JudgeRequest(Mission mission, Action action, List<RecentVerdict> recentVerdicts, String remainingBudget,
        List<Effect> effects) {
    private static final EffectAnalyzer ANALYZER = new EffectAnalyzer();

    public JudgeRequest {
        recentVerdicts = recentVerdicts == null ? List.of() : List.copyOf(recentVerdicts);
        remainingBudget = remainingBudget == null ? "" : remainingBudget;
        effects = effects == null ? ANALYZER.analyse(action, mission.getMetadata().getName()) : List.copyOf(effects);
    }

    /** For callers that have not analysed the action: its effects are computed here. */
    public JudgeRequest(Mission mission, Action action, List<RecentVerdict> recentVerdicts, String remainingBudget) {
        this(mission, action, recentVerdicts, remainingBudget, null);
    }

    /** One earlier verdict of the same mission, newest first in the list. */
    public record RecentVerdict(String action, String decision, String reason) {}
}
