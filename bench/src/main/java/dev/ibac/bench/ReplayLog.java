package dev.ibac.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a synthetic, hash-chained audit log (SPEC §8, with {@code request} objects) for
 * {@code replay} to chew through: agent traffic of the examples' missions (in-scope scale-ups and
 * Redis/ConfigMap changes, out-of-scope writes, ledger rollouts, GPU deployments), one entry every
 * 3 s round-robin over shop, ml, shop, payments, so no mission's change rate is exceeded. Names
 * repeat (a few hundred distinct actions), as an agent's traffic does, so the verdict cache sees
 * what it would see in production. Needs no IBAC class: the chain is computed here, as SPEC §8
 * says anyone can.
 *
 * <p>Usage: {@code ReplayLog OUT ENTRIES}
 */
public final class ReplayLog {
    private static final Instant START = Instant.parse("2026-11-27T00:00:00Z");

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int entries = Integer.parseInt(args[1]);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        String prev = "0".repeat(64);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < entries; i++) {
                Map<String, Object> entry = entry(i);
                entry.put("prevHash", prev);
                String canonical = json(entry);
                String hash = HexFormat.of().formatHex(sha.digest((prev + canonical).getBytes(StandardCharsets.UTF_8)));
                w.write(canonical, 0, canonical.length() - 1);
                w.write(",\"hash\":\"" + hash + "\"}\n");
                prev = hash;
            }
        }
        System.out.println("wrote " + entries + " entries to " + out);
    }

    private static Map<String, Object> entry(int i) {
        String time = START.plusSeconds(3L * i).toString();
        return switch (i % 4) {
            case 0 -> i % 20 == 0 ? outOfScope(i, time) : scaleCheckout(i, time);
            case 1 -> gpu(i, time);
            case 2 -> i % 6 == 2 ? redisConfig(i, time) : scaleCheckout(i, time);
            default -> ledger(i, time);
        };
    }

    private static Map<String, Object> scaleCheckout(int i, String time) {
        int from = 3 + i % 7;
        return base(i, time, "shop", "shop-agent", "shop/scale-checkout", "apps", "deployments", "Deployment", "checkout",
                deployment("checkout", "shop", from + 1, "250m", null), deployment("checkout", "shop", from, "250m", null),
                "allow", "judge");
    }

    private static Map<String, Object> redisConfig(int i, String time) {
        Map<String, Object> cm = object("v1", "ConfigMap", "redis-config", "shop");
        cm.put("data", Map.of("maxmemory", (128 + (i % 50) * 16) + "mb", "maxmemory-policy", "allkeys-lru"));
        return base(i, time, "shop", "shop-agent", "shop/scale-checkout", "", "configmaps", "ConfigMap", "redis-config", cm, null,
                "allow", "judge");
    }

    private static Map<String, Object> outOfScope(int i, String time) {
        String name = "payments-" + (i % 100);
        return base(i, time, "shop", "shop-agent", "shop/scale-checkout", "apps", "deployments", "Deployment", name,
                deployment(name, "shop", 1, "100m", null), null, "deny", "scope");
    }

    private static Map<String, Object> gpu(int i, String time) {
        String name = "llm-server-" + (i % 200);
        return base(i, time, "ml", "ml-agent", "ml/serve-llm", "apps", "deployments", "Deployment", name,
                deployment(name, "ml", 1, "4", "1"), deployment(name, "ml", 1, "4", "1"), "allow", "judge");
    }

    private static Map<String, Object> ledger(int i, String time) {
        Map<String, Object> next = deployment("ledger", "payments", 3, "200m", null);
        Map<String, Object> old = deployment("ledger", "payments", 3, "200m", null);
        image(next, "registry.example.com/payments/ledger:2.0." + (i % 50));
        image(old, "registry.example.com/payments/ledger:1.9.0");
        return base(i, time, "payments", "payments-agent", "payments/rollout-ledger", "apps", "deployments", "Deployment", "ledger",
                next, old, "allow", "judge");
    }

    @SuppressWarnings("unchecked")
    private static void image(Map<String, Object> deployment, String image) {
        Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
        pod.put("securityContext", Map.of("runAsNonRoot", true, "runAsUser", 10001, "seccompProfile", Map.of("type", "RuntimeDefault")));
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        container.put("image", image);
        container.put("securityContext", Map.of("allowPrivilegeEscalation", false, "capabilities", Map.of("drop", List.of("ALL"))));
    }

    private static Map<String, Object> deployment(String name, String namespace, int replicas, String cpu, String gpus) {
        Map<String, Object> d = object("apps/v1", "Deployment", name, namespace);
        Map<String, Object> requests = new TreeMap<>(Map.of("cpu", cpu, "memory", "256Mi"));
        if (gpus != null) {
            requests.put("nvidia.com/gpu", gpus);
        }
        Map<String, Object> container = new TreeMap<>(Map.of("name", name, "image", "registry.example.com/" + namespace + "/" + name + ":1.0",
                "resources", Map.of("requests", requests)));
        d.put("spec", new TreeMap<>(Map.of("replicas", replicas, "selector", Map.of("matchLabels", Map.of("app", name)),
                "template", Map.of("metadata", Map.of("labels", Map.of("app", name)),
                        "spec", new TreeMap<>(Map.of("containers", List.of(container)))))));
        return d;
    }

    private static Map<String, Object> object(String apiVersion, String kind, String name, String namespace) {
        Map<String, Object> o = new TreeMap<>();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        o.put("metadata", Map.of("name", name, "namespace", namespace));
        return o;
    }

    private static Map<String, Object> base(int i, String time, String ns, String sa, String mission, String group, String resource,
            String kind, String name, Map<String, Object> object, Map<String, Object> oldObject, String decision, String stage) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("time", time);
        e.put("auditId", String.format("00000000-0000-4000-8000-%012d", i));
        e.put("agent", Map.of("username", "system:serviceaccount:" + ns + ":" + sa, "groups", List.of("system:serviceaccounts")));
        e.put("mission", mission);
        e.put("operation", oldObject == null ? "CREATE" : "UPDATE");
        e.put("resource", Map.of("group", group, "version", "v1", "resource", resource, "subresource", ""));
        e.put("kind", kind);
        e.put("namespace", ns);
        e.put("name", name);
        e.put("dryRun", false);
        e.put("decision", decision);
        e.put("enforced", true);
        e.put("stage", stage);
        e.put("reason", "synthetic entry " + i);
        e.put("judge", null);
        e.put("effects", List.of());
        e.put("cost", Map.of("tokensUSD", "0.00", "resourceUSD", "0.00", "breakdown", Map.of()));
        e.put("budget", new TreeMap<>(Map.of("costLeftUSD", "0.00")));
        Map<String, Object> request = new TreeMap<>();
        request.put("object", object);
        request.put("oldObject", oldObject);
        e.put("request", request);
        e.put("latencyMicros", 1000);
        return e;
    }

    /** RFC 8785 for what these entries hold: sorted keys, no whitespace, integers, strings, booleans, null. */
    private static String json(Object value) {
        StringBuilder out = new StringBuilder(1024);
        write(value, out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (var e : new TreeMap<>((Map<String, Object>) map).entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                string(e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof String s) {
            string(s, out);
        } else {
            out.append(value); // Integer, Long, Boolean
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        out.append('"');
    }
}
