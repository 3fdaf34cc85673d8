package dev.ibac.webhook.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@link CanonicalJson}'s text written straight to UTF-8 by Jackson's generator (issue #19: an
 * audit entry's canonical JSON, built as UTF-16 text and then encoded, was an eighth of an
 * out-of-scope decision's CPU). Jackson escapes exactly what JSON.stringify escapes, with the same
 * short forms, once its hex digits are lower case; the one difference is surrogates (Jackson
 * escapes them, {@code String.getBytes} encodes a pair and writes '?' for a lone one), so a string
 * holding one is not written here: the caller falls back to {@link CanonicalJson}'s text.
 */
final class CanonicalUtf8 {
    private static final JsonFactory FACTORY = JsonFactory.builder().disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE).build();

    private CanonicalUtf8() {}

    /** The members' canonical JSON without the object's braces, in UTF-8; null when a string holds a surrogate. */
    static byte[] members(List<Map.Entry<String, JsonNode>> members) {
        ByteArrayBuilder out = new ByteArrayBuilder(4096);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.writeStartObject();
            if (!members(members, generator)) {
                return null;
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        byte[] object = out.toByteArray();
        return Arrays.copyOfRange(object, 1, object.length - 1);
    }

    private static boolean members(Iterable<Map.Entry<String, JsonNode>> members, JsonGenerator out) throws IOException {
        for (Map.Entry<String, JsonNode> member : members) {
            if (hasSurrogate(member.getKey())) {
                return false;
            }
            out.writeFieldName(member.getKey());
            if (!value(member.getValue(), out)) {
                return false;
            }
        }
        return true;
    }

    private static boolean value(JsonNode node, JsonGenerator out) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.writeStartObject();
                if (!members(inOrder(node) ? node.properties() : CanonicalJson.sortedMembers(node), out)) {
                    return false;
                }
                out.writeEndObject();
            }
            case ARRAY -> {
                out.writeStartArray();
                for (int i = 0; i < node.size(); i++) {
                    if (!value(node.get(i), out)) {
                        return false;
                    }
                }
                out.writeEndArray();
            }
            case STRING -> {
                if (hasSurrogate(node.textValue())) {
                    return false;
                }
                out.writeString(node.textValue());
            }
            case BOOLEAN -> out.writeBoolean(node.booleanValue());
            case NULL, MISSING -> out.writeNull();
            case NUMBER -> number(node, out);
            default -> throw new IllegalArgumentException("not representable in canonical JSON: " + node.getNodeType());
        }
        return true;
    }

    /**
     * Keys already in canonical order, as most small objects' are: written as they stand, without a
     * sorted copy of the members (issue #19: the copies were a twentieth of an audited decision's CPU).
     */
    private static boolean inOrder(JsonNode object) {
        String previous = null;
        for (var it = object.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (previous != null && previous.compareTo(key) >= 0) {
                return false;
            }
            previous = key;
        }
        return true;
    }

    private static void number(JsonNode node, JsonGenerator out) throws IOException {
        if (!node.isIntegralNumber()) {
            throw new IllegalArgumentException("audit entries hold integers only, got " + node);
        }
        switch (node.numberType()) {
            case INT, LONG -> out.writeNumber(node.longValue());
            default -> out.writeNumber(node.bigIntegerValue());
        }
    }

    private static boolean hasSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
