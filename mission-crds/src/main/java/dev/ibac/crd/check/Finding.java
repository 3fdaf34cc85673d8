package dev.ibac.crd.check;

/**
 * One thing {@code check} says about a manifest: where it is and what it found, phrased for the
 * person who wrote it. Only {@link Level#ERROR} is a reason to refuse the file. A warning is valid
 * but risky or likely a slip (a Pod Security exception as wide as hostPath {@code /}, a resource
 * name no built-in matches); it reads {@code … : warning: …}. A note says what was left alone (a
 * Namespace beside the Missions); it reads {@code … : note: …}.
 */
public record Finding(String file, String object, String path, String message, Level level) {
    public enum Level { ERROR, WARNING, NOTE }

    /** An error: the manifest is wrong. */
    public Finding(String file, String object, String path, String message) {
        this(file, object, path, message, Level.ERROR);
    }

    /** An error, or a warning when {@code warning}. */
    public Finding(String file, String object, String path, String message, boolean warning) {
        this(file, object, path, message, warning ? Level.WARNING : Level.ERROR);
    }

    /** Is this a reason to refuse the manifest? (errors are, warnings and notes are not) */
    public boolean isError() {
        return level == Level.ERROR;
    }

    public boolean warning() {
        return level == Level.WARNING;
    }

    @Override
    public String toString() {
        String prefix = switch (level) {
            case ERROR -> "";
            case WARNING -> "warning: ";
            case NOTE -> "note: ";
        };
        return file + ": " + object + (path.isEmpty() ? "" : ": " + path) + ": " + prefix + message;
    }
}
