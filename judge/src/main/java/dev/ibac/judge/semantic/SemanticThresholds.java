package dev.ibac.judge.semantic;

import dev.ibac.judge.JudgeConfigException;
import java.util.Map;

/**
 * Cosine-similarity cut-offs of the {@link SemanticJudge}: allow at or above {@code allow}; risk
 * is low at or above {@code lowRisk} and high below {@code highRisk}. The defaults are calibrated
 * on the labelled corpus in {@code judge/src/test/resources/corpus} (see {@code SemanticCalibrationTest}).
 */
public record SemanticThresholds(double highRisk, double allow, double lowRisk) {
    public static final SemanticThresholds DEFAULT = new SemanticThresholds(0.15, 0.30, 0.45);

    public static final String ALLOW_ENV = "IBAC_SEMANTIC_ALLOW";
    public static final String LOW_RISK_ENV = "IBAC_SEMANTIC_LOW_RISK";
    public static final String HIGH_RISK_ENV = "IBAC_SEMANTIC_HIGH_RISK";

    public SemanticThresholds {
        if (!(-1 <= highRisk && highRisk <= allow && allow <= lowRisk && lowRisk <= 1)) {
            throw new JudgeConfigException(
                    "semantic thresholds must satisfy -1 <= highRisk <= allow <= lowRisk <= 1, got "
                            + highRisk + ", " + allow + ", " + lowRisk);
        }
    }

    /** The defaults, each overridable by its environment variable (a decimal such as "0.3"). */
    public static SemanticThresholds fromEnv(Map<String, String> env) {
        return new SemanticThresholds(
                number(env, HIGH_RISK_ENV, DEFAULT.highRisk),
                number(env, ALLOW_ENV, DEFAULT.allow),
                number(env, LOW_RISK_ENV, DEFAULT.lowRisk));
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
