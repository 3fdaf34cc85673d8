package dev.ibac.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes a rotated audit log set the way the webhook would have: {@code <log>.N … <log>.1, <log>},
 * each about {@code MiB / files} big, one hash chain across them (SPEC §8: hash = SHA-256 of
 * prevHash followed by the entry's canonical JSON without "hash"). Entries are spread over the last
 * 7 days, over two missions (those of deploy/examples) and a few stages, so the overview has
 * something to count and chart. Calls no IBAC class: the canonical JSON here is what RFC 8785
 * gives for objects of plain ASCII strings, integers, booleans and nulls with sorted keys.
 *
 * <p>Usage: {@code AuditLogGenerator LOG MIB FILES}
 */
public final class AuditLogGenerator {
    private static final List<String> MISSIONS = List.of("shop/scale-checkout", "ml/serve-llm");
    private static final List<String> DENIALS = List.of(
            "scope|deployments \"%s\" is outside mission %s - allowed names: checkout*, redis-*",
            "protect|deleting persistentvolumeclaims \"%s\" is protected: add persistentvolumeclaims to spec.scope.allowDestructive of mission %s",
            "judge|the action does not serve the goal of %2$s (%1$s)",
            "budget|mission %2$s cost budget would be exceeded by %1$s");

    private AuditLogGenerator() {}

    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[0]);
        long bytes = Long.parseLong(args[1]) * 1024 * 1024;
        int files = Integer.parseInt(args[2]);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Random random = new Random(42);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        String prev = "0".repeat(64);
        long now = Instant.now().getEpochSecond();
        long entries = 0;
        for (int f = files - 1; f >= 0; f--) {
            Path file = f == 0 ? log : log.resolveSibling(log.getFileName() + "." + f);
            long written = 0;
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                while (written < bytes / files) {
                    long seconds = now - 7L * 24 * 3600 + (7L * 24 * 3600 * (entries + 1)) / estimate(bytes);
                    Map<String, Object> entry = entry(random, entries, Math.min(seconds, now), prev);
                    String canonical = json(entry);
                    prev = HexFormat.of().formatHex(sha.digest((prev + canonical).getBytes(StandardCharsets.UTF_8)));
                    entry.put("hash", prev);
                    String line = json(entry) + "\n";
                    out.write(line);
                    written += line.length();
                    entries++;
                }
            }
        }
        System.out.printf("%d entries in %d files, %d MiB, last hash %s%n", entries, files, bytes / 1024 / 1024, prev);
    }

    /** Entries the set will hold (about 900 bytes each), so their times spread evenly over 7 days. */
    private static long estimate(long bytes) {
        return Math.max(1, bytes / 900);
    }

    private static Map<String, Object> entry(Random random, long n, long epochSecond, String prev) {
        String mission = MISSIONS.get((int) (n % MISSIONS.size()));
        String namespace = mission.substring(0, mission.indexOf('/'));
        boolean deny = random.nextInt(10) < 3;
        String name = "checkout-" + Long.toHexString(random.nextLong() & 0xffffffL);
        String[] denial = DENIALS.get(random.nextInt(DENIALS.size())).split("\\|", 2);
        Map<String, Object> e = new TreeMap<>();
        e.put("time", Instant.ofEpochSecond(epochSecond).toString());
        e.put("auditId", new java.util.UUID(random.nextLong(), random.nextLong()).toString());
        e.put("agent", new TreeMap<>(Map.of("username", "system:serviceaccount:" + namespace + ":agent", "groups",
                List.of("system:serviceaccounts", "system:authenticated"))));
        e.put("mission", mission);
        e.put("operation", "UPDATE");
        e.put("resource", new TreeMap<>(Map.of("group", "apps", "version", "v1", "resource", "deployments", "subresource", "")));
        e.put("kind", "Deployment");
        e.put("namespace", namespace);
        e.put("name", name);
        e.put("dryRun", false);
        e.put("decision", deny ? "deny" : "allow");
        e.put("enforced", true);
        e.put("mode", "Enforce");
        e.put("stage", deny ? denial[0] : "judge");
        e.put("reason", deny ? String.format(denial[1], name, mission) : "the action matches the mission goal: scale out for the sale");
        e.put("judge", new TreeMap<>(Map.of("name", "semantic", "risk", "low", "confidence", 80 + random.nextInt(20),
                "tokens", new TreeMap<>(Map.of("input", 800 + random.nextInt(200), "output", 40)))));
        e.put("cost", new TreeMap<>(Map.of("tokensUSD", "0.0002", "resourceUSD", deny ? "0.00" : "0.04",
                "breakdown", new TreeMap<>(Map.of("cpu", "1 core x 1h x $0.04 = $0.04")))));
        e.put("budget", new TreeMap<>(Map.of("tokensLeft", 190000, "costLeftUSD", "24.50")));
        e.put("latencyMicros", 300 + random.nextInt(20000));
        e.put("prevHash", prev);
        return e;
    }

    /** Canonical JSON for what {@link #entry} builds: sorted maps, lists, ASCII strings without escapes, integers, booleans. */
    private static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            new TreeMap<>(map).forEach((k, v) -> out.append(out.length() == 1 ? "" : ",").append('"').append(k).append("\":").append(json(v)));
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            list.forEach(v -> out.append(out.length() == 1 ? "" : ",").append(json(v)));
            return out.append(']').toString();
        }
        if (value instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return String.valueOf(value);
    }
}
