package dev.ibac.judge.guard;

import static dev.ibac.judge.guard.ProtectGuardReviews.action;
import static dev.ibac.judge.guard.ProtectGuardReviews.mission;
import static dev.ibac.judge.guard.ProtectGuardReviews.object;
import static dev.ibac.judge.guard.ProtectGuardReviews.review;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.action.Action;
import dev.ibac.crd.Mission;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The protections a mission opens explicitly: destructive deletes and managed objects. */
class ProtectGuardOpeningTest {
    private static final String ALL_RESOURCES = "  resources: [{apiGroups: [\"*\"], resources: [\"*\"], operations: [\"*\"]}]\n";
    private final ProtectGuard guard = new ProtectGuard();
    private final Mission cleanup = mission("shop", "cleanup", "scope:\n" + ALL_RESOURCES);
    private final Mission cleanupOpened = mission("shop", "cleanup", "scope:\n" + ALL_RESOURCES
            + "  allowDestructive: [persistentvolumeclaims]\n  allowManaged: true\n");
    /** Covers every namespace, so it reaches cluster-scoped objects too; opens every destructive delete. */
    private final Mission platform = mission("ops", "platform", "scope:\n  namespaces: [\"*\"]\n" + ALL_RESOURCES
            + "  allowDestructive: [persistentvolumeclaims, persistentvolumes, namespaces, customresourcedefinitions]\n");

    @Test
    void denies_delete_of_pvc_unless_allowDestructive_and_says_what_to_change() {
        Action delete = action("""
                {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
                  "uid": "b4e2b1a0-7d0c-4f0e-9a51-1c2f3d4e5f60",
                  "kind": {"group": "", "version": "v1", "kind": "PersistentVolumeClaim"},
                  "resource": {"group": "", "version": "v1", "resource": "persistentvolumeclaims"},
                  "name": "data-0", "namespace": "shop", "operation": "DELETE",
                  "userInfo": {"username": "system:serviceaccount:shop:shop-agent", "groups": ["system:serviceaccounts"]},
                  "object": null,
                  "oldObject": {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data-0", "namespace": "shop"},
                                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}}},
                  "dryRun": false, "options": {"apiVersion": "meta.k8s.io/v1", "kind": "DeleteOptions", "propagationPolicy": "Background"}}}""");
        assertThat(guard.check(delete, List.of(cleanup))).hasValueSatisfying(v -> {
            assertThat(v.rule()).isEqualTo("destructive-delete");
            assertThat(v.mission()).isSameAs(cleanup);
            assertThat(v.message()).isEqualTo("deleting persistentvolumeclaims \"data-0\" is protected: add persistentvolumeclaims "
                    + "to spec.scope.allowDestructive of mission shop/cleanup (ask the mission's owner)");
        });
        assertThat(guard.check(delete, List.of(cleanupOpened))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1/persistentvolumes", "v1/namespaces", "apiextensions.k8s.io/v1/customresourcedefinitions"})
    void cluster_scoped_destructive_deletes_need_a_mission_that_lists_them(String resource) {
        // the API server puts a Namespace's own name into request.namespace
        String namespace = resource.endsWith("namespaces") ? "gone" : "";
        Action delete = review("DELETE", resource, namespace, "gone").oldObject("{\"kind\": \"X\", \"metadata\": {\"name\": \"gone\"}}").action();
        String plural = resource.substring(resource.lastIndexOf('/') + 1);
        Mission listsOnlyPvcs = mission("ops", "platform", "scope:\n  namespaces: [\"*\"]\n" + ALL_RESOURCES
                + "  allowDestructive: [persistentvolumeclaims]\n");
        assertThat(guard.check(delete, List.of(listsOnlyPvcs))).map(Violation::message)
                .contains("deleting " + plural + " \"gone\" is protected: add " + plural + " to spec.scope.allowDestructive of mission "
                        + "ops/platform (ask the mission's owner)");
        assertThat(guard.check(delete, List.of(platform))).isEmpty();
    }

    @Test
    void ordinary_deletes_are_not_protected() {
        for (String resource : List.of("v1/configmaps", "apps/v1/deployments", "v1/pods", "v1/secrets")) {
            Action delete = review("DELETE", resource, "shop", "x").oldObject(object("v1", "X", "x", "\"labels\": {}")).action();
            assertThat(guard.check(delete, List.of(cleanup))).as(resource).isEmpty();
        }
    }

    @Test
    void one_missions_allowDestructive_does_not_open_a_delete_only_another_mission_covers() {
        Mission otherNamespace = mission("lab", "lab-cleanup", "scope:\n" + ALL_RESOURCES + "  allowDestructive: [persistentvolumeclaims]\n");
        Action delete = review("DELETE", "v1/persistentvolumeclaims", "shop", "data-0").oldObject(object("v1", "PersistentVolumeClaim", "data-0", "")).action();
        assertThat(guard.check(delete, List.of(otherNamespace, cleanup))).hasValueSatisfying(v -> {
            assertThat(v.mission()).as("the covering mission is the one to change").isSameAs(cleanup);
            assertThat(v.message()).contains("of mission shop/cleanup");
        });
        assertThat(guard.check(delete, List.of(otherNamespace, cleanupOpened))).isEmpty();
    }

    @Test
    void a_mission_that_lists_the_resource_but_does_not_cover_the_delete_is_told_so() {
        Mission readOnly = mission("shop", "tidy", """
                scope:
                  resources: [{apiGroups: [""], resources: [persistentvolumeclaims], operations: [UPDATE]}]
                  allowDestructive: [persistentvolumeclaims]
                """);
        Action delete = review("DELETE", "v1/persistentvolumeclaims", "shop", "data-0").oldObject(object("v1", "PersistentVolumeClaim", "data-0", "")).action();
        assertThat(guard.check(delete, List.of(readOnly))).map(Violation::message).contains("deleting persistentvolumeclaims \"data-0\" is protected: "
                + "mission shop/tidy lists persistentvolumeclaims in spec.scope.allowDestructive, but its spec.scope does not cover "
                + "this delete (ask the mission's owner)");
        assertThat(guard.check(delete, List.of())).map(Violation::message).hasValueSatisfying(m -> assertThat(m)
                .contains("a mission must list persistentvolumeclaims in spec.scope.allowDestructive"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPDATE", "DELETE"})
    void objects_controlled_by_another_controller_need_allowManaged(String operation) {
        String owned = object("apps/v1", "ReplicaSet", "web-5d4f", """
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": "6f1c", "controller": true, "blockOwnerDeletion": true}]""");
        Action action = review(operation, "apps/v1/replicasets", "shop", "web-5d4f").oldObject(owned)
                .object(operation.equals("UPDATE") ? owned : null).action();
        assertThat(guard.check(action, List.of(cleanup))).hasValueSatisfying(v -> {
            assertThat(v.rule()).isEqualTo("managed-object");
            assertThat(v.message()).isEqualTo("replicasets \"web-5d4f\" is managed by Deployment \"web\": change it through its manager instead, "
                    + "or set spec.scope.allowManaged: true on mission shop/cleanup (ask the mission's owner)");
        });
        assertThat(guard.check(action, List.of(cleanupOpened))).isEmpty();
    }

    @Test
    void creating_an_object_or_owning_one_without_controller_is_not_managed() {
        String owned = object("v1", "ConfigMap", "c", "\"ownerReferences\": [{\"kind\": \"Deployment\", \"name\": \"web\", \"controller\": true}]");
        assertThat(guard.check(review("CREATE", "v1/configmaps", "shop", "c").object(owned).action(), List.of(cleanup))).isEmpty();
        String referenced = object("v1", "ConfigMap", "c", "\"ownerReferences\": [{\"kind\": \"Foo\", \"name\": \"f\", \"controller\": false}]");
        assertThat(guard.check(review("UPDATE", "v1/configmaps", "shop", "c").both(referenced).action(), List.of(cleanup))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Helm", "ibac", "argocd", "kustomize", "other-agent"})
    void a_managed_by_label_naming_someone_else_needs_allowManaged(String manager) {
        String labelled = object("v1", "Service", "s", "\"labels\": {\"app.kubernetes.io/managed-by\": \"" + manager + "\"}");
        Action update = review("UPDATE", "v1/services", "shop", "s").both(labelled).action();
        assertThat(guard.check(update, List.of(cleanup))).map(Violation::message)
                .contains("services \"s\" is managed by \"" + manager + "\" (label app.kubernetes.io/managed-by): change it through its manager "
                        + "instead, or set spec.scope.allowManaged: true on mission shop/cleanup (ask the mission's owner)");
        assertThat(guard.check(update, List.of(cleanupOpened))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop-agent", "cleanup", "bot"})
    void a_managed_by_label_naming_the_agent_itself_is_not_foreign(String self) {
        // "bot": the requester's ServiceAccount name, even when no mission names that ServiceAccount
        Mission forGroup = mission("shop", "cleanup", "agent: {groups: [\"ibac.io:agents\"]}\nscope:\n" + ALL_RESOURCES);
        String labelled = object("v1", "Service", "s", "\"labels\": {\"app.kubernetes.io/managed-by\": \"" + self + "\"}");
        String request = review("UPDATE", "v1/services", "shop", "s").both(labelled).json()
                .replace(ProtectGuardReviews.AGENT, self.equals("bot") ? "system:serviceaccount:shop:bot" : ProtectGuardReviews.AGENT);
        assertThat(guard.check(action(request), List.of(self.equals("bot") ? forGroup : cleanup))).isEmpty();
    }

    @Test
    void the_current_object_decides_not_what_the_agent_sends() {
        String helm = object("v1", "Service", "s", "\"labels\": {\"app.kubernetes.io/managed-by\": \"Helm\"}");
        String unlabelled = object("v1", "Service", "s", "\"labels\": {}");
        Action strippingTheLabel = review("UPDATE", "v1/services", "shop", "s").oldObject(helm).object(unlabelled).action();
        assertThat(guard.check(strippingTheLabel, List.of(cleanup))).map(Violation::rule).contains("managed-object");
        Action addingTheLabel = review("UPDATE", "v1/services", "shop", "s").oldObject(unlabelled).object(helm).action();
        assertThat(guard.check(addingTheLabel, List.of(cleanup))).isEmpty();
    }

    @Test
    void allowManaged_of_a_mission_that_does_not_cover_the_action_opens_nothing() {
        Mission elsewhere = mission("lab", "lab-ops", "scope:\n" + ALL_RESOURCES + "  allowManaged: true\n");
        String helm = object("v1", "Service", "s", "\"labels\": {\"app.kubernetes.io/managed-by\": \"Helm\"}");
        Action update = review("UPDATE", "v1/services", "shop", "s").both(helm).action();
        assertThat(guard.check(update, List.of(elsewhere, cleanup))).map(Violation::mission).containsSame(cleanup);
        assertThat(guard.check(update, List.of(elsewhere))).map(Violation::message).hasValueSatisfying(m -> assertThat(m)
                .endsWith("or widen spec.scope of mission lab/lab-ops (it sets allowManaged) (ask the mission's owner)"));
    }

    @Test
    void never_openable_protections_come_before_openable_ones() {
        String helmRole = """
                {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                 "metadata": {"name": "r", "namespace": "shop", "labels": {"app.kubernetes.io/managed-by": "Helm"}},
                 "rules": [{"apiGroups": [""], "resources": ["*"], "verbs": ["get"]}]}""";
        Action update = review("UPDATE", "rbac.authorization.k8s.io/v1/roles", "shop", "r").both(helmRole).action();
        assertThat(guard.check(update, List.of(cleanupOpened))).map(Violation::rule).contains("rbac-escalation");
    }
}
