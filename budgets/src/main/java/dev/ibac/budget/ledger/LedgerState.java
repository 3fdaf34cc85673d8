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

    /**
     * Accounts changed together, with their values after the change and the ledger's change
     * sequence number then: one line of the write-ahead journal. Values are absolute, so applying
     * journal lines in order over a snapshot taken at sequence {@code s} — skipping lines up to
     * {@code s} — gives the state after the last line.
     */
    public record Changes(long seq, Map<String, MissionSpend> missions, Map<String, NamespaceSpend> namespaces) {
        public Changes {
            missions = Map.copyOf(missions);
            namespaces = Map.copyOf(namespaces);
        }
    }

    final Map<String, MissionSpend> missions = new HashMap<>();
    final Map<String, NamespaceSpend> namespaces = new HashMap<>();
    /** The sequence number of the last change this state includes. */
    long seq;

    public long seq() {
        return seq;
    }

    /** Applies a journal line unless this state already includes it. */
    public void apply(Changes changes) {
        if (changes.seq() <= seq) {
            return;
        }
        missions.putAll(changes.missions());
        namespaces.putAll(changes.namespaces());
        seq = changes.seq();
    }

    public Map<String, MissionSpend> missions() {
        return Map.copyOf(missions);
    }

    public Map<String, NamespaceSpend> namespaces() {
        return Map.copyOf(namespaces);
    }

    public static LedgerState of(Map<String, MissionSpend> missions, Map<String, NamespaceSpend> namespaces) {
        return of(missions, namespaces, 0);
    }

    public static LedgerState of(Map<String, MissionSpend> missions, Map<String, NamespaceSpend> namespaces, long seq) {
        LedgerState state = new LedgerState();
        state.missions.putAll(missions);
        state.namespaces.putAll(namespaces);
        state.seq = seq;
        return state;
    }

    LedgerState copy() {
        return of(missions, namespaces, seq);
    }
}
