package dev.ibac.judge.llm;

import dev.ibac.crd.Mission;
import dev.ibac.judge.Judge;
import dev.ibac.judge.JudgeException;
import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.TokenUsage;
import dev.ibac.judge.describe.ActionDescriber;
import dev.ibac.judge.describe.Redactor;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * LLM-as-judge through a LangChain4j {@link ChatModel}. Each call has a hard deadline
 * ({@link LlmConfig#timeout()}); at most {@link LlmConfig#maxConcurrency()} calls are in flight
 * to the provider, and a call that finds no free slot within {@link LlmConfig#queueTimeout()} fails
 * as "judge busy" instead of queueing past the webhook's own timeout. A slot is freed only when
 * the provider call really ends, so abandoned calls still count against the limit. Close it to
 * stop its worker threads.
 */
public final class LlmJudge implements Judge, AutoCloseable {
    public static final String NAME = "llm";

    private final ChatModel model;
    private final LlmConfig config;
    private final ActionDescriber describer;
    private final Redactor redactor;
    private final Semaphore slots;
    private final ThreadPoolExecutor workers;

    public LlmJudge(ChatModel model, LlmConfig config, Redactor redactor) {
        this.model = model;
        this.config = config;
        this.redactor = redactor;
        this.describer = new ActionDescriber(redactor);
        this.slots = new Semaphore(config.maxConcurrency());
        this.workers = workers(config.maxConcurrency());
    }

    /** The judge for {@code config}'s provider, with LangChain4j's own HTTP client. */
    public static LlmJudge create(LlmConfig config) {
        return new LlmJudge(ProviderChatModels.build(config), config, new Redactor());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JudgeVerdict judge(JudgeRequest request) throws JudgeException {
        String modelName = modelFor(request.mission());
        JudgePrompt prompt = JudgePrompt.of(request, describer.describe(request.action()), redactor);
        ChatResponse response = callWithinDeadline(chatRequest(prompt, modelName), modelName);
        TokenUsage tokens = tokens(response);
        try {
            JudgeAnswer answer = JudgeAnswer.parse(response.aiMessage() == null ? null : response.aiMessage().text());
            return new JudgeVerdict(answer.decision(), answer.reasoning(), answer.risk(), answer.confidence(), tokens,
                    NAME, modelName, false);
        } catch (JudgeAnswer.MalformedAnswerException e) {
            throw new JudgeException("llm judge: the model broke the answer contract: " + e.getMessage(), tokens, modelName, e);
        }
    }

    /** The mission's {@code judge.model} when set, else the configured model. */
    String modelFor(Mission mission) {
        String override = mission.getSpec().judgeOrDefault().model();
        return override == null || override.isBlank() ? config.model() : override.strip();
    }

    private ChatRequest chatRequest(JudgePrompt prompt, String modelName) {
        ChatRequest.Builder builder = ChatRequest.builder()
                .messages(SystemMessage.from(prompt.system()), UserMessage.from(prompt.user()))
                .modelName(modelName);
        if (config.jsonMode() && config.provider().supportsJsonMode()) {
            builder.responseFormat(ResponseFormat.JSON);
        }
        return builder.build();
    }

    /** Every failure names {@code modelName}: the audit entry records which model was asked, answer or not. */
    private ChatResponse callWithinDeadline(ChatRequest request, String modelName) throws JudgeException {
        acquireSlot(modelName);
        Future<ChatResponse> call;
        try {
            call = workers.submit(() -> {
                try {
                    return model.chat(request);
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException rejected) {
            slots.release();
            throw new JudgeException("llm judge: busy, no worker free", TokenUsage.NONE, modelName, rejected);
        }
        return await(call, modelName);
    }

    private void acquireSlot(String modelName) throws JudgeException {
        try {
            if (!slots.tryAcquire(config.queueTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new JudgeException("llm judge: busy, " + config.maxConcurrency() + " calls already in flight",
                        TokenUsage.NONE, modelName, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JudgeException("llm judge: interrupted", TokenUsage.NONE, modelName, e);
        }
    }

    private ChatResponse await(Future<ChatResponse> call, String modelName) throws JudgeException {
        try {
            return call.get(config.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new JudgeException("llm judge: timed out after " + config.timeout().toMillis() + " ms", TokenUsage.NONE,
                    modelName, e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new JudgeException("llm judge: interrupted", TokenUsage.NONE, modelName, e);
        } catch (ExecutionException e) {
            throw ProviderErrors.toJudgeException(e.getCause(), config, modelName);
        }
    }

    private static TokenUsage tokens(ChatResponse response) {
        var usage = response.tokenUsage();
        if (usage == null) {
            return TokenUsage.NONE;
        }
        return new TokenUsage(orZero(usage.inputTokenCount()), orZero(usage.outputTokenCount()));
    }

    private static long orZero(Integer count) {
        return count == null ? 0 : count;
    }

    private static ThreadPoolExecutor workers(int size) {
        AtomicInteger number = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(size), r -> {
            Thread thread = new Thread(r, "ibac-llm-judge-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
