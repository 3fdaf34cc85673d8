package dev.ibac.budget.ledger;

import java.time.Instant;

/** Stage 6's answer: charged (with what is left), exhausted (with which budget and when it refills), or refused. */
public sealed interface BudgetDecision {
    record Charged(BudgetSnapshot left) implements BudgetDecision {}

    /** {@code refillsAt} is null for a mission's lifetime caps, which never refill. */
    record Exhausted(String budget, String message, Instant refillsAt) implements BudgetDecision {}

    /** Refused for another reason than the money: a uid seen again for a different object. Nothing was charged. */
    record Refused(String message) implements BudgetDecision {}
}
