package dev.ibac.webhook.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.action.Action;
import dev.ibac.action.Requester;
import dev.ibac.action.ResourceId;
import dev.ibac.webhook.pipeline.Decision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code admission.k8s.io/v1} AdmissionReview requests into {@link Action}s and writes the
 * responses. Everything the API server could send wrong is a {@link BadRequestException} with a
 * message naming the field; nothing else escapes.
 */
public final class AdmissionCodec {
    public static final String API_VERSION = "admission.k8s.io/v1";
    public static final String KIND = "AdmissionReview";
    /** SPEC §10: the reason annotation is at most 1 KiB. */
    static final int MAX_REASON_BYTES = 1024;
    private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public Action decode(byte[] body) {
        JsonNode review = parse(body);
        requireText(review, "apiVersion", API_VERSION);
        requireText(review, "kind", KIND);
        JsonNode request = review.get("request");
        if (request == null || !request.isObject()) {
            throw new BadRequestException("AdmissionReview has no request object");
        }
        return toAction(request);
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequestException("body is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequestException("malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException("unreadable body: " + e.getMessage());
        }
    }

    private static void requireText(JsonNode node, String field, String expected) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || !value.asText().equals(expected)) {
            throw new BadRequestException(field + " must be \"" + expected + "\", got "
                    + (value == null ? "nothing" : value.toString()));
        }
    }

    private Action toAction(JsonNode request) {
        String uid = text(request, "uid", true);
        if (uid.isBlank()) {
            throw new BadRequestException("request.uid is empty");
        }
        String operation = text(request, "operation", true);
        if (!OPERATIONS.contains(operation)) {
            throw new BadRequestException("request.operation must be one of " + OPERATIONS + ", got \"" + operation + "\"");
        }
        JsonNode resource = object(request, "resource", true);
        JsonNode kind = object(request, "kind", false);
        JsonNode object = objectOrNull(request, "object");
        JsonNode oldObject = objectOrNull(request, "oldObject");
        return new Action(uid, operation,
                new ResourceId(text(resource, "group", false), text(resource, "version", false),
                        text(resource, "resource", true), text(request, "subResource", false)),
                kind == null ? "" : text(kind, "kind", false),
                text(request, "namespace", false),
                name(request, object),
                bool(request, "dryRun"),
                requester(object(request, "userInfo", true)),
                object, oldObject);
    }

    /** CREATE with generateName has no name yet; the object's generateName is the best name there is. */
    private static String name(JsonNode request, JsonNode object) {
        String name = text(request, "name", false);
        if (name.isEmpty() && object != null) {
            JsonNode generate = object.path("metadata").path("generateName");
            return generate.isTextual() ? generate.asText() : "";
        }
        return name;
    }

    private static Requester requester(JsonNode userInfo) {
        JsonNode groups = userInfo.get("groups");
        List<String> groupList = new ArrayList<>();
        if (groups != null && !groups.isNull()) {
            if (!groups.isArray()) {
                throw new BadRequestException("request.userInfo.groups must be an array of strings");
            }
            groups.forEach(g -> {
                if (!g.isTextual()) {
                    throw new BadRequestException("request.userInfo.groups must be an array of strings");
                }
                groupList.add(g.asText());
            });
        }
        return new Requester(text(userInfo, "username", false), text(userInfo, "uid", false), groupList);
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new BadRequestException("request." + field + " is missing");
            }
            return "";
        }
        if (!value.isTextual()) {
            throw new BadRequestException("request." + field + " must be a string, got " + value.getNodeType().name().toLowerCase());
        }
        return value.asText();
    }

    private static JsonNode object(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new BadRequestException("request." + field + " is missing");
            }
            return null;
        }
        if (!value.isObject()) {
            throw new BadRequestException("request." + field + " must be an object");
        }
        return value;
    }

    private static JsonNode objectOrNull(JsonNode node, String field) {
        return object(node, field, false);
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new BadRequestException("request." + field + " must be a boolean");
        }
        return value.booleanValue();
    }

    /** The AdmissionReview answer: same uid, 403 with the message when denied, warnings when any. */
    byte[] encode(String uid, boolean allowed, String message, List<String> warnings) {
        return encode(uid, allowed, message, warnings, Map.of());
    }

    /** As above, with the {@code auditAnnotations} the API server writes into the cluster's audit log. */
    byte[] encode(String uid, boolean allowed, String message, List<String> warnings, Map<String, String> auditAnnotations) {
        ObjectNode review = mapper.createObjectNode().put("apiVersion", API_VERSION).put("kind", KIND);
        ObjectNode response = review.putObject("response").put("uid", uid).put("allowed", allowed);
        if (!allowed) {
            response.putObject("status").put("code", 403).put("reason", "Forbidden").put("message", message);
        }
        if (!warnings.isEmpty()) {
            ArrayNode array = response.putArray("warnings");
            warnings.forEach(array::add);
        }
        if (!auditAnnotations.isEmpty()) {
            ObjectNode annotations = response.putObject("auditAnnotations");
            auditAnnotations.forEach(annotations::put);
        }
        try {
            return mapper.writeValueAsBytes(review);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an AdmissionReview", e);
        }
    }

    /**
     * SPEC §10: every agent decision, allowed or denied, carries IBAC's verdict into the cluster's
     * audit log; humans' requests carry none. The API server prefixes each key with the webhook's
     * name and accepts only one {@code prefix/name} per key, so the keys are bare names and the audit
     * log shows {@code validate.ibac.io/decision} (an {@code ibac.io/decision} key would become
     * {@code validate.ibac.io/ibac.io/decision}, which it rejects).
     */
    static Map<String, String> auditAnnotations(Decision decision) {
        if (!decision.isAgentTraffic()) {
            return Map.of();
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("decision", decision.allowed() ? "allow" : decision.enforced() ? "deny" : "deny (not enforced)");
        annotations.put("stage", decision.stage().label());
        if (decision.mission() != null) {
            annotations.put("mission", decision.mission().key());
        }
        annotations.put("reason", atMostBytes(decision.reason() == null ? "" : decision.reason(), MAX_REASON_BYTES));
        annotations.put("audit-id", decision.action().uid());
        return annotations;
    }

    /** Cut at a character boundary so the UTF-8 form, with the ellipsis, fits {@code max} bytes. */
    static String atMostBytes(String text, int max) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= max) {
            return text;
        }
        int budget = max - "…".getBytes(StandardCharsets.UTF_8).length;
        StringBuilder cut = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > budget) {
                break;
            }
            cut.appendCodePoint(codePoint);
            used += size;
            i += Character.charCount(codePoint);
        }
        return cut.append('…').toString();
    }

    public ObjectMapper mapper() {
        return mapper;
    }
}
