package dev.ibac.budget;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The share of a budget this replica may spend. With one replica everything is its own
 * ({@link #UNSHARED}); with several, each claims slices of the limit from a shared record
 * (the Budget's and Mission's status) so that together they never spend more than the limit.
 * Called under the ledger's lock.
 */
public interface Allowance {
    /**
     * Makes sure this replica may have spent {@code tokens}/{@code usd} in total on the account in
     * the window starting at {@code window}, claiming more when needed; false when the shared
     * limit cannot cover it. Null limits are unlimited.
     */
    boolean cover(String account, Instant window, long tokens, BigDecimal usd, Long tokenLimit, BigDecimal usdLimit);

    /** Gives back what was claimed but not spent (shutdown); {@code spentTokens}/{@code spentUsd} are this replica's spend. */
    default void giveBack(String account, Instant window, long spentTokens, BigDecimal spentUsd) {}

    Allowance UNSHARED = (account, window, tokens, usd, tokenLimit, usdLimit) -> true;
}
