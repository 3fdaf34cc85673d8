package dev.ibac.judge;

/**
 * Decides whether an in-scope action serves its mission's goal. Implementations are thread-safe.
 * A denial is a {@link JudgeVerdict}; a judge that cannot decide (timeout, provider error,
 * unparseable answer) throws {@link JudgeException} and the caller applies the mission's
 * {@code judge.onError}.
 */
public interface Judge {
    /** "semantic" or "llm": the name recorded in audit entries. */
    String name();

    JudgeVerdict judge(JudgeRequest request) throws JudgeException;
}
