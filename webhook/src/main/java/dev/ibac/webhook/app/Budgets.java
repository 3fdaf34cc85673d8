package dev.ibac.webhook.app;

import dev.ibac.budget.cost.PriceTable;
import dev.ibac.budget.cost.ResourceCostEstimator;
import dev.ibac.budget.cost.WorkloadLookup;
import dev.ibac.budget.ledger.Allowance;
import dev.ibac.budget.ledger.BudgetLedger;
import dev.ibac.budget.rate.ChangeRateLimiter;
import dev.ibac.budget.store.FileBudgetStore;
import dev.ibac.webhook.pipeline.BudgetGate;
import dev.ibac.webhook.pipeline.LedgerBudgetGate;
import dev.ibac.webhook.pipeline.RateGate;
import dev.ibac.webhook.problem.ConfigException;
import java.io.IOException;
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
        RateGate rate = mission -> limiter.attempt(mission.key(), mission.getSpec().limitsOrDefault().maxChangesPerMinuteOrDefault());
        BudgetGate gate = new LedgerBudgetGate(ledger, new ResourceCostEstimator(settings.daemonSetNodes(), workloads), PriceTable.DEFAULT);
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ibac-budget-flush");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(ledger::flush, 250, 250, TimeUnit.MILLISECONDS);
        return new Budgets(ledger, gate, rate, flusher);
    }

    BudgetGate gate() {
        return gate;
    }

    RateGate rate() {
        return rate;
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        ledger.close();
    }
}
