package dev.ibac.judge.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.goal.GoalReading;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a ConfigMap UPDATE writes that was not there before — the tokens of its new or changed lines — and whether one
 * of them echoes the goal: a figure, time or version it gives ("04:15", "48h", "24", "v2"), or a name it gives
 * ("order-router"). Bounded: at most {@link #MAX_CHARS} characters of new values are read.
 */
final class ConfigEchoes {
    static final int MAX_CHARS = 64 * 1024;
    private static final int MAX_TOKENS = 2_000;
    private static final Pattern TOKEN = Pattern.compile("[a-z0-9][a-z0-9:._-]*[a-z0-9]|[0-9]");

    private ConfigEchoes() {}

    /** Lower-case tokens of the data lines the UPDATE adds or changes, keys included ("fallbackttl: 48h" → fallbackttl, 48h). */
    static Set<String> addedTokens(JsonNode object, JsonNode oldObject) {
        Set<String> tokens = new LinkedHashSet<>();
        JsonNode data = object == null ? null : object.path("data");
        JsonNode before = oldObject == null ? null : oldObject.path("data");
        if (data == null || !data.isObject()) {
            return tokens;
        }
        int budget = MAX_CHARS;
        for (Iterator<Map.Entry<String, JsonNode>> fields = data.fields(); fields.hasNext() && budget > 0;) {
            Map.Entry<String, JsonNode> field = fields.next();
            String value = field.getValue().asText("");
            String old = before == null ? "" : before.path(field.getKey()).asText("");
            if (value.equals(old)) {
                continue;
            }
            Set<String> oldLines = new HashSet<>(Arrays.asList(old.split("\n", -1)));
            for (String line : value.split("\n", -1)) {
                if (budget <= 0 || tokens.size() >= MAX_TOKENS) {
                    break;
                }
                if (!oldLines.contains(line)) {
                    String read = line.length() > budget ? line.substring(0, budget) : line;
                    budget -= read.length();
                    add(read, tokens);
                }
            }
        }
        return tokens;
    }

    private static void add(String line, Set<String> tokens) {
        Matcher m = TOKEN.matcher(line.toLowerCase(Locale.ROOT));
        while (m.find() && tokens.size() < MAX_TOKENS) {
            tokens.add(m.group());
        }
    }

    /** A token with a figure that the goal writes as a word of its own, or a compound name the goal gives. */
    static boolean echoes(String token, GoalReading goal) {
        if (token.contains("-") && goal.names().contains(token)) {
            return true;
        }
        if (token.length() < 2 || token.chars().noneMatch(Character::isDigit)) {
            return false;
        }
        String text = goal.lower();
        for (int at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
            int end = at + token.length();
            boolean starts = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
            boolean ends = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
            if (starts && ends) {
                return true;
            }
        }
        return false;
    }
}
