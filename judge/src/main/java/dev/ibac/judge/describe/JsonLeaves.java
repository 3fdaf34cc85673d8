package dev.ibac.judge.describe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Flattens JSON into "path → scalar" pairs in document order: {@code spec.containers[0].image}. */
final class JsonLeaves {
    private JsonLeaves() {}

    static Map<String, JsonNode> of(JsonNode node, String prefix) {
        Map<String, JsonNode> leaves = new LinkedHashMap<>();
        collect(node, prefix, leaves);
        return leaves;
    }

    private static void collect(JsonNode node, String path, Map<String, JsonNode> leaves) {
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (node.isObject() && node.size() > 0) {
            node.properties().forEach(f -> collect(f.getValue(), join(path, f.getKey()), leaves));
        } else if (node.isArray() && node.size() > 0) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", leaves);
            }
        } else {
            leaves.put(path, node);
        }
    }

    /** Keys with dots (annotation and label keys) are quoted so paths stay unambiguous. */
    private static String join(String path, String key) {
        String safeKey = key.contains(".") || key.contains("[") ? "\"" + key + "\"" : key;
        return path.isEmpty() ? safeKey : path + "." + safeKey;
    }
}
