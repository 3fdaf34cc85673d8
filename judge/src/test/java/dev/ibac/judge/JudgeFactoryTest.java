package dev.ibac.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.ibac.judge.cache.CachingJudge;
import dev.ibac.judge.llm.LlmConfig;
import dev.ibac.judge.llm.LlmProvider;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JudgeFactoryTest {
    private static final Map<String, String> LLM_ENV = Map.of("IBAC_LLM_BASE_URL", "http://127.0.0.1:1/v1");

    @Test
    void defaults_to_semantic_without_an_llm_endpoint_and_to_cascade_with_one() {
        assertThat(JudgeChoice.resolve(null, Map.of())).isEqualTo(JudgeChoice.SEMANTIC);
        assertThat(JudgeChoice.resolve("", Map.of("IBAC_LLM_BASE_URL", " "))).isEqualTo(JudgeChoice.SEMANTIC);
        assertThat(JudgeChoice.resolve(null, LLM_ENV)).isEqualTo(JudgeChoice.CASCADE);
        assertThat(JudgeChoice.resolve(null, Map.of("IBAC_LLM_API_KEY", "k"))).isEqualTo(JudgeChoice.CASCADE);
    }

    @Test
    void an_explicit_choice_wins() {
        assertThat(JudgeChoice.resolve("semantic", LLM_ENV)).isEqualTo(JudgeChoice.SEMANTIC);
        assertThat(JudgeChoice.resolve("LLM", LLM_ENV)).isEqualTo(JudgeChoice.LLM);
        assertThat(JudgeChoice.resolve(" cascade", LLM_ENV)).isEqualTo(JudgeChoice.CASCADE);
    }

    @Test
    void builds_the_llm_judge_behind_the_cache() {
        try (CachingJudge judge = JudgeFactory.create("llm", LLM_ENV, Ticker.systemTicker())) {
            assertThat(judge.name()).isEqualTo("llm");
            assertThat(judge.stats().misses()).isZero();
        }
    }

    @Test
    void builds_the_cascade_behind_the_cache_by_default_when_an_llm_is_configured() {
        try (CachingJudge judge = JudgeFactory.create(null, LLM_ENV, Ticker.systemTicker())) {
            assertThat(judge.name()).isEqualTo("cascade");
            assertThat(judge.inner()).isInstanceOf(dev.ibac.judge.cascade.CascadeJudge.class);
        }
    }

    @Test
    void builds_the_semantic_judge_by_default() {
        try (CachingJudge judge = JudgeFactory.create(null, Map.of(), Ticker.systemTicker())) {
            assertThat(judge.name()).isEqualTo("semantic");
        }
    }

    @Test
    void configuration_errors_name_the_setting() {
        assertThatThrownBy(() -> JudgeFactory.create("gpt", Map.of(), Ticker.systemTicker()))
                .isInstanceOf(JudgeConfigException.class).hasMessage("--judge must be semantic, llm or cascade, got \"gpt\"");
        assertThatThrownBy(() -> JudgeFactory.create("cascade", Map.of(), Ticker.systemTicker()))
                .isInstanceOf(JudgeConfigException.class)
                .hasMessage("--judge cascade needs IBAC_LLM_BASE_URL or IBAC_LLM_API_KEY to be set");
        assertThatThrownBy(() -> JudgeFactory.create("llm", Map.of(), Ticker.systemTicker()))
                .isInstanceOf(JudgeConfigException.class)
                .hasMessage("--judge llm needs IBAC_LLM_BASE_URL or IBAC_LLM_API_KEY to be set");
        assertThatThrownBy(() -> JudgeFactory.create(null, Map.of("IBAC_LLM_API_KEY", "k", "IBAC_LLM_PROVIDER", "gemini"),
                Ticker.systemTicker()))
                .isInstanceOf(JudgeConfigException.class)
                .hasMessage("IBAC_LLM_PROVIDER must be one of openai, anthropic, ollama; got \"gemini\"");
        assertThatThrownBy(() -> JudgeFactory.create("llm", Map.of("IBAC_LLM_API_KEY", "k", "IBAC_LLM_TIMEOUT", "12s"),
                Ticker.systemTicker()))
                .isInstanceOf(JudgeConfigException.class).hasMessageStartingWith("IBAC_LLM_TIMEOUT must be between 100ms and 9s");
        assertThatThrownBy(() -> JudgeFactory.create("llm", Map.of("IBAC_LLM_API_KEY", "k", "IBAC_LLM_TIMEOUT", "soon"),
                Ticker.systemTicker()))
                .isInstanceOf(JudgeConfigException.class).hasMessageContaining("IBAC_LLM_TIMEOUT must be a duration");
        assertThatThrownBy(() -> JudgeFactory.create("semantic", Map.of("IBAC_JUDGE_CACHE_TTL", "forever"), Ticker.systemTicker()))
                .isInstanceOf(JudgeConfigException.class).hasMessageContaining("IBAC_JUDGE_CACHE_TTL");
    }

    @Test
    void llm_config_reads_every_setting_and_defaults_per_provider() {
        LlmConfig config = LlmConfig.fromEnv(Map.of("IBAC_LLM_PROVIDER", "anthropic", "IBAC_LLM_API_KEY", "sk-ant-secret",
                "IBAC_LLM_TIMEOUT", "2.5s", "IBAC_LLM_MAX_CONCURRENCY", "3", "IBAC_LLM_QUEUE_TIMEOUT", "100ms"));

        assertThat(config.provider()).isEqualTo(LlmProvider.ANTHROPIC);
        assertThat(config.baseUrl()).isEqualTo("https://api.anthropic.com/v1/");
        assertThat(config.model()).isEqualTo(LlmProvider.ANTHROPIC.defaultModel());
        assertThat(config.timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.maxConcurrency()).isEqualTo(3);
        assertThat(config.queueTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.jsonMode()).isTrue();
        assertThat(config.toString()).doesNotContain("sk-ant-secret");
        assertThat(LlmConfig.fromEnv(LLM_ENV).timeout()).isEqualTo(Duration.ofSeconds(4));
    }
}
