package dev.ibac.webhook.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ibac.webhook.offline.Replay;
import dev.ibac.webhook.problem.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replay --log FILE --missions DIR}: what a change to Missions or Budgets would have done to logged traffic. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Decide every logged agent action again against the Missions and Budgets in DIR, through the decision"
                + " path `serve` uses, and list each verdict that would change (before → after, with stage and reason).",
                "The logged time is the clock (expiry, budget windows, change rate). Differs from the webhook: "
                        + Replay.FRESH_LEDGER + "; objects are decided as the log keeps them (credentials redacted), and a"
                        + " /scale request has no cluster to read its workload from.",
                "Entries without request objects (older entries, --audit-objects=false, objects over 32 KiB) are counted as not replayable.",
                "Exit 0 when no verdict changes, 1 when some do (or the log's chain does not hold), 2 usage or configuration errors."})
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--log", required = true, paramLabel = "FILE", description = "the audit log (JSON Lines)")
    Path log;

    @Option(names = "--rotated", description = "replay <log>.N … <log>.1, then <log>, as one log")
    boolean rotated;

    @Option(names = "--missions", required = true, paramLabel = "DIR", description = "Missions and Budgets to decide against (YAML files in DIR)")
    Path missions;

    @Option(names = "--format", description = "table or json (default: ${DEFAULT-VALUE})")
    String format = "table";

    @Option(names = "--ignore-chain", description = "replay a log whose hash chain does not hold (with a warning)")
    boolean ignoreChain;

    @Option(names = "--judge", description = "semantic (default) or llm (configured by IBAC_LLM_*, as for serve)")
    String judge = "semantic";

    @Override
    public Integer call() throws Exception {
        if (!format.equals("table") && !format.equals("json")) {
            throw new ConfigException("--format must be table or json, got \"" + format + "\"");
        }
        if (!judge.equals("semantic") && !judge.equals("llm")) {
            throw new ConfigException("--judge must be semantic or llm, got \"" + judge + "\"");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Replay.Options options = new Replay.Options(log, rotated, missions, ignoreChain, judge, System.getenv());
        Replay.Sink sink = format.equals("json") ? new JsonSink(out, err) : new TableSink(out, err);
        try {
            Replay.Summary summary = new Replay().run(options, sink);
            return summary.changed() == 0 ? ExitCodes.OK : ExitCodes.FINDING;
        } catch (Replay.SetupException e) {
            e.problems().forEach(p -> err.println("ibac replay: " + p));
            err.flush();
            return ExitCodes.USAGE;
        } catch (Replay.BrokenChain e) {
            err.println("ibac replay: " + e.getMessage());
            err.flush();
            return ExitCodes.FINDING;
        } finally {
            out.flush();
        }
    }

    private static String reasons(Map<String, Long> why) {
        return why.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining("; "));
    }

    /** One block per change, then the summary; the fresh-ledger difference stated first. */
    private static final class TableSink implements Replay.Sink {
        private final PrintWriter out;
        private final PrintWriter err;
        private boolean header;

        TableSink(PrintWriter out, PrintWriter err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void warning(String message) {
            err.println("ibac replay: warning: " + message);
            err.flush();
        }

        private void header() {
            if (!header) {
                out.println("note: " + Replay.FRESH_LEDGER + ".");
                header = true;
            }
        }

        @Override
        public void changed(Replay.Change c) {
            header();
            out.printf("%s  %s  %s  %s  %s → %s%n", c.auditId(), c.time(), c.agent(), c.action(), c.before().label(), c.after().label());
            out.printf("    before  %-8s %s%n", c.before().stage(), c.before().reason());
            out.printf("    after   %-8s %s%n", c.after().stage(), c.after().reason());
        }

        @Override
        public void finished(Replay.Summary s) {
            header();
            out.println("replayed " + s.replayed() + ", changed " + s.changed() + ", not replayable " + s.notReplayable()
                    + (s.whyNotReplayable().isEmpty() ? "" : " (" + reasons(s.whyNotReplayable()) + ")")
                    + "; " + s.millis() + " ms, " + s.perSecond() + " entries/s");
        }
    }

    /** One JSON object, streamed: {note, warnings…, changes: […], summary}. */
    private static final class JsonSink implements Replay.Sink {
        private final JsonGenerator json;
        private final PrintWriter err;
        private boolean changesOpen;

        JsonSink(PrintWriter out, PrintWriter err) throws IOException {
            this.err = err;
            this.json = new JsonFactory().createGenerator(out);
            json.writeStartObject();
            json.writeStringField("note", Replay.FRESH_LEDGER);
            json.writeArrayFieldStart("warnings");
        }

        @Override
        public void warning(String message) {
            err.println("ibac replay: warning: " + message);
            err.flush();
            write(() -> json.writeString(message));
        }

        private void openChanges() throws IOException {
            if (!changesOpen) {
                json.writeEndArray();
                json.writeArrayFieldStart("changes");
                changesOpen = true;
            }
        }

        @Override
        public void changed(Replay.Change c) {
            write(() -> {
                openChanges();
                json.writeStartObject();
                json.writeStringField("auditId", c.auditId());
                json.writeStringField("time", c.time());
                json.writeStringField("agent", c.agent());
                json.writeStringField("action", c.action());
                json.writeStringField("file", c.file().toString());
                json.writeNumberField("line", c.line());
                verdict("before", c.before());
                verdict("after", c.after());
                json.writeEndObject();
            });
        }

        private void verdict(String field, Replay.Verdict v) throws IOException {
            json.writeObjectFieldStart(field);
            json.writeStringField("decision", v.decision());
            json.writeBooleanField("enforced", v.enforced());
            json.writeStringField("stage", v.stage());
            json.writeStringField("reason", v.reason());
            json.writeEndObject();
        }

        @Override
        public void finished(Replay.Summary s) {
            write(() -> {
                openChanges();
                json.writeEndArray();
                json.writeObjectFieldStart("summary");
                json.writeNumberField("replayed", s.replayed());
                json.writeNumberField("changed", s.changed());
                json.writeNumberField("notReplayable", s.notReplayable());
                json.writeObjectFieldStart("whyNotReplayable");
                for (var e : s.whyNotReplayable().entrySet()) {
                    json.writeNumberField(e.getKey(), e.getValue());
                }
                json.writeEndObject();
                json.writeNumberField("millis", s.millis());
                json.writeNumberField("perSecond", s.perSecond());
                json.writeEndObject();
                json.writeEndObject();
                json.writeRaw('\n');
                json.flush();
            });
        }

        private interface Io {
            void run() throws IOException;
        }

        private static void write(Io io) {
            try {
                io.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
