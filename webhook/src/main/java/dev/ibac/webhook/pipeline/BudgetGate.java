package dev.ibac.webhook.pipeline;

import dev.ibac.action.Action;
import dev.ibac.crd.Budget;
import dev.ibac.crd.Mission;
import dev.ibac.judge.TokenUsage;
import java.util.Optional;

/**
 * Stage 6 and the charge of stage 8. {@link #reserve} is atomic across concurrent requests and
 * idempotent per request uid; dryRun actions are checked, never reserved.
 */
public interface BudgetGate {
    Outcome reserve(Action action, Mission mission, Optional<Budget> namespaceBudget);

    /**
     * After the judge: charge the reservation plus the judge's tokens, or release it (judge tokens
     * stay charged). Returns the action's final cost, judge tokens included.
     */
    Decision.Cost settle(Action action, Mission mission, Optional<Budget> namespaceBudget, Decision.Cost reserved,
            TokenUsage judgeTokens, boolean admitted);

    /** The remaining budget as the judge prompt shows it. */
    String describeRemaining(Mission mission, Optional<Budget> namespaceBudget);

    /** Whether the mission's own caps are used up (phase Exhausted). */
    boolean exhausted(Mission mission);

    sealed interface Outcome {
        record Reserved(Decision.Cost cost, Decision.BudgetLeft left) implements Outcome {}

        record Refused(String message, Decision.Cost cost) implements Outcome {}
    }

    BudgetGate UNLIMITED = new BudgetGate() {
        @Override
        public Outcome reserve(Action action, Mission mission, Optional<Budget> namespaceBudget) {
            return new Outcome.Reserved(Decision.Cost.NONE, new Decision.BudgetLeft(null, null));
        }

        @Override
        public Decision.Cost settle(Action action, Mission mission, Optional<Budget> budget, Decision.Cost reserved,
                TokenUsage tokens, boolean admitted) {
            return reserved;
        }

        @Override
        public String describeRemaining(Mission mission, Optional<Budget> namespaceBudget) {
            return "unlimited";
        }

        @Override
        public boolean exhausted(Mission mission) {
            return false;
        }
    };
}
