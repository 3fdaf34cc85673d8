package dev.ibac.webhook;

import dev.ibac.webhook.cli.ApprovalsCommand;
import dev.ibac.webhook.cli.AuditCommand;
import dev.ibac.webhook.cli.CertsCommand;
import dev.ibac.webhook.cli.CheckCommand;
import dev.ibac.webhook.cli.DemoCommand;
import dev.ibac.webhook.cli.ExitCodes;
import dev.ibac.webhook.cli.ReplayCommand;
import dev.ibac.webhook.cli.ServeCommand;
import dev.ibac.webhook.cli.TestCommand;
import dev.ibac.webhook.problem.ConfigException;
import dev.ibac.webhook.problem.IoErrors;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar ibac.jar <command>}: exit 0 success, 1 a finding, 2 usage or configuration error. */
@Command(name = "ibac", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "IBAC — intent-based admission controller for Kubernetes.",
        subcommands = {ServeCommand.class, DemoCommand.class, CheckCommand.class, AuditCommand.class,
                CertsCommand.class, TestCommand.class, ReplayCommand.class, ApprovalsCommand.Group.class,
                ApprovalsCommand.Approve.class, ApprovalsCommand.Reject.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; never exits the JVM (tests call this). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command line with its output captured (tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // an I/O failure that no command turned into a message of its own is still about a path
            // the operator gave or the environment it runs in: a setup problem, never a finding
            if (e instanceof IOException io) {
                commandLine.getErr().println("ibac: " + IoErrors.describe(null, io));
                return ExitCodes.USAGE;
            }
            commandLine.getErr().println("ibac: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return e instanceof ConfigException ? ExitCodes.USAGE : ExitCodes.FINDING;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: serve, demo, check, test, replay, audit, certs, approvals, approve or reject");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ibac " + version()};
        }

        /** The build's version, from a resource Maven fills in (the jar's manifest has none of its own). */
        static String version() {
            try (java.io.InputStream in = Main.class.getResourceAsStream("version.properties")) {
                java.util.Properties properties = new java.util.Properties();
                if (in != null) {
                    properties.load(in);
                }
                String version = properties.getProperty("version", "");
                return version.isBlank() || version.startsWith("${") ? "dev" : version;
            } catch (IOException e) {
                return "dev";
            }
        }
    }
}
