package dev.ibac.crd.check;

/** One problem in a manifest: where it is and what is wrong, phrased for the person who wrote it. */
public record Finding(String file, String object, String path, String message) {
    @Override
    public String toString() {
        return file + ": " + object + (path.isEmpty() ? "" : ": " + path) + ": " + message;
    }
}
