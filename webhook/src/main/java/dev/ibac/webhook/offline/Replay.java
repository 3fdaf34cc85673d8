package dev.ibac.webhook.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.action.Action;
import dev.ibac.webhook.app.DecisionPaths;
import dev.ibac.webhook.audit.AuditChain;
import dev.ibac.webhook.audit.AuditLogFiles;
import dev.ibac.webhook.audit.AuditVerifier;
import dev.ibac.webhook.embedded.MissionFiles;
import dev.ibac.webhook.http.AdmissionCodec;
import dev.ibac.webhook.pipeline.Decision;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code replay}: decides every logged agent action again, through the decision path {@code serve}
 * builds ({@link DecisionPaths#offline}), against the Missions and Budgets of a directory. The
 * logged time is the clock; the budget ledger is fresh (spend before the log's first entry, and
 * other replicas' spend, is not counted). The log is read line by line and changes are handed to
 * the sink as found, so memory stays flat however long the log is.
 */
public final class Replay {
    /** Why budget verdicts may differ from the webhook's: said in {@code --help} and in every output. */
    public static final String FRESH_LEDGER = "budgets start from a fresh ledger seeded from nothing: spend before the "
            + "log's first entry, and spend of other IBAC replicas, is not counted, so budget verdicts may differ from the webhook's";
    /** Distinct reasons counted for "not replayable"; more are counted as "other". */
    private static final int MAX_REASONS = 20;

    private final ObjectMapper mapper = new ObjectMapper();
    private final AdmissionCodec codec = new AdmissionCodec();

    /** Where a replay's findings go, as they are found. */
    public interface Sink {
        void warning(String message);

        void changed(Change change);

        void finished(Summary summary);
    }

    /** One verdict, before or after: decision (allow|deny), whether enforced, the deciding stage and its reason. */
    public record Verdict(String decision, boolean enforced, String stage, String reason) {
        /** "allow", "deny", or "deny (not enforced)" — what the API server was told. */
        public String label() {
            return "deny".equals(decision) && !enforced ? "deny (not enforced)" : decision;
        }
    }

    /** A logged action whose verdict changes. */
    public record Change(Path file, long line, String auditId, String time, String agent, String action, Verdict before,
            Verdict after) {}

    /** The totals: entries decided again, how many changed, and those that could not be (with why, counted). */
    public record Summary(long replayed, long changed, long notReplayable, Map<String, Long> whyNotReplayable, long millis) {
        public long perSecond() {
            return millis == 0 ? replayed * 1000 : replayed * 1000 / millis;
        }
    }

    /** Setup problems: the missions directory, its files, the log files (exit 2). */
    public static final class SetupException extends Exception {
        private final List<String> problems;

        SetupException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** The log does not hold its chain and {@code --ignore-chain} was not given (exit 1). */
    public static final class BrokenChain extends Exception {
        BrokenChain(String message) {
            super(message);
        }
    }

    /** What to replay and how. {@code judge}: semantic or llm (configured from {@code env}). */
    public record Options(Path log, boolean rotated, Path missionsDir, boolean ignoreChain, String judge, Map<String, String> env) {}

    /** Replays; returns the summary also given to the sink. */
    public Summary run(Options options, Sink sink) throws SetupException, BrokenChain, IOException {
        MissionFiles.Contents contents = missions(options.missionsDir());
        List<Path> files = logFiles(options);
        checkChain(options, files, sink);
        ReplayClock clock = new ReplayClock();
        long started = System.nanoTime();
        Counts counts = new Counts();
        try (DecisionPaths.Offline path = DecisionPaths.offline(contents, clock, options.judge(), options.env())) {
            for (Path file : files) {
                replayFile(file, path, clock, sink, counts);
            }
        }
        Summary summary = new Summary(counts.replayed, counts.changed, counts.notReplayable, counts.why,
                (System.nanoTime() - started) / 1_000_000);
        sink.finished(summary);
        return summary;
    }

    private static MissionFiles.Contents missions(Path dir) throws SetupException {
        try {
            return MissionFiles.readChecked(MissionFiles.yamlFiles(dir));
        } catch (IOException e) {
            throw new SetupException(List.of("--missions: " + e.getMessage()));
        } catch (MissionFiles.Problems p) {
            throw new SetupException(p.problems());
        }
    }

    private static List<Path> logFiles(Options options) throws SetupException, IOException {
        List<Path> files = options.rotated() ? AuditLogFiles.oldestFirst(options.log()) : List.of(options.log());
        if (options.rotated() ? files.isEmpty() : !Files.isRegularFile(options.log())) {
            throw new SetupException(List.of("--log " + options.log() + ": no such file"));
        }
        return files;
    }

    private static void checkChain(Options options, List<Path> files, Sink sink) throws IOException, BrokenChain {
        AuditVerifier verifier = new AuditVerifier();
        AuditVerifier.Result result = options.rotated() ? verifier.verifyRotated(options.log(), null)
                : verifier.verify(files.get(0), AuditChain.GENESIS);
        if (result.intact()) {
            return;
        }
        String where = result.file() + " line " + result.firstBadLine() + ": " + result.problem();
        if (!options.ignoreChain()) {
            throw new BrokenChain("the audit log's hash chain does not hold at " + where
                    + (options.rotated() ? "" : " (a file that continues a rotated set: replay the set with --rotated)")
                    + "; replay refuses a log that may have been altered — run `ibac audit verify`, or pass --ignore-chain to replay it anyway");
        }
        sink.warning("the audit log's hash chain does not hold at " + where + "; replaying anyway (--ignore-chain): "
                + "what it says may have been altered");
    }

    private static final class Counts {
        long replayed;
        long changed;
        long notReplayable;
        final Map<String, Long> why = new LinkedHashMap<>();

        void notReplayable(String reason) {
            notReplayable++;
            // the reason's numbers (byte counts) vary per entry; the kind of reason is what is counted
            String kind = reason.replaceAll("[0-9]+", "N");
            why.merge(why.containsKey(kind) || why.size() < MAX_REASONS ? kind : "other", 1L, Long::sum);
        }
    }

    private void replayFile(Path file, DecisionPaths.Offline path, ReplayClock clock, Sink sink, Counts counts) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long lineNo = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                ObjectNode entry = parse(line);
                if (entry == null) {
                    counts.notReplayable("not a JSON object");
                    continue;
                }
                Replayable replayable = replayable(entry);
                if (replayable.why() != null) {
                    counts.notReplayable(replayable.why());
                    continue;
                }
                clock.advanceTo(replayable.time());
                Decision decision = path.pipeline().decide(replayable.action());
                counts.replayed++;
                Verdict before = new Verdict(entry.path("decision").asText(), entry.path("enforced").asBoolean(true),
                        entry.path("stage").asText(), entry.path("reason").asText(""));
                Verdict after = new Verdict(decision.allowed() ? "allow" : "deny", decision.enforced(), decision.stage().label(),
                        decision.reason() == null ? "" : decision.reason());
                if (!before.label().equals(after.label())) {
                    counts.changed++;
                    sink.changed(new Change(file, lineNo, entry.path("auditId").asText(), entry.path("time").asText(),
                            entry.at("/agent/username").asText(), replayable.action().describe(), before, after));
                }
            }
        }
    }

    private ObjectNode parse(String line) {
        try {
            return mapper.readTree(line) instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The action an entry records, or why it cannot be decided again. */
    private record Replayable(Action action, Instant time, String why) {
        static Replayable not(String why) {
            return new Replayable(null, null, why);
        }
    }

    private Replayable replayable(ObjectNode entry) {
        JsonNode request = entry.get("request");
        if (request == null || !request.isObject()) {
            return Replayable.not("no request recorded (an entry written before audit entries carried it, or with --audit-objects=false)");
        }
        for (String field : List.of("object", "oldObject")) {
            if (request.path(field + "Omitted").isTextual()) {
                return Replayable.not(field + " left out of the entry: " + request.path(field + "Omitted").asText());
            }
        }
        Instant time;
        try {
            time = Instant.parse(entry.path("time").asText());
        } catch (DateTimeParseException e) {
            return Replayable.not("no valid time");
        }
        try {
            return new Replayable(codec.decode(review(entry, request)), time, null);
        } catch (RuntimeException e) { // the codec's BadRequestException, naming the field
            return Replayable.not("not an admission request: " + e.getMessage());
        }
    }

    /** The AdmissionReview the entry records, as the API server sent it (objects as redacted in the entry). */
    private byte[] review(ObjectNode entry, JsonNode request) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("uid", entry.path("auditId").asText());
        r.put("operation", entry.path("operation").asText());
        JsonNode resource = entry.path("resource");
        r.putObject("resource").put("group", resource.path("group").asText()).put("version", resource.path("version").asText())
                .put("resource", resource.path("resource").asText());
        if (!resource.path("subresource").asText().isEmpty()) {
            r.put("subResource", resource.path("subresource").asText());
        }
        r.putObject("kind").put("group", resource.path("group").asText()).put("version", resource.path("version").asText())
                .put("kind", entry.path("kind").asText());
        r.put("namespace", entry.path("namespace").asText());
        r.put("name", entry.path("name").asText());
        r.put("dryRun", entry.path("dryRun").asBoolean(false));
        ObjectNode user = r.putObject("userInfo").put("username", entry.at("/agent/username").asText());
        user.set("groups", entry.at("/agent/groups").isArray() ? entry.at("/agent/groups") : JsonNodeFactory.instance.arrayNode());
        r.set("object", request.get("object"));
        r.set("oldObject", request.get("oldObject"));
        ObjectNode review = JsonNodeFactory.instance.objectNode().put("apiVersion", AdmissionCodec.API_VERSION)
                .put("kind", AdmissionCodec.KIND);
        review.set("request", r);
        try {
            return mapper.writeValueAsBytes(review);
        } catch (IOException e) {
            throw new IllegalStateException("a tree read from JSON serialises", e);
        }
    }
}
