package dev.ibac.webhook.cli;

/** What {@code java -jar ibac.jar <command>} exits with: 0 success, 1 a finding, 2 usage or configuration error. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FINDING = 1;
    public static final int USAGE = 2;

    private ExitCodes() {}
}
