package dev.ibac.judge;

/** Exact LLM token counts of one judge call. */
public record TokenUsage(long input, long output) {
    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public long total() {
        return input + output;
    }
}
