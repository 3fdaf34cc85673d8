package dev.ibac.judge.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.crd.Mission;
import java.util.List;

/**
 * Pods for the Pod Security tests: a pod spec that meets the restricted level (so every case
 * breaks exactly the control it is about), changed at a JSON pointer, wrapped as each kind that
 * carries a pod.
 */
final class PodFixtures {
    /** Kind, "group/version/resource", where the pod spec and the pod metadata are in the object. */
    static final String[][] KINDS = {{"Pod", "v1/pods", "spec", "metadata"},
        {"Deployment", "apps/v1/deployments", "spec.template.spec", "spec.template.metadata"},
        {"StatefulSet", "apps/v1/statefulsets", "spec.template.spec", "spec.template.metadata"},
        {"DaemonSet", "apps/v1/daemonsets", "spec.template.spec", "spec.template.metadata"},
        {"ReplicaSet", "apps/v1/replicasets", "spec.template.spec", "spec.template.metadata"},
        {"ReplicationController", "v1/replicationcontrollers", "spec.template.spec", "spec.template.metadata"},
        {"Job", "batch/v1/jobs", "spec.template.spec", "spec.template.metadata"},
        {"CronJob", "batch/v1/cronjobs", "spec.jobTemplate.spec.template.spec", "spec.jobTemplate.spec.template.metadata"}};
    /** Sets nothing the restricted level forbids; an init container that is a sidecar (restartPolicy: Always). */
    static final String RESTRICTED_POD = """
            {"securityContext": {"runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}},
             "initContainers": [{"name": "proxy", "image": "envoy", "restartPolicy": "Always",
               "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}}}],
             "containers": [{"name": "app", "image": "nginx", "ports": [{"containerPort": 8080}],
               "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}}},
               {"name": "metrics", "image": "exporter",
               "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}}}],
             "volumes": [{"name": "cache", "emptyDir": {}}]}""";
    /** Removes the field at the pointer instead of setting it. */
    static final String REMOVE = "<remove>";

    private PodFixtures() {}

    /** A mission of the given level covering every request of the tests, opening {@code extraScope} (YAML lines under scope). */
    static Mission mission(String level, String extraScope) {
        return ProtectGuardReviews.mission("shop", "m", "scope:\n  resources: [{apiGroups: [\"*\"], resources: [\"*\"], operations: [\"*\"]}]\n"
                + "  podSecurity: " + level + "\n" + extraScope);
    }

    /**
     * {@link #RESTRICTED_POD} with {@code value} (JSON, or {@link #REMOVE}) at {@code pointer}: relative
     * to the pod spec, or to the pod's metadata when it starts with {@code /metadata}.
     */
    static String pod(String kind, String pointer, String value) {
        return pod(kind, pointer == null ? List.of() : List.<String[]>of(new String[] {pointer, value}));
    }

    /** {@link #RESTRICTED_POD} with every change ({pointer, value}) applied, in order. */
    static String pod(String kind, List<String[]> changes) {
        ObjectNode spec = (ObjectNode) ProtectGuardReviews.parse(RESTRICTED_POD);
        ObjectNode metadata = (ObjectNode) ProtectGuardReviews.parse("{\"labels\": {\"app\": \"w\"}}");
        for (String[] change : changes) {
            boolean meta = change[0].startsWith("/metadata/");
            set(meta ? metadata : spec, meta ? change[0].substring("/metadata".length()) : change[0], change[1]);
        }
        return wrap(kind, spec, metadata);
    }

    static String wrap(String kind, JsonNode spec, JsonNode podMetadata) {
        String metadata = "\"metadata\": {\"name\": \"w\", \"namespace\": \"shop\"" + (kind.equals("Pod") ? ", " + podMetadata.toString()
                .substring(1, podMetadata.toString().length() - 1) : "") + "}";
        String template = "{\"metadata\": " + podMetadata + ", \"spec\": " + spec + "}";
        return switch (kind) {
            case "Pod" -> "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", " + metadata + ", \"spec\": " + spec + "}";
            case "CronJob" -> "{\"apiVersion\": \"batch/v1\", \"kind\": \"CronJob\", " + metadata
                    + ", \"spec\": {\"schedule\": \"@hourly\", \"jobTemplate\": {\"spec\": {\"template\": " + template + "}}}}";
            default -> "{\"apiVersion\": \"apps/v1\", \"kind\": \"" + kind + "\", " + metadata + ", \"spec\": {\"replicas\": 1, \"template\": "
                    + template + "}}";
        };
    }

    /** A documentation path ({@code spec.…}, {@code metadata.…}) as it is in an object of {@code kind}. */
    static String fullPath(String[] kind, String docPath) {
        return docPath.startsWith("spec.") ? kind[2] + docPath.substring(4) : kind[3] + docPath.substring("metadata".length());
    }

    private static void set(ObjectNode root, String pointer, String value) {
        // JSON pointer: "~1" is a "/" inside a key (annotation names)
        String[] steps = java.util.Arrays.stream(pointer.substring(1).split("/")).map(step -> step.replace("~1", "/")).toArray(String[]::new);
        JsonNode parent = root;
        for (int i = 0; i < steps.length - 1; i++) {
            parent = child(parent, steps[i], steps[i + 1]);
        }
        String last = steps[steps.length - 1];
        if (parent instanceof ArrayNode array) {
            int index = Integer.parseInt(last);
            if (index == array.size()) {
                array.add(ProtectGuardReviews.parse(value));
            } else {
                array.set(index, ProtectGuardReviews.parse(value));
            }
        } else if (value.equals(REMOVE)) {
            ((ObjectNode) parent).remove(last);
        } else {
            ((ObjectNode) parent).set(last, ProtectGuardReviews.parse(value));
        }
    }

    private static JsonNode child(JsonNode parent, String step, String next) {
        if (parent instanceof ArrayNode array) {
            return array.get(Integer.parseInt(step));
        }
        ObjectNode object = (ObjectNode) parent;
        if (!object.has(step)) {
            object.set(step, next.matches("[0-9]+") ? object.arrayNode() : object.objectNode());
        }
        return object.get(step);
    }
}
