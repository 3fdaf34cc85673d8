package dev.ibac.judge;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.ibac.judge.cache.CachingJudge;
import dev.ibac.judge.cascade.CascadeJudge;
import dev.ibac.judge.cache.VerdictCacheSettings;
import dev.ibac.judge.llm.LlmConfig;
import dev.ibac.judge.llm.LlmJudge;
import dev.ibac.judge.semantic.SemanticJudge;
import dev.ibac.judge.semantic.SemanticThresholds;
import java.util.Map;

/**
 * Builds the judge the webhook uses, from the {@code --judge} flag and the environment, behind the
 * verdict cache. All configuration is read and validated here, once, at startup; a bad setting is a
 * {@link JudgeConfigException} naming it.
 */
public final class JudgeFactory {
    private JudgeFactory() {}

    /**
     * @param explicitChoice "semantic", "llm", "cascade", or null/blank for the default (see {@link JudgeChoice#resolve})
     * @param env            the process environment ({@code System.getenv()}), or a map in tests
     * @param ticker         the cache's clock ({@code Ticker.systemTicker()} in production)
     */
    public static CachingJudge create(String explicitChoice, Map<String, String> env, Ticker ticker) {
        JudgeChoice choice = JudgeChoice.resolve(explicitChoice, env);
        VerdictCacheSettings cache = VerdictCacheSettings.fromEnv(env);
        Judge judge = switch (choice) {
            case LLM -> llm(env, explicitChoice);
            case SEMANTIC -> semantic(env);
            case CASCADE -> cascade(env, explicitChoice);
        };
        return new CachingJudge(judge, cache, ticker);
    }

    private static Judge semantic(Map<String, String> env) {
        return SemanticJudge.withBundledModel(SemanticThresholds.fromEnv(env));
    }

    /** The LLM is checked (and built) first: a bad IBAC_LLM_* setting fails before the model is loaded. */
    private static Judge cascade(Map<String, String> env, String explicitChoice) {
        Judge llm = llm(env, explicitChoice);
        return new CascadeJudge(semantic(env), llm);
    }

    private static Judge llm(Map<String, String> env, String explicitChoice) {
        if (!LlmConfig.configured(env)) {
            throw new JudgeConfigException("--judge " + explicitChoice + " needs " + LlmConfig.BASE_URL_ENV + " or "
                    + LlmConfig.API_KEY_ENV + " to be set");
        }
        return LlmJudge.create(LlmConfig.fromEnv(env));
    }
}
