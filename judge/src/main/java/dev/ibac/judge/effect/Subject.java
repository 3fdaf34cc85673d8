package dev.ibac.judge.effect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.ibac.action.Action;
import java.util.Locale;

/**
 * The request as the analysers read it: the new and the old object (never null: a missing one is a
 * {@link MissingNode}) and how its target reads in sentences ({@code deployments "checkout"}).
 */
record Subject(Action action, JsonNode object, JsonNode old, String target) {

    static Subject of(Action action) {
        String resource = action.resource().resource().isEmpty() ? action.kind().toLowerCase(Locale.ROOT)
                : action.resource().resource();
        String target = resource + (action.name().isEmpty() ? "" : " \"" + action.name() + "\"");
        return new Subject(action, orMissing(action.object()), orMissing(action.oldObject()), target);
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
