package dev.ibac.budget.ledger;

import dev.ibac.budget.cost.Charge;
import dev.ibac.budget.cost.Durations;
import dev.ibac.budget.cost.Money;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * What an exhausted budget tells the agent: which budget, spent of what limit, what the action
 * needed, and when it refills or which field to raise (an agent is a program: say what to do next).
 */
final class ExhaustionMessages {
    private final BudgetLimits limits;
    private final Charge estimate;
    private final String where;

    /** {@code shared}: the spend counts what the other IBAC replicas hold. */
    ExhaustionMessages(BudgetLimits limits, Charge estimate, boolean shared) {
        this.limits = limits;
        this.estimate = estimate;
        this.where = shared ? " across the IBAC replicas" : "";
    }

    BudgetDecision.Exhausted missionTokens(long spent) {
        return lifetime("tokens", spent >= limits.missionTokens(), spent + " of " + limits.missionTokens() + " tokens", estimate.tokens() + " tokens", "spec.budget.tokens");
    }

    BudgetDecision.Exhausted missionCost(BigDecimal spent) {
        return lifetime("cost", spent.compareTo(limits.missionUSD()) >= 0, usd(spent) + " of " + usd(limits.missionUSD()), usd(estimate.usd()), "spec.budget.costUSD");
    }

    BudgetDecision.Exhausted namespaceTokens(long spent, Instant refill) {
        return windowed("tokens", spent >= limits.namespaceTokens(), spent + " of " + limits.namespaceTokens() + " tokens", estimate.tokens() + " tokens",
                Durations.format(limits.tokenPeriod()), refill, "spec.tokens.limit");
    }

    BudgetDecision.Exhausted namespaceCost(BigDecimal spent, Instant refill) {
        return windowed("cost", spent.compareTo(limits.namespaceUSD()) >= 0, usd(spent) + " of " + usd(limits.namespaceUSD()), usd(estimate.usd()),
                Durations.format(limits.costPeriod()), refill, "spec.cost.limitUSD");
    }

    /** The limits would take it, but the shared record could not be written (API server unreachable, conflicts beyond retries). */
    BudgetDecision.Exhausted unreachable() {
        return new BudgetDecision.Exhausted("shared budget of mission " + limits.missionKey(), "the budget of mission "
                + limits.missionKey() + " and namespace budget " + namespaceBudget() + " is shared by the IBAC replicas through the "
                + "Kubernetes API, which did not answer in time; nothing was charged — retry in a few seconds", null);
    }

    /** "exhausted" only when nothing is left; an action bigger than what is left "would exceed" it. */
    private static String state(boolean used) {
        return used ? "exhausted" : "would be exceeded";
    }

    private BudgetDecision.Exhausted lifetime(String what, boolean used, String spent, String needed, String field) {
        String budget = "mission " + limits.missionKey();
        return new BudgetDecision.Exhausted(budget, budget + " " + what + " budget " + state(used) + ": spent " + spent + where
                + " for the mission's whole life, this action needs " + needed + "; it does not refill; raise " + field
                + " on the Mission (ask its owner)", null);
    }

    private BudgetDecision.Exhausted windowed(String what, boolean used, String spent, String needed, String period, Instant refill,
            String field) {
        String budget = "namespace budget " + namespaceBudget();
        return new BudgetDecision.Exhausted(budget, budget + " " + what + " " + state(used) + ": spent " + spent + where + " this " + period
                + " window, this action needs " + needed + "; refills at " + refill + " — retry then, or ask the namespace's owner to raise "
                + field, refill);
    }

    private String namespaceBudget() {
        return limits.namespace() + "/default";
    }

    private static String usd(BigDecimal amount) {
        return "$" + Money.format(amount);
    }
}
