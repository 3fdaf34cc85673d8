package dev.ibac.budget;

import java.math.BigDecimal;

/** An amount against a budget: LLM tokens and money. */
public record Charge(long tokens, BigDecimal usd) {
    public static final Charge ZERO = new Charge(0, BigDecimal.ZERO);

    public Charge plus(Charge other) {
        return new Charge(tokens + other.tokens, usd.add(other.usd));
    }

    public Charge minus(Charge other) {
        return new Charge(tokens - other.tokens, usd.subtract(other.usd));
    }
}
