package dev.ibac.webhook;

import dev.ibac.webhook.cli.AuditCommand;
import dev.ibac.webhook.cli.CertsCommand;
import dev.ibac.webhook.cli.CheckCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar ibac.jar <command>}: exit 0 success, 1 a finding, 2 usage or configuration error. */
@Command(name = "ibac", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "IBAC — intent-based admission controller for Kubernetes.",
        subcommands = {ServeCommand.class, DemoCommand.class, CheckCommand.class, AuditCommand.class,
                CertsCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FINDING = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; never exits the JVM (tests call this). */
    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs a command line with its output captured (tests). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // an I/O failure that no command turned into a message of its own is still about a path
            // the operator gave or the environment it runs in: a setup problem, never a finding
            if (e instanceof java.io.IOException io) {
                commandLine.getErr().println("ibac: " + IoErrors.describe(null, io));
                return USAGE;
            }
            commandLine.getErr().println("ibac: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return e instanceof ConfigException ? USAGE : FINDING;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: serve, demo, check, audit or certs");
    }

    /** A configuration problem the operator must fix (bad flag value, unreadable file): exit code 2. */
    public static final class ConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ConfigException(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ibac " + (version == null ? "dev" : version)};
        }
    }
}
