package dev.ibac.judge.effect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.ibac.action.Action;
import java.util.Locale;
import java.util.Map;

/**
 * The request as the analysers read it: the new and the old object (never null: a missing one is a
 * {@link MissingNode}), how its target reads in sentences ({@code deployments "checkout"}), and the
 * object's text walked once for every analyser: {@code texts} (command lines, env values and string
 * leaves of the new object), {@code changedTexts} (those an UPDATE changed; all of them otherwise)
 * and {@code allTexts} (every string of the object the request leaves behind, metadata included).
 */
record Subject(Action action, JsonNode object, JsonNode old, String target, PodSpecs.Pods pods, PodSpecs.Pods oldPods,
        Map<String, String> texts, Map<String, String> changedTexts, Map<String, String> allTexts, Map<String, String> oldTexts) {

    static Subject of(Action action) {
        String resource = action.resource().resource().isEmpty() ? action.kind().toLowerCase(Locale.ROOT)
                : action.resource().resource();
        String target = resource + (action.name().isEmpty() ? "" : " \"" + action.name() + "\"");
        JsonNode object = orMissing(action.object());
        JsonNode old = orMissing(action.oldObject());
        PodSpecs.Pods pods = PodSpecs.Pods.of(object);
        PodSpecs.Pods oldPods = PodSpecs.Pods.of(old);
        Map<String, String> texts = texts(object, pods);
        Map<String, String> before = old.isMissingNode() ? Map.of() : texts(old, oldPods);
        Map<String, String> changed = old.isMissingNode() ? texts : Texts.changed(texts, before);
        return new Subject(action, object, old, target, pods, oldPods, texts, changed,
                Texts.everything(object.isMissingNode() ? old : object), before);
    }

    private static Map<String, String> texts(JsonNode object, PodSpecs.Pods pods) {
        Map<String, String> texts = Texts.leaves(object);
        texts.putAll(Texts.commands(pods.containers()));
        return texts;
    }

    private static JsonNode orMissing(JsonNode node) {
        return node == null || node.isNull() || !node.isObject() ? MissingNode.getInstance() : node;
    }

    boolean create() {
        return "CREATE".equals(action.operation());
    }

    boolean update() {
        return "UPDATE".equals(action.operation());
    }

    boolean delete() {
        return "DELETE".equals(action.operation());
    }

    /** The object the request leaves behind: the new one, or for DELETE the one that goes away. */
    JsonNode current() {
        return object.isMissingNode() ? old : object;
    }

    String resource() {
        return action.resource().resource();
    }

    String subresource() {
        return action.resource().subresource();
    }

    String kind() {
        String kind = current().path("kind").asText("");
        return kind.isEmpty() ? action.kind() : kind;
    }
}
