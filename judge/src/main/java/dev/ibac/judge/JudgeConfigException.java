package dev.ibac.judge;

/**
 * Judge configuration is invalid (unknown provider, LLM judge chosen without an endpoint, a bad
 * number). Thrown at startup only; the message names the setting and is meant for the operator.
 * The CLI maps it to exit code 2.
 */
public class JudgeConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public JudgeConfigException(String message) {
        super(message);
    }

    public JudgeConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
