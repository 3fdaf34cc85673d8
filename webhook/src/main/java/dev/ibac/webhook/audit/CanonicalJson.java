package dev.ibac.webhook.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * RFC 8785 (JSON Canonicalization Scheme) for the values audit entries contain: objects with keys
 * sorted by UTF-16 code units, no insignificant whitespace, strings escaped as ECMAScript's
 * JSON.stringify does, and integers only — floating point is refused, so the number rules of
 * RFC 8785 reduce to plain decimal integers.
 */
final class CanonicalJson {
    private CanonicalJson() {}

    static String write(JsonNode node) {
        StringBuilder out = new StringBuilder(512);
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> writeArray(node, out);
            case STRING -> writeString(node.textValue(), out);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL, MISSING -> out.append("null");
            case NUMBER -> writeNumber(node, out);
            default -> throw new IllegalArgumentException("not representable in canonical JSON: " + node.getNodeType());
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        keys.sort(null); // String.compareTo orders by UTF-16 code units, as RFC 8785 §3.2.3 requires
        out.append('{');
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(keys.get(i), out);
            out.append(':');
            write(node.get(keys.get(i)), out);
        }
        out.append('}');
    }

    private static void writeArray(JsonNode node, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            write(node.get(i), out);
        }
        out.append(']');
    }

    private static void writeNumber(JsonNode node, StringBuilder out) {
        if (!node.isIntegralNumber()) {
            throw new IllegalArgumentException("audit entries hold integers only, got " + node);
        }
        out.append(node.bigIntegerValue().toString());
    }

    static void writeString(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
