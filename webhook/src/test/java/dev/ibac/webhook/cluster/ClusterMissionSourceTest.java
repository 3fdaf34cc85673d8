package dev.ibac.webhook.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.crd.Budget;
import dev.ibac.crd.BudgetSpec;
import dev.ibac.crd.Mission;
import dev.ibac.crd.MissionSpec;
import dev.ibac.webhook.pipeline.MissionIndex;
import dev.ibac.webhook.testing.TestMissions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The informer-backed source on fabric8's CRUD mock server: the index follows every change. */
@EnableKubernetesMockClient(crud = true)
class ClusterMissionSourceTest {
    KubernetesClient client;
    private final MissionIndex index = new MissionIndex();

    @Test
    void the_index_is_loaded_once_both_informers_listed_even_when_the_cluster_is_empty() {
        try (ClusterMissionSource source = new ClusterMissionSource(client, index)) {
            assertThat(source.synced()).isTrue();
            assertThat(index.loaded()).isTrue();
            assertThat(index.missions()).isEmpty();
        }
    }

    @Test
    void missions_already_there_are_in_the_first_snapshot() {
        client.resources(Mission.class).inNamespace("shop").resource(TestMissions.scaleCheckout()).create();
        try (ClusterMissionSource source = new ClusterMissionSource(client, index)) {
            assertThat(index.mission("shop", "scale-checkout")).isPresent();
        }
    }

    @Test
    void created_updated_and_deleted_missions_reach_the_index() {
        try (ClusterMissionSource source = new ClusterMissionSource(client, index)) {
            client.resources(Mission.class).inNamespace("shop").resource(TestMissions.scaleCheckout()).create();
            await(() -> index.mission("shop", "scale-checkout").isPresent());

            client.resources(Mission.class).inNamespace("shop").withName("scale-checkout").edit(m -> {
                MissionSpec s = m.getSpec();
                m.setSpec(new MissionSpec("a new goal", s.agent(), s.scope(), s.budget(), s.limits(), s.judge(), s.expiresAt(),
                        s.suspended()));
                return m;
            });
            await(() -> index.mission("shop", "scale-checkout").map(m -> m.getSpec().goal().equals("a new goal")).orElse(false));

            client.resources(Mission.class).inNamespace("shop").withName("scale-checkout").delete();
            await(() -> index.mission("shop", "scale-checkout").isEmpty());
        }
    }

    @Test
    void budgets_in_any_namespace_follow_too() {
        try (ClusterMissionSource source = new ClusterMissionSource(client, index)) {
            client.resources(Budget.class).inNamespace("ml").resource(budget("ml", "5.00")).create();
            await(() -> limit("ml").equals("5.00"));

            client.resources(Budget.class).inNamespace("ml").withName(Budget.DEFAULT_NAME).edit(b -> budget("ml", "9.00"));
            await(() -> limit("ml").equals("9.00"));

            client.resources(Budget.class).inNamespace("ml").withName(Budget.DEFAULT_NAME).delete();
            await(() -> index.namespaceBudget("ml").isEmpty());
        }
    }

    private String limit(String namespace) {
        return index.namespaceBudget(namespace).map(b -> b.getSpec().cost().limitUSD()).orElse("");
    }

    private static Budget budget(String namespace, String limitUSD) {
        Budget budget = new Budget();
        budget.setMetadata(new ObjectMetaBuilder().withName(Budget.DEFAULT_NAME).withNamespace(namespace).build());
        budget.setSpec(new BudgetSpec(null, new BudgetSpec.CostLimit(limitUSD, "24h"), null, null));
        return budget;
    }

    /** Polls a condition on the index for at most 10 s (informer events arrive on fabric8's threads). */
    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); // tells a hang from an answer
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
