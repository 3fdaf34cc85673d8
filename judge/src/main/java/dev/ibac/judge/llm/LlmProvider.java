package dev.ibac.judge.llm;

import dev.ibac.judge.JudgeConfigException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The wire protocols the LLM judge speaks; {@code IBAC_LLM_PROVIDER} names one. */
public enum LlmProvider {
    /** OpenAI's /chat/completions: OpenAI, vLLM, llama.cpp server, LiteLLM, Ollama's /v1. */
    OPENAI("openai", "https://api.openai.com/v1", "gpt-4o-mini", true),
    /** Anthropic's /v1/messages; it has no plain JSON mode, so the contract rests on the prompt and the parser. */
    ANTHROPIC("anthropic", "https://api.anthropic.com/v1/", "claude-3-5-haiku-latest", false),
    /** Ollama's native /api/chat. */
    OLLAMA("ollama", "http://localhost:11434", "llama3.1:8b", true);

    private final String id;
    private final String defaultBaseUrl;
    private final String defaultModel;
    private final boolean jsonMode;

    LlmProvider(String id, String defaultBaseUrl, String defaultModel, boolean jsonMode) {
        this.id = id;
        this.defaultBaseUrl = defaultBaseUrl;
        this.defaultModel = defaultModel;
        this.jsonMode = jsonMode;
    }

    public String id() {
        return id;
    }

    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    public String defaultModel() {
        return defaultModel;
    }

    /** Whether the provider can be told to answer with a JSON object (response_format / format). */
    public boolean supportsJsonMode() {
        return jsonMode;
    }

    public static LlmProvider parse(String value) {
        String wanted = value == null || value.isBlank() ? OPENAI.id : value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id.equals(wanted)).findFirst().orElseThrow(() ->
                new JudgeConfigException(LlmConfig.PROVIDER_ENV + " must be one of "
                        + Arrays.stream(values()).map(LlmProvider::id).collect(Collectors.joining(", "))
                        + "; got \"" + value + "\""));
    }
}
