package dev.ibac.judge.llm;

import dev.ibac.judge.JudgeConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to reach the judge model. Built from environment variables (a map, so tests inject it):
 *
 * <ul>
 *   <li>{@code IBAC_LLM_PROVIDER} openai | anthropic | ollama (default openai)
 *   <li>{@code IBAC_LLM_BASE_URL} the endpoint (default: the provider's public API / local Ollama)
 *   <li>{@code IBAC_LLM_API_KEY} the key, if the endpoint needs one
 *   <li>{@code IBAC_LLM_MODEL} the model (default per provider; a mission's {@code judge.model} overrides it)
 *   <li>{@code IBAC_LLM_TIMEOUT} deadline per call, 100ms..9s (default 4s): well inside the webhook's 10 s
 *   <li>{@code IBAC_LLM_MAX_CONCURRENCY} calls in flight to the provider (default 8)
 *   <li>{@code IBAC_LLM_QUEUE_TIMEOUT} how long a call waits for a free slot before "judge busy" (default 250ms)
 *   <li>{@code IBAC_LLM_MAX_OUTPUT_TOKENS} cap on the answer's length (default 400)
 *   <li>{@code IBAC_LLM_JSON_MODE} true | false: ask for JSON output where the provider can (default true)
 * </ul>
 */
public record LlmConfig(
        LlmProvider provider,
        String baseUrl,
        String apiKey,
        String model,
        Duration timeout,
        int maxConcurrency,
        Duration queueTimeout,
        int maxOutputTokens,
        boolean jsonMode) {

    public static final String PROVIDER_ENV = "IBAC_LLM_PROVIDER";
    public static final String BASE_URL_ENV = "IBAC_LLM_BASE_URL";
    public static final String API_KEY_ENV = "IBAC_LLM_API_KEY";
    public static final String MODEL_ENV = "IBAC_LLM_MODEL";
    public static final String TIMEOUT_ENV = "IBAC_LLM_TIMEOUT";
    public static final String MAX_CONCURRENCY_ENV = "IBAC_LLM_MAX_CONCURRENCY";
    public static final String QUEUE_TIMEOUT_ENV = "IBAC_LLM_QUEUE_TIMEOUT";
    public static final String MAX_OUTPUT_TOKENS_ENV = "IBAC_LLM_MAX_OUTPUT_TOKENS";
    public static final String JSON_MODE_ENV = "IBAC_LLM_JSON_MODE";

    static final Duration MAX_TIMEOUT = Duration.ofSeconds(9);
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s)");

    public LlmConfig {
        if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new JudgeConfigException(TIMEOUT_ENV + " must be between 100ms and 9s (the webhook answers within 10s), got " + timeout);
        }
        if (maxConcurrency < 1 || maxOutputTokens < 50 || queueTimeout.isNegative()) {
            throw new JudgeConfigException("LLM judge limits must be positive: " + MAX_CONCURRENCY_ENV + " >= 1, "
                    + MAX_OUTPUT_TOKENS_ENV + " >= 50, " + QUEUE_TIMEOUT_ENV + " >= 0");
        }
    }

    /** True when the environment configures an LLM endpoint at all (a base URL or a key). */
    public static boolean configured(Map<String, String> env) {
        return present(env, BASE_URL_ENV) || present(env, API_KEY_ENV);
    }

    public static LlmConfig fromEnv(Map<String, String> env) {
        if (!configured(env)) {
            throw new JudgeConfigException("the llm judge needs " + BASE_URL_ENV + " or " + API_KEY_ENV + " to be set");
        }
        LlmProvider provider = LlmProvider.parse(env.get(PROVIDER_ENV));
        return new LlmConfig(provider,
                present(env, BASE_URL_ENV) ? env.get(BASE_URL_ENV).strip() : provider.defaultBaseUrl(),
                present(env, API_KEY_ENV) ? env.get(API_KEY_ENV).strip() : null,
                present(env, MODEL_ENV) ? env.get(MODEL_ENV).strip() : provider.defaultModel(),
                duration(env, TIMEOUT_ENV, Duration.ofSeconds(4)),
                integer(env, MAX_CONCURRENCY_ENV, 8),
                duration(env, QUEUE_TIMEOUT_ENV, Duration.ofMillis(250)),
                integer(env, MAX_OUTPUT_TOKENS_ENV, 400),
                bool(env, JSON_MODE_ENV, true));
    }

    /** The same configuration with another deadline (tests use short ones). */
    public LlmConfig withTimeout(Duration deadline) {
        return new LlmConfig(provider, baseUrl, apiKey, model, deadline, maxConcurrency, queueTimeout, maxOutputTokens, jsonMode);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "LlmConfig[provider=" + provider.id() + ", baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "<set>")
                + ", model=" + model + ", timeout=" + timeout + ", maxConcurrency=" + maxConcurrency
                + ", queueTimeout=" + queueTimeout + ", maxOutputTokens=" + maxOutputTokens + ", jsonMode=" + jsonMode + "]";
    }

    private static boolean present(Map<String, String> env, String name) {
        return env.get(name) != null && !env.get(name).isBlank();
    }

    /** Go-style "4s", "2.5s" or "1500ms", like the durations in Mission and Budget specs. */
    static Duration duration(Map<String, String> env, String name, Duration fallback) {
        if (!present(env, name)) {
            return fallback;
        }
        Matcher m = DURATION.matcher(env.get(name).strip());
        if (!m.matches()) {
            throw new JudgeConfigException(name + " must be a duration such as 4s or 1500ms, got \"" + env.get(name) + "\"");
        }
        double amount = Double.parseDouble(m.group(1));
        return Duration.ofMillis(Math.round("s".equals(m.group(2)) ? amount * 1000 : amount));
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        try {
            return present(env, name) ? Integer.parseInt(env.get(name).strip()) : fallback;
        } catch (NumberFormatException e) {
            throw new JudgeConfigException(name + " must be a whole number, got \"" + env.get(name) + "\"", e);
        }
    }

    private static boolean bool(Map<String, String> env, String name, boolean fallback) {
        if (!present(env, name)) {
            return fallback;
        }
        String value = env.get(name).strip();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new JudgeConfigException(name + " must be true or false, got \"" + value + "\"");
        }
        return Boolean.parseBoolean(value);
    }
}
