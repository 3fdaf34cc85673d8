package dev.ibac.judge.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes credentials from Kubernetes objects and free text before anything reaches a judge,
 * a prompt or a log: every value of a Secret, every value of a ConfigMap annotated
 * {@code ibac.io/sensitive: "true"}, and elsewhere every string stored under a credential-like
 * name (env var, ConfigMap key, field, annotation, command-line flag) or shaped like one (PEM
 * block, JWT, cloud access key, URL password, long random string). Annotations that embed a
 * whole object copy ({@code last-applied-configuration}) are dropped. Thread-safe.
 */
public final class Redactor {
    /** What a removed value reads as. */
    public static final String REDACTED = "<redacted>";
    /** A ConfigMap annotated with this set to "true" has all its values redacted. */
    public static final String SENSITIVE_ANNOTATION = "ibac.io/sensitive";

    private static final Set<String> DROPPED_ANNOTATIONS = Set.of(
            "kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision");
    private static final Set<String> ALWAYS_SECRET_KINDS = Set.of("Secret");
    private static final List<String> DATA_FIELDS = List.of("data", "stringData", "binaryData");

    private final CredentialDetector detector = new CredentialDetector();

    /** A redacted deep copy of a Kubernetes object; null and non-objects come back as they are. */
    public JsonNode redact(JsonNode object) {
        if (object == null || !object.isObject()) {
            return object;
        }
        ObjectNode copy = object.deepCopy();
        ObjectNode metadata = copy.path("metadata").isObject() ? (ObjectNode) copy.get("metadata") : null;
        if (metadata != null) {
            metadata.remove("managedFields");
        }
        if (wholeDataIsSecret(copy)) {
            DATA_FIELDS.forEach(field -> redactAllValues(copy.get(field)));
        }
        if (metadata != null && metadata.path("annotations").isObject()) {
            DROPPED_ANNOTATIONS.forEach(((ObjectNode) metadata.get("annotations"))::remove);
        }
        walk(copy);
        return copy;
    }

    /** Free text (a rationale, an annotation value) with credential-looking parts replaced. */
    public String redactText(String text) {
        return detector.redactSecrets(text, REDACTED);
    }

    /** True when a value stored under {@code name} must not be shown. */
    public boolean isSecretName(String name) {
        return detector.isSecretName(name);
    }

    private boolean wholeDataIsSecret(JsonNode object) {
        String kind = object.path("kind").asText("");
        return ALWAYS_SECRET_KINDS.contains(kind)
                || ("ConfigMap".equals(kind)
                        && "true".equalsIgnoreCase(object.path("metadata").path("annotations").path(SENSITIVE_ANNOTATION).asText("")));
    }

    private static void redactAllValues(JsonNode data) {
        if (data instanceof ObjectNode node) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            keys.forEach(key -> node.put(key, REDACTED));
        }
    }

    private void walk(JsonNode node) {
        if (node instanceof ObjectNode object) {
            redactObject(object);
        } else if (node instanceof ArrayNode array) {
            redactArray(array);
        }
    }

    private void redactObject(ObjectNode object) {
        boolean secretNamedPair = object.path("name").isTextual() && isSecretName(object.get("name").asText());
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        object.properties().forEach(fields::add);
        for (Map.Entry<String, JsonNode> field : fields) {
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                boolean hidden = isSecretName(field.getKey()) || (secretNamedPair && "value".equals(field.getKey()));
                object.put(field.getKey(), hidden ? REDACTED : redactText(value.asText()));
            } else if (value.isNumber() && isSecretName(field.getKey())) {
                object.put(field.getKey(), REDACTED);
            } else {
                walk(value);
            }
        }
    }

    /** Also hides the argument after a credential flag: {@code ["--password", "hunter2"]}. */
    private void redactArray(ArrayNode array) {
        boolean previousWasSecretFlag = false;
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            if (element.isTextual()) {
                String text = element.asText();
                array.set(i, TextNode.valueOf(previousWasSecretFlag ? REDACTED : redactText(text)));
                previousWasSecretFlag = text.startsWith("-") && !text.contains("=") && isSecretName(text);
            } else {
                walk(element);
                previousWasSecretFlag = false;
            }
        }
    }
}
