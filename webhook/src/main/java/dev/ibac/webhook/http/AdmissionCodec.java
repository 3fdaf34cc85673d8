package dev.ibac.webhook.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
import java.util.Iterator;
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

    /**
     * Deepest nesting a request may have. Kubernetes objects nest a few dozen levels at most; a
     * 100k-deep body is an attack on the parser, answered 400 before any stage sees it.
     */
    public static final int MAX_DEPTH = 200;
    /** Longest number literal accepted: enough for any int64 or decimal quantity, far below a million digits. */
    public static final int MAX_NUMBER_LENGTH = 100;

    /**
     * Strict reading: a duplicated key is refused (last-one-wins let a second {@code userInfo} pass
     * an agent off as a human), and so are nesting and number lengths past the limits above.
     */
    private final ObjectMapper strict = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
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
        JsonNode node;
        try {
            node = strict.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new BadRequestException("JSON exceeds a limit: " + oneLine(e.getOriginalMessage())
                    + " (at most " + MAX_DEPTH + " levels of nesting and " + MAX_NUMBER_LENGTH + " characters per number)");
        } catch (JsonProcessingException e) {
            throw new BadRequestException("malformed JSON" + at(e.getLocation()) + ": " + oneLine(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            throw new BadRequestException("unreadable body: " + oneLine(String.valueOf(e.getMessage())));
        }
        if (node == null || !node.isObject()) {
            throw new BadRequestException("body is not a JSON object");
        }
        requireNumbersInRange(node);
        return node;
    }

    /** Not every parse error has a location (a constraint violation has none): never an NPE here. */
    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Jackson's messages can quote a whole megabyte of input; the caller gets one short line. */
    private static String oneLine(String message) {
        String line = message == null ? "" : message.replaceAll("\\s+", " ");
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }

    /**
     * Every integer must fit int64 and every decimal must be finite as a double: Kubernetes itself
     * has no larger numbers, and a count past them would wrap in arithmetic downstream (a
     * {@code replicas: 2^63} priced at $0.00).
     */
    private static void requireNumbersInRange(JsonNode root) {
        String path = outOfRange(root);
        if (path != null) {
            throw new BadRequestException("number out of range at " + (path.isEmpty() ? "/" : path)
                    + ": integers must fit in 64 bits and decimals in a double");
        }
    }

    /** The JSON pointer of the first number out of range, or null; recursion is bounded by {@link #MAX_DEPTH}. */
    private static String outOfRange(JsonNode node) {
        if (node.isIntegralNumber() && !node.canConvertToLong()
                || node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return "";
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                String below = outOfRange(field.getValue());
                if (below != null) {
                    return "/" + field.getKey() + below;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String below = outOfRange(node.get(i));
                if (below != null) {
                    return "/" + i + below;
                }
            }
        }
        return null;
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
