package dev.ibac.judge.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.Effect;
import dev.ibac.judge.JudgeVerdict.Risk;
import dev.ibac.judge.goal.GoalReading;
import dev.ibac.judge.semantic.Assessment.Contradicted;
import java.util.Map;
import java.util.Optional;

/**
 * Keys the goal gives a value ("add linkerd.io/inject: enabled", "set AUDIT_RETENTION_DAYS to 400")
 * set to another value by the action: in an annotation or label, an env var, a ConfigMap key, or a
 * "KEY=value" / "KEY: value" line of a config file. Read from the whole object, not from the effects,
 * which show a bounded number of changed fields and hide ConfigMap values.
 */
final class GoalSettings {
    private static final int MAX_DEPTH = 64;
    /** Quotes and trailing punctuation around a config value; compiled once (this runs on matching lines only). */
    private static final java.util.regex.Pattern TRIM = java.util.regex.Pattern.compile("^[\"']|[\"';,]+$");
    private static final java.util.regex.Pattern BLANKS = java.util.regex.Pattern.compile("\\s+");

    private GoalSettings() {}

    static Optional<Contradicted> contradicted(JsonNode object, String target, GoalReading goal) {
        if (goal.settings().isEmpty() || object == null || !object.isObject()) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> wanted : goal.settings().entrySet()) {
            String found = find(object, wanted.getKey(), 0);
            if (found != null && !found.equalsIgnoreCase(wanted.getValue())) {
                Effect e = new Effect(Effect.Family.CHANGE, Risk.MEDIUM, target + " sets " + wanted.getKey() + " to " + quoted(found),
                        target, "", found, Map.of("field", wanted.getKey()));
                return Optional.of(new Contradicted(e, "the goal sets " + wanted.getKey() + " to " + wanted.getValue(), goal.goal()));
            }
        }
        return Optional.empty();
    }

    /** The value the object gives {@code key}, or null: a field of that name, an env var, or a line of a text value. */
    private static String find(JsonNode node, String key, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        if (node.isObject()) {
            JsonNode direct = node.get(key);
            if (direct != null && direct.isValueNode()) {
                return direct.asText();
            }
            if (key.equals(node.path("name").asText(null)) && node.path("value").isValueNode()) {
                return node.path("value").asText();
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String found = find(field.getValue(), key, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                String found = find(item, key, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isTextual() && node.asText().contains(key)) {
            return line(node.asText(), key);
        }
        return null;
    }

    /** "KEY=value", "KEY: value" or "KEY value" at the start of a line of a config file. */
    private static String line(String text, String key) {
        for (String line : text.split("\n", 1000)) {
            String t = line.strip();
            if (t.startsWith(key)) {
                String rest = t.substring(key.length()).strip();
                if (rest.startsWith("=") || rest.startsWith(":")) {
                    rest = rest.substring(1).strip();
                }
                String value = TRIM.matcher(rest).replaceAll("");
                return value.isEmpty() ? null : BLANKS.split(value)[0];
            }
        }
        return null;
    }

    private static String quoted(String value) {
        return "\"" + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "\"";
    }
}
