package dev.ibac.judge;

import dev.ibac.action.Action;
import dev.ibac.crd.Mission;
import dev.ibac.judge.effect.EffectAnalyzer;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything a judge may see: the mission, the action, the action's {@link Effect}s (computed at
 * most once per request and shared with the audit entry), the mission's recent verdicts and what is
 * left of its budget (free text such as "tokens 1200/200000, $0.40/$25.00"; may be empty).
 *
 * <p>Not a record because the effects are computed on first use: a verdict-cache hit answers
 * without analysing the action and hands over the effects of the identical request it reuses
 * ({@link #reuseEffects}). Two threads that ask at once may both analyse; both get equal effects.
 */
public final class JudgeRequest {
    private static final EffectAnalyzer ANALYZER = new EffectAnalyzer();

    private final Mission mission;
    private final Action action;
    private final List<RecentVerdict> recentVerdicts;
    private final String remainingBudget;
    private final Supplier<List<Effect>> analyse;
    /** Immutable once set; volatile because a test (and nothing else) shares one request between threads. */
    private volatile List<Effect> effects;

    public JudgeRequest(Mission mission, Action action, List<RecentVerdict> recentVerdicts, String remainingBudget,
            List<Effect> effects) {
        this(mission, action, recentVerdicts, remainingBudget,
                effects == null
                        ? (Supplier<List<Effect>>) () -> ANALYZER.analyse(action, mission.getMetadata().getName())
                        : (Supplier<List<Effect>>) () -> effects);
    }

    /** For callers that have not analysed the action: its effects are computed when first asked for. */
    public JudgeRequest(Mission mission, Action action, List<RecentVerdict> recentVerdicts, String remainingBudget) {
        this(mission, action, recentVerdicts, remainingBudget, (List<Effect>) null);
    }

    private JudgeRequest(Mission mission, Action action, List<RecentVerdict> recentVerdicts, String remainingBudget,
            Supplier<List<Effect>> analyse) {
        this.mission = mission;
        this.action = action;
        this.recentVerdicts = recentVerdicts == null ? List.of() : List.copyOf(recentVerdicts);
        this.remainingBudget = remainingBudget == null ? "" : remainingBudget;
        this.analyse = analyse;
    }

    /** A request whose effects {@code analyse} computes, at most once and only if a judge or the audit asks. */
    public static JudgeRequest analysingOnDemand(Mission mission, Action action, List<RecentVerdict> recentVerdicts,
            String remainingBudget, Supplier<List<Effect>> analyse) {
        return new JudgeRequest(mission, action, recentVerdicts, remainingBudget, Objects.requireNonNull(analyse, "analyse"));
    }

    public Mission mission() {
        return mission;
    }

    public Action action() {
        return action;
    }

    public List<RecentVerdict> recentVerdicts() {
        return recentVerdicts;
    }

    public String remainingBudget() {
        return remainingBudget;
    }

    /** The action's effects, analysed on the first call. */
    public List<Effect> effects() {
        if (effects == null) {
            effects = List.copyOf(analyse.get());
        }
        return effects;
    }

    /**
     * Takes the effects of an identical earlier request (the verdict cache's key covers everything
     * the analyser reads) instead of analysing this one; effects already computed are kept.
     */
    public void reuseEffects(List<Effect> known) {
        if (effects == null) {
            effects = List.copyOf(known);
        }
    }

    @Override
    public String toString() {
        return "JudgeRequest[" + (mission == null ? "-" : mission.key()) + ", " + (action == null ? "-" : action.describe()) + "]";
    }

    /** One earlier verdict of the same mission, newest first in the list. */
    public record RecentVerdict(String action, String decision, String reason) {}
}
