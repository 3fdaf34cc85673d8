package dev.ibac.budget.cost;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as Kubernetes manifests write them: "24h", "1h30m", "90s". */
public final class Durations {
    private static final Pattern PART = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

    private Durations() {}

    /** {@code fallback} when absent; IllegalArgumentException when malformed or zero. */
    public static Duration parse(String text, Duration fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        Matcher m = PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            total = total.plus(part(Long.parseLong(m.group(1)), m.group(2)));
            end = m.end();
        }
        if (end != text.length() || total.isZero()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration like 24h, 30m or 1h30m");
        }
        return total;
    }

    /** "24h", "90m", "45s": the shortest exact form, for messages. */
    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private static Duration part(long n, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
