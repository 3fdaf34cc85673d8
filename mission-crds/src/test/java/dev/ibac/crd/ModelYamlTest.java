package dev.ibac.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Missions and Budgets as teams write them read into the model with the values they meant. */
class ModelYamlTest {

    @Test
    void a_full_mission_reads_every_field() {
        Mission mission = read("mission-full.yaml", Mission.class);
        MissionSpec spec = mission.getSpec();
        assertThat(mission.key()).isEqualTo("shop/scale-checkout");
        assertThat(mission.generation()).isEqualTo(3L);
        assertThat(spec.goal()).startsWith("Scale the checkout service").endsWith("a Redis cache.");
        assertThat(spec.agent()).isEqualTo(new AgentRef("shop-agent", List.of("oidc:agent-platform:shop"), List.of("ibac.io:agents")));
        assertThat(spec.agent().serviceAccountUsername("shop")).isEqualTo("system:serviceaccount:shop:shop-agent");
        assertThat(spec.scope().namespaces()).containsExactly("shop", "shop-*");
        assertThat(spec.scope().resources()).containsExactly(
                new ResourceRule(List.of("apps"), List.of("deployments", "deployments/scale"), List.of("CREATE", "UPDATE"),
                        List.of("checkout*", "redis-*")),
                new ResourceRule(List.of(""), List.of("services", "configmaps"), List.of("CREATE", "UPDATE"), null));
        assertThat(spec.scope().allowDestructive()).containsExactly("persistentvolumeclaims");
        assertThat(spec.scope().managedAllowed()).isTrue();
        assertThat(spec.scope().podSecurityOrDefault()).isEqualTo(PodSecurityLevel.restricted);
        assertThat(spec.scope().podSecurityExceptions()).containsExactly(
                new PodSecurityException("hostPath", List.of("/var/log"), true, null, null, null),
                new PodSecurityException("capabilities", null, null, List.of("NET_ADMIN"), null, null),
                new PodSecurityException("hostPorts", null, null, null, List.of(9100), null),
                new PodSecurityException("sysctls", null, null, null, null, List.of("net.core.somaxconn")));
        assertThat(spec.budget()).isEqualTo(new MissionBudget(200_000L, "25.00"));
        assertThat(new BigDecimal(spec.budget().costUSD())).isEqualByComparingTo("25");
        assertThat(spec.limitsOrDefault().maxChangesPerMinuteOrDefault()).isEqualTo(12);
        assertThat(spec.judge()).isEqualTo(new JudgeSettings(JudgeSettings.Mode.Warn, JudgeSettings.OnError.Allow, "gpt-4o-mini",
                JudgeSettings.OnUncertain.Approve));
        assertThat(spec.approvalOrDefault().approversOrDefault()).isEqualTo(new MissionApproval.Approvers(List.of("alice"), List.of("shop-owners")));
        assertThat(spec.approvalOrDefault().ttlOrDefault()).isEqualTo(java.time.Duration.ofMinutes(30));
        assertThat(spec.expiry()).contains(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(spec.suspendedOrDefault()).isTrue();
    }

    @Test
    void a_full_mission_reads_its_status() {
        MissionStatus status = read("mission-full.yaml", Mission.class).getStatus();
        assertThat(status.phase()).isEqualTo(MissionStatus.Phase.Suspended.name());
        assertThat(status.spent()).isEqualTo(new Spent(1234, "0.42"));
        assertThat(status.verdicts()).isEqualTo(new MissionStatus.Verdicts(7, 2));
        assertThat(status.lastVerdict().action()).isEqualTo("DELETE persistentvolumeclaims shop/data-0");
        assertThat(status.conditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getObservedGeneration()).isEqualTo(3L);
        });
    }

    @Test
    void a_minimal_mission_reads_its_defaults() {
        MissionSpec spec = read("mission-minimal.yaml", Mission.class).getSpec();
        assertThat(spec.agent().serviceAccount()).isNull();
        assertThat(spec.agent().groups()).containsExactly("ibac.io:agents");
        assertThat(spec.agent().namesNobody()).isFalse();
        assertThat(spec.scopeOrDefault().namespacesOrOwn("web")).containsExactly("web");
        assertThat(spec.scopeOrDefault().allowDestructive()).isEmpty();
        assertThat(spec.scopeOrDefault().managedAllowed()).isFalse();
        assertThat(spec.scopeOrDefault().podSecurityOrDefault()).isEqualTo(PodSecurityLevel.baseline);
        assertThat(spec.scopeOrDefault().podSecurityExceptions()).isEmpty();
        assertThat(spec.scopeOrDefault().resources()).singleElement().satisfies(rule -> {
            assertThat(rule.apiGroups()).containsExactly("");
            assertThat(rule.names()).isEmpty();
        });
        assertThat(spec.limitsOrDefault().maxChangesPerMinuteOrDefault()).isEqualTo(30);
        assertThat(spec.judgeOrDefault().modeOrDefault()).isEqualTo(JudgeSettings.Mode.Enforce);
        assertThat(spec.judgeOrDefault().onErrorOrDefault()).isEqualTo(JudgeSettings.OnError.Deny);
        assertThat(spec.expiry()).isEmpty();
        assertThat(spec.suspendedOrDefault()).isFalse();
    }

    @Test
    void a_namespace_budget_reads_limits_prices_and_status() {
        Budget budget = read("budget-default.yaml", Budget.class);
        BudgetSpec spec = budget.getSpec();
        assertThat(budget.getMetadata().getName()).isEqualTo(Budget.DEFAULT_NAME);
        assertThat(spec.tokens()).isEqualTo(new BudgetSpec.TokenLimit(2_000_000L, "24h"));
        assertThat(spec.cost()).isEqualTo(new BudgetSpec.CostLimit("100.00", "24h"));
        assertThat(spec.prices().memoryGiBHour()).isEqualTo("0.005");
        assertThat(spec.prices().extendedResourceHour()).isEqualTo(Map.of("nvidia.com/gpu", "2.50"));
        assertThat(spec.costHorizon()).isEqualTo("1h");
        assertThat(budget.getStatus().spent()).isEqualTo(new Spent(1500, "3.10"));
        assertThat(budget.getStatus().windowStart()).isEqualTo("2026-11-23T00:00:00Z");
    }

    @Test
    void writing_a_mission_back_writes_only_its_fields_and_reads_the_same() {
        Mission mission = read("mission-minimal.yaml", Mission.class);
        String json = Serialization.asJson(mission);
        // unset optional sections stay unset: no nulls, no helper "fields" such as empty or suspendedOrDefault
        assertThat(json).doesNotContain("null", "\"empty\"", "OrDefault", "namesNobody");
        assertThat(Serialization.unmarshal(json, Mission.class).getSpec()).isEqualTo(mission.getSpec());
        Mission full = read("mission-full.yaml", Mission.class);
        assertThat(Serialization.unmarshal(Serialization.asJson(full), Mission.class).getSpec()).isEqualTo(full.getSpec());
    }

    private static <T> T read(String fixture, Class<T> type) {
        try (InputStream in = ModelYamlTest.class.getResourceAsStream("/fixtures/" + fixture)) {
            assertThat(in).as(fixture).isNotNull();
            return Serialization.unmarshal(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
