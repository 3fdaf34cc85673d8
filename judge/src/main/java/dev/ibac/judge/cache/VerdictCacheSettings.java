package dev.ibac.judge.cache;

import java.util.regex.Pattern;
import dev.ibac.judge.JudgeConfigException;
import java.time.Duration;
import java.util.Map;

/**
 * Bounds of the verdict cache: {@code IBAC_JUDGE_CACHE_SIZE} entries (default 10000) kept for
 * {@code IBAC_JUDGE_CACHE_TTL} (Go-style duration, default 10m) after the verdict was reached.
 */
public record VerdictCacheSettings(long maximumSize, Duration ttl) {
    public static final String SIZE_ENV = "IBAC_JUDGE_CACHE_SIZE";
    public static final String TTL_ENV = "IBAC_JUDGE_CACHE_TTL";
    public static final VerdictCacheSettings DEFAULT = new VerdictCacheSettings(10_000, Duration.ofMinutes(10));
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    public VerdictCacheSettings {
        if (maximumSize < 0 || ttl.isNegative()) {
            throw new JudgeConfigException(SIZE_ENV + " and " + TTL_ENV + " must not be negative");
        }
    }

    public static VerdictCacheSettings fromEnv(Map<String, String> env) {
        return new VerdictCacheSettings(size(env.get(SIZE_ENV)), ttl(env.get(TTL_ENV)));
    }

    private static long size(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT.maximumSize;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new JudgeConfigException(SIZE_ENV + " must be a whole number, got \"" + value + "\"", e);
        }
    }

    private static Duration ttl(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT.ttl;
        }
        java.util.regex.Matcher m = DURATION.matcher(value.strip());
        if (!m.matches()) {
            throw new JudgeConfigException(TTL_ENV + " must be a duration such as 10m, 30s or 1h, got \"" + value + "\"");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
