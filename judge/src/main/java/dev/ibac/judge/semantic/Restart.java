package dev.ibac.judge.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * An UPDATE that only restarts a workload's pods: nothing differs but the pod template's annotations (a config
 * checksum, kubectl's restartedAt), which the API server's bookkeeping fields (resourceVersion, generation, managed
 * fields, status) do not count against.
 */
final class Restart {
    private Restart() {}

    static boolean only(JsonNode object, JsonNode oldObject) {
        if (object == null || oldObject == null) {
            return false;
        }
        JsonNode spec = object.path("spec");
        JsonNode before = oldObject.path("spec");
        JsonNode template = spec.path("template");
        JsonNode oldTemplate = before.path("template");
        return template.isObject() && oldTemplate.isObject()
                && !template.path("metadata").path("annotations").equals(oldTemplate.path("metadata").path("annotations"))
                && equalBut(spec, before, "template") && equalBut(template, oldTemplate, "metadata")
                && equalBut(template.path("metadata"), oldTemplate.path("metadata"), "annotations")
                && object.path("metadata").path("labels").equals(oldObject.path("metadata").path("labels"));
    }

    /** The two objects have the same fields with the same values, {@code except} aside. */
    private static boolean equalBut(JsonNode a, JsonNode b, String except) {
        if (!a.isObject() || !b.isObject()) {
            return a.equals(b);
        }
        if (count(a, except) != count(b, except)) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = a.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals(except) && !field.getValue().equals(b.get(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static int count(JsonNode node, String except) {
        return node.size() - (node.has(except) ? 1 : 0);
    }
}
