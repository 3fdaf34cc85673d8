package dev.ibac.judge;

/** The judge could not reach a verdict; the message is safe to show to the agent. */
public class JudgeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final TokenUsage tokens;
    private final String model;

    /** @param model the model that was asked, or null for judges without one (or when none was reached) */
    public JudgeException(String message, TokenUsage tokens, String model, Throwable cause) {
        super(message, cause);
        this.tokens = tokens == null ? TokenUsage.NONE : tokens;
        this.model = model;
    }

    public JudgeException(String message, TokenUsage tokens, Throwable cause) {
        this(message, tokens, null, cause);
    }

    public JudgeException(String message) {
        this(message, TokenUsage.NONE, null, null);
    }

    /** Tokens spent before the failure (a garbage answer still cost tokens). */
    public TokenUsage tokens() {
        return tokens;
    }

    /** The model that was asked (as {@link JudgeVerdict#model()} would have named it), or null. */
    public String model() {
        return model;
    }
}
