package dev.ibac.judge.effect;

import static dev.ibac.judge.effect.EffectList.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.Effect.Family;
import dev.ibac.judge.JudgeVerdict.Risk;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A security switch turned down, wherever an application keeps its switches: a ConfigMap key
 * ({@code AUDIT_TLS_ENABLED: "false"}), a key of a config file it holds ({@code [auth.anonymous] enabled = true},
 * Fluent Bit's {@code tls.verify Off}, {@code security.authz.enabled: false}), an env var
 * ({@code VERIFY_SIGNATURES=false}) or a custom resource's field. The key's words say what it guards
 * (TLS, verification, authentication, authorisation, audit, signatures, encryption) and whether it
 * loosens (anonymous, insecure, skip, disable); its value says on or off. An UPDATE that turns a guard
 * off, or a loosener on, is high risk; a new object's own switches are medium, since they may be how
 * its image is meant to run.
 */
final class SecuritySwitches {
    /** Words of a key that guard something. */
    private static final Set<String> GUARDS = Set.of("tls", "ssl", "mtls", "https", "verify", "verification", "auth", "authn",
            "authz", "authentication", "authorization", "authorisation", "security", "audit", "auditing", "encrypt", "encryption",
            "signature", "signatures", "signing", "csrf", "rbac", "acl", "acls", "login", "password", "passwords");
    /** Words of a key whose "on" weakens security by itself. */
    private static final Set<String> LOOSENERS = Set.of("anonymous", "insecure", "noauth", "permissive", "unauthenticated", "unverified",
            "allowall", "trustall", "nossl", "notls", "plaintext");
    /** Words whose "on" weakens the guard the key also names ("disable_login_form", "skip_tls"), not another feature ("WANDB_DISABLED"). */
    private static final Set<String> NEGATORS = Set.of("disable", "disabled", "skip", "no", "without");
    /** Leaf words that make a key a switch of what its other words name ("audit.enabled", "tls.verify"). */
    private static final Set<String> SWITCHES = Set.of("enabled", "enable", "enforce", "enforced", "enforcing", "required", "require",
            "on", "active", "strict", "check", "checks", "mode");
    private static final Set<String> ON = Set.of("true", "on", "yes", "enabled", "enable", "1", "required", "require", "strict",
            "enforce", "enforced", "enforcing", "verify-full", "verify-ca");
    private static final Set<String> OFF = Set.of("false", "off", "no", "disabled", "disable", "0", "none", "optional", "permissive",
            "skip", "never");
    private static final Pattern WORD_BREAK = Pattern.compile("[^a-z0-9]+");
    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");
    /** Keys walked per object: enough for an application's config, bounded on odd objects. */
    private static final int MAX_KEYS = 2_000;

    private SecuritySwitches() {}

    static void analyse(Subject s, EffectList out) {
        Map<String, String> now = switches(s.object(), s.pods());
        if (now.isEmpty()) {
            return;
        }
        Map<String, String> was = s.update() ? switches(s.old(), s.oldPods()) : Map.of();
        now.forEach((path, value) -> {
            String before = was.get(path);
            if (value.equalsIgnoreCase(before == null ? "" : before) || !weakens(path, value, before)) {
                return;
            }
            // the same switch read by SecurityEffects' patterns is one finding
            boolean seen = out.list().stream().anyMatch(e -> e.family() == Family.SECURITY && !e.datum("field").isEmpty()
                    && path.startsWith(e.datum("field").replace(".envpair[", ".env[")));
            if (!seen) {
                out.add(Family.SECURITY, s.update() ? Risk.HIGH : onCreate(path), s.target() + " turns security down: " + path + ": "
                        + (before == null ? "" : out.quote(before) + " → ") + out.quote(value), s.target(), before == null ? "" : before, value,
                        data("field", path, "downgrade", "switch"));
            }
        });
    }

    /** Whether {@code value} at {@code path} turns its guard off, or its loosener on, where {@code before} did not. */
    static boolean weakens(String path, String value, String before) {
        List<String> words = words(path);
        if (words.isEmpty()) {
            return false;
        }
        String leaf = words.get(words.size() - 1);
        boolean guards = words.stream().anyMatch(GUARDS::contains);
        boolean loosens = words.stream().anyMatch(LOOSENERS::contains) || path.toLowerCase(Locale.ROOT).contains("no_auth")
                || guards && words.stream().anyMatch(NEGATORS::contains);
        // "disable_login_form": a loosener of a guard is a switch whatever its last word
        boolean isSwitch = GUARDS.contains(leaf) || SWITCHES.contains(leaf) || LOOSENERS.contains(leaf) || loosens && guards;
        if (!guards && !loosens || !isSwitch) {
            return false;
        }
        String v = value.strip().replace("\"", "").toLowerCase(Locale.ROOT);
        String b = before == null ? null : before.strip().replace("\"", "").toLowerCase(Locale.ROOT);
        if (loosens) {
            return ON.contains(v) && (b == null || !ON.contains(b));
        }
        return OFF.contains(v) && (b == null || !OFF.contains(b));
    }

    /** Words of transport encryption alone: a new object that talks plain text to a Service of the cluster is how many are set up. */
    private static final Set<String> TRANSPORT = Set.of("tls", "ssl", "https", "mtls", "enabled", "enable", "on", "mode", "data", "output", "input");

    /**
     * A new object's own switch: plain text inside the cluster ({@code tls off} to a loki-gateway Service) is low risk, what
     * lets anyone in or skips a check is medium.
     */
    private static Risk onCreate(String path) {
        return TRANSPORT.containsAll(words(path)) ? Risk.LOW : Risk.MEDIUM;
    }

    /** "data.grafana.ini: auth.anonymous.enabled" → [data, grafana, ini, auth, anonymous, enabled]; camelCase splits too. */
    private static List<String> words(String path) {
        String key = path.contains(": ") ? path.substring(path.indexOf(": ") + 2) : path;
        String split = CAMEL.matcher(key).replaceAll("_").toLowerCase(Locale.ROOT);
        return List.of(WORD_BREAK.split(split)).stream().filter(w -> !w.isEmpty()).toList();
    }

    /** The object's switch-like values by path: spec fields, ConfigMap keys and config-file keys, env vars. */
    private static Map<String, String> switches(JsonNode object, PodSpecs.Pods pods) {
        Map<String, String> out = new LinkedHashMap<>();
        if (object.isMissingNode()) {
            return out;
        }
        Map<String, JsonNode> spec = new LinkedHashMap<>();
        Texts.scalars(object.path("spec"), "spec", spec, 0, 32);
        spec.forEach((path, node) -> put(out, path, node.asText("")));
        object.path("data").properties().forEach(entry -> {
            String text = entry.getValue().asText("");
            if (ConfigFileKeys.looksLikeConfig(text)) {
                ConfigFileKeys.of(text).forEach((key, value) -> put(out, "data." + entry.getKey() + ": " + key, value));
            } else {
                put(out, "data." + entry.getKey(), text);
            }
        });
        pods.containers().forEach(c -> c.node().path("env").forEach(e -> {
            if (e.path("value").isTextual()) {
                put(out, c.path() + ".env[" + e.path("name").asText() + "]", e.path("value").asText());
            }
        }));
        return out;
    }

    private static void put(Map<String, String> out, String path, String value) {
        // only short values can be switches: a file or a certificate is not one
        if (out.size() < MAX_KEYS && value.length() <= 24) {
            out.put(path, value);
        }
    }
}
