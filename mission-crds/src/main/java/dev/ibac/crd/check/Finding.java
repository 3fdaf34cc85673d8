package dev.ibac.crd.check;

/**
 * One problem in a manifest: where it is and what is wrong, phrased for the person who wrote it. A
 * {@code warning} is valid but risky (a Pod Security exception as wide as hostPath {@code /}); it
 * reads {@code … : warning: …} and is no reason to refuse the file.
 */
public record Finding(String file, String object, String path, String message, boolean warning) {
    /** An error: the manifest is wrong. */
    public Finding(String file, String object, String path, String message) {
        this(file, object, path, message, false);
    }

    /** Is this a reason to refuse the manifest? (errors are, warnings are not) */
    public boolean isError() {
        return !warning;
    }

    @Override
    public String toString() {
        return file + ": " + object + (path.isEmpty() ? "" : ": " + path) + ": " + (warning ? "warning: " : "") + message;
    }
}
