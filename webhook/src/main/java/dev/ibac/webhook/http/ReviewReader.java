package dev.ibac.webhook.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.function.Predicate;

/**
 * One pass over an AdmissionReview body (issue #19): the tree {@code ObjectMapper.readTree} would
 * build, with numbers checked against int64 and double as their tokens pass, except that
 * {@code request.object} and {@code request.oldObject} are skipped when they come after a
 * {@code request.userInfo} whose requester needs no objects (a human's request: the identity stage
 * allows it without reading them). Skipping still tokenises, so malformed JSON, duplicate keys, depth
 * and number length are the same errors there; only the range check, which guards arithmetic on
 * objects nobody will read, is not made on what is skipped. Objects before {@code userInfo} are built.
 * The objects' {@code metadata.managedFields} are always skipped ({@link #requestObject}).
 */
final class ReviewReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonParser parser;
    private final Predicate<JsonNode> needsObjects;
    private String outOfRange;

    /** {@code needsObjects}: asked once with {@code request.userInfo} as read; false lets what follows be skipped. */
    private ReviewReader(JsonParser parser, Predicate<JsonNode> needsObjects) {
        this.parser = parser;
        this.needsObjects = needsObjects;
    }

    /** What was read: the root (null for an empty body, missing when not an object) and the first number out of range. */
    record Tree(JsonNode root, String outOfRange) {}

    static Tree read(JsonParser parser, Predicate<JsonNode> needsObjects) throws IOException {
        ReviewReader reader = new ReviewReader(parser, needsObjects);
        JsonNode root = reader.root();
        return new Tree(root, reader.outOfRange);
    }

    private JsonNode root() throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return null;
        }
        JsonNode root;
        if (first == JsonToken.START_OBJECT) {
            root = review();
        } else {
            parser.skipChildren(); // not an object: refused as such once the whole body is known to be JSON
            root = NODES.missingNode();
        }
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            // the words of DeserializationFeature.FAIL_ON_TRAILING_TOKENS, which readTree used to apply
            throw MismatchedInputException.from(parser, JsonNode.class, String.format("Trailing token (of type %s) found after"
                    + " value (bound as `%s`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`",
                    trailing, JsonNode.class.getName()));
        }
        return root;
    }

    private ObjectNode review() throws IOException {
        return object("request", this::request);
    }

    /** Reads what follows the current token; the parser's errors pass through. */
    @FunctionalInterface
    private interface Read {
        ObjectNode read() throws IOException;
    }

    /** The object whose START_OBJECT was just read, its member {@code special}, when an object, read by {@code read}. */
    private ObjectNode object(String special, Read read) throws IOException {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            boolean isSpecial = parser.nextToken() == JsonToken.START_OBJECT && name.equals(special);
            object.set(name, isSpecial ? read.read() : value());
        }
        return object;
    }

    private ObjectNode request() throws IOException {
        ObjectNode request = NODES.objectNode();
        boolean skipObjects = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            if (skipObjects && token == JsonToken.START_OBJECT && (name.equals("object") || name.equals("oldObject"))) {
                parser.skipChildren();
                continue;
            }
            boolean object = token == JsonToken.START_OBJECT && (name.equals("object") || name.equals("oldObject"));
            JsonNode value = object ? requestObject() : value();
            request.set(name, value);
            if (name.equals("userInfo")) {
                skipObjects = !needsObjects.test(value);
            }
        }
        return request;
    }

    /**
     * {@code request.object} or {@code oldObject} at its START_OBJECT, without {@code metadata.managedFields}:
     * the API server's field bookkeeping, often half the body (issue #19). No stage reads it, and none may —
     * audit entries leave it out (SPEC §8), so a decision that depended on it could not be replayed. It is
     * skipped, so still tokenised like the rest.
     */
    private ObjectNode requestObject() throws IOException {
        return object("metadata", this::metadata);
    }

    private ObjectNode metadata() throws IOException {
        ObjectNode metadata = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (parser.nextToken().isStructStart() && name.equals("managedFields")) {
                parser.skipChildren();
            } else {
                metadata.set(name, value());
            }
        }
        return metadata;
    }

    /** The value at the current token, as JsonNodeDeserializer builds it; recursion is bounded by the parser's depth limit. */
    private JsonNode value() throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT:
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, value());
                }
                return object;
            case START_ARRAY:
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value());
                }
                return array;
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                return integer();
            case VALUE_NUMBER_FLOAT:
                double decimal = parser.getDoubleValue();
                if (!Double.isFinite(decimal)) {
                    outOfRange();
                }
                return NODES.numberNode(decimal);
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new IllegalStateException("unexpected token " + parser.currentToken());
        }
    }

    private JsonNode integer() throws IOException {
        switch (parser.getNumberType()) {
            case INT:
                return NODES.numberNode(parser.getIntValue());
            case LONG:
                return NODES.numberNode(parser.getLongValue());
            default: // BIG_INTEGER: the parser only says so for values past int64
                outOfRange();
                return NODES.numberNode(parser.getBigIntegerValue());
        }
    }

    /** Remembers the first one as a JSON pointer (unescaped, as the messages always named it); the parse goes on. */
    private void outOfRange() {
        if (outOfRange != null) {
            return;
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext context = parser.getParsingContext(); !context.inRoot(); context = context.getParent()) {
            path.insert(0, context.inObject() ? context.getCurrentName() : String.valueOf(context.getCurrentIndex())).insert(0, '/');
        }
        outOfRange = path.toString();
    }
}
