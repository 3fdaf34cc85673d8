package dev.ibac.judge.guard;

import static dev.ibac.judge.guard.ScopeGuardTest.mission;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibac.action.Action;
import dev.ibac.action.Requester;
import dev.ibac.action.ResourceId;
import dev.ibac.crd.Mission;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtectGuardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ProtectGuard guard = new ProtectGuard();
    private final Mission plain = mission("m", "shop", "  scope: {resources: [{apiGroups: ['*'], resources: ['*'], operations: ['*']}]}\n");
    private final Mission opensAll = mission("cleanup", "shop", """
              scope:
                resources: [{apiGroups: ['*'], resources: ['*'], operations: ['*']}]
                allowDestructive: [persistentvolumeclaims, namespaces]
                allowManaged: true
            """);

    @Test
    void agents_never_write_ibac_resources_even_with_a_wide_mission() {
        Optional<Violation> v = guard.check(action("UPDATE", "ibac.io", "missions", "m", obj("{\"kind\":\"Mission\"}"), null), List.of(opensAll));
        assertThat(v).map(Violation::rule).contains("self-escalation");
        assertThat(guard.check(action("UPDATE", "ibac.io", "missions", "m", null, null), List.of()).map(Violation::rule)).contains("self-escalation");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "escalate", "bind", "impersonate"})
    void roles_granting_escalating_verbs_are_denied(String verb) {
        JsonNode role = obj("{\"kind\":\"ClusterRole\",\"rules\":[{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"get\",\"" + verb + "\"]}]}");
        Optional<Violation> v = guard.check(action("CREATE", "rbac.authorization.k8s.io", "clusterroles", "r", role, null), List.of(opensAll));
        assertThat(v).map(Violation::rule).contains("rbac-escalation");
        assertThat(v.orElseThrow().message()).contains("grants verb \"" + verb + "\"");
    }

    @Test
    void roles_with_wildcard_resources_are_denied_and_ordinary_roles_pass() {
        JsonNode wild = obj("{\"kind\":\"Role\",\"rules\":[{\"apiGroups\":[\"apps\"],\"resources\":[\"*\"],\"verbs\":[\"get\"]}]}");
        assertThat(guard.check(action("UPDATE", "rbac.authorization.k8s.io", "roles", "r", wild, wild), List.of(plain))).isPresent();
        JsonNode ok = obj("{\"kind\":\"Role\",\"rules\":[{\"apiGroups\":[\"apps\"],\"resources\":[\"deployments\"],\"verbs\":[\"get\",\"list\"]}]}");
        assertThat(guard.check(action("CREATE", "rbac.authorization.k8s.io", "roles", "r", ok, null), List.of(plain))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cluster-admin", "admin"})
    void bindings_to_admin_cluster_roles_are_denied(String role) {
        JsonNode binding = obj("{\"kind\":\"RoleBinding\",\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"" + role + "\"},\"subjects\":[]}");
        assertThat(guard.check(action("CREATE", "rbac.authorization.k8s.io", "rolebindings", "b", binding, null), List.of(opensAll))
                .map(Violation::rule)).contains("rbac-escalation");
        JsonNode view = obj("{\"kind\":\"RoleBinding\",\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"view\"}}");
        assertThat(guard.check(action("CREATE", "rbac.authorization.k8s.io", "rolebindings", "b", view, null), List.of(plain))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"hostNetwork\":true,\"containers\":[{\"name\":\"c\"}]}",
        "{\"hostPID\":true,\"containers\":[{\"name\":\"c\"}]}",
        "{\"hostIPC\":true,\"containers\":[{\"name\":\"c\"}]}",
        "{\"volumes\":[{\"name\":\"root\",\"hostPath\":{\"path\":\"/\"}}],\"containers\":[{\"name\":\"c\"}]}",
        "{\"containers\":[{\"name\":\"c\",\"securityContext\":{\"privileged\":true}}]}",
        "{\"containers\":[{\"name\":\"c\",\"securityContext\":{\"allowPrivilegeEscalation\":true}}]}",
        "{\"containers\":[{\"name\":\"c\",\"securityContext\":{\"capabilities\":{\"add\":[\"SYS_ADMIN\"]}}}]}",
        "{\"initContainers\":[{\"name\":\"i\",\"securityContext\":{\"privileged\":true}}],\"containers\":[{\"name\":\"c\"}]}",
        "{\"ephemeralContainers\":[{\"name\":\"e\",\"securityContext\":{\"capabilities\":{\"add\":[\"NET_ADMIN\"]}}}]}"
    })
    void privileged_pod_specs_are_denied_in_pods_and_every_workload(String podSpec) {
        for (String kind : List.of("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob")) {
            Optional<Violation> v = guard.check(action("CREATE", "", kind.toLowerCase() + "s", "w", workload(kind, podSpec), null), List.of(opensAll));
            assertThat(v).as(kind + " " + podSpec).map(Violation::rule).contains("privileged-pod");
        }
    }

    @Test
    void ordinary_pods_and_default_capabilities_pass() {
        String spec = "{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\",\"securityContext\":{\"capabilities\":{\"add\":[\"NET_BIND_SERVICE\"],\"drop\":[\"ALL\"]},\"allowPrivilegeEscalation\":false}}],"
                + "\"volumes\":[{\"name\":\"data\",\"emptyDir\":{}}]}";
        for (String kind : List.of("Pod", "Deployment", "CronJob")) {
            assertThat(guard.check(action("CREATE", "", kind.toLowerCase() + "s", "w", workload(kind, spec), null), List.of(plain))).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"persistentvolumeclaims", "persistentvolumes", "namespaces", "customresourcedefinitions"})
    void destructive_deletes_are_denied_unless_allowDestructive_lists_them(String resource) {
        Optional<Violation> v = guard.check(action("DELETE", "", resource, "x", null, obj("{\"kind\":\"X\"}")), List.of(plain));
        assertThat(v).map(Violation::rule).contains("destructive-delete");
        assertThat(v.orElseThrow().message()).contains("add " + resource + " to spec.scope.allowDestructive of mission shop/m");
    }

    @Test
    void allowDestructive_opens_exactly_the_listed_resources() {
        assertThat(guard.check(action("DELETE", "", "persistentvolumeclaims", "x", null, obj("{}")), List.of(opensAll))).isEmpty();
        assertThat(guard.check(action("DELETE", "", "persistentvolumes", "x", null, obj("{}")), List.of(opensAll))).isPresent();
        assertThat(guard.check(action("DELETE", "", "configmaps", "x", null, obj("{}")), List.of(plain))).isEmpty();
    }

    @Test
    void objects_controlled_by_another_controller_need_allowManaged() {
        JsonNode owned = obj("{\"kind\":\"ReplicaSet\",\"metadata\":{\"ownerReferences\":[{\"kind\":\"Deployment\",\"name\":\"web\",\"controller\":true}]}}");
        Optional<Violation> v = guard.check(action("UPDATE", "apps", "replicasets", "web-1", owned, owned), List.of(plain));
        assertThat(v).map(Violation::rule).contains("managed-object");
        assertThat(v.orElseThrow().message()).contains("managed by Deployment \"web\"").contains("allowManaged");
        assertThat(guard.check(action("DELETE", "apps", "replicasets", "web-1", null, owned), List.of(opensAll))).isEmpty();
        assertThat(guard.check(action("CREATE", "apps", "replicasets", "web-1", owned, null), List.of(plain))).isEmpty();
    }

    @Test
    void a_foreign_managed_by_label_needs_allowManaged_but_the_agents_own_does_not() {
        JsonNode helm = obj("{\"kind\":\"Service\",\"metadata\":{\"labels\":{\"app.kubernetes.io/managed-by\":\"Helm\"}}}");
        assertThat(guard.check(action("UPDATE", "", "services", "s", helm, helm), List.of(plain)).map(Violation::rule)).contains("managed-object");
        JsonNode mine = obj("{\"kind\":\"Service\",\"metadata\":{\"labels\":{\"app.kubernetes.io/managed-by\":\"shop-agent\"}}}");
        assertThat(guard.check(action("UPDATE", "", "services", "s", mine, mine), List.of(plain))).isEmpty();
        JsonNode nonController = obj("{\"kind\":\"ConfigMap\",\"metadata\":{\"ownerReferences\":[{\"kind\":\"Foo\",\"name\":\"f\"}]}}");
        assertThat(guard.check(action("UPDATE", "", "configmaps", "c", nonController, nonController), List.of(plain))).isEmpty();
    }

    private static JsonNode workload(String kind, String podSpec) {
        String spec = switch (kind) {
            case "Pod" -> podSpec;
            case "CronJob" -> "{\"jobTemplate\":{\"spec\":{\"template\":{\"spec\":" + podSpec + "}}}}";
            default -> "{\"template\":{\"spec\":" + podSpec + "}}";
        };
        return obj("{\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"w\"},\"spec\":" + spec + "}");
    }

    private static JsonNode obj(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static Action action(String op, String group, String resource, String name, JsonNode object, JsonNode oldObject) {
        String kind = object != null ? object.path("kind").asText() : oldObject != null ? oldObject.path("kind").asText() : "";
        return new Action("uid", op, new ResourceId(group, "v1", resource, ""), kind, "shop", name, false,
                new Requester("system:serviceaccount:shop:shop-agent", "", List.of()), object, oldObject);
    }
}
