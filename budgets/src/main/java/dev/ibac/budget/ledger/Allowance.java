package dev.ibac.budget.ledger;

import dev.ibac.budget.cost.Charge;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The share of a budget this replica may spend. With one replica everything is its own
 * ({@link #UNSHARED}); with several, each claims slices of the limit from a shared record
 * (the Budget's and Mission's status) so that together they never spend more than the limit.
 * Called under the ledger's lock. Accounts are "mission:ns/name" and "namespace:ns".
 */
public interface Allowance {
    /**
     * Makes sure this replica may have spent {@code after} in total on the account in the window
     * starting at {@code window}, claiming more when needed; false when the shared limit cannot
     * cover it. {@code before} is what this replica had spent before this request: at the first
     * call in a process it was claimed by the replica's earlier run. Null limits are unlimited.
     */
    boolean cover(String account, Instant window, Charge before, Charge after, Long tokenLimit, BigDecimal usdLimit);

    /** What the other replicas hold of the account in this window, as last seen (zero when unshared or unknown). */
    default Charge othersClaimed(String account, Instant window) {
        return Charge.ZERO;
    }

    /** Gives back what was claimed but not spent (shutdown); {@code spent} is this replica's spend in the window. */
    default void giveBack(String account, Instant window, Charge spent) {}

    Allowance UNSHARED = (account, window, before, after, tokenLimit, usdLimit) -> true;
}
