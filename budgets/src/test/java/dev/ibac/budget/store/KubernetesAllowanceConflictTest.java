package dev.ibac.budget.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.budget.cost.Charge;
import dev.ibac.crd.Budget;
import dev.ibac.crd.BudgetSpec;
import dev.ibac.crd.BudgetStatus;
import dev.ibac.crd.Spent;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The compare-and-swap on status: a 409 (another replica wrote first) is re-read and retried against the new total. */
@EnableKubernetesMockClient
class KubernetesAllowanceConflictTest {
    private static final String PATH = "/apis/ibac.io/v1alpha1/namespaces/shop/budgets/default";
    private static final Instant WINDOW = Instant.parse("2026-11-23T00:00:00Z");
    KubernetesMockServer server;
    KubernetesClient client;

    private Budget budget(String resourceVersion, String spentUsd) {
        Budget budget = new Budget();
        budget.setMetadata(new ObjectMetaBuilder().withName("default").withNamespace("shop").withResourceVersion(resourceVersion).build());
        budget.setSpec(new BudgetSpec(null, new BudgetSpec.CostLimit("10.00", "24h"), null, "1h"));
        budget.setStatus(new BudgetStatus(WINDOW.toString(), new Spent(0, spentUsd), null));
        return budget;
    }

    private static Charge usd(String amount) {
        return new Charge(0, new BigDecimal(amount));
    }

    @Test
    void a_conflict_is_retried_against_what_the_other_replica_wrote() throws Exception {
        server.expect().get().withPath(PATH).andReturn(200, budget("1", "2.00")).once();
        server.expect().put().withPath(PATH + "/status").andReturn(409, "conflict").once();
        server.expect().get().withPath(PATH).andReturn(200, budget("2", "9.00")).once();
        server.expect().put().withPath(PATH + "/status").andReturn(200, budget("3", "10.00")).once();
        KubernetesAllowance allowance = new KubernetesAllowance(client);
        boolean covered = allowance.cover("namespace:shop", WINDOW, Charge.ZERO, usd("1.00"), null, new BigDecimal("10.00"));
        assertThat(covered).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(4); // read, 409, re-read, write
        // first try: need $1.00 + headroom $1.00 (a tenth of the limit) on $2.00; after the re-read only the
        // bare need fits ($9.00 + $1.00 leaves nothing unclaimed, so no headroom): the write says $10.00
        assertThat(server.getLastRequest().getBody().readUtf8()).contains("\"costUSD\":\"10.00\"");
        // what the other replica holds is remembered for denial messages and dryRun checks
        assertThat(allowance.othersClaimed("namespace:shop", WINDOW)).isEqualTo(usd("9.00"));
        assertThat(allowance.othersClaimed("namespace:shop", WINDOW.plusSeconds(86_400))).isEqualTo(Charge.ZERO);
    }

    @Test
    void a_full_shared_budget_grants_nothing_and_an_unreachable_api_grants_nothing() {
        server.expect().get().withPath(PATH).andReturn(200, budget("1", "9.50")).always();
        KubernetesAllowance allowance = new KubernetesAllowance(client);
        assertThat(allowance.cover("namespace:shop", WINDOW, Charge.ZERO, usd("1.00"), null, new BigDecimal("10.00"))).isFalse();
        KubernetesAllowance failing = new KubernetesAllowance(client);
        assertThat(failing.cover("namespace:other", WINDOW, Charge.ZERO, usd("1.00"), null, new BigDecimal("10.00"))).isFalse();
    }
}
