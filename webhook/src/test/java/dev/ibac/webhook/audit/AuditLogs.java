package dev.ibac.webhook.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Writes audit logs the way the webhook does (through {@link HashChainedAuditLog}) for tests of readers and the CLI. */
public final class AuditLogs {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private AuditLogs() {}

    /** Writes the entries one batch each, so rotation is checked before every entry. */
    public static void write(Path log, HashChainedAuditLog.Rotation rotation, List<ObjectNode> entries) throws IOException {
        try (HashChainedAuditLog audit = HashChainedAuditLog.open(log, 16, Clock.systemUTC(), rotation)) {
            for (ObjectNode entry : entries) {
                audit.append(entry);
                audit.flush();
            }
        }
    }

    /** An entry shaped like SPEC §8's, with the fields the filters read; every entry of one test has the same length. */
    public static ObjectNode entry(String auditId, String time, String decision, String namespace, String reason) {
        ObjectNode entry = MAPPER.createObjectNode();
        entry.put("time", time).put("auditId", auditId).put("mission", namespace + "/scale-checkout")
                .put("operation", "CREATE").put("kind", "Deployment").put("namespace", namespace).put("name", "checkout")
                .put("dryRun", false).put("decision", decision).put("enforced", true)
                .put("stage", "deny".equals(decision) ? "scope" : "judge").put("reason", reason).put("latencyMicros", 420);
        entry.putObject("agent").put("username", "system:serviceaccount:" + namespace + ":" + namespace + "-agent").putArray("groups");
        entry.putObject("resource").put("group", "apps").put("version", "v1").put("resource", "deployments").put("subresource", "");
        entry.putNull("judge");
        entry.putObject("cost").put("tokensUSD", "0.00").put("resourceUSD", "0.00").putObject("breakdown");
        entry.putObject("budget").putNull("tokensLeft").putNull("costLeftUSD");
        return entry;
    }

    public static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode line(Path file, int index) {
        try {
            List<String> lines = lines(file);
            return MAPPER.readTree(lines.get(index < 0 ? lines.size() + index : index));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites one line of a file (0-based) — what someone editing the log by hand does. */
    public static void edit(Path file, int index, String from, String to) throws IOException {
        List<String> lines = lines(file);
        if (!lines.get(index).contains(from)) {
            throw new IllegalArgumentException("line " + index + " has no " + from);
        }
        lines.set(index, lines.get(index).replace(from, to));
        Files.write(file, lines);
    }
}
