package dev.ibac.webhook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.webhook.audit.AuditChain;
import dev.ibac.webhook.audit.AuditFilter;
import dev.ibac.webhook.audit.AuditHead;
import dev.ibac.webhook.audit.AuditLogFiles;
import dev.ibac.webhook.audit.AuditVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check the hash chain; exit 1 and name the first bad file and line if the log was altered,",
                    "or say \"truncated\" if it ends before its head (<log>.head, or --expect-head).",
                    "Several logs (one per replica) are each checked on their own, against their own head."})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--log", required = true, paramLabel = "FILE|DIR", description = {"audit log (JSON Lines); repeat it, or name a folder",
                "(every *.jsonl in it and one level down), to verify each replica's chain on its own"})
        List<Path> logs;

        @Option(names = "--start-hash", paramLabel = "HEX", description = {"prevHash of the first entry (default: 64 zeros;",
                "with --rotated: what the oldest kept file's first entry says)"})
        String startHash;

        @Option(names = "--rotated", description = "verify <log>.N … <log>.1, then <log>, as one chain")
        boolean rotated;

        @Option(names = "--expect-head", paramLabel = "HEAD", description = {"a chain head kept elsewhere (/metrics, an earlier verify: its hash;",
                "a Mission's status: kubectl get mission -n NS NAME -o jsonpath='{.status.auditHeads[?(@.replica==\"POD\")]}'):",
                "the log must contain an entry with this hash, else it was truncated"})
        String expectHead;

        @Override
        public Integer call() throws IOException {
            if (startHash != null && !startHash.matches("[0-9a-f]{64}")) {
                throw new ParameterException(spec.commandLine(), "--start-hash must be 64 lowercase hex digits");
            }
            ExpectedHead expected = expectedHead();
            List<Path> chains = AuditLogArgs.expand(spec, logs);
            for (String pin : new String[] {startHash == null ? null : "--start-hash", expected == null ? null : "--expect-head"}) {
                if (pin != null && chains.size() > 1) {
                    throw new ParameterException(spec.commandLine(), pin + " pins one chain; verify that log alone ("
                            + chains.size() + " logs given)");
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            int broken = 0;
            for (Path log : chains) {
                broken += verify(log, expected, chains.size() > 1 ? log + ": " : "", out) ? 0 : 1;
            }
            if (chains.size() > 1) {
                out.println(chains.size() + " chains verified separately: " + (chains.size() - broken) + " intact"
                        + (broken == 0 ? "" : ", " + broken + " not"));
            }
            return broken == 0 ? ExitCodes.OK : ExitCodes.FINDING;
        }

        /**
         * One replica's chain, its head (<log>.head) and truncation checks included, against
         * {@code expected} when given (one log only); {@code prefix} names the log when several are
         * verified. False when it is tampered or truncated.
         */
        private boolean verify(Path log, ExpectedHead expected, String prefix, PrintWriter out) throws IOException {
            String expectedHash = expected == null ? null : expected.hash();
            AuditVerifier verifier = new AuditVerifier();
            AuditVerifier.Result result;
            try {
                result = rotated ? verifier.verifyRotated(log, startHash, expectedHash)
                        : verifier.verify(log, startHash == null ? AuditChain.GENESIS : startHash, expectedHash);
            } catch (AuditHead.Unreadable e) {
                out.println("TAMPERED: " + prefix + e.getMessage());
                return false;
            }
            if (result.note() != null) {
                out.println("note: " + prefix + result.note());
            }
            if (result.intact()) {
                out.println("ok: " + prefix + result.entries() + " entries, chain intact from " + start(result) + ", last hash " + result.lastHash());
                return true;
            }
            if (result.truncated()) {
                out.println("TRUNCATED: " + result.file() + ": " + result.problem() + " (" + result.entries() + " entries verify)");
                if (expected != null && expected.from() != null && result.problem().contains(expected.hash())) {
                    out.println("note: " + prefix + "the expected head is " + expected.from());
                }
                return false;
            }
            out.println("TAMPERED: " + result.file() + " line " + result.firstBadLine() + ": " + result.problem()
                    + " (" + result.entries() + " entries before it verify)" + hint(result));
            return false;
        }

        private ExpectedHead expectedHead() {
            try {
                return expectHead == null ? null : ExpectedHead.parse(expectHead);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        private static String start(AuditVerifier.Result result) {
            return result.startHash().equals(AuditChain.GENESIS) ? "the genesis hash (64 zeros)" : result.startHash();
        }

        /** A lone rotated file fails at line 1 only because it does not start at the genesis hash. */
        private String hint(AuditVerifier.Result result) {
            boolean continues = !rotated && startHash == null && result.firstBadLine() == 1 && result.problem().startsWith("prevHash");
            return continues ? "; if this file continues a rotated set, verify the set with --rotated or pass --start-hash" : "";
        }
    }

    @Command(name = "query", mixinStandardHelpOptions = true, description = {"Filter audit entries, oldest first (newest first with --reverse);",
            "several logs are merged by time."})
    static final class Query implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--log", required = true, paramLabel = "FILE|DIR", description = {"audit log (JSON Lines); repeat it, or name a folder",
                "(every *.jsonl in it and one level down), to merge several replicas' logs by time"})
        List<Path> logs;

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

        @Option(names = "--rotated", description = "read <log>.N … <log>.1 before <log> (the whole rotated set, oldest first)")
        boolean rotated;

        @Option(names = "--reverse", description = {"newest first, as the auditor's verdict list shows them (also across several logs);",
                "the default stays oldest first, for scripts"})
        boolean reverse;

        @Option(names = "--format", paramLabel = "table|json", description = "output format (default: ${DEFAULT-VALUE})")
        String format = "table";

        @Override
        public Integer call() throws IOException {
            if (!format.equals("table") && !format.equals("json")) {
                throw new ParameterException(spec.commandLine(), "--format must be table or json");
            }
            Predicate<JsonNode> filter = filter();
            List<List<Path>> chains = new ArrayList<>();
            for (Path log : AuditLogArgs.expand(spec, logs)) {
                chains.add(!rotated ? List.of(log) : reverse ? AuditLogFiles.newestFirst(log) : AuditLogFiles.oldestFirst(log));
            }
            AuditTable table = new AuditTable(spec.commandLine().getOut(), format.equals("json"));
            try (MergedLogs merged = new MergedLogs(chains, spec.commandLine().getErr(), reverse)) {
                for (MergedLogs.Line line = merged.next(); line != null; line = merged.next()) {
                    if (filter.test(line.entry())) {
                        table.add(line.entry(), line.text());
                    }
                }
            }
            table.finish();
            return ExitCodes.OK;
        }

        private Predicate<JsonNode> filter() {
            // entries name missions as NS/NAME: a bare name would match nothing, silently
            if (mission != null && !mission.isBlank() && !mission.matches("[^/]+/[^/]+")) {
                throw new ParameterException(spec.commandLine(), "--mission wants NS/NAME (e.g. shop/scale-checkout), got \""
                        + mission + "\"");
            }
            try {
                return new AuditFilter(mission, agent, decision, namespace, since == null ? null : AuditFilter.since(since, Instant.now()));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }
}
