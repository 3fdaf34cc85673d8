package dev.ibac.judge.effect;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The keys of a config file a ConfigMap holds, by dotted path, with their values as written: YAML
 * by indentation ({@code flags.checkout_one_click.enabled: false}, a block list's items joined with
 * ", "), and INI / TOML / properties by {@code [section]} and {@code key = value}. Not a parser of
 * either format: enough to tell which keys an UPDATE changed, so a rule can compare a key with what
 * the goal says of it. Bounded: at most {@link #MAX_LINES} lines and {@link #MAX_KEYS} keys.
 */
final class ConfigFileKeys {
    static final int MAX_LINES = 2_000;
    static final int MAX_KEYS = 1_000;

    /** A file that opens with a section ("[OUTPUT]", "[server]"): INI, TOML or Fluent Bit's classic format. */
    private static final Pattern SECTION = Pattern.compile("\\s*\\[\\[?[A-Za-z][\\w. -]*\\]\\]?[ \\t]*\\r?\\n");

    private ConfigFileKeys() {}

    /** Whether {@code text} reads as a config file: several lines, some of them "key: value" or "key = value". */
    static boolean looksLikeConfig(String text) {
        return text.indexOf('\n') > 0 && (text.contains(": ") || text.contains(":\n") || text.contains("=") || SECTION.matcher(text).lookingAt())
                && !text.startsWith("{");
    }

    static Map<String, String> of(String text) {
        Map<String, String> keys = new LinkedHashMap<>();
        Deque<int[]> indents = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        Map<String, int[]> items = new java.util.HashMap<>();
        String section = "";
        String lastKey = null;
        int lines = 0;
        for (String raw : text.split("\n", MAX_LINES + 1)) {
            if (++lines > MAX_LINES || keys.size() >= MAX_KEYS) {
                break;
            }
            String line = uncommented(raw);
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            if (t.startsWith("- ") && (t.contains(": ") || t.endsWith(":"))) {
                // "- key: header_match": a list item that is a map, numbered under its list, its first key one level in
                while (!indents.isEmpty() && indents.peek()[0] >= indent) {
                    indents.pop();
                    names.pop();
                }
                String list = section + String.join(".", reversed(names));
                int[] count = items.computeIfAbsent(list, k -> new int[1]);
                indents.push(new int[] {indent});
                names.push(Integer.toString(count[0]++));
                t = t.substring(2).strip();
                indent += 2;
            }
            if (t.startsWith("[") && t.endsWith("]") && !t.contains(",")) { // TOML may indent its tables
                section = unbracketed(t) + "."; // [runners.kubernetes], [[runners]]
                indents.clear();
                names.clear();
                continue;
            }
            if (t.startsWith("- ") || t.equals("-")) {
                if (lastKey != null) {
                    String item = t.substring(1).strip();
                    keys.merge(lastKey, item, (a, b) -> a.isEmpty() ? b : a + ", " + b);
                }
                continue;
            }
            int colon = t.indexOf(':');
            int equals = t.indexOf('=');
            int at = equals >= 0 && (colon < 0 || equals < colon) ? equals : colon;
            int blank = blankSeparated(t, at, section);
            if (at <= 0 && blank < 0) {
                continue;
            }
            at = blank > 0 ? blank : at;
            String key = t.substring(0, at).strip().replace("\"", "").replace("'", "");
            String value = t.substring(at + 1).strip();
            while (!indents.isEmpty() && indents.peek()[0] >= indent) {
                indents.pop();
                names.pop();
            }
            String path = section + String.join(".", reversed(names)) + (names.isEmpty() ? "" : ".") + key;
            if (value.isEmpty() && at == colon) {
                indents.push(new int[] {indent});
                names.push(key);
                keys.put(path, "");
            } else {
                keys.put(path, value);
            }
            lastKey = path;
        }
        return keys;
    }

    /**
     * Fluent Bit's "{@code tls.verify    Off}" under {@code [OUTPUT]}: in a section, a key and its value may be parted by
     * blanks alone (https://docs.fluentbit.io/manual/administration/configuring-fluent-bit/classic-mode/format-schema).
     * The blank's index, or -1 where the line is "key = value" or "key: value".
     */
    private static int blankSeparated(String t, int at, String section) {
        int blank = t.indexOf(' ');
        int tab = t.indexOf('\t');
        blank = blank < 0 || tab >= 0 && tab < blank ? tab : blank;
        if (section.isEmpty() || blank <= 0 || at >= 0 && at < blank) {
            return -1;
        }
        String rest = t.substring(blank).strip();
        return rest.isEmpty() || rest.startsWith("=") || rest.startsWith(":") ? -1 : blank;
    }

    /** A '#' that starts a comment: at the line's start or after a blank (not "#" inside a value such as a colour). */
    private static String uncommented(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String unbracketed(String header) {
        int from = 0;
        int to = header.length();
        while (from < to && header.charAt(from) == '[') {
            from++;
        }
        while (to > from && header.charAt(to - 1) == ']') {
            to--;
        }
        return header.substring(from, to).strip();
    }

    private static Iterable<String> reversed(Deque<String> names) {
        return names::descendingIterator;
    }
}
