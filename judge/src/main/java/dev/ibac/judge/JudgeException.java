package dev.ibac.judge;

/** The judge could not reach a verdict; the message is safe to show to the agent. */
public class JudgeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final TokenUsage tokens;

    public JudgeException(String message, TokenUsage tokens, Throwable cause) {
        super(message, cause);
        this.tokens = tokens == null ? TokenUsage.NONE : tokens;
    }

    public JudgeException(String message) {
        this(message, TokenUsage.NONE, null);
    }

    /** Tokens spent before the failure (a garbage answer still cost tokens). */
    public TokenUsage tokens() {
        return tokens;
    }
}
