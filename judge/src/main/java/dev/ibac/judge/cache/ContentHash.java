package dev.ibac.judge.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.action.Action;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * SHA-256 of an action's object and old object, written straight from the JSON trees: no copy,
 * no redaction, no text built. Every value is framed (a type byte, then its length), so no two
 * different trees feed the digest the same bytes. A cryptographic hash, because the content is the
 * agent's: it must not be able to make a harmful object collide with a judged harmless one.
 *
 * <p>Left out: {@code status} (no judge reads it) and the metadata the API server sets on every
 * write ({@link #SERVER_SET}), which would otherwise make every retry of a CREATE a new question.
 * Everything else counts, the whole object and every annotation, because the effects are read from
 * all of it: a verdict is never reused for an object that differs anywhere a judge looks.
 */
final class ContentHash {
    /** Set by the API server, different on every write, read by no judge. */
    static final Set<String> SERVER_SET = Set.of("uid", "resourceVersion", "generation", "creationTimestamp",
            "managedFields", "selfLink");
    private static final byte NULL = 0;
    private static final byte TEXT = 1;
    private static final byte NUMBER = 2;
    private static final byte TRUE = 3;
    private static final byte FALSE = 4;
    private static final byte OBJECT = 5;
    private static final byte ARRAY = 6;
    private static final byte OTHER = 7;

    private final MessageDigest sha = sha256();
    private final byte[] buffer = new byte[4096];
    private int used;

    private ContentHash() {}

    static String of(Action action) {
        ContentHash hash = new ContentHash();
        hash.root(action.object());
        hash.root(action.oldObject());
        return hash.finish();
    }

    private void root(JsonNode object) {
        if (object == null || !object.isObject()) {
            node(object);
            return;
        }
        put(OBJECT);
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("status")) {
                continue;
            }
            text(field.getKey());
            if (field.getKey().equals("metadata") && field.getValue().isObject()) {
                metadata(field.getValue());
            } else {
                node(field.getValue());
            }
        }
        put(OBJECT);
    }

    private void metadata(JsonNode metadata) {
        put(OBJECT);
        for (Iterator<Map.Entry<String, JsonNode>> fields = metadata.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!SERVER_SET.contains(field.getKey())) {
                text(field.getKey());
                node(field.getValue());
            }
        }
        put(OBJECT);
    }

    private void node(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            put(NULL);
        } else if (node.isTextual()) {
            put(TEXT);
            text(node.textValue());
        } else if (node.isBoolean()) {
            put(node.booleanValue() ? TRUE : FALSE);
        } else if (node.isNumber()) {
            put(NUMBER);
            text(node.asText());
        } else if (node.isObject()) {
            put(OBJECT);
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                text(field.getKey());
                node(field.getValue());
            }
            put(OBJECT);
        } else if (node.isArray()) {
            put(ARRAY);
            length(node.size());
            for (JsonNode element : node) {
                node(element);
            }
        } else {
            put(OTHER);
            text(node.toString());
        }
    }

    /** Its length, then its UTF-16 code units: framed, and no String.getBytes copy per value. */
    private void text(String value) {
        length(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            put((byte) (c >>> 8));
            put((byte) c);
        }
    }

    private void length(int n) {
        put((byte) (n >>> 24));
        put((byte) (n >>> 16));
        put((byte) (n >>> 8));
        put((byte) n);
    }

    private void put(byte b) {
        if (used == buffer.length) {
            sha.update(buffer, 0, used);
            used = 0;
        }
        buffer[used++] = b;
    }

    private String finish() {
        sha.update(buffer, 0, used);
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
