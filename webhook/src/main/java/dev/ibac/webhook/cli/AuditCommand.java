package dev.ibac.webhook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibac.webhook.Main;
import dev.ibac.webhook.audit.AuditChain;
import dev.ibac.webhook.audit.AuditFilter;
import dev.ibac.webhook.audit.AuditVerifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code audit query|verify}: what auditors run against the JSON Lines log. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Query or verify the audit log.",
        subcommands = {AuditCommand.Query.class, AuditCommand.Verify.class})
public final class AuditCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: query or verify");
    }

    static void requireFile(CommandSpec spec, Path log) {
        if (!Files.isRegularFile(log)) {
            throw new ParameterException(spec.commandLine(), "--log " + log + ": no such file");
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the hash chain; exit 1 and name the first bad line if the log was altered.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--log", required = true, paramLabel = "FILE", description = "audit log (JSON Lines)")
        Path log;

        @Option(names = "--start-hash", paramLabel = "HEX", description = "prevHash of the first entry (rotated files; default 64 zeros)")
        String startHash = AuditChain.GENESIS;

        @Option(names = "--rotated", description = "verify <log>.N … <log>.1 and <log> as one chain")
        boolean rotated;

        @Override
        public Integer call() throws IOException {
            requireFile(spec, log);
            PrintWriter out = spec.commandLine().getOut();
            AuditVerifier verifier = new AuditVerifier();
            AuditVerifier.Result result = rotated ? verifier.verifyRotated(log) : verifier.verify(log, startHash);
            if (result.intact()) {
                out.println("ok: " + result.entries() + " entries, chain intact, last hash " + result.lastHash());
                return Main.OK;
            }
            out.println("TAMPERED: " + log + " line " + result.firstBadLine() + ": " + result.problem()
                    + " (" + result.entries() + " entries before it verify)");
            return Main.FINDING;
        }
    }

    @Command(name = "query", mixinStandardHelpOptions = true, description = "Filter audit entries.")
    static final class Query implements Callable<Integer> {
        private static final ObjectMapper MAPPER = new ObjectMapper();

        @Spec
        CommandSpec spec;

        @Option(names = "--log", required = true, paramLabel = "FILE", description = "audit log (JSON Lines)")
        Path log;

        @Option(names = "--mission", paramLabel = "NS/NAME", description = "only this mission")
        String mission;

        @Option(names = "--agent", paramLabel = "USERNAME", description = "only this agent (username; * globs allowed)")
        String agent;

        @Option(names = "--decision", paramLabel = "allow|deny", description = "only allowed or denied")
        String decision;

        @Option(names = "--since", paramLabel = "TIME", description = "RFC 3339 time (2026-11-23T10:00:00Z) or a duration back from now (90m, 24h, 7d)")
        String since;

        @Option(names = "--namespace", paramLabel = "NS", description = "only this namespace")
        String namespace;

        @Option(names = "--format", paramLabel = "table|json", description = "output format (default: ${DEFAULT-VALUE})")
        String format = "table";

        @Override
        public Integer call() throws IOException {
            requireFile(spec, log);
            if (!format.equals("table") && !format.equals("json")) {
                throw new ParameterException(spec.commandLine(), "--format must be table or json");
            }
            if (decision != null && !decision.equals("allow") && !decision.equals("deny")) {
                throw new ParameterException(spec.commandLine(), "--decision must be allow or deny");
            }
            Predicate<JsonNode> filter = filter();
            AuditTable table = new AuditTable(spec.commandLine().getOut(), format.equals("json"));
            try (BufferedReader reader = Files.newBufferedReader(log)) {
                long lineNo = 0;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lineNo++;
                    JsonNode entry = parse(line, lineNo);
                    if (entry != null && filter.test(entry)) {
                        table.add(entry, line);
                    }
                }
            }
            table.finish();
            return Main.OK;
        }

        private JsonNode parse(String line, long lineNo) {
            try {
                return MAPPER.readTree(line);
            } catch (IOException e) {
                spec.commandLine().getErr().println("ibac: line " + lineNo + " is not JSON; skipped (run audit verify)");
                return null;
            }
        }

        private Predicate<JsonNode> filter() {
            try {
                return new AuditFilter(mission, agent, decision, namespace, since == null ? null : sinceInstant());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        private Instant sinceInstant() {
            try {
                return Instant.parse(since);
            } catch (DateTimeParseException notATime) {
                return Instant.now().minus(duration(since));
            }
        }

        private Duration duration(String text) {
            if (!text.matches("\\d+[smhd]")) {
                throw new ParameterException(spec.commandLine(), "--since must be an RFC 3339 time or a duration like 90m, 24h, 7d");
            }
            long n = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
    }
}
