package dev.ibac.budget.ledger;

import dev.ibac.budget.cost.Durations;
import dev.ibac.budget.cost.Money;
import dev.ibac.crd.Budget;
import dev.ibac.crd.BudgetSpec;
import dev.ibac.crd.Mission;
import dev.ibac.crd.MissionBudget;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * The limits one request is held to: the mission's lifetime caps and the namespace Budget's
 * per-period limits (either may be absent; absent means unlimited).
 */
public record BudgetLimits(
        String missionKey,
        Long missionTokens,
        BigDecimal missionUSD,
        String namespace,
        Long namespaceTokens,
        Duration tokenPeriod,
        BigDecimal namespaceUSD,
        Duration costPeriod) {

    static final Duration DEFAULT_PERIOD = Duration.ofHours(24);

    public static BudgetLimits of(Mission mission, Optional<Budget> namespaceBudget) {
        MissionBudget caps = mission.getSpec().budget();
        BudgetSpec spec = namespaceBudget.map(Budget::getSpec).orElse(null);
        BudgetSpec.TokenLimit tokens = spec == null ? null : spec.tokens();
        BudgetSpec.CostLimit cost = spec == null ? null : spec.cost();
        return new BudgetLimits(mission.key(),
                caps == null ? null : caps.tokens(),
                caps == null || caps.costUSD() == null ? null : Money.parse(caps.costUSD(), "spec.budget.costUSD"),
                mission.getMetadata().getNamespace(),
                tokens == null ? null : tokens.limit(),
                Durations.parse(tokens == null ? null : tokens.period(), DEFAULT_PERIOD),
                cost == null || cost.limitUSD() == null ? null : Money.parse(cost.limitUSD(), "spec.cost.limitUSD"),
                Durations.parse(cost == null ? null : cost.period(), DEFAULT_PERIOD));
    }
}
