package dev.ibac.judge.effect;

import static dev.ibac.judge.effect.EffectList.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.ibac.judge.Effect.Family;
import dev.ibac.judge.JudgeVerdict.Risk;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Replicas (workloads and their {@code scale} subresource), autoscaler bounds, Job parallelism, and
 * the pod counts operators nest in their own resources.
 */
final class ScaleEffects {
    /** Fields that count a group's pods (or its parallel tasks) wherever an operator nests them. */
    private static final Set<String> NESTED_COUNTS = Set.of("replicas", "instances", "members", "replicaCount", "parallelism");
    /** Deep enough for Kubeflow's spec.pytorchReplicaSpecs.Worker.replicas and Spark's spec.template.executor.instances. */
    private static final int MAX_DEPTH = 6;

    private ScaleEffects() {}

    static void analyse(Subject s, EffectList out) {
        count(s, out, "replicas", s.object().path("spec").path("replicas"), s.old().path("spec").path("replicas"));
        count(s, out, "minReplicas", s.object().path("spec").path("minReplicas"), s.old().path("spec").path("minReplicas"));
        count(s, out, "maxReplicas", s.object().path("spec").path("maxReplicas"), s.old().path("spec").path("maxReplicas"));
        count(s, out, "parallelism", s.object().path("spec").path("parallelism"), s.old().path("spec").path("parallelism"));
        // KEDA's ScaledObject names its autoscaler bounds so (https://keda.sh/docs/latest/reference/scaledobject-spec/)
        count(s, out, "minReplicas", s.object().path("spec").path("minReplicaCount"), s.old().path("spec").path("minReplicaCount"));
        count(s, out, "maxReplicas", s.object().path("spec").path("maxReplicaCount"), s.old().path("spec").path("maxReplicaCount"));
        // operators count their pods in their own words: CloudNativePG's instances, MongoDB's members, Helm-style replicaCount
        for (String field : new String[] {"instances", "members", "replicaCount"}) {
            count(s, out, "replicas", s.object().path("spec").path(field), s.old().path("spec").path(field));
        }
        nested(s, out);
    }

    /**
     * Operators count the pods of each group they run below the top of spec: RedisFailover's
     * spec.redis.replicas, Volcano's spec.tasks[].replicas, Kubeflow's
     * spec.pytorchReplicaSpecs.Worker.replicas, ECK's spec.nodeSets[].count, Flink's
     * spec.job.parallelism, Spark's spec.executor.instances. Scaling one of them down is as much a
     * scale-down as a Deployment's (issue #11: "unknown kinds still get effects from their fields").
     */
    private static void nested(Subject s, EffectList out) {
        Map<String, JsonNode> before = new LinkedHashMap<>();
        counts(s.old().path("spec"), "spec", "spec", before, 0);
        Map<String, JsonNode> now = new LinkedHashMap<>();
        counts(s.object().path("spec"), "spec", "spec", now, 0);
        now.forEach((path, node) -> {
            String field = path.substring(path.lastIndexOf('.') + 1);
            String role = field.equals("parallelism") ? "parallelism" : "replicas";
            count(s, out, role, path, part(path.substring(0, path.lastIndexOf('.'))), node, before.getOrDefault(path, MissingNode.getInstance()));
        });
    }

    /** Whether the generic diff leaves this field to this class: a pod count nested in an operator's spec. */
    static boolean isNestedCount(String path) {
        int dot = path.lastIndexOf('.');
        String field = path.substring(dot + 1);
        return dot > "spec".length() && (NESTED_COUNTS.contains(field) || field.equals("count") && path.charAt(dot - 1) == ']' && group(path));
    }

    /**
     * "count" counts pods only in an operator's groups of nodes (ECK's spec.nodeSets[].count, node
     * pools); elsewhere it counts measurements (Argo's AnalysisTemplate spec.metrics[].count) or tries.
     */
    private static boolean group(String path) {
        String list = path.substring(0, path.lastIndexOf('[')).toLowerCase(java.util.Locale.ROOT);
        String key = list.substring(list.lastIndexOf('.') + 1);
        return key.contains("node") || key.endsWith("sets") || key.endsWith("pools") || key.endsWith("groups");
    }

    /** {@code path} is the field's JSON path, which {@link #isNestedCount} reads; {@code label} the same with groups by name. */
    private static void counts(JsonNode node, String path, String label, Map<String, JsonNode> out, int depth) {
        if (depth > MAX_DEPTH || node.has("containers")) {
            return; // a pod spec counts no pods
        }
        if (node.isObject()) {
            node.properties().forEach(f -> {
                String at = path + "." + f.getKey();
                if (depth > 0 && f.getValue().canConvertToLong() && isNestedCount(at)) {
                    out.put(label + "." + f.getKey(), f.getValue());
                } else if (f.getValue().isContainerNode()) {
                    counts(f.getValue(), at, label + "." + f.getKey(), out, depth + 1);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                // a group reads by its name (ECK's nodeSets[name=master]), its index only when it has none
                String name = item.path("name").asText("");
                counts(item, path + "[" + i + "]", label + (name.isEmpty() ? "[" + i + "]" : "[" + name + "]"), out, depth + 1);
            }
        }
    }

    /** The group a count belongs to: "redis" of spec.redis, "master" of spec.nodeSets[master]. */
    private static String part(String group) {
        return group.endsWith("]") ? group.substring(group.lastIndexOf('[') + 1, group.length() - 1)
                : group.substring(group.lastIndexOf('.') + 1);
    }

    private static void count(Subject s, EffectList out, String field, JsonNode now, JsonNode before) {
        count(s, out, field, field, "", now, before);
    }

    /** {@code shown} names the field in the sentence; {@code part}, when not empty, is the group it counts. */
    private static void count(Subject s, EffectList out, String field, String shown, String part, JsonNode now, JsonNode before) {
        if (!now.canConvertToLong()) {
            return;
        }
        long to = now.asLong();
        boolean had = before.canConvertToLong();
        long from = had ? before.asLong() : -1;
        if (had && from == to) {
            return;
        }
        String target = targetOf(s);
        String sentence = shown + " of " + target + ": " + (had ? from + " → " + to : to);
        String direction = !had ? "set" : to > from ? "up" : "down";
        out.add(Family.SCALE, risk(had, from, to), sentence, target, had ? Long.toString(from) : "", Long.toString(to),
                part.isEmpty() ? data("field", field, "direction", direction) : data("field", field, "direction", direction, "part", part));
    }

    /** The workload a {@code scale} request changes reads as the workload, not as "Scale". */
    static String targetOf(Subject s) {
        return s.target();
    }

    private static Risk risk(boolean had, long from, long to) {
        if (to == 0 && (!had || from > 0)) {
            return Risk.HIGH;
        }
        if (to > 50 || (had && from > 0 && to >= from * 5 && to - from >= 10)) {
            return Risk.HIGH;
        }
        if (had && to < from) {
            return Risk.MEDIUM;
        }
        return to > 20 ? Risk.MEDIUM : Risk.LOW;
    }
}
