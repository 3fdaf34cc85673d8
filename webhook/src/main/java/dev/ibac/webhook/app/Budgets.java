package dev.ibac.webhook.app;

import dev.ibac.budget.cost.PriceTable;
import dev.ibac.budget.cost.ResourceCostEstimator;
import dev.ibac.budget.cost.WorkloadLookup;
import dev.ibac.budget.ledger.Allowance;
import dev.ibac.budget.ledger.BudgetLedger;
import dev.ibac.budget.ledger.BudgetStore;
import dev.ibac.budget.rate.ChangeRateLimiter;
import dev.ibac.budget.store.FileBudgetStore;
import dev.ibac.webhook.pipeline.BudgetGate;
import dev.ibac.webhook.pipeline.LedgerBudgetGate;
import dev.ibac.webhook.pipeline.RateGate;
import dev.ibac.webhook.problem.ConfigException;
import dev.ibac.webhook.record.Durability;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

/**
 * Stages 5 and 6 wired to the budgets module: the ledger persisted in {@code <state>/budgets.json}
 * plus its write-ahead journal {@code budgets.journal} (an admitted action's charge is on disk
 * before the webhook answers: {@link #durability}), and the per-mission rate limiter.
 */
final class Budgets implements AutoCloseable {
    private final BudgetLedger ledger;
    private final BudgetGate gate;
    private final RateGate rate;

    private Budgets(BudgetLedger ledger, BudgetGate gate, RateGate rate) {
        this.ledger = ledger;
        this.gate = gate;
        this.rate = rate;
    }

    /**
     * {@code allowance}: how the limits are shared with other replicas (cluster mode) or not (embedded);
     * {@code workloads}: reads the workload behind a /scale request to price the added replicas.
     */
    static Budgets create(ServeSettings settings, Allowance allowance, WorkloadLookup workloads) throws IOException {
        BudgetLedger ledger;
        try {
            ledger = new BudgetLedger(settings.clock(), new FileBudgetStore(settings.stateDir()), allowance);
        } catch (IOException e) {
            throw new ConfigException(e.getMessage());
        }
        ChangeRateLimiter limiter = new ChangeRateLimiter(System::nanoTime);
        RateGate rate = rate(limiter);
        BudgetGate gate = gate(ledger, settings.daemonSetNodes(), workloads);
        return new Budgets(ledger, gate, rate);
    }

    /**
     * An admitted action's charge (the reservation and the judge's tokens, settled by now) is in the
     * journal on disk before the answer. A denial's refund need not wait: losing it only overcounts.
     */
    Durability durability() {
        return decision -> {
            if (!decision.admitted() || decision.action().dryRun()) {
                return Durability.DONE;
            }
            long mark = ledger.mark();
            return timeout -> {
                try {
                    ledger.awaitDurable(mark, timeout);
                } catch (IOException e) {
                    throw new Durability.NotDurable(e.getMessage(), e);
                }
            };
        };
    }

    /**
     * {@code test} and {@code replay}: a fresh ledger seeded from nothing and kept in memory (it
     * must never touch the webhook's budgets.json), with the change rate read from {@code clock}
     * too, so a fixed or logged time decides windows, expiry and rate alike.
     */
    static Budgets offline(Clock clock, int daemonSetNodes) {
        BudgetLedger ledger;
        try {
            ledger = new BudgetLedger(clock, BudgetStore.IN_MEMORY, Allowance.UNSHARED);
        } catch (IOException e) {
            throw new IllegalStateException("an in-memory ledger does no I/O", e);
        }
        ChangeRateLimiter limiter = new ChangeRateLimiter(() -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        });
        return new Budgets(ledger, gate(ledger, daemonSetNodes, WorkloadLookup.NONE), rate(limiter));
    }

    private static BudgetGate gate(BudgetLedger ledger, int daemonSetNodes, WorkloadLookup workloads) {
        return new LedgerBudgetGate(ledger, new ResourceCostEstimator(daemonSetNodes, workloads), PriceTable.DEFAULT);
    }

    private static RateGate rate(ChangeRateLimiter limiter) {
        return mission -> limiter.attempt(mission.key(), mission.getSpec().limitsOrDefault().maxChangesPerMinuteOrDefault());
    }

    BudgetGate gate() {
        return gate;
    }

    RateGate rate() {
        return rate;
    }

    /** The ledger itself, read by the auditor's overview (what each mission has spent of each limit). */
    BudgetLedger ledger() {
        return ledger;
    }

    @Override
    public void close() {
        ledger.close();
    }
}
