package dev.ibac.judge.effect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent-written text of an object, keyed by where it sits: each container's command line
 * (command and args joined, as the shell sees them), env values, and every other string leaf of the
 * object outside {@code metadata} and {@code status}. Read whole — nothing is truncated — so padding
 * cannot push a harmful detail out of view. Bounded only by the request size.
 */
final class Texts {
    private static final int MAX_DEPTH = 64;

    private Texts() {}

    /** Command lines and env values of every container, by path. */
    static Map<String, String> commands(List<PodSpecs.Container> containers) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (PodSpecs.Container c : containers) {
            List<String> words = new ArrayList<>();
            c.node().path("command").forEach(w -> words.add(w.asText()));
            c.node().path("args").forEach(w -> words.add(w.asText()));
            if (!words.isEmpty()) {
                texts.put(c.path() + ".command", String.join(" ", words));
            }
            JsonNode env = c.node().path("env");
            for (int i = 0; i < env.size(); i++) {
                JsonNode value = env.get(i).path("value");
                if (value.isTextual()) {
                    texts.put(c.path() + ".env[" + env.get(i).path("name").asText(Integer.toString(i)) + "]", value.asText());
                }
            }
        }
        return texts;
    }

    /** Every string leaf outside metadata and status, by path (containers' lists included). */
    static Map<String, String> leaves(JsonNode object) {
        Map<String, String> texts = new LinkedHashMap<>();
        object.properties().forEach(f -> {
            if (!f.getKey().equals("metadata") && !f.getKey().equals("status")) {
                collect(f.getValue(), f.getKey(), texts, 0);
            }
        });
        return texts;
    }

    /** Every string leaf including metadata (names, labels, annotations), but not managedFields. */
    static Map<String, String> everything(JsonNode object) {
        Map<String, String> texts = new LinkedHashMap<>();
        object.properties().forEach(f -> {
            if (f.getKey().equals("metadata")) {
                f.getValue().properties().forEach(m -> {
                    if (!m.getKey().equals("managedFields")) {
                        collect(m.getValue(), "metadata." + m.getKey(), texts, 1);
                        if (m.getValue().isObject()) {
                            m.getValue().fieldNames().forEachRemaining(k -> texts.put("metadata." + m.getKey() + "[key]." + k, k));
                        }
                    }
                });
            } else if (!f.getKey().equals("status")) {
                collect(f.getValue(), f.getKey(), texts, 0);
            }
        });
        return texts;
    }

    private static void collect(JsonNode node, String path, Map<String, String> out, int depth) {
        Map<String, JsonNode> scalars = new LinkedHashMap<>();
        scalars(node, path, scalars, depth, MAX_DEPTH);
        scalars.forEach((at, value) -> {
            if (value.isTextual()) {
                out.put(at, value.asText());
            }
        });
    }

    /**
     * Every scalar below {@code node} by path ({@code spec.containers[0].image}), walking at most
     * {@code maxDepth} levels: the one walk every analyser shares.
     */
    static void scalars(JsonNode node, String path, Map<String, JsonNode> out, int depth, int maxDepth) {
        if (depth > maxDepth) {
            return;
        }
        if (node.isObject()) {
            node.properties().forEach(f -> scalars(f.getValue(), path + "." + f.getKey(), out, depth + 1, maxDepth));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                scalars(node.get(i), path + "[" + i + "]", out, depth + 1, maxDepth);
            }
        } else {
            out.put(path, node);
        }
    }

    /** The path with its last list index dropped: "containers[0].env[2].value" → "containers[0].env[].value". */
    private static String inList(String path) {
        int open = path.lastIndexOf('[');
        int close = open < 0 ? -1 : path.indexOf(']', open);
        return close < 0 ? path : path.substring(0, open + 1) + path.substring(close);
    }

    /**
     * The texts of {@code now} that are new or changed against {@code before}. A text the old object had in the same list
     * is not new: removing env[1] moves env[2]'s value to env[1], and the request sends nowhere it did not before (the
     * same value in another container's list is new: an init container that echoes a key).
     */
    static Map<String, String> changed(Map<String, String> now, Map<String, String> before) {
        Map<String, String> out = new LinkedHashMap<>();
        java.util.Set<String> had = new java.util.HashSet<>();
        before.forEach((path, text) -> had.add(inList(path) + '\u0000' + text));
        now.forEach((path, text) -> {
            if (!text.equals(before.get(path)) && !had.contains(inList(path) + '\u0000' + text)) {
                out.put(path, text);
            }
        });
        return out;
    }
}
