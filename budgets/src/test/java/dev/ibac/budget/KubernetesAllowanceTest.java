package dev.ibac.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.crd.AgentRef;
import dev.ibac.crd.Budget;
import dev.ibac.crd.BudgetSpec;
import dev.ibac.crd.Mission;
import dev.ibac.crd.MissionBudget;
import dev.ibac.crd.MissionSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas share one namespace budget and one mission cap through the (mock) API server. */
@EnableKubernetesMockClient(crud = true)
class KubernetesAllowanceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    KubernetesClient client;
    private Mission mission;
    private Budget budget;

    @BeforeEach
    void objects() {
        mission = new Mission();
        mission.setMetadata(new ObjectMetaBuilder().withName("m").withNamespace("shop").build());
        mission.setSpec(new MissionSpec("goal", new AgentRef("a", null, null), null, new MissionBudget(100_000L, "8.00"), null, null,
                null, null));
        mission = client.resources(Mission.class).inNamespace("shop").resource(mission).create();
        budget = new Budget();
        budget.setMetadata(new ObjectMetaBuilder().withName("default").withNamespace("shop").build());
        budget.setSpec(new BudgetSpec(null, new BudgetSpec.CostLimit("10.00", "24h"), null, "1h"));
        budget = client.resources(Budget.class).inNamespace("shop").resource(budget).create();
    }

    @Test
    void two_replicas_together_never_spend_more_than_the_tighter_limit() throws Exception {
        BudgetLedger a = new BudgetLedger(CLOCK, BudgetStore.IN_MEMORY, new KubernetesAllowance(client));
        BudgetLedger b = new BudgetLedger(CLOCK, BudgetStore.IN_MEMORY, new KubernetesAllowance(client));
        BudgetLimits limits = BudgetLimits.of(mission, Optional.of(budget)); // mission cap $8.00 is the tighter
        // the replicas interleave; each replica's own requests are serialised by its ledger's lock
        int admitted = 0;
        for (int i = 0; i < 40; i++) {
            BudgetLedger replica = i % 2 == 0 ? a : b;
            admitted += replica.reserve("uid-" + i, limits, new Charge(100, new BigDecimal("1.00"))) instanceof BudgetDecision.Charged ? 1 : 0;
        }
        assertThat(admitted).isLessThanOrEqualTo(8).isGreaterThanOrEqualTo(6);
        BigDecimal spent = a.missionSpent("shop/m").usd().add(b.missionSpent("shop/m").usd());
        assertThat(spent).isEqualByComparingTo(BigDecimal.valueOf(admitted));
        assertThat(new BigDecimal(status().spent().costUSD())).isLessThanOrEqualTo(new BigDecimal("8.00"));

        a.close();
        b.close();
        assertThat(new BigDecimal(status().spent().costUSD())).isEqualByComparingTo(spent); // unspent claims given back
        assertThat(new BigDecimal(client.resources(Budget.class).inNamespace("shop").withName("default").get().getStatus()
                .spent().costUSD())).isEqualByComparingTo(spent);
    }

    @Test
    void one_replica_claims_in_slices_not_per_request() throws Exception {
        BudgetLedger ledger = new BudgetLedger(CLOCK, BudgetStore.IN_MEMORY, new KubernetesAllowance(client));
        BudgetLimits limits = BudgetLimits.of(mission, Optional.of(budget));
        String before = client.resources(Budget.class).inNamespace("shop").withName("default").get().getMetadata().getResourceVersion();
        for (int i = 0; i < 5; i++) {
            assertThat(ledger.reserve("u" + i, limits, new Charge(10, new BigDecimal("0.10")))).isInstanceOf(BudgetDecision.Charged.class);
        }
        Budget after = client.resources(Budget.class).inNamespace("shop").withName("default").get();
        assertThat(after.getMetadata().getResourceVersion()).isNotEqualTo(before);
        assertThat(new BigDecimal(after.getStatus().spent().costUSD())).isEqualByComparingTo("1.10"); // one slice: 0.10 + a tenth of $10
        assertThat(after.getStatus().windowStart()).isEqualTo("2026-11-23T00:00:00Z");
    }

    private dev.ibac.crd.MissionStatus status() {
        return client.resources(Mission.class).inNamespace("shop").withName("m").get().getStatus();
    }
}
