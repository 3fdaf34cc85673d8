package dev.ibac.webhook.offline;

import dev.ibac.action.ResourceId;
import java.util.Map;
import java.util.Optional;

/**
 * The resource the API server would name for an object of a built-in kind: what {@code test}
 * needs to build the AdmissionReview a case stands for. Custom kinds (and {@code Scale}, whose
 * resource is the scaled workload's) have no entry: their case says {@code resource:}.
 */
final class BuiltInResources {
    /** "group/Kind" → plural resource; "" is the core group. */
    private static final Map<String, String> PLURALS = Map.ofEntries(
            Map.entry("/Pod", "pods"), Map.entry("/Service", "services"), Map.entry("/ConfigMap", "configmaps"),
            Map.entry("/Secret", "secrets"), Map.entry("/ServiceAccount", "serviceaccounts"),
            Map.entry("/PersistentVolumeClaim", "persistentvolumeclaims"), Map.entry("/PersistentVolume", "persistentvolumes"),
            Map.entry("/Namespace", "namespaces"), Map.entry("/ReplicationController", "replicationcontrollers"),
            Map.entry("/Endpoints", "endpoints"), Map.entry("/LimitRange", "limitranges"),
            Map.entry("/ResourceQuota", "resourcequotas"), Map.entry("/Node", "nodes"), Map.entry("/Event", "events"),
            Map.entry("apps/Deployment", "deployments"), Map.entry("apps/StatefulSet", "statefulsets"),
            Map.entry("apps/DaemonSet", "daemonsets"), Map.entry("apps/ReplicaSet", "replicasets"),
            Map.entry("apps/ControllerRevision", "controllerrevisions"),
            Map.entry("batch/Job", "jobs"), Map.entry("batch/CronJob", "cronjobs"),
            Map.entry("autoscaling/HorizontalPodAutoscaler", "horizontalpodautoscalers"),
            Map.entry("policy/PodDisruptionBudget", "poddisruptionbudgets"),
            Map.entry("networking.k8s.io/Ingress", "ingresses"), Map.entry("networking.k8s.io/IngressClass", "ingressclasses"),
            Map.entry("networking.k8s.io/NetworkPolicy", "networkpolicies"),
            Map.entry("rbac.authorization.k8s.io/Role", "roles"), Map.entry("rbac.authorization.k8s.io/RoleBinding", "rolebindings"),
            Map.entry("rbac.authorization.k8s.io/ClusterRole", "clusterroles"),
            Map.entry("rbac.authorization.k8s.io/ClusterRoleBinding", "clusterrolebindings"),
            Map.entry("apiextensions.k8s.io/CustomResourceDefinition", "customresourcedefinitions"),
            Map.entry("storage.k8s.io/StorageClass", "storageclasses"),
            Map.entry("events.k8s.io/Event", "events"),
            Map.entry("ibac.io/Mission", "missions"), Map.entry("ibac.io/Budget", "budgets"));

    private BuiltInResources() {}

    /** The resource of an object of {@code apiVersion} ("apps/v1", "v1") and {@code kind}, when built in. */
    static Optional<ResourceId> of(String apiVersion, String kind, String subresource) {
        int slash = apiVersion.lastIndexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        String plural = PLURALS.get(group + "/" + kind);
        return plural == null ? Optional.empty() : Optional.of(new ResourceId(group, version, plural, subresource));
    }
}
