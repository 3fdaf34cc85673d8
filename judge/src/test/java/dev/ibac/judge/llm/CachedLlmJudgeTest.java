package dev.ibac.judge.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.TokenUsage;
import dev.ibac.judge.cache.CachingJudge;
import dev.ibac.judge.cache.VerdictCacheSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Single-flight end to end: many identical admission requests, one request to the model server. */
class CachedLlmJudgeTest {

    @Test
    void concurrent_identical_requests_reach_the_model_server_once() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try (FakeProviderServer server = new FakeProviderServer(LlmProvider.OPENAI).answering(LlmJudgeTest.ALLOW).hanging();
             CachingJudge judge = new CachingJudge(LlmJudge.create(LlmConfig.fromEnv(Map.of(
                     "IBAC_LLM_BASE_URL", server.baseUrl(), "IBAC_LLM_MODEL", "judge-model", "IBAC_LLM_TIMEOUT", "9s"))),
                     VerdictCacheSettings.DEFAULT, com.github.benmanes.caffeine.cache.Ticker.systemTicker())) {
            JudgeRequest request = LlmJudgeTest.plainRequest();
            List<Future<JudgeVerdict>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(threads.submit(() -> judge.judge(request)));
            }
            // the model answers only once all 16 are in: concurrency by construction, not by a delay
            // a loaded machine could outrun (the deadlines only tell a hang from an answer)
            awaitWaiters(server, judge, 15);
            server.release();
            List<JudgeVerdict> verdicts = new ArrayList<>();
            for (Future<JudgeVerdict> result : results) {
                verdicts.add(result.get(30, TimeUnit.SECONDS));
            }

            assertThat(server.received).hasSize(1);
            assertThat(verdicts).allMatch(JudgeVerdict::allowed);
            assertThat(verdicts.stream().filter(v -> !v.cached()).map(JudgeVerdict::tokens)).containsExactly(new TokenUsage(812, 41));
            assertThat(judge.stats().misses()).isEqualTo(1);
            assertThat(judge.stats().hits()).isEqualTo(15);
        } finally {
            threads.shutdownNow();
        }
    }

    /** The cache counts a hit before the request starts waiting on the call in flight. */
    private static void awaitWaiters(FakeProviderServer server, CachingJudge judge, long waiters) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((server.received.isEmpty() || judge.stats().hits() < waiters) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
