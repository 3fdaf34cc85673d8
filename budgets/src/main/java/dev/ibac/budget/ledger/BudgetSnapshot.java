package dev.ibac.budget.ledger;

import dev.ibac.budget.cost.Money;
import java.math.BigDecimal;

/** What is left of the tightest applicable budget; null where no limit applies. */
public record BudgetSnapshot(Long tokensLeft, BigDecimal costLeftUSD) {
    public static final BudgetSnapshot UNLIMITED = new BudgetSnapshot(null, null);

    /** "tokens 1200 left, $0.40 left" for the judge prompt. */
    public String describe() {
        return "tokens " + (tokensLeft == null ? "unlimited" : tokensLeft + " left") + ", money "
                + (costLeftUSD == null ? "unlimited" : "$" + Money.format(costLeftUSD) + " left");
    }
}
