package dev.ibac.judge.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

/**
 * Builds the LangChain4j client of each provider. Retries are off: the judge's deadline is the
 * only time budget, and a retry would spend it twice. Temperature 0 keeps verdicts repeatable.
 */
final class ProviderChatModels {
    /** OpenAI-compatible servers without auth (vLLM, llama.cpp) still expect some bearer token. */
    private static final String NO_KEY = "none";

    private ProviderChatModels() {}

    static ChatModel build(LlmConfig config) {
        return switch (config.provider()) {
            case OPENAI -> OpenAiChatModel.builder()
                    .baseUrl(config.baseUrl())
                    .apiKey(config.apiKey() == null ? NO_KEY : config.apiKey())
                    .modelName(config.model())
                    .temperature(0.0)
                    .maxTokens(config.maxOutputTokens())
                    .timeout(config.timeout())
                    .maxRetries(0)
                    .build();
            case ANTHROPIC -> AnthropicChatModel.builder()
                    .baseUrl(config.baseUrl())
                    .apiKey(config.apiKey() == null ? NO_KEY : config.apiKey())
                    .modelName(config.model())
                    .temperature(0.0)
                    .maxTokens(config.maxOutputTokens())
                    .timeout(config.timeout())
                    .maxRetries(0)
                    .build();
            case OLLAMA -> OllamaChatModel.builder()
                    .baseUrl(config.baseUrl())
                    .modelName(config.model())
                    .temperature(0.0)
                    .numPredict(config.maxOutputTokens())
                    .timeout(config.timeout())
                    .maxRetries(0)
                    .build();
        };
    }
}
