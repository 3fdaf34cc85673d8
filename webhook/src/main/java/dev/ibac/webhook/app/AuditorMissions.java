package dev.ibac.webhook.app;

import dev.ibac.budget.cost.Durations;
import dev.ibac.budget.cost.Money;
import dev.ibac.budget.ledger.BudgetLedger;
import dev.ibac.budget.ledger.BudgetLimits;
import dev.ibac.crd.Budget;
import dev.ibac.crd.Mission;
import dev.ibac.webhook.auditor.MissionSummaries;
import dev.ibac.webhook.pipeline.MissionIndex;
import dev.ibac.webhook.pipeline.MissionPhases;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The overview's missions: what the index holds now, each with its phase, mode and what the budget
 * ledger says it has spent of every limit — its lifetime caps and its namespace Budget's current
 * windows (this replica's spend plus the other replicas' claims as last seen).
 */
final class AuditorMissions implements MissionSummaries {
    private static final int GOAL_CHARS = 160;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private final MissionIndex index;
    private final MissionPhases phases;
    private final BudgetLedger ledger;

    AuditorMissions(MissionIndex index, MissionPhases phases, BudgetLedger ledger) {
        this.index = index;
        this.phases = phases;
        this.ledger = ledger;
    }

    @Override
    public List<MissionSummary> missions() {
        List<MissionSummary> summaries = new ArrayList<>();
        for (Mission mission : index.missions()) {
            summaries.add(summary(mission));
        }
        return summaries;
    }

    private MissionSummary summary(Mission mission) {
        Optional<Budget> budget = index.namespaceBudget(mission.getMetadata().getNamespace());
        List<Limit> limits;
        try {
            limits = limits(BudgetLimits.of(mission, budget));
        } catch (IllegalArgumentException unreadable) {
            // a limit the budget stage cannot read either (it denies): say so instead of hiding the mission
            limits = List.of(new Limit("limits", "unreadable", unreadable.getMessage(), 1, "denied at the budget stage"));
        }
        return new MissionSummary(mission.key(), goal(mission.getSpec().goal()), phases.phase(mission).name(),
                mission.getSpec().judgeOrDefault().modeOrDefault().name(), limits);
    }

    private List<Limit> limits(BudgetLimits limits) {
        BudgetLedger.Spent spent = ledger.spent(limits);
        List<Limit> out = new ArrayList<>();
        if (limits.missionTokens() != null) {
            out.add(tokens("mission tokens", spent.mission().tokens(), limits.missionTokens(), "lifetime"));
        }
        if (limits.missionUSD() != null) {
            out.add(money("mission cost", spent.mission().usd(), limits.missionUSD(), "lifetime"));
        }
        String budget = "namespace " + limits.namespace() + " ";
        if (limits.namespaceTokens() != null) {
            out.add(tokens(budget + "tokens", spent.namespace().tokens(), limits.namespaceTokens(), window(spent.tokenWindow(), limits.tokenPeriod())));
        }
        if (limits.namespaceUSD() != null) {
            out.add(money(budget + "cost", spent.namespace().usd(), limits.namespaceUSD(), window(spent.costWindow(), limits.costPeriod())));
        }
        return out;
    }

    private static Limit tokens(String name, long spent, long limit, String window) {
        return new Limit(name, spent + " tokens", limit + " tokens", limit == 0 ? 1 : (double) spent / limit, window);
    }

    private static Limit money(String name, BigDecimal spent, BigDecimal limit, String window) {
        double fraction = limit.signum() == 0 ? 1 : spent.divide(limit, MathContext.DECIMAL64).doubleValue();
        return new Limit(name, "$" + Money.format(spent), "$" + Money.format(limit), fraction, window);
    }

    private static String window(Instant start, Duration period) {
        return Durations.format(period) + " window, refills " + WHEN.format(start.plus(period));
    }

    private static String goal(String goal) {
        String first = goal == null ? "" : goal.strip().lines().findFirst().orElse("");
        return first.length() > GOAL_CHARS ? first.substring(0, GOAL_CHARS) + "…" : first;
    }
}
