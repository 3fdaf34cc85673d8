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

    /** Words any configuration and any goal may share; they say nothing of what the goal asks. */
    private static final Set<String> COMMON = Set.of("true", "false", "enabled", "disabled", "enable", "disable", "none", "http", "https",
            "info", "debug", "warn", "error", "name", "value", "port", "host", "path", "mode", "level", "timeout", "interval", "same", "only",
            "also", "with", "from", "into", "each", "every", "daily", "this", "that", "them", "they", "must", "keep", "stay", "make");

    private ConfigEchoes() {}

    /**
     * Lower-case tokens of the data lines the UPDATE adds or changes, keys included ("fallbackttl: 48h" → fallbackttl, 48h),
     * less the plain words the old data already had ("ttlseconds: 30" → "ttlseconds: 300" gives only 300).
     */
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
        // a word echoes the goal only where the UPDATE brings it in: "readyz" written where only "healthz" was
        Set<String> oldTokens = before == null || !before.isObject() ? Set.of() : tokensOf(before);
        tokens.removeIf(t -> word(t) && oldTokens.contains(t));
        return tokens;
    }

    private static Set<String> tokensOf(JsonNode data) {
        Set<String> tokens = new HashSet<>();
        int budget = MAX_CHARS;
        for (Iterator<JsonNode> values = data.elements(); values.hasNext() && budget > 0;) {
            String value = values.next().asText("");
            String read = value.length() > budget ? value.substring(0, budget) : value;
            budget -= read.length();
            add(read, tokens);
        }
        return tokens;
    }

    /** A token of letters alone ("readyz", "europe"), as opposed to a figure or a compound name. */
    private static boolean word(String token) {
        return token.chars().allMatch(Character::isLetter);
    }

    private static void add(String line, Set<String> tokens) {
        Matcher m = TOKEN.matcher(line.toLowerCase(Locale.ROOT));
        while (m.find() && tokens.size() < MAX_TOKENS) {
            tokens.add(m.group());
        }
    }

    /**
     * A token with a figure that the goal writes as a word of its own (with or without its unit: "10800s" of "to 10800"),
     * a compound name the goal gives, or a plain word of four letters or more, not one any configuration has, that the
     * goal writes on its own ("readyz" of "readiness on /readyz").
     */
    static boolean echoes(String token, GoalReading goal) {
        if (token.contains("-") && goal.names().contains(token)) {
            return true;
        }
        boolean word = word(token);
        if (word ? token.length() < 4 || COMMON.contains(token) : token.length() < 2 || token.chars().noneMatch(Character::isDigit)) {
            return false;
        }
        // "10800s" echoes a goal that says "from 3600 to 10800"
        Matcher unit = WITH_UNIT.matcher(token);
        return wordOf(token, goal.lower(), word) || unit.matches() && wordOf(unit.group(1), goal.lower(), false);
    }

    private static final String NAME_PART = "-_.";
    private static final Pattern WITH_UNIT = Pattern.compile("([0-9]{2,})[a-z]{1,2}");

    /**
     * The token stands in the text as a word of its own; a plain word must not be a part of a name either ("invoice" of
     * "invoice-export" names the application, which its configuration always carries).
     */
    private static boolean wordOf(String token, String text, boolean plain) {
        for (int at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
            int end = at + token.length();
            boolean starts = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1)) && !(plain && NAME_PART.indexOf(text.charAt(at - 1)) >= 0);
            boolean ends = end == text.length() || !Character.isLetterOrDigit(text.charAt(end)) && !(plain && NAME_PART.indexOf(text.charAt(end)) >= 0);
            if (starts && ends) {
                return true;
            }
        }
        return false;
    }
}
