package dev.ibac.webhook.pipeline;

import dev.ibac.action.Action;
import dev.ibac.budget.cost.Charge;
import dev.ibac.budget.cost.CostEstimate;
import dev.ibac.budget.cost.Durations;
import dev.ibac.budget.cost.Money;
import dev.ibac.budget.cost.PriceTable;
import dev.ibac.budget.cost.ResourceCostEstimator;
import dev.ibac.budget.ledger.BudgetDecision;
import dev.ibac.budget.ledger.BudgetLedger;
import dev.ibac.budget.ledger.BudgetLimits;
import dev.ibac.budget.ledger.BudgetSnapshot;
import dev.ibac.crd.Budget;
import dev.ibac.crd.Mission;
import dev.ibac.judge.TokenUsage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Stage 6 on the budgets module: prices the action (SPEC §3, {@link ResourceCostEstimator#cost}), then reserves it in the ledger. */
public final class LedgerBudgetGate implements BudgetGate {
    private final BudgetLedger ledger;
    private final ResourceCostEstimator estimator;
    private final PriceTable clusterPrices;

    public LedgerBudgetGate(BudgetLedger ledger, ResourceCostEstimator estimator, PriceTable clusterPrices) {
        this.ledger = ledger;
        this.estimator = estimator;
        this.clusterPrices = clusterPrices;
    }

    @Override
    public Outcome reserve(Action action, Mission mission, Optional<Budget> namespaceBudget) {
        BudgetLimits limits;
        CostEstimate estimate;
        try {
            limits = BudgetLimits.of(mission, namespaceBudget);
            Duration horizon = Durations.parse(namespaceBudget.map(b -> b.getSpec().costHorizon()).orElse(null), Duration.ofHours(1));
            estimate = estimator.cost(action, prices(namespaceBudget), horizon);
        } catch (IllegalArgumentException e) { // a malformed cap, price or horizon
            return new Outcome.Refused("cannot price this action: " + e.getMessage(), Decision.Cost.NONE);
        }
        if (estimate.problem().isPresent()) {
            return new Outcome.Refused(estimate.problem().get(), Decision.Cost.NONE);
        }
        Decision.Cost cost = new Decision.Cost(Money.format(estimate.tokensUSD()), Money.format(estimate.resourceUSD()), estimate.breakdown());
        if (estimate.unpriced().isPresent() && (limits.missionUSD() != null || limits.namespaceUSD() != null)) {
            // a cost limit is in force: what cannot be priced cannot be shown to fit it
            return new Outcome.Refused("cannot price this action: " + estimate.unpriced().get() + "; a cost budget applies to mission "
                    + mission.key() + ", so IBAC admits only what it can price — change spec.replicas of the workload itself"
                    + " (priced from its pod template) or retry", cost);
        }
        BudgetDecision decision = action.dryRun() ? ledger.check(limits, estimate.charge())
                : ledger.reserve(action.uid(), fingerprint(action), limits, estimate.charge());
        if (decision instanceof BudgetDecision.Exhausted exhausted) {
            return new Outcome.Refused(exhausted.message(), cost);
        }
        if (decision instanceof BudgetDecision.Refused refused) {
            return new Outcome.Refused(refused.message(), cost);
        }
        return new Outcome.Reserved(cost, left(((BudgetDecision.Charged) decision).left()));
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

    /**
     * What the request is about: operation, resource, namespace, name and both objects, hashed.
     * An API-server retry repeats all of it; the same uid on anything else is not a retry.
     */
    static String fingerprint(Action action) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {action.operation(), action.resource().qualifiedResource(), action.resource().group(),
                    action.namespace(), action.name(), String.valueOf(action.object()), String.valueOf(action.oldObject())}) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private PriceTable prices(Optional<Budget> namespaceBudget) {
        return clusterPrices.overriddenBy(namespaceBudget.map(b -> b.getSpec().prices()).orElse(null));
    }

    private static Decision.BudgetLeft left(BudgetSnapshot snapshot) {
        return new Decision.BudgetLeft(snapshot.tokensLeft(), snapshot.costLeftUSD() == null ? null : Money.format(snapshot.costLeftUSD()));
    }
}
