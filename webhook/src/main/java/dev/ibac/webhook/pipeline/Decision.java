package dev.ibac.webhook.pipeline;

import dev.ibac.action.Action;
import dev.ibac.crd.JudgeSettings;
import dev.ibac.crd.Mission;
import dev.ibac.judge.Effect;
import dev.ibac.judge.JudgeVerdict;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one AdmissionReview: which stage decided, the verdict and its reason, and
 * everything the recorders need. {@code enforced} is false when a Warn or DryRun mission let a
 * denial through. {@code effects} are what the judge stage found the action does (empty when an
 * earlier stage decided).
 */
public record Decision(
        Action action,
        Stage stage,
        boolean allowed,
        boolean enforced,
        JudgeSettings.Mode mode,
        String reason,
        Mission mission,
        JudgeVerdict verdict,
        Cost cost,
        BudgetLeft budget,
        long latencyMicros,
        List<Effect> effects,
        ApprovalRef approval) {

    public Decision {
        effects = effects == null ? List.of() : List.copyOf(effects);
    }

    /** A decision no approval took part in. */
    public Decision(Action action, Stage stage, boolean allowed, boolean enforced, JudgeSettings.Mode mode, String reason,
            Mission mission, JudgeVerdict verdict, Cost cost, BudgetLeft budget, long latencyMicros, List<Effect> effects) {
        this(action, stage, allowed, enforced, mode, reason, mission, verdict, cost, budget, latencyMicros, effects, null);
    }

    /**
     * The approval the approval stage found (SPEC §5a): {@code state} Approved (it admitted this
     * request; {@code by} decided), Pending ({@code by} null) or Rejected.
     */
    public record ApprovalRef(String id, String state, String by) {
        public boolean pending() {
            return "Pending".equals(state);
        }
    }

    /** A decision of a stage before the judge, which analyses no effects. */
    public Decision(Action action, Stage stage, boolean allowed, boolean enforced, JudgeSettings.Mode mode, String reason,
            Mission mission, JudgeVerdict verdict, Cost cost, BudgetLeft budget, long latencyMicros) {
        this(action, stage, allowed, enforced, mode, reason, mission, verdict, cost, budget, latencyMicros, List.of(), null);
    }

    /** Money of this action as exact decimal strings, with the explainable breakdown. */
    public record Cost(String tokensUSD, String resourceUSD, Map<String, String> breakdown) {
        public static final Cost NONE = new Cost("0.00", "0.00", Map.of());
    }

    /** What is left of the tightest budget after this action; null fields when unbounded. */
    public record BudgetLeft(Long tokensLeft, String costLeftUSD) {}

    public boolean isAgentTraffic() {
        return stage != Stage.IDENTITY;
    }

    /** Whether the API server is told to admit the request. */
    public boolean admitted() {
        return allowed || !enforced;
    }

    Decision withCost(Cost newCost, BudgetLeft left) {
        return new Decision(action, stage, allowed, enforced, mode, reason, mission, verdict, newCost, left, latencyMicros, effects, approval);
    }

    Decision withVerdict(JudgeVerdict judgeVerdict) {
        return new Decision(action, stage, allowed, enforced, mode, reason, mission, judgeVerdict, cost, budget, latencyMicros, effects, approval);
    }

    Decision withReason(String newReason) {
        return new Decision(action, stage, allowed, enforced, mode, newReason, mission, verdict, cost, budget, latencyMicros, effects);
    }

    /** The effects the judge stage analysed (SPEC §7), for the audit entry. */
    Decision withEffects(List<Effect> analysed) {
        return new Decision(action, stage, allowed, enforced, mode, reason, mission, verdict, cost, budget, latencyMicros, analysed, approval);
    }

    Decision withApproval(ApprovalRef ref) {
        return new Decision(action, stage, allowed, enforced, mode, reason, mission, verdict, cost, budget, latencyMicros, effects, ref);
    }

    public Decision withLatency(long micros) {
        return new Decision(action, stage, allowed, enforced, mode, reason, mission, verdict, cost, budget, micros, effects, approval);
    }
}
