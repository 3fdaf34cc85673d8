package dev.ibac.webhook.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.action.Action;
import dev.ibac.budget.cost.PriceTable;
import dev.ibac.budget.cost.ResourceCostEstimator;
import dev.ibac.budget.ledger.BudgetLedger;
import dev.ibac.budget.ledger.BudgetStore;
import dev.ibac.crd.Mission;
import dev.ibac.judge.TokenUsage;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerBudgetGateTest {
    private final BudgetLedger ledger = ledger();
    private final LedgerBudgetGate gate = new LedgerBudgetGate(ledger, new ResourceCostEstimator(3), PriceTable.DEFAULT);
    private final Mission mission = TestMissions.scaleCheckout("  budget: {tokens: 5000, costUSD: \"1.00\"}\n");

    private static BudgetLedger ledger() {
        try {
            return new BudgetLedger(Clock.systemUTC(), BudgetStore.IN_MEMORY);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void prices_agent_tokens_and_resources_and_adds_judge_tokens_on_settle() {
        Action create = Fixtures.action("create-deployment"); // 6 x (500m, 512Mi), 1200 reported tokens
        BudgetGate.Outcome.Reserved reserved = (BudgetGate.Outcome.Reserved) gate.reserve(create, mission, Optional.empty());
        assertThat(reserved.cost().resourceUSD()).isEqualTo("0.135");
        assertThat(reserved.cost().tokensUSD()).isEqualTo("0.00018");
        assertThat(reserved.cost().breakdown()).containsKeys("cpu", "memory", "agentTokens");
        Decision.Cost settled = gate.settle(create, mission, Optional.empty(), reserved.cost(), new TokenUsage(1000, 100), true);
        assertThat(settled.tokensUSD()).isEqualTo("0.00039");
        assertThat(settled.breakdown().get("judgeTokens")).isEqualTo("1000 in + 100 out = $0.00021");
        assertThat(ledger.missionSpent("shop/scale-checkout").tokens()).isEqualTo(2300);
    }

    @Test
    void a_uid_reused_for_a_different_object_is_refused_instead_of_charged_once_for_both() {
        Action first = Fixtures.action("create-deployment", r -> r.put("uid", "reused"));
        Action other = Fixtures.action("create-deployment", r -> {
            r.put("uid", "reused");
            r.put("name", "checkout-2");
            ((com.fasterxml.jackson.databind.node.ObjectNode) r.get("object").get("metadata")).put("name", "checkout-2");
        });
        assertThat(gate.reserve(first, mission, Optional.empty())).isInstanceOf(BudgetGate.Outcome.Reserved.class);
        assertThat(gate.reserve(first, mission, Optional.empty())).isInstanceOf(BudgetGate.Outcome.Reserved.class); // a retry
        assertThat(gate.reserve(other, mission, Optional.empty())).isInstanceOfSatisfying(BudgetGate.Outcome.Refused.class,
                r -> assertThat(r.message()).contains("uid reused was already used for a different object"));
        assertThat(ledger.missionSpent("shop/scale-checkout").tokens()).isEqualTo(1200);
    }

    @Test
    void dry_run_requests_are_checked_but_charge_nothing() {
        Action dryRun = Fixtures.action("create-deployment", r -> r.put("dryRun", true));
        assertThat(gate.reserve(dryRun, mission, Optional.empty())).isInstanceOf(BudgetGate.Outcome.Reserved.class);
        gate.settle(dryRun, mission, Optional.empty(), Decision.Cost.NONE, new TokenUsage(500, 50), true);
        assertThat(ledger.missionSpent("shop/scale-checkout").tokens()).isZero();
    }

    @Test
    void an_action_the_budget_cannot_cover_is_refused_with_the_budget_named() {
        Action big = Fixtures.action("create-deployment", r -> ((com.fasterxml.jackson.databind.node.ObjectNode) r.get("object").get("spec"))
                .put("replicas", 100));
        BudgetGate.Outcome outcome = gate.reserve(big, mission, Optional.empty());
        assertThat(outcome).isInstanceOf(BudgetGate.Outcome.Refused.class);
        assertThat(((BudgetGate.Outcome.Refused) outcome).message()).contains("mission shop/scale-checkout cost budget would be exceeded");
    }

    @Test
    void a_scale_up_that_cannot_be_priced_is_refused_only_when_a_cost_limit_applies() {
        Action scaleUp = Fixtures.action("scale-deployment"); // embedded: no cluster to read the Deployment from
        BudgetGate.Outcome refused = gate.reserve(scaleUp, mission, Optional.empty());
        assertThat(refused).isInstanceOf(BudgetGate.Outcome.Refused.class);
        assertThat(((BudgetGate.Outcome.Refused) refused).message()).startsWith("cannot price this action: the pod template of deployments"
                + " shop/checkout could not be read to price scaling it from 6 to 10 replicas; a cost budget applies to mission shop/scale-checkout");
        Mission tokensOnly = TestMissions.scaleCheckout("  budget: {tokens: 5000}\n");
        assertThat(gate.reserve(Fixtures.action("scale-deployment", r -> r.put("uid", "other")), tokensOnly, Optional.empty()))
                .isInstanceOf(BudgetGate.Outcome.Reserved.class);
    }

    @Test
    void a_malformed_token_report_is_refused_clearly() {
        Action bad = Fixtures.action("create-deployment", r -> ((com.fasterxml.jackson.databind.node.ObjectNode) r.get("object")
                .get("metadata").get("annotations")).put("ibac.io/tokens", "-5"));
        BudgetGate.Outcome outcome = gate.reserve(bad, mission, Optional.empty());
        assertThat(((BudgetGate.Outcome.Refused) outcome).message()).contains("ibac.io/tokens must be a whole number");
    }

    @Test
    void a_retried_uid_is_charged_once() {
        Action create = Fixtures.action("create-deployment");
        for (int i = 0; i < 3; i++) {
            BudgetGate.Outcome.Reserved r = (BudgetGate.Outcome.Reserved) gate.reserve(create, mission, Optional.empty());
            gate.settle(create, mission, Optional.empty(), r.cost(), TokenUsage.NONE, true);
        }
        assertThat(ledger.missionSpent("shop/scale-checkout").tokens()).isEqualTo(1200);
    }
}
