package dev.ibac.budget.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.budget.cost.Charge;
import dev.ibac.budget.ledger.BudgetDecision;
import dev.ibac.budget.ledger.BudgetLedger;
import dev.ibac.budget.ledger.BudgetLimits;
import dev.ibac.budget.ledger.BudgetStore;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void denials_and_dry_run_checks_count_what_the_other_replicas_hold() throws Exception {
        BudgetLedger a = new BudgetLedger(CLOCK, BudgetStore.IN_MEMORY, new KubernetesAllowance(client));
        BudgetLedger b = new BudgetLedger(CLOCK, BudgetStore.IN_MEMORY, new KubernetesAllowance(client));
        BudgetLimits limits = BudgetLimits.of(mission, Optional.of(budget)); // mission cap $8.00
        assertThat(a.reserve("a1", limits, new Charge(0, new BigDecimal("1.00")))).isInstanceOf(BudgetDecision.Charged.class);
        assertThat(b.reserve("b1", limits, new Charge(0, new BigDecimal("1.00")))).isInstanceOf(BudgetDecision.Charged.class);
        // b spent $1.00 itself and saw a's claim of $1.80 ($1.00 + a tenth of the cap as headroom)
        BudgetDecision.Exhausted check = (BudgetDecision.Exhausted) b.check(limits, new Charge(0, new BigDecimal("6.50")));
        assertThat(check.message()).contains("spent $2.80 of $8.00 across the IBAC replicas").contains("this action needs $6.50");
        assertThat(b.snapshot(limits).costLeftUSD()).isEqualByComparingTo("5.20");
    }

    @Test
    void a_restarted_replica_does_not_claim_again_what_it_had_spent(@TempDir Path state) throws Exception {
        BudgetLimits limits = BudgetLimits.of(mission, Optional.empty()); // mission cap $8.00 only
        BudgetLedger first = new BudgetLedger(CLOCK, new FileBudgetStore(state), new KubernetesAllowance(client));
        first.reserve("u1", limits, new Charge(0, new BigDecimal("1.00")));
        first.flush(); // the process dies here: its claim ($1.00 + $0.80 headroom) stays in the Mission's status
        assertThat(new BigDecimal(status().spent().costUSD())).isEqualByComparingTo("1.80");

        BudgetLedger second = new BudgetLedger(CLOCK, new FileBudgetStore(state), new KubernetesAllowance(client));
        second.reserve("u2", limits, new Charge(0, new BigDecimal("0.50")));
        // the $1.00 it spent before was its own claim: only the $0.50 is new (+ $0.80 headroom), not $1.50
        assertThat(new BigDecimal(status().spent().costUSD())).isEqualByComparingTo("3.10");
    }

    @Test
    void a_claim_keeps_what_the_status_batcher_wrote() throws Exception {
        var head = new dev.ibac.crd.MissionStatus.ChainHead("ibac-0", 7, "a".repeat(64), "0".repeat(64), "2026-11-23T09:59:00Z");
        var verdicts = new dev.ibac.crd.MissionStatus.Verdicts(3, 1);
        Mission current = client.resources(Mission.class).inNamespace("shop").withName("m").get();
        current.setStatus(new dev.ibac.crd.MissionStatus("Active", null, verdicts, null, java.util.List.of(), java.util.List.of(head)));
        client.resources(Mission.class).inNamespace("shop").resource(current).updateStatus();
        BudgetLedger ledger = new BudgetLedger(CLOCK, BudgetStore.IN_MEMORY, new KubernetesAllowance(client));
        ledger.reserve("u1", BudgetLimits.of(mission, Optional.empty()), new Charge(0, new BigDecimal("1.00")));
        assertThat(new BigDecimal(status().spent().costUSD())).isPositive();
        assertThat(status().verdicts()).isEqualTo(verdicts);
        assertThat(status().phase()).isEqualTo("Active");
        assertThat(status().auditHeads()).containsExactly(head);
    }

    private dev.ibac.crd.MissionStatus status() {
        return client.resources(Mission.class).inNamespace("shop").withName("m").get().getStatus();
    }
}
