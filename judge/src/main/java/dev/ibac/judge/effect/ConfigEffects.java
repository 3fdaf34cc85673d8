package dev.ibac.judge.effect;

import static dev.ibac.judge.effect.EffectList.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.Effect.Family;
import dev.ibac.judge.JudgeVerdict.Risk;
import dev.ibac.judge.describe.Redactor;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an UPDATE takes away (env vars, mounts, volumes, containers, data keys, limits) and, for
 * every other changed field, a generic "from → to" — the only effects a custom resource may have.
 * Values are quoted only where they cannot be credentials: never env or data values.
 */
final class ConfigEffects {
    private static final int MAX_GENERIC = 6;
    /** Fields another family already reads, or that change on every write. */
    private static final List<String> COVERED = List.of("replicas", "image", "schedule", "suspend", "paused", ".resources.",
            "strategy", "Probe", "spec.type", "externalIPs", "rules", "hostnames", "minReplicas", "maxReplicas",
            "parallelism", "maxUnavailable", "minAvailable", "subjects", "roleRef", ".env[", "command", "args",
            "generation", "resourceVersion", "hostPort", "loadBalancerSourceRanges", "securityContext", "tls");

    private ConfigEffects() {}

    static void analyse(Subject s, EffectList out, Redactor redactor) {
        if (!s.update()) {
            return;
        }
        removed(s, out);
        envChanges(s, out);
        generic(s, out, redactor);
        configFiles(s, out, redactor);
    }

    /** Keys of one config file an UPDATE may show: a file is one value, and the rules need its keys' changes. */
    private static final int MAX_FILE_KEYS = 8;

    /**
     * The keys an UPDATE changed inside the config files of a ConfigMap ({@code data.flags.yaml}):
     * each as its own change, "data.flags.yaml: flags.checkout_one_click.enabled of configmaps …:
     * false → true", so the rules that compare a field with the goal's figures and settings read
     * them as fields. Values under credential-like names are not quoted.
     */
    private static void configFiles(Subject s, EffectList out, Redactor redactor) {
        if (s.resource().equals("secrets")) {
            return;
        }
        s.object().path("data").properties().forEach(file -> {
            String before = s.old().path("data").path(file.getKey()).asText(null);
            String now = file.getValue().asText("");
            if (before == null || before.equals(now) || !ConfigFileKeys.looksLikeConfig(before) || now.length() > Redactor.MAX_TEXT_CHARS) {
                return;
            }
            Map<String, String> was = ConfigFileKeys.of(before);
            int shown = 0;
            for (Map.Entry<String, String> key : ConfigFileKeys.of(now).entrySet()) {
                String from = was.get(key.getKey());
                if (key.getValue().equals(from) || key.getValue().isEmpty() && from == null || shown >= MAX_FILE_KEYS) {
                    continue;
                }
                String field = "data." + file.getKey() + ": " + key.getKey();
                boolean quotable = Arrays.stream(key.getKey().split("[._\\-]")).noneMatch(redactor::isSecretName);
                String to = quotable ? redactor.redactText(short40(key.getValue())) : "…";
                String old = from == null ? "" : quotable ? redactor.redactText(short40(from)) : "…";
                out.add(Family.CHANGE, Risk.LOW, field + " of " + s.target() + ": " + (from == null ? "set to " + to : old + " → " + to),
                        s.target(), old, to, data("field", field));
                shown++;
            }
        });
    }

    private static String short40(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static void removed(Subject s, EffectList out) {
        Map<String, Set<String>> before = parts(s.old(), s.oldPods());
        Map<String, Set<String>> now = parts(s.object(), s.pods());
        before.forEach((what, items) -> items.forEach(item -> {
            if (!now.getOrDefault(what, Set.of()).contains(item) && containerStays(what, item, now)) {
                out.add(Family.REMOVED_CONFIG, Risk.MEDIUM, "removes " + what + " " + item + " from " + s.target(), s.target(),
                        item, "", data("what", what));
            }
        }));
    }

    /** Env values that changed: named, never quoted (they may be credentials). */
    private static void envChanges(Subject s, EffectList out) {
        Map<String, String> before = new LinkedHashMap<>();
        s.oldPods().containers().forEach(c -> c.node().path("env").forEach(e -> before.put(c.name() + "/" + e.path("name").asText(),
                e.path("value").toString() + e.path("valueFrom").toString())));
        int shown = 0;
        for (PodSpecs.Container c : s.pods().containers()) {
            for (JsonNode e : c.node().path("env")) {
                String key = c.name() + "/" + e.path("name").asText();
                String was = before.get(key);
                if (was != null && !was.equals(e.path("value").toString() + e.path("valueFrom").toString()) && shown++ < MAX_GENERIC) {
                    out.add(Family.CHANGE, Risk.LOW, "value of env " + e.path("name").asText() + " of container " + quoted(c.name())
                            + " of " + s.target() + " changes", s.target(), "…", "…", data("field", "env " + e.path("name").asText()));
                }
            }
        }
    }

    /** A removed container is one finding, not one per env var it had. */
    private static boolean containerStays(String what, String item, Map<String, Set<String>> now) {
        int of = item.lastIndexOf(" of container ");
        return of < 0 || now.getOrDefault("container", Set.of()).contains(item.substring(of + " of container ".length()));
    }

    private static Map<String, Set<String>> parts(JsonNode object, PodSpecs.Pods pods) {
        Map<String, Set<String>> parts = new LinkedHashMap<>();
        for (PodSpecs.Container c : pods.containers()) {
            String of = " of container " + quoted(c.name());
            parts.computeIfAbsent("container", k -> new LinkedHashSet<>()).add(quoted(c.name()));
            c.node().path("env").forEach(e -> parts.computeIfAbsent("env", k -> new LinkedHashSet<>())
                    .add(e.path("name").asText() + of));
            c.node().path("envFrom").forEach(e -> parts.computeIfAbsent("envFrom", k -> new LinkedHashSet<>())
                    .add(e.path("configMapRef").path("name").asText(e.path("secretRef").path("name").asText()) + of));
            c.node().path("volumeMounts").forEach(m -> parts.computeIfAbsent("volume mount", k -> new LinkedHashSet<>())
                    .add(m.path("mountPath").asText() + of));
            if (c.node().path("resources").path("limits").size() > 0) {
                parts.computeIfAbsent("resource limits", k -> new LinkedHashSet<>()).add("limits" + of);
            }
        }
        pods.specs().forEach(p -> p.spec().path("volumes").forEach(v -> parts
                .computeIfAbsent("volume", k -> new LinkedHashSet<>()).add(quoted(v.path("name").asText()))));
        for (String field : List.of("data", "stringData", "binaryData")) {
            object.path(field).fieldNames().forEachRemaining(k -> parts.computeIfAbsent("key", x -> new LinkedHashSet<>())
                    .add(quoted(k)));
        }
        return parts;
    }

    private static void generic(Subject s, EffectList out, Redactor redactor) {
        Map<String, JsonNode> now = leaves(s.object());
        Map<String, JsonNode> was = leaves(s.old());
        boolean secret = s.resource().equals("secrets");
        int shown = 0;
        for (Map.Entry<String, JsonNode> e : now.entrySet()) {
            JsonNode before = was.get(e.getKey());
            if (shown >= MAX_GENERIC || e.getValue().equals(before) || covered(e.getKey())) {
                continue;
            }
            String path = e.getKey();
            boolean quotable = !secret && !path.startsWith("data") && !path.startsWith("stringData")
                    && Arrays.stream(path.split("[.\\[\\]]")).noneMatch(redactor::isSecretName);
            String from = before == null ? "" : quotable ? value(before) : "…";
            String to = quotable ? value(e.getValue()) : "…";
            out.add(Family.CHANGE, path.toLowerCase(java.util.Locale.ROOT).contains("port") ? Risk.LOW : risk(before, e.getValue()), path + " of " + s.target() + ": "
                    + (before == null ? "set to " + to : from + " → " + to), s.target(), from, to, data("field", path));
            shown++;
        }
    }

    /** A number that grows or shrinks tenfold is worth a look, whatever the field. */
    private static Risk risk(JsonNode before, JsonNode now) {
        if (before != null && before.isNumber() && now.isNumber()) {
            BigDecimal a = before.decimalValue().abs();
            BigDecimal b = now.decimalValue().abs();
            BigDecimal ten = BigDecimal.TEN;
            if (a.signum() > 0 && (b.compareTo(a.multiply(ten)) >= 0 || a.compareTo(b.multiply(ten)) >= 0)) {
                return Risk.MEDIUM;
            }
        }
        return Risk.LOW;
    }

    private static boolean covered(String path) {
        // a claim's size is no pod's resources; operators' pod counts are ScaleEffects' replicas
        return !path.endsWith("requests.storage") && COVERED.stream().anyMatch(path::contains)
                || path.equals("spec.instances") || path.equals("spec.members") || path.equals("spec.replicaCount")
                || ScaleEffects.isNestedCount(path);
    }

    private static Map<String, JsonNode> leaves(JsonNode object) {
        Map<String, JsonNode> leaves = new LinkedHashMap<>();
        object.properties().forEach(f -> {
            if (!f.getKey().equals("metadata") && !f.getKey().equals("status")) {
                Texts.scalars(f.getValue(), f.getKey(), leaves, 0, 64);
            }
        });
        return leaves;
    }

    private static String value(JsonNode node) {
        return short40(node.asText());
    }

    private static String quoted(String name) {
        return "\"" + name + "\"";
    }
}
