package dev.ibac.judge.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ibac.action.ResourceId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link Redactor#redact}'s copy, built while the object is walked (issue #19: a deep copy of the
 * whole object, {@code managedFields} included, then mutated, was a tenth of an audited request's
 * CPU). The rules are the Redactor's, applied top down in the order they always were; what an
 * ancestor's rule did to a node is carried down instead of written into a copy first:
 * <ul>
 *   <li>{@link Place}: the fields an ancestor dropped ({@code metadata.managedFields}, object-copy
 *       annotations), which are never copied;</li>
 *   <li>{@code hidden}: an ancestor made every scalar below {@link Redactor#REDACTED} (the data of a
 *       Secret), so the node's scalars read as that string to every later rule;</li>
 *   <li>{@code hideData}: the node is an object whose data fields an ancestor hid (a request for
 *       core {@code secrets}, an AdmissionRequest's Secret).</li>
 * </ul>
 * Scalars that are kept are shared with the input (Jackson's value nodes are immutable).
 */
final class RedactedCopy {
    private static final Set<String> DROPPED_ANNOTATIONS = Set.of(
            "kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision");
    private static final Set<String> DATA_FIELDS = Set.of("data", "stringData", "binaryData");
    /** Fields whose values are never credentials and whose "a:b" shape is normal ("nginx:Alpine3"). */
    private static final Set<String> PLAIN_FIELDS = Set.of("image", "apiVersion", "kind", "name", "namespace", "uid");
    private static final Set<String> REQUEST_OBJECTS = Set.of("object", "oldObject");
    private static final TextNode HIDDEN = TextNode.valueOf(Redactor.REDACTED);
    /** Keys remembered at most; a Deployment holds about a hundred distinct ones, a cluster's kinds a few thousand. */
    private static final int KNOWN_KEYS = 8192;
    /** Longer keys are looked at each time: no kind's schema has them, so they would only fill the memo. */
    private static final int KNOWN_KEY_CHARS = 128;

    /** Which fields of an object an ancestor's rule removed before the object was looked at. */
    private enum Place {
        PLAIN, /** an object's {@code metadata}: without {@code managedFields} */ METADATA,
        /** {@code metadata.annotations}: without the object-copy annotations */ ANNOTATIONS;

        boolean drops(String key) {
            return this == METADATA ? "managedFields".equals(key) : this == ANNOTATIONS && DROPPED_ANNOTATIONS.contains(key);
        }

        /** A field's place in an object the Redactor walks: it drops its own metadata's bookkeeping. */
        Place ofWalked(String key, JsonNode child) {
            return !child.isObject() ? PLAIN : "metadata".equals(key) ? METADATA : ofCopied(key, child);
        }

        /** A field's place in an object only hidden, not walked: what was dropped above it stays dropped. */
        Place ofCopied(String key, JsonNode child) {
            return this == METADATA && "annotations".equals(key) && child.isObject() ? ANNOTATIONS : PLAIN;
        }
    }

    /** What the rules ask of an object's key: its redacted text, and whether that names a credential. */
    private record Key(String redacted, boolean secretName) {}

    /** A field as the Redactor's rules see it when they reach it. */
    private record Field(Key name, JsonNode source, Place place, boolean hidden, boolean hideData) {
        String key() {
            return name.redacted();
        }

        boolean textual() {
            return hidden ? !source.isContainerNode() : source.isTextual();
        }

        String text() {
            return hidden && !source.isContainerNode() ? Redactor.REDACTED : source.asText("");
        }
    }

    private final Redactor redactor;
    private final CredentialDetector detector;
    /**
     * Keys by their text (issue #19): every object of a kind holds the same keys, and Jackson hands
     * out one String per name, so a key's scans (a third of a redaction) are made once, not per
     * request. Bounded: an agent inventing keys only evicts.
     */
    private final Cache<String, Key> keys = Caffeine.newBuilder().maximumSize(KNOWN_KEYS).build();

    RedactedCopy(Redactor redactor, CredentialDetector detector) {
        this.redactor = redactor;
        this.detector = detector;
    }

    private Key key(String key) {
        return key.length() > KNOWN_KEY_CHARS ? readKey(key) : keys.get(key, this::readKey);
    }

    private Key readKey(String key) {
        String redacted = redactor.redactText(key);
        return new Key(redacted, detector.isSecretName(redacted));
    }

    ObjectNode of(ObjectNode object, ResourceId resource) {
        return object(object, Place.PLAIN, false, wholeDataIsSecret(object, resource));
    }

    /** A Secret by kind or resource, or a ConfigMap annotated {@code ibac.io/sensitive: "true"}. */
    static boolean wholeDataIsSecret(JsonNode object, ResourceId resource) {
        boolean core = resource != null && resource.group().isEmpty();
        String kind = object.path("kind").asText("");
        if ("Secret".equals(kind) || (core && "secrets".equals(resource.resource()))) {
            return true;
        }
        boolean configMap = "ConfigMap".equals(kind) || (core && "configmaps".equals(resource.resource()));
        return configMap && "true".equalsIgnoreCase(object.path("metadata").path("annotations").path(Redactor.SENSITIVE_ANNOTATION).asText(""));
    }

    private JsonNode walk(JsonNode source, Place place, boolean hidden, boolean hideData) {
        if (source instanceof ObjectNode object) {
            return object(object, place, hidden, hideData);
        }
        return source instanceof ArrayNode array ? array(array, hidden) : source;
    }

    private ObjectNode object(ObjectNode source, Place place, boolean hidden, boolean hideData) {
        // under hidden data, kind and the annotation read "<redacted>": never a Secret (and hiding again changes nothing)
        boolean hideOwnData = hideData || (!hidden && wholeDataIsSecret(source, null));
        Set<String> requestedSecrets = hidden ? Set.of() : requestedSecrets(source);
        List<Field> fields = new ArrayList<>(source.size());
        boolean renamed = false;
        for (Map.Entry<String, JsonNode> e : source.properties()) {
            String key = e.getKey();
            JsonNode child = e.getValue();
            if (place.drops(key)) {
                continue;
            }
            boolean childHidden = hidden || (hideOwnData && child.isContainerNode() && DATA_FIELDS.contains(key));
            boolean childHideData = requestedSecrets.contains(key);
            Key name = key(key);
            renamed |= !name.redacted().equals(key);
            fields.add(new Field(name, child, place.ofWalked(key, child), childHidden, childHideData));
        }
        if (renamed) {
            fields = merged(fields);
        }
        return fill(source.objectNode(), fields);
    }

    /** {"token=abc": 1, "token=xyz": 2}: a redacted key that repeats keeps its first place and its last value. */
    private static List<Field> merged(List<Field> fields) {
        Map<String, Field> byKey = new LinkedHashMap<>();
        fields.forEach(f -> byKey.put(f.key(), f));
        return new ArrayList<>(byKey.values());
    }

    private ObjectNode fill(ObjectNode out, List<Field> fields) {
        boolean secretNamedPair = secretNamed(fields, "name") || secretNamed(fields, "key");
        for (Field field : fields) {
            String key = field.key();
            boolean secretName = field.name().secretName();
            JsonNode value = field.source();
            JsonNode kept;
            if (field.textual()) {
                kept = hidden(field, secretNamedPair) ? HIDDEN : text(field.source(), redactor.redactText(field.text()));
            } else if (value.isNumber() && secretName) {
                kept = HIDDEN;
            } else if (value instanceof ArrayNode array && secretName) {
                kept = hideStrings(array, field.hidden());
            } else if (value.isContainerNode() && secretNamedPair && "value".equals(key)) {
                kept = hideAll(value, field.place());
            } else if (value.isObject() && (secretName || "binaryData".equals(key))) {
                // {"password": {"value": "…"}}; binaryData is opaque to the judge and may hold anything
                kept = hideAll(value, field.place());
            } else {
                kept = walk(value, field.place(), field.hidden(), field.hideData());
            }
            out.set(key, kept);
        }
        return out;
    }

    /** The input's node when redaction left its text as it was. */
    private static JsonNode text(JsonNode source, String redacted) {
        return source.isTextual() && source.textValue().equals(redacted) ? source : TextNode.valueOf(redacted);
    }

    /** A {@code name}/{@code key} + {@code value} pair whose name is a credential's. */
    private boolean secretNamed(List<Field> fields, String key) {
        for (Field field : fields) {
            if (field.key().equals(key)) {
                return detector.isSecretName(field.text());
            }
        }
        return false;
    }

    private boolean hidden(Field field, boolean secretNamedPair) {
        String key = field.key();
        return field.name().secretName() || (secretNamedPair && "value".equals(key))
                || (!PLAIN_FIELDS.contains(key) && detector.isPasswordPair(field.text()));
    }

    /**
     * The fields ("object", "oldObject") of an AdmissionRequest for core {@code secrets} whose data
     * fields are hidden; empty for any other object.
     */
    private static Set<String> requestedSecrets(ObjectNode request) {
        JsonNode resource = request.path("resource");
        if (!resource.isObject() || !resource.path("resource").isTextual() || !(request.has("object") || request.has("oldObject"))) {
            return Set.of();
        }
        ResourceId id = new ResourceId(resource.path("group").asText(""), resource.path("version").asText(""),
                resource.path("resource").asText(), "");
        boolean object = request.get("object") instanceof ObjectNode target && wholeDataIsSecret(target, id);
        boolean oldObject = request.get("oldObject") instanceof ObjectNode target && wholeDataIsSecret(target, id);
        return object && oldObject ? REQUEST_OBJECTS : object ? Set.of("object") : oldObject ? Set.of("oldObject") : Set.of();
    }

    /** {@code "creds": ["admin:pw"]}: the strings go, objects ({@code imagePullSecrets[].name}) are walked as usual. */
    private ArrayNode hideStrings(ArrayNode source, boolean hidden) {
        ArrayNode out = source.arrayNode(source.size());
        for (JsonNode element : source) {
            out.add(element.isValueNode() ? HIDDEN : walk(element, Place.PLAIN, hidden, false));
        }
        return out;
    }

    /** Every scalar under {@code node} becomes {@link Redactor#REDACTED}; keys stay, so the judge sees what is set. */
    private static JsonNode hideAll(JsonNode node, Place place) {
        if (node instanceof ObjectNode object) {
            ObjectNode out = object.objectNode();
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                if (!place.drops(e.getKey())) {
                    JsonNode child = e.getValue();
                    out.set(e.getKey(), child.isContainerNode() ? hideAll(child, place.ofCopied(e.getKey(), child)) : HIDDEN);
                }
            }
            return out;
        }
        ArrayNode array = (ArrayNode) node;
        ArrayNode out = array.arrayNode(array.size());
        for (JsonNode element : array) {
            out.add(element.isContainerNode() ? hideAll(element, Place.PLAIN) : HIDDEN);
        }
        return out;
    }

    /** Also hides the argument after a credential flag: {@code ["--password", "hunter2"]}, {@code ["-p", "pw"]}. */
    private ArrayNode array(ArrayNode source, boolean hidden) {
        ArrayNode out = source.arrayNode(source.size());
        String previousFlag = "";
        for (JsonNode element : source) {
            if (hidden ? !element.isContainerNode() : element.isTextual()) {
                String text = hidden ? Redactor.REDACTED : element.asText();
                boolean secret = !previousFlag.isEmpty() && detector.isSecretFlagValue(previousFlag, text);
                out.add(secret ? HIDDEN : text(element, redactor.redactText(text)));
                previousFlag = text.startsWith("-") && !text.contains("=") && !text.contains(" ") ? text : "";
            } else {
                out.add(walk(element, Place.PLAIN, hidden, false));
                previousFlag = "";
            }
        }
        return out;
    }
}
