package dev.ibac.budget.ledger;

import java.io.IOException;

/**
 * Where the ledger's spend survives restarts: a snapshot ({@link #save}) and, for a store that
 * keeps one, a write-ahead journal of the changes since ({@link #append}). {@link #load} returns the
 * snapshot with every later journal line applied.
 */
public interface BudgetStore {
    LedgerState load() throws IOException;

    /** Replaces the snapshot; journal lines it includes (sequence up to {@code state.seq()}) may then be dropped. */
    void save(LedgerState state) throws IOException;

    /** Whether {@link #append} makes changes durable; false: the ledger keeps no journal. */
    default boolean journaled() {
        return false;
    }

    /** Appends one journal line and returns once it is on disk (fsynced). */
    default void append(LedgerState.Changes changes) throws IOException {}

    /** How large the journal has grown since the last snapshot: when to take the next one. */
    default long journalBytes() {
        return 0;
    }

    /** For tests and single-process runs that need no persistence. */
    BudgetStore IN_MEMORY = new BudgetStore() {
        @Override
        public LedgerState load() {
            return new LedgerState();
        }

        @Override
        public void save(LedgerState state) {}
    };
}
