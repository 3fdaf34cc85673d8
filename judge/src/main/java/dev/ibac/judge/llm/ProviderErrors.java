package dev.ibac.judge.llm;

import dev.ibac.judge.JudgeException;
import dev.ibac.judge.TokenUsage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import java.net.http.HttpTimeoutException;

/**
 * Turns what a provider call threw into a {@link JudgeException} whose message is short and safe to
 * show to an agent: the kind of failure and the HTTP status, never the provider's response body.
 */
final class ProviderErrors {
    private ProviderErrors() {}

    static JudgeException toJudgeException(Throwable failure, LlmConfig config, String modelName) {
        return new JudgeException("llm judge: " + describe(failure, config), TokenUsage.NONE, modelName, failure);
    }

    private static String describe(Throwable failure, LlmConfig config) {
        if (failure instanceof RateLimitException) {
            return "provider rate-limited the call (HTTP 429)";
        }
        if (failure instanceof AuthenticationException) {
            return "provider rejected the credentials (check " + LlmConfig.API_KEY_ENV + ")";
        }
        if (failure instanceof ModelNotFoundException) {
            return "provider does not know the model (check " + LlmConfig.MODEL_ENV + " or the mission's judge.model)";
        }
        if (failure instanceof InternalServerException) {
            return "provider failed (HTTP 5xx)";
        }
        if (isTimeout(failure)) {
            return "provider did not answer within " + config.timeout().toMillis() + " ms";
        }
        HttpException http = cause(failure, HttpException.class);
        if (http != null) {
            return "provider answered HTTP " + http.statusCode();
        }
        return "provider call failed (" + failure.getClass().getSimpleName() + ")";
    }

    private static boolean isTimeout(Throwable failure) {
        return failure instanceof dev.langchain4j.exception.TimeoutException
                || cause(failure, HttpTimeoutException.class) != null
                || cause(failure, java.util.concurrent.TimeoutException.class) != null;
    }

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
