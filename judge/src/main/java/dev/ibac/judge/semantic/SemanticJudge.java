package dev.ibac.judge.semantic;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ibac.judge.Judge;
import dev.ibac.judge.JudgeException;
import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.JudgeVerdict.Decision;
import dev.ibac.judge.JudgeVerdict.Risk;
import dev.ibac.judge.TokenUsage;
import dev.ibac.judge.describe.ActionDescriber;
import dev.ibac.judge.describe.ActionDescription;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.store.embedding.CosineSimilarity;
import java.util.Locale;

/**
 * The offline judge: embeds a plain-language sentence of the action with an in-process
 * sentence-embedding model and compares it with the mission's goal. It denies what is clearly
 * unrelated to the goal; it cannot tell a harmful action dressed in the goal's own words from a
 * useful one (the protect rules and the LLM judge are there for that).
 *
 * <p>Only the action itself is scored. The agent's rationale is a claim the agent controls, so a
 * rationale that copies the goal must not lift an unrelated action over the threshold: it is
 * named in the reasoning, never counted.
 */
public final class SemanticJudge implements Judge {
    public static final String NAME = "semantic";
    public static final String MODEL = "all-MiniLM-L6-v2-q";
    /** Distinct goals whose embeddings are kept; a goal is re-embedded only after eviction. */
    public static final int DEFAULT_GOAL_CACHE_SIZE = 1024;

    private final EmbeddingModel model;
    private final ActionDescriber describer;
    private final SemanticThresholds thresholds;
    private final Cache<String, Embedding> goals;

    public SemanticJudge(EmbeddingModel model, ActionDescriber describer, SemanticThresholds thresholds, int goalCacheSize) {
        this.model = model;
        this.describer = describer;
        this.thresholds = thresholds;
        this.goals = Caffeine.newBuilder().maximumSize(goalCacheSize).build();
    }

    /** Loads the quantized all-MiniLM-L6-v2 model shipped in the classpath (about a second, no network). */
    public static SemanticJudge withBundledModel(SemanticThresholds thresholds) {
        return new SemanticJudge(new AllMiniLmL6V2QuantizedEmbeddingModel(), new ActionDescriber(), thresholds,
                DEFAULT_GOAL_CACHE_SIZE);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JudgeVerdict judge(JudgeRequest request) throws JudgeException {
        ActionDescription description = describer.describe(request.action());
        String goal = request.mission().getSpec().goal();
        double score = score(goal, description);
        boolean allow = score >= thresholds.allow();
        return new JudgeVerdict(allow ? Decision.ALLOW : Decision.DENY, reasoning(score, allow, description),
                risk(score), confidence(score), TokenUsage.NONE, NAME, MODEL, false);
    }

    /** Cosine similarity of the action's sentence and the goal, in -1..1. */
    public double score(String goal, ActionDescription description) throws JudgeException {
        try {
            Embedding goalEmbedding = goals.get(goal, g -> model.embed(g).content());
            return CosineSimilarity.between(goalEmbedding, model.embed(description.sentence()).content());
        } catch (RuntimeException e) {
            throw new JudgeException("semantic judge: embedding failed (" + e.getClass().getSimpleName() + ")",
                    TokenUsage.NONE, e);
        }
    }

    private String reasoning(double score, boolean allow, ActionDescription description) {
        String verdict = allow
                ? String.format(Locale.ROOT, "action matches the mission goal with similarity %.2f ≥ %.2f", score, thresholds.allow())
                : String.format(Locale.ROOT, "action looks unrelated to the mission goal: similarity %.2f < %.2f", score, thresholds.allow());
        String rationale = description.rationale().isEmpty() ? "" : "; the agent's rationale is not scored";
        return verdict + " (action read as \"" + abbreviate(description.sentence()) + "\")" + rationale;
    }

    private Risk risk(double score) {
        if (score >= thresholds.lowRisk()) {
            return Risk.LOW;
        }
        return score < thresholds.highRisk() ? Risk.HIGH : Risk.MEDIUM;
    }

    /** 0.5 at the allow threshold, rising linearly to 0.95 at the low- or high-risk threshold. */
    private double confidence(double score) {
        double distance = score - thresholds.allow();
        double span = distance >= 0 ? thresholds.lowRisk() - thresholds.allow() : thresholds.allow() - thresholds.highRisk();
        double ramp = span <= 0 ? 1 : Math.min(1, Math.abs(distance) / span);
        return 0.5 + 0.45 * ramp;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
