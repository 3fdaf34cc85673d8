package dev.ibac.webhook.problem;

/** A configuration problem the operator must fix (bad flag value, unreadable file): exit code 2. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
