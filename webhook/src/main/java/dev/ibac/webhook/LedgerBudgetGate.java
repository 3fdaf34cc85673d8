package dev.ibac.webhook;

import dev.ibac.action.Action;
import dev.ibac.budget.BudgetDecision;
import dev.ibac.budget.BudgetLedger;
import dev.ibac.budget.BudgetLimits;
import dev.ibac.budget.BudgetSnapshot;
import dev.ibac.budget.Charge;
import dev.ibac.budget.Durations;
import dev.ibac.budget.Money;
import dev.ibac.budget.PriceTable;
import dev.ibac.budget.ResourceCost;
import dev.ibac.budget.ResourceCostEstimator;
import dev.ibac.crd.Budget;
import dev.ibac.crd.Mission;
import dev.ibac.judge.TokenUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Stage 6 on the budgets module: prices the action (SPEC §3), then reserves it in the ledger. */
final class LedgerBudgetGate implements BudgetGate {
    static final long MAX_REPORTED_TOKENS = 1_000_000_000L;
    private final BudgetLedger ledger;
    private final ResourceCostEstimator estimator;
    private final PriceTable clusterPrices;

    LedgerBudgetGate(BudgetLedger ledger, ResourceCostEstimator estimator, PriceTable clusterPrices) {
        this.ledger = ledger;
        this.estimator = estimator;
        this.clusterPrices = clusterPrices;
    }

    @Override
    public Outcome reserve(Action action, Mission mission, Optional<Budget> namespaceBudget) {
        Priced priced;
        BudgetLimits limits;
        try {
            limits = BudgetLimits.of(mission, namespaceBudget);
            priced = price(action, namespaceBudget);
        } catch (IllegalArgumentException e) {
            return new Outcome.Refused("cannot price this action: " + e.getMessage(), Decision.Cost.NONE);
        }
        BudgetDecision decision = action.dryRun() ? ledger.check(limits, priced.charge) : ledger.reserve(action.uid(), limits, priced.charge);
        if (decision instanceof BudgetDecision.Exhausted exhausted) {
            return new Outcome.Refused(exhausted.message(), priced.cost);
        }
        return new Outcome.Reserved(priced.cost, left(((BudgetDecision.Charged) decision).left()));
    }

    @Override
    public Decision.Cost settle(Action action, Mission mission, Optional<Budget> namespaceBudget, Decision.Cost reserved,
            TokenUsage judgeTokens, boolean admitted) {
        PriceTable prices = prices(namespaceBudget);
        BigDecimal judgeUsd = prices.tokens(judgeTokens.input(), judgeTokens.output());
        if (!action.dryRun()) {
            Charge judge = new Charge(judgeTokens.total(), judgeUsd);
            if (admitted) {
                ledger.settle(action.uid(), judge);
            } else {
                ledger.release(action.uid(), judge);
            }
        }
        if (judgeTokens.total() == 0) {
            return reserved;
        }
        Map<String, String> breakdown = new LinkedHashMap<>(reserved.breakdown());
        breakdown.put("judgeTokens", judgeTokens.input() + " in + " + judgeTokens.output() + " out = $" + Money.format(judgeUsd));
        return new Decision.Cost(Money.format(new BigDecimal(reserved.tokensUSD()).add(judgeUsd)), reserved.resourceUSD(), breakdown);
    }

    @Override
    public String describeRemaining(Mission mission, Optional<Budget> namespaceBudget) {
        try {
            return ledger.snapshot(BudgetLimits.of(mission, namespaceBudget)).describe();
        } catch (IllegalArgumentException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    @Override
    public boolean exhausted(Mission mission) {
        try {
            return ledger.missionExhausted(BudgetLimits.of(mission, Optional.empty()));
        } catch (IllegalArgumentException e) {
            return false; // a malformed cap is refused with its message at the budget stage
        }
    }

    private record Priced(Charge charge, Decision.Cost cost) {}

    private Priced price(Action action, Optional<Budget> namespaceBudget) {
        PriceTable prices = prices(namespaceBudget);
        Duration horizon = Durations.parse(namespaceBudget.map(b -> b.getSpec().costHorizon()).orElse(null), Duration.ofHours(1));
        long reported = reportedTokens(action);
        BigDecimal tokensUsd = prices.tokens(reported, 0);
        ResourceCost resources = estimator.estimate(action, prices, horizon);
        Map<String, String> breakdown = new LinkedHashMap<>(resources.breakdown());
        if (reported > 0) {
            breakdown.put("agentTokens", reported + " reported (ibac.io/tokens) x $" + prices.inputTokensPer1M().toPlainString()
                    + "/1M = $" + Money.format(tokensUsd));
        }
        return new Priced(new Charge(reported, tokensUsd.add(resources.usd())),
                new Decision.Cost(Money.format(tokensUsd), Money.format(resources.usd()), breakdown));
    }

    private PriceTable prices(Optional<Budget> namespaceBudget) {
        return clusterPrices.overriddenBy(namespaceBudget.map(b -> b.getSpec().prices()).orElse(null));
    }

    /** The agent's own token report: a whole number 0..10^9, else the action is refused with why. */
    static long reportedTokens(Action action) {
        Optional<String> value = action.annotation(Action.TOKENS_ANNOTATION);
        if (value.isEmpty()) {
            return 0;
        }
        String text = value.get().trim();
        if (!text.matches("[0-9]{1,10}") || Long.parseLong(text) > MAX_REPORTED_TOKENS) {
            throw new IllegalArgumentException("annotation " + Action.TOKENS_ANNOTATION + " must be a whole number of tokens from 0 to "
                    + MAX_REPORTED_TOKENS + ", got \"" + value.get() + "\"");
        }
        return Long.parseLong(text);
    }

    private static Decision.BudgetLeft left(BudgetSnapshot snapshot) {
        return new Decision.BudgetLeft(snapshot.tokensLeft(), snapshot.costLeftUSD() == null ? null : Money.format(snapshot.costLeftUSD()));
    }
}
