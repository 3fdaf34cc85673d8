package dev.ibac.judge.effect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds pod specs by shape, not by kind, so custom workloads that embed a pod template are read too:
 * a Pod's {@code spec}, a template's {@code spec.template.spec}, a CronJob's
 * {@code spec.jobTemplate.spec.template.spec}.
 */
final class PodSpecs {
    private static final List<String[]> PATHS = List.of(
            new String[] {"spec"},
            new String[] {"spec", "template", "spec"},
            new String[] {"spec", "jobTemplate", "spec", "template", "spec"});
    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

    private PodSpecs() {}

    record PodSpec(String path, JsonNode spec) {}

    record Container(String path, String name, JsonNode node) {}

    /** An object's pod specs and their containers, found once per request ({@link Subject}) for every analyser. */
    record Pods(List<PodSpec> specs, List<Container> containers) {
        static Pods of(JsonNode object) {
            List<PodSpec> specs = PodSpecs.of(object);
            return new Pods(List.copyOf(specs), PodSpecs.containers(specs));
        }
    }

    static List<PodSpec> of(JsonNode object) {
        List<PodSpec> specs = fixed(object);
        if (specs.isEmpty() && object.path("spec").isObject()) {
            // operators' resources nest pod templates where no fixed path reaches: a RayCluster's
            // spec.workerGroupSpecs[0].template.spec, a KServe predictor's containers
            nested(object.path("spec"), "spec", specs, 0);
        }
        return specs;
    }

    /** Pod specs at the paths the built-in kinds use: one pod's spec, whose containers run side by side. */
    private static List<PodSpec> fixed(JsonNode object) {
        List<PodSpec> specs = new ArrayList<>();
        for (String[] path : PATHS) {
            JsonNode node = object;
            for (String step : path) {
                node = node.path(step);
            }
            JsonNode spec = node;
            if (spec.isObject() && CONTAINER_LISTS.stream().anyMatch(list -> spec.path(list).isArray())) {
                specs.add(new PodSpec(String.join(".", path), spec));
            }
        }
        return specs;
    }

    private static final int MAX_NESTING = 8;

    private static void nested(JsonNode node, String path, List<PodSpec> out, int depth) {
        if (depth > MAX_NESTING || out.size() >= 16) {
            return;
        }
        if (node.isObject()) {
            if (depth > 0 && node.path("containers").isArray() && node.path("containers").size() > 0
                    && node.path("containers").get(0).path("image").isTextual()) {
                out.add(new PodSpec(path, node));
                return;
            }
            for (var field : node.properties()) {
                if (field.getValue().isContainerNode() && !field.getKey().equals("metadata")) {
                    nested(field.getValue(), path + "." + field.getKey(), out, depth + 1);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size() && i < 32; i++) {
                nested(node.get(i), path + "[" + i + "]", out, depth + 1);
            }
        }
    }

    /**
     * Containers of one pod, as the built-in kinds place it: what a pod requests is their sum. Nested
     * templates of operators' resources are several pods of different groups, so they are left out.
     */
    static List<Container> podContainers(JsonNode object) {
        return containers(fixed(object));
    }

    private static List<Container> containers(List<PodSpec> specs) {
        List<Container> out = new ArrayList<>();
        for (PodSpec spec : specs) {
            for (String list : CONTAINER_LISTS) {
                JsonNode array = spec.spec().path(list);
                for (int i = 0; i < array.size(); i++) {
                    JsonNode c = array.get(i);
                    String name = c.path("name").asText(list + "[" + i + "]");
                    out.add(new Container(spec.path() + "." + list + "[" + i + "]", name, c));
                }
            }
        }
        return out;
    }

    /** How many pods the object runs: replicas, a Job's parallelism, else one. */
    static long pods(JsonNode object) {
        JsonNode spec = object.path("spec");
        JsonNode jobSpec = spec.path("jobTemplate").path("spec").isObject() ? spec.path("jobTemplate").path("spec") : spec;
        if (spec.path("replicas").canConvertToLong()) {
            return Math.max(0, spec.path("replicas").asLong());
        }
        if (jobSpec.path("parallelism").canConvertToLong()) {
            return Math.max(0, jobSpec.path("parallelism").asLong());
        }
        return 1;
    }
}
