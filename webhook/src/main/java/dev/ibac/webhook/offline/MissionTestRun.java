package dev.ibac.webhook.offline;

import dev.ibac.action.Action;
import dev.ibac.webhook.app.DecisionPaths;
import dev.ibac.webhook.embedded.MissionFiles;
import dev.ibac.webhook.http.AdmissionCodec;
import dev.ibac.webhook.pipeline.Decision;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one MissionTest file: its cases in order against one decision path built as {@code serve}
 * builds it ({@link DecisionPaths#offline}), so budgets and rate limits carry from case to case.
 */
public final class MissionTestRun {
    private static final AdmissionCodec CODEC = new AdmissionCodec();

    /** One case's outcome; {@code failure} is null when it passed. */
    public record Result(MissionTestFile.Case testCase, String got, String stage, String reason, String failure, long micros) {
        public boolean passed() {
            return failure == null;
        }
    }

    /** What keeps a file from running at all (its Mission files, a case the codec refuses): exit 2. */
    public static final class Unrunnable extends Exception {
        private final List<String> problems;

        Unrunnable(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private MissionTestRun() {}

    /** {@code judge}: semantic or llm (configured from {@code env}). */
    public static List<Result> run(MissionTestFile test, String judge, Map<String, String> env) throws Unrunnable {
        Clock clock = test.now() == null ? Clock.systemUTC() : Clock.fixed(test.now(), ZoneOffset.UTC);
        MissionFiles.Contents contents;
        try {
            contents = MissionFiles.readChecked(test.missions());
        } catch (MissionFiles.Problems e) {
            throw new Unrunnable(e.problems().stream().map(p -> test.file() + ": missions: " + p).toList());
        }
        List<Action> actions = actions(test);
        List<Result> results = new ArrayList<>();
        try (DecisionPaths.Offline path = DecisionPaths.offline(contents, clock, judge, env)) {
            for (int i = 0; i < actions.size(); i++) {
                long start = System.nanoTime();
                Decision decision = path.pipeline().decide(actions.get(i));
                results.add(result(test.cases().get(i), decision, (System.nanoTime() - start) / 1_000));
            }
        }
        return results;
    }

    private static List<Action> actions(MissionTestFile test) throws Unrunnable {
        List<Action> actions = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (MissionTestFile.Case c : test.cases()) {
            try {
                actions.add(CODEC.decode(c.review().toString().getBytes(StandardCharsets.UTF_8)));
            } catch (RuntimeException e) { // the codec's BadRequestException: the field it names is wrong
                problems.add(test.file() + ": cases[" + c.index() + "] (" + c.name() + "): " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new Unrunnable(problems);
        }
        return actions;
    }

    private static Result result(MissionTestFile.Case c, Decision decision, long micros) {
        String got = decision.allowed() ? "allow" : "deny";
        String stage = decision.stage().label();
        String reason = decision.reason() == null ? "" : decision.reason();
        MissionTestFile.Expect expect = c.expect();
        List<String> wrong = new ArrayList<>();
        if (!expect.decision().equals(got)) {
            wrong.add("expected " + expect.decision() + ", got " + got);
        }
        if (expect.stage() != null && !expect.stage().equals(stage)) {
            wrong.add("expected stage " + expect.stage() + ", got " + stage);
        }
        if (expect.reason() != null && !expect.reason().matcher(reason).find()) {
            wrong.add("expected a reason matching /" + expect.reason().pattern() + "/");
        }
        String failure = wrong.isEmpty() ? null : String.join("; ", wrong) + " (stage " + stage + ": " + reason + ")";
        return new Result(c, got, stage, reason, failure, micros);
    }
}
