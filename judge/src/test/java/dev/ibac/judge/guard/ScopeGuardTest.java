package dev.ibac.judge.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ibac.action.Action;
import dev.ibac.action.Requester;
import dev.ibac.action.ResourceId;
import dev.ibac.crd.Mission;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeGuardTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final ScopeGuard guard = new ScopeGuard();
    private final Mission checkout = mission("scale-checkout", "shop", """
              scope:
                resources:
                  - apiGroups: [apps]
                    resources: [deployments, deployments/scale]
                    operations: [CREATE, UPDATE]
                    names: ["checkout*", "redis-*"]
                  - apiGroups: [""]
                    resources: [services, configmaps]
                    operations: [CREATE, UPDATE]
            """);

    @Test
    void covers_an_action_inside_one_rule() {
        assertThat(guard.match(action("CREATE", "apps", "deployments", "", "shop", "checkout-v2"), List.of(checkout)))
                .isEqualTo(new ScopeMatch.InScope(checkout));
        assertThat(guard.match(action("UPDATE", "apps", "deployments", "scale", "shop", "redis-cache"), List.of(checkout)))
                .isInstanceOf(ScopeMatch.InScope.class);
        assertThat(guard.match(action("CREATE", "", "services", "", "shop", "anything"), List.of(checkout)))
                .isInstanceOf(ScopeMatch.InScope.class);
    }

    @Test
    void names_outside_the_globs_are_out_of_scope_with_the_allowed_names() {
        ScopeMatch match = guard.match(action("UPDATE", "apps", "deployments", "", "shop", "payments"), List.of(checkout));
        assertThat(match).isInstanceOf(ScopeMatch.OutOfScope.class);
        assertThat(((ScopeMatch.OutOfScope) match).message())
                .startsWith("deployments \"payments\" is outside mission shop/scale-checkout — allowed names: checkout*, redis-*");
    }

    @Test
    void operations_not_listed_are_out_of_scope() {
        ScopeMatch match = guard.match(action("DELETE", "apps", "deployments", "", "shop", "checkout"), List.of(checkout));
        assertThat(((ScopeMatch.OutOfScope) match).message()).contains("allowed operations on deployments: CREATE, UPDATE");
    }

    @Test
    void resources_not_listed_are_out_of_scope_listing_what_is() {
        ScopeMatch match = guard.match(action("CREATE", "", "secrets", "", "shop", "checkout"), List.of(checkout));
        assertThat(((ScopeMatch.OutOfScope) match).message())
                .contains("allowed resources: deployments.apps, deployments/scale.apps, services, configmaps");
        ScopeMatch sub = guard.match(action("UPDATE", "apps", "deployments", "status", "shop", "checkout"), List.of(checkout));
        assertThat(sub).isInstanceOf(ScopeMatch.OutOfScope.class);
    }

    @Test
    void other_namespaces_are_out_of_scope_by_default() {
        ScopeMatch match = guard.match(action("CREATE", "apps", "deployments", "", "payments", "checkout"), List.of(checkout));
        assertThat(((ScopeMatch.OutOfScope) match).message()).contains("in namespace payments").contains("allowed namespaces: shop");
    }

    @Test
    void listed_namespaces_and_wildcards_widen_the_scope() {
        Mission wide = mission("wide", "ops", """
                  scope:
                    namespaces: ["team-*", "*"]
                    resources: [{apiGroups: ["*"], resources: ["*"], operations: ["*"]}]
                """);
        assertThat(guard.match(action("DELETE", "batch", "jobs", "", "team-a", "old"), List.of(wide))).isInstanceOf(ScopeMatch.InScope.class);
        assertThat(guard.match(action("CREATE", "rbac.authorization.k8s.io", "clusterroles", "", "", "x"), List.of(wide)))
                .isInstanceOf(ScopeMatch.InScope.class);
        Mission narrow = mission("narrow", "ops", """
                  scope:
                    namespaces: ["team-*"]
                    resources: [{apiGroups: ["*"], resources: ["*"], operations: ["*"]}]
                """);
        assertThat(guard.match(action("CREATE", "", "namespaces", "", "", "x"), List.of(narrow))).isInstanceOf(ScopeMatch.OutOfScope.class);
    }

    @Test
    void subresource_wildcard_covers_every_subresource_only() {
        Mission m = mission("scaler", "shop", """
                  scope:
                    resources: [{apiGroups: [apps], resources: ["deployments/*"], operations: [UPDATE]}]
                """);
        assertThat(guard.match(action("UPDATE", "apps", "deployments", "scale", "shop", "x"), List.of(m))).isInstanceOf(ScopeMatch.InScope.class);
        assertThat(guard.match(action("UPDATE", "apps", "deployments", "", "shop", "x"), List.of(m))).isInstanceOf(ScopeMatch.OutOfScope.class);
    }

    @Test
    void two_covering_missions_are_ambiguous_and_the_closest_is_named_when_none_covers() {
        Mission other = mission("other", "shop", """
                  scope:
                    resources: [{apiGroups: [apps], resources: [deployments], operations: [CREATE], names: ["checkout"]}]
                """);
        assertThat(guard.match(action("CREATE", "apps", "deployments", "", "shop", "checkout"), List.of(checkout, other)))
                .isInstanceOf(ScopeMatch.Ambiguous.class);
        Mission unrelated = mission("unrelated", "shop", """
                  scope:
                    resources: [{apiGroups: [batch], resources: [jobs], operations: [CREATE]}]
                """);
        ScopeMatch match = guard.match(action("CREATE", "apps", "deployments", "", "shop", "payments"), List.of(unrelated, checkout));
        assertThat(((ScopeMatch.OutOfScope) match).closest()).isSameAs(checkout);
    }

    @Test
    void a_mission_with_no_resources_covers_nothing() {
        Mission empty = mission("empty", "shop", "  scope: {}\n");
        ScopeMatch match = guard.match(action("CREATE", "apps", "deployments", "", "shop", "checkout"), List.of(empty));
        assertThat(((ScopeMatch.OutOfScope) match).message()).contains("lists no resources");
    }

    static Action action(String op, String group, String resource, String sub, String ns, String name) {
        return new Action("uid-1", op, new ResourceId(group, "v1", resource, sub), "", ns, name, false,
                new Requester("system:serviceaccount:shop:shop-agent", "", List.of()), null, null);
    }

    static Mission mission(String name, String namespace, String specTail) {
        String yaml = "apiVersion: ibac.io/v1alpha1\nkind: Mission\nmetadata: {name: " + name + ", namespace: " + namespace
                + "}\nspec:\n  goal: test\n  agent: {serviceAccount: shop-agent}\n" + specTail.stripTrailing().stripIndent().indent(2);
        try {
            return YAML.readValue(yaml, Mission.class);
        } catch (Exception e) {
            throw new IllegalStateException(yaml, e);
        }
    }
}
