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
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stages 5 and 6 wired to the budgets module: the ledger persisted in {@code <state>/budgets.json}
 * (written behind, every 250 ms when changed, and on shutdown) and the per-mission rate limiter.
 */
final class Budgets implements AutoCloseable {
    private final BudgetLedger ledger;
    private final BudgetGate gate;
    private final RateGate rate;
    private final ScheduledExecutorService flusher;

    private Budgets(BudgetLedger ledger, BudgetGate gate, RateGate rate, ScheduledExecutorService flusher) {
        this.ledger = ledger;
        this.gate = gate;
        this.rate = rate;
        this.flusher = flusher;
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
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ibac-budget-flush");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(ledger::flush, 250, 250, TimeUnit.MILLISECONDS);
        return new Budgets(ledger, gate, rate, flusher);
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
        return new Budgets(ledger, gate(ledger, daemonSetNodes, WorkloadLookup.NONE), rate(limiter), null);
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

    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        ledger.close();
    }
}
