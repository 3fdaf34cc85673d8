package dev.ibac.judge;

import dev.ibac.action.Action;
import dev.ibac.crd.Mission;
import java.util.List;

/**
 * Everything a judge may see: the mission, the action, the mission's recent verdicts and what is
 * left of its budget (free text such as "tokens 1200/200000, $0.40/$25.00"; may be empty).
 */
public record JudgeRequest(Mission mission, Action action, List<RecentVerdict> recentVerdicts, String remainingBudget) {
    public JudgeRequest {
        recentVerdicts = recentVerdicts == null ? List.of() : List.copyOf(recentVerdicts);
        remainingBudget = remainingBudget == null ? "" : remainingBudget;
    }

    /** One earlier verdict of the same mission, newest first in the list. */
    public record RecentVerdict(String action, String decision, String reason) {}
}
