package dev.ibac.webhook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code audit verify --expect-head} takes: a bare hash (from {@code /metrics} or an earlier
 * verify), or a head as a Mission's {@code status.auditHeads} shows it — one item, or the whole list
 * when it holds one replica's — so an auditor can pass what {@code kubectl -o jsonpath} prints.
 * {@code from} says where the hash came from, for the report; null for a bare hash.
 */
record ExpectedHead(String hash, String from) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEX64 = "[0-9a-f]{64}";
    static final String USAGE = "--expect-head takes 64 lowercase hex digits or a head from a Mission's status.auditHeads"
            + " (e.g. kubectl get mission -n NS NAME -o jsonpath='{.status.auditHeads[?(@.replica==\"ibac-0\")]}')";

    /** The expected head, or IllegalArgumentException saying what is wrong with {@code text}. */
    static ExpectedHead parse(String text) {
        String value = text.strip();
        if (value.matches(HEX64)) {
            return new ExpectedHead(value, null);
        }
        JsonNode node;
        try {
            node = value.startsWith("{") || value.startsWith("[") ? JSON.readTree(value) : null;
        } catch (IOException e) {
            node = null;
        }
        if (node == null) {
            throw new IllegalArgumentException(USAGE);
        }
        if (node.isArray()) {
            if (node.isEmpty()) {
                throw new IllegalArgumentException(USAGE + "; this list holds none (no status write has carried a head yet)");
            }
            if (node.size() > 1) {
                List<String> replicas = new ArrayList<>();
                node.forEach(h -> replicas.add(h.path("replica").asText("?")));
                throw new IllegalArgumentException("--expect-head got the heads of " + node.size() + " replicas " + replicas
                        + "; each replica writes its own log: pass the head of the replica whose log this is, e.g. -o jsonpath='{.status.auditHeads[?(@.replica==\""
                        + (replicas.isEmpty() ? "ibac-0" : replicas.get(0)) + "\")]}'");
            }
            node = node.get(0);
        }
        String hash = node.path("lastHash").asText("");
        if (!hash.matches(HEX64)) {
            throw new IllegalArgumentException(USAGE + "; this one has no lastHash of 64 lowercase hex digits");
        }
        String replica = node.path("replica").asText("");
        StringBuilder from = new StringBuilder("the Mission status head");
        if (!replica.isEmpty()) {
            from.append(" of replica ").append(replica);
        }
        if (node.path("entries").canConvertToLong()) {
            from.append(", ").append(node.get("entries").asLong()).append(" entries");
        }
        if (node.path("time").isTextual()) {
            from.append(", recorded ").append(node.get("time").asText());
        }
        return new ExpectedHead(hash, from.toString());
    }
}
