package dev.ibac.judge.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibac.judge.Fixtures;
import dev.ibac.judge.Judge;
import dev.ibac.judge.JudgeException;
import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.TokenUsage;
import dev.ibac.judge.cascade.CascadeJudge;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cascade with LangChain4j's real OpenAI client against a loopback server speaking the OpenAI
 * protocol: the first judge's sure verdicts never reach it, its uncertain ones do and the LLM decides.
 */
class CascadeOverHttpTest {
    private final FakeProviderServer server;
    private final LlmJudge llm;
    private final CascadeJudge cascade;
    private JudgeVerdict.Decision firstAnswer = JudgeVerdict.Decision.UNCERTAIN;

    CascadeOverHttpTest() throws Exception {
        server = new FakeProviderServer(LlmProvider.OPENAI);
        llm = LlmJudge.create(LlmConfig.fromEnv(Map.of("IBAC_LLM_PROVIDER", "openai", "IBAC_LLM_BASE_URL", server.baseUrl(),
                "IBAC_LLM_API_KEY", "test-key", "IBAC_LLM_MODEL", "judge-model", "IBAC_LLM_TIMEOUT", "9s"))); // a hang, not a slow machine
        cascade = new CascadeJudge(new Judge() {
            @Override
            public String name() {
                return "semantic";
            }

            @Override
            public JudgeVerdict judge(JudgeRequest request) {
                return new JudgeVerdict(firstAnswer, "replicas 6 → 0 is not asked for by the goal", JudgeVerdict.Risk.HIGH, 0.5,
                        TokenUsage.NONE, "semantic", null, false);
            }
        }, llm);
    }

    @AfterEach
    void close() throws Exception {
        cascade.close();
        server.close();
    }

    private static JudgeRequest request() {
        return new JudgeRequest(Fixtures.mission("shop", "scale-checkout", LlmJudgeTest.GOAL, 3),
                Fixtures.update("apps", "deployments", "Deployment", "shop", "checkout",
                        Fixtures.json("{'spec':{'replicas':0}}"), Fixtures.json("{'spec':{'replicas':6}}")), List.of(), "", null);
    }

    @Test
    void an_uncertain_verdict_goes_to_the_llm_whose_answer_decides_and_both_are_named() throws Exception {
        server.answering(LlmJudgeTest.DENY);
        JudgeVerdict verdict = cascade.judge(request());
        assertThat(server.received).hasSize(1);
        assertThat(server.last().path()).isEqualTo("/v1/chat/completions");
        assertThat(verdict.decision()).isEqualTo(JudgeVerdict.Decision.DENY);
        assertThat(verdict.judge()).isEqualTo("cascade(semantic→llm)");
        assertThat(verdict.model()).isEqualTo("judge-model");
        assertThat(verdict.reasoning()).startsWith("Unrelated to the goal.").contains("the semantic judge was uncertain: replicas 6 → 0");
        assertThat(verdict.tokens().input()).isPositive();
        assertThat(cascade.escalations()).isEqualTo(1);
    }

    @Test
    void a_sure_verdict_never_reaches_the_llm() throws Exception {
        firstAnswer = JudgeVerdict.Decision.ALLOW;
        JudgeVerdict verdict = cascade.judge(request());
        assertThat(server.received).isEmpty();
        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.judge()).isEqualTo("cascade(semantic)");
        assertThat(cascade.escalations()).isZero();
    }

    @Test
    void with_the_llm_down_the_cascade_fails_like_a_judge_so_onError_applies() {
        server.failingWith(503, "overloaded");
        assertThatThrownBy(() -> cascade.judge(request())).isInstanceOf(JudgeException.class);
        assertThat(cascade.escalations()).isEqualTo(1);
    }
}
