package dev.ibac.judge;

/**
 * A judge's answer. {@code confidence} is 0..1; {@code model} is null for judges without one.
 * {@code cached} is true when the verdict came from the verdict cache (no tokens spent this time).
 * {@link Decision#UNCERTAIN} is the semantic judge's third answer (SPEC §7): a medium or high risk
 * effect the goal neither asks for nor rules out; {@code spec.judge.onUncertain} or the cascade's LLM
 * decides it.
 */
public record JudgeVerdict(
        Decision decision,
        String reasoning,
        Risk risk,
        double confidence,
        TokenUsage tokens,
        String judge,
        String model,
        boolean cached) {

    public enum Decision { ALLOW, DENY, UNCERTAIN }

    public enum Risk { LOW, MEDIUM, HIGH }

    public boolean allowed() {
        return decision == Decision.ALLOW;
    }

    public boolean uncertain() {
        return decision == Decision.UNCERTAIN;
    }

    public JudgeVerdict asCached() {
        return new JudgeVerdict(decision, reasoning, risk, confidence, TokenUsage.NONE, judge, model, true);
    }
}
