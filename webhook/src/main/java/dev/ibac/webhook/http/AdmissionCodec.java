package dev.ibac.webhook.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ibac.action.Action;
import dev.ibac.action.Requester;
import dev.ibac.action.ResourceId;
import dev.ibac.webhook.pipeline.Decision;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

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

    /** Every part of the request read, objects included (the approval webhook, {@code test}, {@code replay}). */
    public Action decode(byte[] body) {
        return decode(body, requester -> true).action();
    }

    /** A request as read and the identity rule's answer for its requester, asked once while reading. */
    public record Decoded(Action action, boolean agent) {}

    /**
     * One pass over the body (issue #19). {@code isAgent} is the identity stage's rule, asked once when
     * {@code request.userInfo} has been read: an agent's request is read whole; a human's needs no
     * objects, so an {@code object} or {@code oldObject} after its {@code userInfo} is skipped (still
     * checked as JSON) and the action has none. Every refusal is the one {@link #decode(byte[])} gives.
     */
    public Decoded decode(byte[] body, Predicate<Requester> isAgent) {
        Identity identity = new Identity(isAgent);
        JsonNode review = parse(body, identity);
        requireText(review, "apiVersion", API_VERSION);
        requireText(review, "kind", KIND);
        JsonNode request = review.get("request");
        if (request == null || !request.isObject()) {
            throw new BadRequestException("AdmissionReview has no request object");
        }
        Action action = toAction(request);
        return new Decoded(action, identity.agent != null ? identity.agent : isAgent.test(action.requester()));
    }

    /** The identity rule over {@code request.userInfo} as read; a userInfo toAction refuses skips nothing, so it is refused as before. */
    private static final class Identity implements Predicate<JsonNode> {
        private final Predicate<Requester> isAgent;
        private Boolean agent;

        Identity(Predicate<Requester> isAgent) {
            this.isAgent = isAgent;
        }

        @Override
        public boolean test(JsonNode userInfo) {
            if (!userInfo.isObject()) {
                return true;
            }
            try {
                agent = isAgent.test(requester(userInfo));
            } catch (BadRequestException e) {
                return true;
            }
            return agent;
        }
    }

    private JsonNode parse(byte[] body, Predicate<JsonNode> needsObjects) {
        ReviewReader.Tree tree;
        try (JsonParser parser = strict.createParser(body)) {
            tree = ReviewReader.read(parser, needsObjects);
        } catch (StreamConstraintsException e) {
            throw new BadRequestException("JSON exceeds a limit: " + oneLine(e.getOriginalMessage())
                    + " (at most " + MAX_DEPTH + " levels of nesting and " + MAX_NUMBER_LENGTH + " characters per number)");
        } catch (JsonProcessingException e) {
            throw new BadRequestException("malformed JSON" + at(e.getLocation()) + ": " + oneLine(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            throw new BadRequestException("unreadable body: " + oneLine(String.valueOf(e.getMessage())));
        }
        JsonNode node = tree.root();
        if (node == null || !node.isObject()) {
            throw new BadRequestException("body is not a JSON object");
        }
        requireNumbersInRange(tree.outOfRange());
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
     * {@code replicas: 2^63} priced at $0.00). {@link ReviewReader} finds the first as its token
     * passes. An object skipped for a human is not checked: nothing reads it, and it is valid JSON.
     */
    private static void requireNumbersInRange(String path) {
        if (path != null) {
            throw new BadRequestException("number out of range at " + (path.isEmpty() ? "/" : path)
                    + ": integers must fit in 64 bits and decimals in a double");
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
        // written as it goes, not built as a tree first (issue #19): the same bytes, field for field
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = mapper.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("apiVersion", API_VERSION);
            json.writeStringField("kind", KIND);
            json.writeObjectFieldStart("response");
            json.writeStringField("uid", uid);
            json.writeBooleanField("allowed", allowed);
            if (!allowed) {
                json.writeObjectFieldStart("status");
                json.writeNumberField("code", 403);
                json.writeStringField("reason", "Forbidden");
                json.writeStringField("message", message);
                json.writeEndObject();
            }
            if (!warnings.isEmpty()) {
                json.writeArrayFieldStart("warnings");
                for (String warning : warnings) {
                    json.writeString(warning);
                }
                json.writeEndArray();
            }
            if (!auditAnnotations.isEmpty()) {
                json.writeObjectFieldStart("auditAnnotations");
                for (Map.Entry<String, String> annotation : auditAnnotations.entrySet()) {
                    json.writeStringField(annotation.getKey(), annotation.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise an AdmissionReview", e);
        }
        return out.toByteArray();
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
