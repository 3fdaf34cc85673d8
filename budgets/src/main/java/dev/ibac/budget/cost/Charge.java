package dev.ibac.budget.cost;

import java.math.BigDecimal;

/** An amount against a budget: LLM tokens and money. */
public record Charge(long tokens, BigDecimal usd) {
    public static final Charge ZERO = new Charge(0, BigDecimal.ZERO);

    public Charge plus(Charge other) {
        return new Charge(tokens + other.tokens, usd.add(other.usd));
    }

    /** Nothing at all, whatever the scale of the amount (0.00 is zero too). */
    public boolean isZero() {
        return tokens == 0 && usd.signum() == 0;
    }

    public Charge minus(Charge other) {
        return new Charge(tokens - other.tokens, usd.subtract(other.usd));
    }
}
