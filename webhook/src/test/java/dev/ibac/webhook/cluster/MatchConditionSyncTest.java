package dev.ibac.webhook.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.crd.Mission;
import dev.ibac.webhook.pipeline.AgentSelector;
import dev.ibac.webhook.pipeline.MissionIndex;
import dev.ibac.webhook.testing.TestMissions;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agents-only matchCondition follows the missions, so an agent named only in a Mission is still sent to IBAC. */
@EnableKubernetesMockClient(crud = true)
class MatchConditionSyncTest {
    KubernetesClient client;
    KubernetesMockServer server;
    private final MissionIndex index = new MissionIndex();

    private static ValidatingWebhookConfiguration shipped() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("..", "deploy", "base", "webhook.yaml"))) {
            return Serialization.unmarshal(in, ValidatingWebhookConfiguration.class);
        }
    }

    private static String condition(ValidatingWebhookConfiguration configuration) {
        return configuration.getWebhooks().get(0).getMatchConditions().stream()
                .filter(c -> MatchConditionSync.CONDITION.equals(c.getName())).findFirst().orElseThrow().getExpression();
    }

    private static String oneLine(String expression) {
        return expression.replaceAll("\\s+", " ").replace("( ", "(").strip();
    }

    private MatchConditionSync sync() {
        return new MatchConditionSync(client, "ibac", AgentSelector.DEFAULT_USERNAMES, AgentSelector.DEFAULT_GROUPS, index);
    }

    private ValidatingWebhookConfiguration stored() {
        return client.admissionRegistration().v1().validatingWebhookConfigurations().withName("ibac").get();
    }

    private static Mission mission(String name, String agent) {
        return TestMissions.parse("""
                apiVersion: ibac.io/v1alpha1
                kind: Mission
                metadata: {name: %s, namespace: shop}
                spec:
                  goal: Keep the shop's images built.
                  agent: %s
                """.formatted(name, agent));
    }

    @BeforeEach
    void install() throws Exception {
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(shipped()).create();
    }

    @Test
    void the_default_selectors_give_exactly_the_shipped_expression() throws Exception {
        String generated = MatchConditionSync.expression(AgentSelector.DEFAULT_USERNAMES, AgentSelector.DEFAULT_GROUPS, Set.of(), Set.of());
        assertThat(generated).isEqualTo(oneLine(condition(shipped())));
    }

    @Test
    void identities_named_only_in_missions_are_added_and_covered_ones_are_not_repeated() {
        String expression = MatchConditionSync.expression(AgentSelector.DEFAULT_USERNAMES, AgentSelector.DEFAULT_GROUPS,
                Set.of("system:serviceaccount:shop:builder", "system:serviceaccount:shop:shop-agent", "ci@example.com"),
                Set.of("ml-bots"));
        assertThat(expression).isEqualTo("(request.userInfo.username.startsWith('system:serviceaccount:')"
                + " && request.userInfo.username.endsWith('-agent'))"
                + " || request.userInfo.username in ['ci@example.com', 'system:serviceaccount:shop:builder']"
                + " || (has(request.userInfo.groups) && request.userInfo.groups.exists(g, g in ['ibac.io:agents', 'ml-bots']))");
    }

    @Test
    void globs_become_prefix_and_suffix_tests_and_literals_are_escaped() {
        assertThat(MatchConditionSync.expression(List.of("bot-?-*x", "exact", "*"), List.of(), Set.of(), Set.of()))
                .isEqualTo("(request.userInfo.username.startsWith('bot-') && request.userInfo.username.endsWith('x'))"
                        + " || request.userInfo.username == 'exact' || true");
        assertThat(MatchConditionSync.literal("O'Brien\\ \n")).isEqualTo("'O\\'Brien\\\\ \\u000a'");
        assertThat(MatchConditionSync.expression(List.of(), List.of(), Set.of(), Set.of())).isEqualTo("false");
    }

    @Test
    void a_mission_naming_a_new_agent_rewrites_the_condition_once() {
        index.replace(List.of(TestMissions.scaleCheckout()), List.of());
        MatchConditionSync sync = sync();
        assertThat(sync.sync()).isTrue(); // the shipped text is folded YAML: rewritten once in canonical form
        String version = stored().getMetadata().getResourceVersion();
        assertThat(sync.sync()).isFalse();
        assertThat(condition(stored())).doesNotContain("shop-agent"); // the default glob covers it

        index.replace(List.of(TestMissions.scaleCheckout(), mission("build", "{serviceAccount: builder}")), List.of());
        assertThat(sync.sync()).isTrue();
        assertThat(condition(stored())).contains("request.userInfo.username == 'system:serviceaccount:shop:builder'");
        assertThat(stored().getMetadata().getResourceVersion()).isNotEqualTo(version);
        // another replica with the same view finds nothing to write
        assertThat(sync().sync()).isFalse();

        index.replace(List.of(TestMissions.scaleCheckout()), List.of()); // the mission is gone: so is its agent
        assertThat(sync.sync()).isTrue();
        assertThat(condition(stored())).doesNotContain("builder");
    }

    @Test
    void nothing_is_written_before_the_missions_are_loaded_or_where_the_condition_was_removed() throws Exception {
        assertThat(sync().sync()).isFalse();
        ValidatingWebhookConfiguration withoutCondition = stored();
        withoutCondition.getWebhooks().get(0).setMatchConditions(List.<MatchCondition>of());
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(withoutCondition).update();
        index.replace(List.of(mission("build", "{serviceAccount: builder}")), List.of());
        assertThat(sync().sync()).isFalse();
        assertThat(stored().getWebhooks().get(0).getMatchConditions()).isEmpty(); // the administrator's choice stands
    }

    @Test
    void a_missing_configuration_or_a_refusal_is_not_an_error() {
        index.replace(List.of(mission("build", "{serviceAccount: builder}")), List.of());
        MatchConditionSync other = new MatchConditionSync(client, "not-there", AgentSelector.DEFAULT_USERNAMES,
                AgentSelector.DEFAULT_GROUPS, index);
        assertThat(other.sync()).isFalse();
        server.expect().put().withPath("/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/ibac")
                .andReturn(403, "forbidden").once();
        MatchConditionSync refused = sync();
        assertThat(refused.sync()).isFalse();
        assertThat(condition(stored())).doesNotContain("builder");
    }
}
