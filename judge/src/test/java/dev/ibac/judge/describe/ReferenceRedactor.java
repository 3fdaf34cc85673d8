package dev.ibac.judge.describe;

/*
 * Test-only reference copy of this class as it was before issue #19 made redaction cheaper (commit 1ecfe54),
 * kept unchanged so RedactionEquivalenceTest can prove the new code gives byte-identical output on any input.
 * Do not optimise or fix it: change the production class, and this copy only if the intended output changes.
 */

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ibac.action.ResourceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes credentials from Kubernetes objects and free text before anything reaches a judge,
 * a prompt, a log, an audit entry or a message. Two entry points, for any module:
 * <ul>
 *   <li>{@link #redactText(String)}: any outgoing string. Normalises it (see
 *       {@link UntrustedText#normalise}) and replaces every credential-looking part: PEM blocks,
 *       JWTs, known key prefixes, long random strings; values after credential names
 *       ({@code DB_PW=…}, {@code "auth": "…"}, {@code Authorization: Bearer …}); credential
 *       flags ({@code -pSECRET}, {@code -p x}, {@code --password x}, {@code -u user:pw},
 *       {@code -H 'Authorization: …'}); connection strings ({@code postgres://u:pw@h},
 *       {@code redis://:pw@h}, JDBC {@code password=}); {@code user:password} pairs;
 *       {@code .pgpass} and {@code .netrc} lines.</li>
 *   <li>{@link #redact(JsonNode, ResourceId)}: a redacted copy of a Kubernetes object, or of any
 *       JSON holding objects (a list, an AdmissionReview). Every value of a Secret (recognised by
 *       the request's resource {@code secrets} in the core group, or by {@code kind}) and of a
 *       ConfigMap annotated {@code ibac.io/sensitive: "true"}; elsewhere every string stored under
 *       a credential-like name (env var, ConfigMap key, field, annotation, {@code name}/{@code key}
 *       + {@code value} pairs, the argument after a credential flag), every whole value shaped
 *       {@code user:password}, and every string through {@link #redactText}. Annotations that embed
 *       a whole object copy ({@code last-applied-configuration}) and {@code managedFields} are
 *       dropped.</li>
 * </ul>
 * Thread-safe.
 */
final class ReferenceRedactor {
    /** What a removed value reads as. */
    public static final String REDACTED = "<redacted>";
    /** A ConfigMap annotated with this set to "true" has all its values redacted. */
    public static final String SENSITIVE_ANNOTATION = "ibac.io/sensitive";

    /** Longer strings are shown up to here: more than any summary shows, little enough to scan quickly. */
    public static final int MAX_TEXT_CHARS = 65_536;

    private static final Set<String> DROPPED_ANNOTATIONS = Set.of(
            "kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision");
    private static final List<String> DATA_FIELDS = List.of("data", "stringData", "binaryData");
    /** Fields whose values are never credentials and whose "a:b" shape is normal ("nginx:Alpine3"). */
    private static final Set<String> PLAIN_FIELDS = Set.of("image", "apiVersion", "kind", "name", "namespace", "uid");

    private final ReferenceCredentialDetector detector = new ReferenceCredentialDetector();

    /** A redacted deep copy of a Kubernetes object or JSON document; null and non-objects come back as they are. */
    public JsonNode redact(JsonNode object) {
        return redact(object, null);
    }

    /**
     * A redacted deep copy of the object of a request for {@code resource} (null when unknown): a
     * Secret is recognised by its resource even when the object names no {@code kind}.
     */
    public JsonNode redact(JsonNode object, ResourceId resource) {
        if (object == null || !object.isObject()) {
            return object;
        }
        ObjectNode copy = object.deepCopy();
        if (wholeDataIsSecret(copy, resource)) {
            hideData(copy);
        }
        walk(copy);
        return copy;
    }

    /**
     * Any text (a rationale, a command, a message, a reason) with credential-looking parts replaced.
     * Patterns look at the normalised text too, so fullwidth letters or zero-width characters
     * cannot hide a secret from them; text without credentials comes back unchanged.
     */
    public String redactText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        if (text.length() > MAX_TEXT_CHARS) {
            return redactText(cut(text)) + " … (" + (text.length() - cut(text).length()) + " more characters not shown)";
        }
        String normalised = UntrustedText.normalise(text);
        String redacted = detector.redactSecrets(normalised, REDACTED);
        // a secret spelt in look-alikes is found in the normalised text; the text as written is scanned
        // too only when it differs, since redacting the normalised text changes what the agent wrote
        return redacted.equals(normalised) && !normalised.equals(text) ? detector.redactSecrets(text, REDACTED) : redacted;
    }

    /**
     * Text beyond {@link #MAX_TEXT_CHARS} is dropped before redaction, at the last whitespace so no
     * token is cut in half (half a secret would no longer match its pattern); one giant token is
     * dropped whole. Bounds the work per string whatever an object holds.
     */
    private static String cut(String text) {
        int at = Math.max(text.lastIndexOf(' ', MAX_TEXT_CHARS), text.lastIndexOf('\n', MAX_TEXT_CHARS));
        return at <= 0 ? "" : text.substring(0, at);
    }

    /** True when a value stored under {@code name} must not be shown. */
    public boolean isSecretName(String name) {
        return detector.isSecretName(name);
    }

    private static boolean wholeDataIsSecret(JsonNode object, ResourceId resource) {
        boolean core = resource != null && resource.group().isEmpty();
        String kind = object.path("kind").asText("");
        if ("Secret".equals(kind) || (core && "secrets".equals(resource.resource()))) {
            return true;
        }
        boolean configMap = "ConfigMap".equals(kind) || (core && "configmaps".equals(resource.resource()));
        return configMap && "true".equalsIgnoreCase(object.path("metadata").path("annotations").path(SENSITIVE_ANNOTATION).asText(""));
    }

    private static void hideData(ObjectNode object) {
        DATA_FIELDS.forEach(field -> hideAll(object.get(field)));
    }

    /** Every scalar under {@code node} becomes {@link #REDACTED}; keys stay, so the judge sees what is set. */
    private static void hideAll(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> keys = new ArrayList<>();
            object.fieldNames().forEachRemaining(keys::add);
            keys.forEach(key -> {
                if (object.get(key).isContainerNode()) {
                    hideAll(object.get(key));
                } else {
                    object.put(key, REDACTED);
                }
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isContainerNode()) {
                    hideAll(array.get(i));
                } else {
                    array.set(i, TextNode.valueOf(REDACTED));
                }
            }
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
        dropBookkeeping(object);
        if (wholeDataIsSecret(object, null)) {
            hideData(object);
        }
        hideDataOfRequestedSecret(object);
        redactKeys(object);
        boolean secretNamedPair = isSecretName(object.path("name").asText("")) || isSecretName(object.path("key").asText(""));
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        object.properties().forEach(fields::add);
        for (Map.Entry<String, JsonNode> field : fields) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                object.put(key, hidden(key, value.asText(), secretNamedPair) ? REDACTED : redactText(value.asText()));
            } else if (value.isNumber() && isSecretName(key)) {
                object.put(key, REDACTED);
            } else if (value instanceof ArrayNode array && isSecretName(key)) {
                hideStrings(array);
            } else if (value.isContainerNode() && secretNamedPair && "value".equals(key)) {
                hideAll(value);
            } else if (value.isObject() && (isSecretName(key) || "binaryData".equals(key))) {
                // {"password": {"value": "…"}}; binaryData is opaque to the judge and may hold anything
                hideAll(value);
            } else {
                walk(value);
            }
        }
    }

    /** A key that itself holds a credential ({"token=abc": …} in a free-form field) is redacted too; order is kept. */
    private void redactKeys(ObjectNode object) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        object.properties().forEach(fields::add);
        if (fields.stream().allMatch(f -> redactText(f.getKey()).equals(f.getKey()))) {
            return;
        }
        object.removeAll();
        fields.forEach(f -> object.set(redactText(f.getKey()), f.getValue()));
    }

    /** {@code "creds": ["admin:pw"]}: the strings go, objects ({@code imagePullSecrets[].name}) are walked as usual. */
    private void hideStrings(ArrayNode array) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).isValueNode()) {
                array.set(i, TextNode.valueOf(REDACTED));
            } else {
                walk(array.get(i));
            }
        }
    }

    private boolean hidden(String key, String value, boolean secretNamedPair) {
        return isSecretName(key) || (secretNamedPair && "value".equals(key))
                || (!PLAIN_FIELDS.contains(key) && detector.isPasswordPair(value));
    }

    /** metadata.managedFields and object-copy annotations repeat the object, secrets included. */
    private static void dropBookkeeping(ObjectNode object) {
        if (object.path("metadata").isObject()) {
            ObjectNode metadata = (ObjectNode) object.get("metadata");
            metadata.remove("managedFields");
            if (metadata.path("annotations").isObject()) {
                DROPPED_ANNOTATIONS.forEach(((ObjectNode) metadata.get("annotations"))::remove);
            }
        }
    }

    /** An AdmissionRequest ({@code resource}, {@code object}, {@code oldObject}) for core {@code secrets}. */
    private static void hideDataOfRequestedSecret(ObjectNode request) {
        JsonNode resource = request.path("resource");
        if (resource.isObject() && resource.path("resource").isTextual() && (request.has("object") || request.has("oldObject"))) {
            ResourceId id = new ResourceId(resource.path("group").asText(""), resource.path("version").asText(""),
                    resource.path("resource").asText(), "");
            for (String field : List.of("object", "oldObject")) {
                if (request.get(field) instanceof ObjectNode target && wholeDataIsSecret(target, id)) {
                    hideData(target);
                }
            }
        }
    }

    /** Also hides the argument after a credential flag: {@code ["--password", "hunter2"]}, {@code ["-p", "pw"]}. */
    private void redactArray(ArrayNode array) {
        String previousFlag = "";
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            if (element.isTextual()) {
                String text = element.asText();
                boolean secret = !previousFlag.isEmpty() && detector.isSecretFlagValue(previousFlag, text);
                array.set(i, TextNode.valueOf(secret ? REDACTED : redactText(text)));
                previousFlag = text.startsWith("-") && !text.contains("=") && !text.contains(" ") ? text : "";
            } else {
                walk(element);
                previousFlag = "";
            }
        }
    }
}
