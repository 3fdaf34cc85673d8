package dev.ibac.judge.goal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as goals and objects write them: "15d", "30 days", "2160h", "5m", "30s", "1h30m". */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d|w)");

    private Durations() {}

    /** Seconds of {@code amount} {@code unit}, or -1 for a unit this does not know. */
    public static long seconds(String amount, String unit) {
        long n = Long.parseLong(amount);
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.startsWith("ms")) {
            return n / 1000;
        }
        return switch (u.charAt(0)) {
            case 's' -> n;
            case 'm' -> n * 60;
            case 'h' -> n * 3600;
            case 'd' -> n * 86_400;
            case 'w' -> n * 604_800;
            default -> -1;
        };
    }

    /** Seconds of a Kubernetes-style duration ("15d", "2160h", "1h30m", "720h0m0s"), or -1 when it is none. */
    public static long parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.length() > 32) {
            return -1;
        }
        Matcher m = PART.matcher(t);
        long total = 0;
        int at = 0;
        while (m.find() && m.start() == at) {
            total += seconds(m.group(1), m.group(2));
            at = m.end();
        }
        return at == t.length() && at > 0 ? total : -1;
    }
}
