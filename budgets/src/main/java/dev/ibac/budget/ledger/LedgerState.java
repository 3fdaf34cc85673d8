package dev.ibac.budget.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything the ledger must not forget across restarts: each mission's lifetime spend and each
 * namespace's spend in its current token and cost windows. Mutated only under the ledger's lock.
 */
public final class LedgerState {
    /** A mission's lifetime spend. */
    public record MissionSpend(long tokens, BigDecimal usd) {}

    /** A namespace's spend in its current windows. */
    public record NamespaceSpend(Instant tokenWindow, long tokens, Instant costWindow, BigDecimal usd) {}

    final Map<String, MissionSpend> missions = new HashMap<>();
    final Map<String, NamespaceSpend> namespaces = new HashMap<>();

    public Map<String, MissionSpend> missions() {
        return Map.copyOf(missions);
    }

    public Map<String, NamespaceSpend> namespaces() {
        return Map.copyOf(namespaces);
    }

    public static LedgerState of(Map<String, MissionSpend> missions, Map<String, NamespaceSpend> namespaces) {
        LedgerState state = new LedgerState();
        state.missions.putAll(missions);
        state.namespaces.putAll(namespaces);
        return state;
    }

    LedgerState copy() {
        return of(missions, namespaces);
    }
}
