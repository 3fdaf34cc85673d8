package dev.ibac.judge.guard;

import static dev.ibac.judge.guard.ProtectGuardReviews.action;
import static dev.ibac.judge.guard.ProtectGuardReviews.mission;
import static dev.ibac.judge.guard.ProtectGuardReviews.object;
import static dev.ibac.judge.guard.ProtectGuardReviews.review;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.action.Action;
import dev.ibac.crd.Mission;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The protections no mission can open (self-escalation, RBAC escalation) and Pod Security under a mission that opens no control of it. */
class ProtectGuardTest {
    private final ProtectGuard guard = new ProtectGuard();
    /** Opens everything a mission can open, so what is still denied is never openable. */
    private final List<Mission> wide = List.of(mission("shop", "anything", """
            scope:
              namespaces: ["*"]
              resources: [{apiGroups: ["*"], resources: ["*"], operations: ["*"]}]
              allowDestructive: [persistentvolumeclaims, persistentvolumes, namespaces, customresourcedefinitions]
              allowManaged: true
            """));

    @ParameterizedTest
    @ValueSource(strings = {"CREATE ibac.io/v1alpha1/missions", "UPDATE ibac.io/v1alpha1/missions",
        "DELETE ibac.io/v1alpha1/missions", "UPDATE ibac.io/v1alpha1/budgets", "DELETE ibac.io/v1alpha1/budgets"})
    void agents_never_write_ibac_resources_even_under_a_mission_that_opens_everything(String request) {
        String[] parts = request.split(" ");
        String mission = object("ibac.io/v1alpha1", "Mission", "m", "\"labels\": {}");
        Action action = review(parts[0], parts[1], "shop", "m").object(parts[0].equals("DELETE") ? null : mission)
                .oldObject(parts[0].equals("CREATE") ? null : mission).action();
        assertThat(guard.check(action, wide)).hasValueSatisfying(v -> {
            assertThat(v.rule()).isEqualTo("self-escalation");
            assertThat(v.message()).startsWith("agents may not change " + parts[1].substring(parts[1].lastIndexOf('/') + 1) + ".ibac.io: ")
                    .endsWith("ask the mission's owner");
        });
        assertThat(guard.check(action, List.of())).map(Violation::rule).contains("self-escalation");
    }

    @Test
    void an_agent_cannot_reset_its_own_mission_status() {
        String mission = object("ibac.io/v1alpha1", "Mission", "m", "\"labels\": {}");
        Optional<Violation> v = guard.check(review("UPDATE", "ibac.io/v1alpha1/missions/status", "shop", "m").both(mission).action(), wide);
        assertThat(v).map(Violation::message).hasValueSatisfying(m -> assertThat(m).startsWith("agents may not change missions.ibac.io (status)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "escalate", "bind", "impersonate"})
    void roles_granting_escalating_verbs_are_denied(String verb) {
        String role = """
                {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"},
                 "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "%s"]}]}""".formatted(verb);
        Optional<Violation> v = guard.check(review("CREATE", "rbac.authorization.k8s.io/v1/clusterroles", "", "r").object(role).action(), wide);
        assertThat(v).map(Violation::rule).contains("rbac-escalation");
        assertThat(v.orElseThrow().message()).isEqualTo("clusterroles \"r\" grants verb \"" + verb + "\": agents may never grant this; ask a cluster admin");
    }

    @Test
    void roles_with_wildcard_resources_or_aggregation_are_denied_and_ordinary_roles_pass() {
        String wild = role("{\"apiGroups\": [\"apps\"], \"resources\": [\"*\"], \"verbs\": [\"get\"]}");
        assertThat(guard.check(review("UPDATE", "rbac.authorization.k8s.io/v1/roles", "shop", "r").both(wild).action(), wide)
                .map(Violation::message)).hasValueSatisfying(m -> assertThat(m).contains("grants every resource (\"*\")"));
        String aggregating = """
                {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"},
                 "aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {"rbac.example.com/aggregate-to-r": "true"}}]}, "rules": []}""";
        assertThat(guard.check(review("CREATE", "rbac.authorization.k8s.io/v1/clusterroles", "", "r").object(aggregating).action(), wide))
                .map(Violation::rule).contains("rbac-escalation");
        String ordinary = role("{\"apiGroups\": [\"apps\"], \"resources\": [\"deployments\", \"deployments/scale\"], \"verbs\": [\"get\", \"list\", \"patch\"]}");
        assertThat(guard.check(review("CREATE", "rbac.authorization.k8s.io/v1/roles", "shop", "r").object(ordinary).action(), wide)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rolebindings", "clusterrolebindings"})
    void bindings_to_cluster_admin_or_admin_are_denied_and_other_bindings_pass(String resource) {
        for (String role : List.of("cluster-admin", "admin")) {
            Action action = review("CREATE", "rbac.authorization.k8s.io/v1/" + resource, "shop", "b").object(binding("ClusterRole", role)).action();
            assertThat(guard.check(action, wide)).as(role).map(Violation::message)
                    .contains(resource + " \"b\" binds ClusterRole " + role + ": agents may never grant this; ask a cluster admin");
        }
        for (String[] ref : new String[][] {{"ClusterRole", "view"}, {"ClusterRole", "edit"}, {"Role", "admin"}}) {
            Action action = review("CREATE", "rbac.authorization.k8s.io/v1/" + resource, "shop", "b").object(binding(ref[0], ref[1])).action();
            assertThat(guard.check(action, wide)).as(ref[0] + " " + ref[1]).isEmpty();
        }
    }

    @Test
    void removing_an_admin_binding_is_not_an_escalation() {
        String admin = binding("ClusterRole", "cluster-admin");
        assertThat(guard.check(review("DELETE", "rbac.authorization.k8s.io/v1/rolebindings", "shop", "b").oldObject(admin).action(), wide)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"hostNetwork\": true, \"containers\": [{\"name\": \"c\"}]}",
        "{\"hostPID\": true, \"containers\": [{\"name\": \"c\"}]}",
        "{\"hostIPC\": true, \"containers\": [{\"name\": \"c\"}]}",
        "{\"volumes\": [{\"name\": \"root\", \"hostPath\": {\"path\": \"/\"}}], \"containers\": [{\"name\": \"c\"}]}",
        "{\"securityContext\": {\"windowsOptions\": {\"hostProcess\": true}}, \"containers\": [{\"name\": \"c\"}]}",
        "{\"containers\": [{\"name\": \"c\", \"securityContext\": {\"privileged\": true}}]}",
        "{\"containers\": [{\"name\": \"c\", \"securityContext\": {\"capabilities\": {\"add\": [\"SYS_ADMIN\"]}}}]}",
        "{\"containers\": [{\"name\": \"c\", \"securityContext\": {\"capabilities\": {\"add\": [\"cap_net_admin\"]}}}]}",
        "{\"containers\": [{\"name\": \"c\", \"securityContext\": {\"capabilities\": {\"add\": [\"ALL\"]}}}]}",
        "{\"containers\": [{\"name\": \"ok\"}, {\"name\": \"c\", \"securityContext\": {\"windowsOptions\": {\"hostProcess\": true}}}]}",
        "{\"initContainers\": [{\"name\": \"i\", \"securityContext\": {\"privileged\": true}}], \"containers\": [{\"name\": \"c\"}]}",
        "{\"containers\": [{\"name\": \"c\"}], \"ephemeralContainers\": [{\"name\": \"e\", \"securityContext\": {\"capabilities\": {\"add\": [\"SYS_PTRACE\"]}}}]}"
    })
    void privileged_pod_specs_are_denied_in_pods_and_every_workload(String podSpec) {
        for (String[] kind : WORKLOADS) {
            Action create = review("CREATE", kind[1], "shop", "w").object(workload(kind[0], podSpec)).action();
            assertThat(guard.check(create, wide)).as(kind[0] + " " + podSpec).hasValueSatisfying(v -> {
                assertThat(v.rule()).isEqualTo("pod-security");
                assertThat(v.message()).startsWith("Pod Security baseline (");
            });
            Action update = review("UPDATE", kind[1], "shop", "w").both(workload(kind[0], podSpec)).action();
            assertThat(guard.check(update, wide)).as("UPDATE " + kind[0]).map(Violation::rule).contains("pod-security");
        }
    }

    @Test
    void the_message_names_level_control_field_value_and_what_to_do() {
        String spec = "{\"initContainers\": [{\"name\": \"setup\", \"securityContext\": {\"capabilities\": {\"add\": [\"NET_ADMIN\"]}}}], \"containers\": [{\"name\": \"c\"}]}";
        assertThat(guard.check(review("CREATE", "apps/v1/deployments", "shop", "web").object(workload("Deployment", spec).replace("\"w\"", "\"web\"")).action(), wide))
                .map(Violation::message).contains("Pod Security baseline (Capabilities): spec.template.spec.initContainers[0].securityContext"
                        + ".capabilities.add contains NET_ADMIN (allowed: AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, "
                        + "NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT, or unset); drop it — or ask the owner of mission "
                        + "shop/anything to add {control: capabilities, add: [NET_ADMIN]} to spec.scope.podSecurityExceptions");
    }

    @Test
    void ordinary_pods_and_baseline_capabilities_pass_but_not_the_rest_of_dockers_default_set() {
        String spec = """
                {"securityContext": {"runAsNonRoot": true},
                 "containers": [{"name": "c", "image": "nginx", "securityContext": {"allowPrivilegeEscalation": false, "privileged": false,
                   "capabilities": {"add": ["NET_BIND_SERVICE", "CHOWN", "KILL", "AUDIT_WRITE", "SETUID"], "drop": ["ALL"]}}}],
                 "volumes": [{"name": "data", "emptyDir": {}}, {"name": "cfg", "configMap": {"name": "cfg"}}], "hostNetwork": false}""";
        for (String[] kind : WORKLOADS) {
            assertThat(guard.check(review("CREATE", kind[1], "shop", "w").object(workload(kind[0], spec)).action(), List.of())).as(kind[0]).isEmpty();
            // NET_RAW is in Docker's default set but not in the baseline level's list, which names capabilities exactly
            for (String outside : List.of("NET_RAW", "CAP_SETUID")) {
                String more = spec.replace("\"SETUID\"", "\"SETUID\", \"" + outside + "\"");
                assertThat(guard.check(review("CREATE", kind[1], "shop", "w").object(workload(kind[0], more)).action(), List.of()))
                        .as(kind[0]).map(Violation::message).hasValueSatisfying(m -> assertThat(m).contains("capabilities.add contains " + outside));
            }
        }
    }

    @Test
    void deleting_a_privileged_pod_and_scaling_a_privileged_workload_pass() {
        String privileged = workload("Pod", "{\"containers\": [{\"name\": \"c\", \"securityContext\": {\"privileged\": true}}]}");
        assertThat(guard.check(review("DELETE", "v1/pods", "shop", "w").oldObject(privileged).action(), wide)).isEmpty();
        String scale = "{\"apiVersion\": \"autoscaling/v1\", \"kind\": \"Scale\", \"metadata\": {\"name\": \"w\", \"namespace\": \"shop\"}, \"spec\": {\"replicas\": 3}}";
        assertThat(guard.check(review("UPDATE", "apps/v1/daemonsets/scale", "shop", "w").both(scale).action(), wide)).isEmpty();
    }

    @Test
    void a_debug_container_added_through_the_ephemeralcontainers_subresource_is_checked() {
        String pod = workload("Pod", "{\"containers\": [{\"name\": \"c\"}], \"ephemeralContainers\": [{\"name\": \"debugger\", "
                + "\"securityContext\": {\"privileged\": true}}]}");
        Action action = review("UPDATE", "v1/pods/ephemeralcontainers", "shop", "w").object(pod)
                .oldObject(workload("Pod", "{\"containers\": [{\"name\": \"c\"}]}")).action();
        assertThat(guard.check(action, wide)).map(Violation::message).hasValueSatisfying(m -> assertThat(m)
                .startsWith("Pod Security baseline (Privileged Containers): spec.ephemeralContainers[0].securityContext.privileged is true"));
    }

    @Test
    void a_verbatim_admission_review_of_a_privileged_daemonset_is_denied() {
        Action action = action("""
                {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
                  "uid": "0df28fbd-5f5f-11e8-bc74-36e6bb280816",
                  "kind": {"group": "apps", "version": "v1", "kind": "DaemonSet"},
                  "resource": {"group": "apps", "version": "v1", "resource": "daemonsets"},
                  "requestKind": {"group": "apps", "version": "v1", "kind": "DaemonSet"},
                  "requestResource": {"group": "apps", "version": "v1", "resource": "daemonsets"},
                  "name": "node-probe", "namespace": "shop", "operation": "CREATE",
                  "userInfo": {"username": "system:serviceaccount:shop:shop-agent", "uid": "2e5b1c4f",
                               "groups": ["system:serviceaccounts", "system:serviceaccounts:shop", "system:authenticated"]},
                  "object": {"apiVersion": "apps/v1", "kind": "DaemonSet",
                    "metadata": {"name": "node-probe", "namespace": "shop", "annotations": {"ibac.io/rationale": "monitoring"}},
                    "spec": {"selector": {"matchLabels": {"app": "probe"}},
                      "template": {"metadata": {"labels": {"app": "probe"}},
                        "spec": {"containers": [{"name": "probe", "image": "busybox", "volumeMounts": [{"name": "host", "mountPath": "/host"}]}],
                                 "volumes": [{"name": "host", "hostPath": {"path": "/var/run", "type": "Directory"}}]}}}},
                  "oldObject": null, "dryRun": false,
                  "options": {"apiVersion": "meta.k8s.io/v1", "kind": "CreateOptions"}}}""");
        assertThat(guard.check(action, wide)).map(Violation::message).hasValueSatisfying(m -> assertThat(m)
                .startsWith("Pod Security baseline (HostPath Volumes): spec.template.spec.volumes[0].hostPath is set (path /var/run) (allowed: unset); ")
                .endsWith(" — or ask the owner of mission shop/anything to add {control: hostPath, paths: [/var/run], readOnly: true} "
                        + "to spec.scope.podSecurityExceptions"));
    }

    /** Kind and "group/version/resource" of every pod-bearing object. */
    private static final String[][] WORKLOADS = {{"Pod", "v1/pods"}, {"Deployment", "apps/v1/deployments"},
        {"StatefulSet", "apps/v1/statefulsets"}, {"DaemonSet", "apps/v1/daemonsets"}, {"ReplicaSet", "apps/v1/replicasets"},
        {"ReplicationController", "v1/replicationcontrollers"}, {"Job", "batch/v1/jobs"}, {"CronJob", "batch/v1/cronjobs"},
        {"PodTemplate", "v1/podtemplates"}};

    private static String workload(String kind, String podSpec) {
        String metadata = "\"metadata\": {\"name\": \"w\", \"namespace\": \"shop\"}";
        return switch (kind) {
            case "Pod" -> "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", " + metadata + ", \"spec\": " + podSpec + "}";
            case "PodTemplate" -> "{\"apiVersion\": \"v1\", \"kind\": \"PodTemplate\", " + metadata + ", \"template\": {\"spec\": " + podSpec + "}}";
            case "CronJob" -> "{\"apiVersion\": \"batch/v1\", \"kind\": \"CronJob\", " + metadata
                    + ", \"spec\": {\"schedule\": \"@hourly\", \"jobTemplate\": {\"spec\": {\"template\": {\"spec\": " + podSpec + "}}}}}";
            default -> "{\"apiVersion\": \"apps/v1\", \"kind\": \"" + kind + "\", " + metadata + ", \"spec\": {\"replicas\": 1, \"template\": {\"spec\": "
                    + podSpec + "}}}";
        };
    }

    private static String role(String rule) {
        return "{\"apiVersion\": \"rbac.authorization.k8s.io/v1\", \"kind\": \"Role\", \"metadata\": {\"name\": \"r\", \"namespace\": \"shop\"}, "
                + "\"rules\": [" + rule + "]}";
    }

    private static String binding(String roleKind, String role) {
        return """
                {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b", "namespace": "shop"},
                 "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "%s", "name": "%s"},
                 "subjects": [{"kind": "ServiceAccount", "name": "shop-agent", "namespace": "shop"}]}""".formatted(roleKind, role);
    }
}
