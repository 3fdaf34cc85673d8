package dev.ibac.budget.ledger;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's write-ahead journal with group commit. Request threads only note, under the
 * ledger's lock, which accounts changed; one writer thread takes every account changed since its
 * last write, appends their current values as one journal line and fsyncs it — one fsync for all
 * the requests that charged meanwhile, as databases commit. A request waits ({@link #await}) for the
 * line that covers its charge before the webhook admits it, so a crash can lose only charges of
 * actions not yet admitted. When the journal has grown past {@link #COMPACT_AT}, a snapshot
 * replaces it.
 */
final class ChargeJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChargeJournal.class);
    static final long COMPACT_AT = 4L * 1024 * 1024;

    private final Object ledger;
    private final LedgerState state;
    private final BudgetStore store;
    private final Set<String> changedMissions = new HashSet<>();
    private final Set<String> changedNamespaces = new HashSet<>();
    /** Held while a line is appended or a snapshot replaces the journal: the two never interleave. */
    private final Object files = new Object();
    private final Thread writer;
    private long durable;
    private IOException failure;
    private boolean stopping;

    /** {@code ledger}: the lock that guards {@code state}. */
    ChargeJournal(Object ledger, LedgerState state, BudgetStore store) {
        this.ledger = ledger;
        this.state = state;
        this.store = store;
        this.durable = state.seq;
        if (store.journaled()) {
            writer = new Thread(this::writeLoop, "ibac-budget-journal");
            writer.setDaemon(true);
            writer.start();
        } else {
            writer = null;
        }
    }

    /** Under the ledger's lock, after changing a mission's account. */
    void missionChanged(String key) {
        changedMissions.add(key);
        changed();
    }

    /** Under the ledger's lock, after changing a namespace's account. */
    void namespaceChanged(String namespace) {
        changedNamespaces.add(namespace);
        changed();
    }

    private void changed() {
        state.seq++;
        if (writer != null) {
            ledger.notifyAll();
        }
    }

    /** Under the ledger's lock: the sequence number a caller's changes so far are covered by. */
    long mark() {
        return state.seq;
    }

    /** Waits until every change up to {@code mark} is on disk; IOException when a write failed or the time ran out. */
    synchronized void await(long mark, Duration timeout) throws IOException {
        if (writer == null) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (durable < mark) {
                if (failure != null) {
                    throw new IOException("the budget journal could not be written: " + failure.getMessage(), failure);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("the budget charge was not on disk within " + timeout.toMillis() + " ms");
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the budget charge was written", e);
        }
    }

    /** Replaces the journal with a snapshot of the state as it is now. */
    void snapshot() throws IOException {
        synchronized (files) {
            LedgerState copy;
            Set<String> missions;
            Set<String> namespaces;
            synchronized (ledger) {
                copy = state.copy();
                // the snapshot holds these accounts' values: no journal line needed for them
                missions = Set.copyOf(changedMissions);
                namespaces = Set.copyOf(changedNamespaces);
                changedMissions.clear();
                changedNamespaces.clear();
            }
            try {
                store.save(copy);
            } catch (IOException e) {
                synchronized (ledger) {
                    changedMissions.addAll(missions);
                    changedNamespaces.addAll(namespaces);
                    ledger.notifyAll();
                }
                throw e;
            }
            durable(copy.seq, null);
        }
    }

    private void writeLoop() {
        while (true) {
            try {
                synchronized (ledger) {
                    while (nothingChanged() && !stopping) {
                        ledger.wait();
                    }
                    if (nothingChanged() && stopping) {
                        return;
                    }
                }
                writeOnce();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean nothingChanged() {
        return changedMissions.isEmpty() && changedNamespaces.isEmpty();
    }

    private void writeOnce() throws InterruptedException {
        synchronized (files) {
            LedgerState.Changes changes = collect();
            if (changes.missions().isEmpty() && changes.namespaces().isEmpty()) {
                return; // a snapshot took them while this thread waited
            }
            try {
                store.append(changes);
                durable(changes.seq(), null);
            } catch (IOException e) {
                LOG.error("budget journal not written (the charges wait; admissions are refused until it is): {}", e.toString());
                synchronized (ledger) {
                    changedMissions.addAll(changes.missions().keySet());
                    changedNamespaces.addAll(changes.namespaces().keySet());
                }
                durable(-1, e);
                Thread.sleep(100);
                return;
            }
            compactIfLarge();
        }
    }

    private LedgerState.Changes collect() {
        synchronized (ledger) {
            Map<String, LedgerState.MissionSpend> missions = new HashMap<>();
            changedMissions.forEach(key -> missions.put(key, state.missions.get(key)));
            Map<String, LedgerState.NamespaceSpend> namespaces = new HashMap<>();
            changedNamespaces.forEach(ns -> namespaces.put(ns, state.namespaces.get(ns)));
            changedMissions.clear();
            changedNamespaces.clear();
            return new LedgerState.Changes(state.seq, missions, namespaces);
        }
    }

    private void compactIfLarge() {
        if (store.journalBytes() < COMPACT_AT) {
            return;
        }
        try {
            snapshot();
        } catch (IOException e) {
            LOG.warn("budget snapshot not written (the journal keeps growing until it is): {}", e.toString());
        }
    }

    private synchronized void durable(long seq, IOException failed) {
        if (failed == null) {
            durable = Math.max(durable, seq);
        }
        failure = failed;
        notifyAll();
    }

    /** Writes what is still pending and stops the writer. */
    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        synchronized (ledger) {
            stopping = true;
            ledger.notifyAll();
        }
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
