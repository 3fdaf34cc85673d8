package dev.ibac.webhook.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /**
     * The canonical JSON of {@code object} without its member {@code key}, and where that member
     * goes in it: the audit writer hashes the one and writes the other with the hash spliced in,
     * serialising each entry once instead of twice, with no copy to remove the member from (issue #19).
     */
    static Gap writeWithGap(ObjectNode object, String key) {
        StringBuilder out = new StringBuilder(4096);
        List<Map.Entry<String, JsonNode>> members = sortedMembers(object);
        members.removeIf(m -> m.getKey().equals(key));
        int at = 1;
        boolean first = true;
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeMember(members.get(i), out);
            if (members.get(i).getKey().compareTo(key) < 0) {
                at = out.length();
                first = false;
            }
        }
        out.append('}');
        return new Gap(out.toString(), at, first, members.isEmpty());
    }

    /** Canonical JSON with a place for one more member: after {@code at}, first or not, in an empty object or not. */
    record Gap(String json, int at, boolean first, boolean empty) {
        /** The canonical JSON of the object with the member {@code key} (the gap's) set to the string {@code value}. */
        String with(String key, String value) {
            StringBuilder out = new StringBuilder(json.length() + key.length() + value.length() + 8);
            out.append(json, 0, at);
            if (!first) {
                out.append(',');
            }
            writeString(key, out);
            out.append(':');
            writeString(value, out);
            if (first && !empty) {
                out.append(',');
            }
            return out.append(json, at, json.length()).toString();
        }
    }

    /**
     * The canonical members of {@code object} other than {@code first} and {@code second} (which sort
     * in that order), in UTF-8, in three runs cut where those two go: members before {@code first},
     * each followed by a comma; members between the two, each followed by a comma; members after
     * {@code second}, each preceded by one. So {@code "{" + before + first member + "," + between +
     * second member + after + "}"} is the object's canonical JSON with both members set. Written by
     * {@link CanonicalUtf8} unless a string holds a surrogate.
     */
    static Cut cut(ObjectNode object, String first, String second) {
        List<Map.Entry<String, JsonNode>> before = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> between = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> after = new ArrayList<>();
        for (Map.Entry<String, JsonNode> member : sortedMembers(object)) {
            String key = member.getKey();
            if (!key.equals(first) && !key.equals(second)) {
                (key.compareTo(first) < 0 ? before : key.compareTo(second) < 0 ? between : after).add(member);
            }
        }
        return new Cut(run(before, false), run(between, false), run(after, true));
    }

    /** {@link #cut}'s three runs, in UTF-8. */
    record Cut(byte[] before, byte[] between, byte[] after) {}

    /** The members' canonical JSON in UTF-8, a comma before (or after) it when there are any. */
    private static byte[] run(List<Map.Entry<String, JsonNode>> members, boolean commaFirst) {
        if (members.isEmpty()) {
            return new byte[0];
        }
        byte[] written = CanonicalUtf8.members(members);
        if (written == null) {
            StringBuilder text = new StringBuilder(4096);
            for (int i = 0; i < members.size(); i++) {
                writeMember(members.get(i), i == 0 ? text : text.append(','));
            }
            written = text.toString().getBytes(StandardCharsets.UTF_8);
        }
        byte[] out = new byte[written.length + 1];
        System.arraycopy(written, 0, out, commaFirst ? 1 : 0, written.length);
        out[commaFirst ? 0 : written.length] = ',';
        return out;
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
        List<Map.Entry<String, JsonNode>> members = sortedMembers(node);
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeMember(members.get(i), out);
        }
        out.append('}');
    }

    static List<Map.Entry<String, JsonNode>> sortedMembers(JsonNode node) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.size());
        node.properties().forEach(members::add);
        // String.compareTo orders by UTF-16 code units, as RFC 8785 §3.2.3 requires
        members.sort(Map.Entry.comparingByKey());
        return members;
    }

    private static void writeMember(Map.Entry<String, JsonNode> member, StringBuilder out) {
        writeString(member.getKey(), out);
        out.append(':');
        write(member.getValue(), out);
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
        switch (node.numberType()) {
            case INT, LONG -> out.append(node.longValue()); // the same digits as the BigInteger's, without one
            default -> out.append(node.bigIntegerValue().toString());
        }
    }

    /** Runs of characters that need no escape are appended whole: most strings are one run. */
    static void writeString(String value, StringBuilder out) {
        out.append('"');
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(value, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append(value, run, value.length()).append('"');
    }
}
