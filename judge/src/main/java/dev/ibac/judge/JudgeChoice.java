package dev.ibac.judge;

import dev.ibac.judge.llm.LlmConfig;
import java.util.Locale;
import java.util.Map;

/** Which judge decides: the {@code --judge} flag, or by default {@code cascade} when an LLM endpoint is configured. */
public enum JudgeChoice {
    SEMANTIC, LLM, CASCADE;

    /**
     * The explicit choice ("semantic" | "llm" | "cascade") when given, else {@code CASCADE} if {@code IBAC_LLM_BASE_URL}
     * or {@code IBAC_LLM_API_KEY} is set, else {@code SEMANTIC}.
     */
    public static JudgeChoice resolve(String explicit, Map<String, String> env) {
        if (explicit == null || explicit.isBlank()) {
            return LlmConfig.configured(env) ? CASCADE : SEMANTIC;
        }
        return switch (explicit.strip().toLowerCase(Locale.ROOT)) {
            case "semantic" -> SEMANTIC;
            case "llm" -> LLM;
            case "cascade" -> CASCADE;
            default -> throw new JudgeConfigException("--judge must be semantic, llm or cascade, got \"" + explicit + "\"");
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
