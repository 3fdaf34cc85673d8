package dev.ibac.judge.describe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A short, bounded summary of an already redacted object: the facts a judge needs first (images,
 * replicas, resource requests, labels, annotations), then the object's content fields flattened,
 * cut off at {@link #MAX_FIELDS} so a huge object cannot flood a prompt.
 */
final class ObjectSummary {
    static final int MAX_VALUE_CHARS = 160;
    static final int MAX_FIELDS = 40;
    /** Fields that are bookkeeping, not content. */
    static final Set<String> NON_CONTENT = Set.of("apiVersion", "kind", "metadata", "status");
    /** Annotations shown on their own (the rationale) or that say nothing about intent. */
    static final Set<String> HIDDEN_ANNOTATIONS = Set.of(
            "ibac.io/rationale", "ibac.io/tokens", "ibac.io/mission", "kubectl.kubernetes.io/restartedAt");

    private ObjectSummary() {}

    static List<String> of(JsonNode object) {
        if (object == null || !object.isObject()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        addIfPresent(lines, "images", images(object));
        addIfPresent(lines, "replicas", object.path("spec").path("replicas").asText(""));
        addIfPresent(lines, "resources", resources(object));
        addIfPresent(lines, "labels", pairs(object.path("metadata").path("labels")));
        addIfPresent(lines, "annotations", annotations(object));
        addIfPresent(lines, "fields", contentFields(object));
        return lines;
    }

    static List<String> imageNames(JsonNode object) {
        return containers(object).map(c -> c.path("image").asText("")).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /** Containers and init containers of a Pod, a pod template, or a CronJob's job template. */
    static Stream<JsonNode> containers(JsonNode object) {
        JsonNode spec = object.path("spec");
        return Stream.of(spec, spec.path("template").path("spec"),
                        spec.path("jobTemplate").path("spec").path("template").path("spec"))
                .flatMap(pod -> Stream.concat(elements(pod.path("initContainers")), elements(pod.path("containers"))));
    }

    static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max) + "…";
    }

    private static String images(JsonNode object) {
        return String.join(", ", imageNames(object));
    }

    private static String resources(JsonNode object) {
        return containers(object)
                .filter(c -> c.path("resources").size() > 0)
                .map(c -> c.path("name").asText("?") + ": " + resourceLine(c.path("resources")))
                .collect(Collectors.joining("; "));
    }

    private static String resourceLine(JsonNode resources) {
        return Stream.of("requests", "limits")
                .filter(k -> resources.path(k).size() > 0)
                .map(k -> k + " " + pairs(resources.path(k)))
                .collect(Collectors.joining(", "));
    }

    private static String annotations(JsonNode object) {
        JsonNode annotations = object.path("metadata").path("annotations");
        return entries(annotations).stream()
                .filter(e -> !HIDDEN_ANNOTATIONS.contains(e.getKey()))
                .map(e -> e.getKey() + "=" + truncate(e.getValue().asText(), MAX_VALUE_CHARS))
                .collect(Collectors.joining(", "));
    }

    private static String contentFields(JsonNode object) {
        List<String> leaves = new ArrayList<>();
        object.properties().forEach(f -> {
            if (!NON_CONTENT.contains(f.getKey())) {
                JsonLeaves.of(f.getValue(), f.getKey()).forEach((path, v) -> leaves.add(path + "=" + render(v)));
            }
        });
        List<String> shown = leaves.stream().limit(MAX_FIELDS).collect(Collectors.toCollection(ArrayList::new));
        if (leaves.size() > MAX_FIELDS) {
            shown.add("… " + (leaves.size() - MAX_FIELDS) + " more fields");
        }
        return String.join("; ", shown);
    }

    static String render(JsonNode value) {
        return truncate(value.isTextual() ? value.asText() : value.toString(), MAX_VALUE_CHARS);
    }

    private static String pairs(JsonNode map) {
        return entries(map).stream()
                .map(e -> e.getKey() + "=" + render(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static List<Map.Entry<String, JsonNode>> entries(JsonNode map) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        map.properties().forEach(entries::add);
        return entries;
    }

    private static Stream<JsonNode> elements(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.elements().forEachRemaining(list::add);
        return list.stream();
    }

    private static void addIfPresent(List<String> lines, String label, String value) {
        if (!value.isEmpty()) {
            lines.add(label + ": " + value);
        }
    }
}
