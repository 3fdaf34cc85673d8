package dev.ibac.budget.ledger;

import java.io.IOException;

/** Where the ledger's spend survives restarts. */
public interface BudgetStore {
    LedgerState load() throws IOException;

    void save(LedgerState state) throws IOException;

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
