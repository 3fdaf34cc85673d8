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

    static List<PodSpec> of(JsonNode object) {
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

    static List<Container> containers(JsonNode object) {
        List<Container> out = new ArrayList<>();
        for (PodSpec spec : of(object)) {
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
