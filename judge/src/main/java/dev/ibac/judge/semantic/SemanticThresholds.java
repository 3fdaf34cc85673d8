package dev.ibac.judge.semantic;

import dev.ibac.judge.JudgeConfigException;
import java.util.Map;

/**
 * Cosine-similarity cut-offs of the {@link SemanticJudge}'s topic test, used only for actions that
 * name none of the goal's objects: {@code kindTopic} when the action's kind is one the goal's words
 * point at ("the nightly backup" → CronJobs), {@code topic} otherwise. Calibrated on the calibration
 * split of {@code judge/src/test/resources/intent-corpus} (see {@code IntentCorpusTest}).
 */
public record SemanticThresholds(double kindTopic, double topic) {
    public static final SemanticThresholds DEFAULT = new SemanticThresholds(0.20, 0.40);

    public static final String KIND_TOPIC_ENV = "IBAC_SEMANTIC_KIND_TOPIC";
    public static final String TOPIC_ENV = "IBAC_SEMANTIC_TOPIC";

    public SemanticThresholds {
        if (!(-1 <= kindTopic && kindTopic <= topic && topic <= 1)) {
            throw new JudgeConfigException("semantic thresholds must satisfy -1 <= " + KIND_TOPIC_ENV + " <= " + TOPIC_ENV
                    + " <= 1, got " + kindTopic + ", " + topic);
        }
    }

    /** The defaults, each overridable by its environment variable (a decimal such as "0.3"). */
    public static SemanticThresholds fromEnv(Map<String, String> env) {
        return new SemanticThresholds(number(env, KIND_TOPIC_ENV, DEFAULT.kindTopic), number(env, TOPIC_ENV, DEFAULT.topic));
    }

    private static double number(Map<String, String> env, String name, double fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new JudgeConfigException(name + " must be a number between -1 and 1, got \"" + value + "\"", e);
        }
    }
}
