package dev.ibac.judge.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an UPDATE changes, as compact JSON {@code {"spec.replicas":{"from":3,"to":10}}}: leaf paths
 * of the content fields, labels and annotations of two already redacted objects. At most
 * {@link #MAX_CHANGES} entries; status and bookkeeping metadata are ignored.
 */
final class ChangeDiff {
    static final int MAX_CHANGES = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChangeDiff() {}

    /** The changes as compact JSON, or "" when nothing relevant changed. */
    static String json(JsonNode oldObject, JsonNode newObject) {
        ObjectNode diff = between(oldObject, newObject);
        return diff.isEmpty() ? "" : write(diff);
    }

    /** Changed leaf path → {"from": old, "to": new}; null for an added or removed leaf. */
    static ObjectNode between(JsonNode oldObject, JsonNode newObject) {
        Map<String, JsonNode> before = relevantLeaves(oldObject);
        Map<String, JsonNode> after = relevantLeaves(newObject);
        Set<String> paths = new LinkedHashSet<>(after.keySet());
        paths.addAll(before.keySet());
        ObjectNode diff = JsonNodeFactory.instance.objectNode();
        int changed = 0;
        for (String path : paths) {
            if (!Objects.equals(before.get(path), after.get(path))) {
                if (++changed <= MAX_CHANGES) {
                    diff.set(path, change(before.get(path), after.get(path)));
                }
            }
        }
        if (changed > MAX_CHANGES) {
            diff.put("…", (changed - MAX_CHANGES) + " more changes");
        }
        return diff;
    }

    private static Map<String, JsonNode> relevantLeaves(JsonNode object) {
        Map<String, JsonNode> leaves = new LinkedHashMap<>();
        if (object == null || !object.isObject()) {
            return leaves;
        }
        object.properties().forEach(f -> {
            if (!ObjectSummary.NON_CONTENT.contains(f.getKey())) {
                leaves.putAll(JsonLeaves.of(f.getValue(), f.getKey()));
            }
        });
        leaves.putAll(JsonLeaves.of(object.path("metadata").path("labels"), "metadata.labels"));
        JsonLeaves.of(object.path("metadata").path("annotations"), "metadata.annotations").forEach((path, v) -> {
            if (ObjectSummary.HIDDEN_ANNOTATIONS.stream().noneMatch(a -> path.endsWith("\"" + a + "\""))) {
                leaves.put(path, v);
            }
        });
        return leaves;
    }

    private static ObjectNode change(JsonNode from, JsonNode to) {
        ObjectNode change = JsonNodeFactory.instance.objectNode();
        change.set("from", bounded(from));
        change.set("to", bounded(to));
        return change;
    }

    private static JsonNode bounded(JsonNode value) {
        if (value == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        return value.isTextual() ? TextNode.valueOf(ObjectSummary.truncate(value.asText(), ObjectSummary.MAX_VALUE_CHARS)) : value;
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
