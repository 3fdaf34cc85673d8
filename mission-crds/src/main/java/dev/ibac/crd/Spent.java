package dev.ibac.crd;

/** Tokens and money spent; money as an exact decimal string. */
public record Spent(long tokens, String costUSD) {
    public static final Spent ZERO = new Spent(0, "0.00");
}
