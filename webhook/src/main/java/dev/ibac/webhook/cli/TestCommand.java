package dev.ibac.webhook.cli;

import dev.ibac.webhook.offline.JUnitReport;
import dev.ibac.webhook.offline.MissionTestFile;
import dev.ibac.webhook.offline.MissionTestRun;
import dev.ibac.webhook.problem.ConfigException;
import dev.ibac.webhook.problem.IoErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code test PATH…}: MissionTest files through the real decision path, offline. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run MissionTest files (folders searched recursively) through the decision path `serve` uses, offline.",
                "Each file's cases run in order against one pipeline (budgets and rate limits carry over), with the file's"
                        + " fixed clock `now`, a fresh budget ledger, and the semantic judge unless --judge says otherwise.",
                "Exit 0 all pass, 1 any mismatch, 2 usage errors, unreadable files, unknown fields, or no test found."})
public final class TestCommand implements Callable<Integer> {
    private static final int REASON_EXCERPT = 70;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "MissionTest files or folders")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--junit", paramLabel = "FILE", description = "also write JUnit XML: one test case per case")
    Path junit;

    @Option(names = "--judge", description = "semantic (default) or llm (configured by IBAC_LLM_*, as for serve)")
    String judge = "semantic";

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!judge.equals("semantic") && !judge.equals("llm")) {
            throw new ConfigException("--judge must be semantic or llm, got \"" + judge + "\"");
        }
        List<String> problems = new ArrayList<>();
        List<MissionTestFile> tests = new ArrayList<>();
        for (Path file : testFiles(problems)) {
            try {
                tests.add(MissionTestFile.read(file));
            } catch (MissionTestFile.Problems p) {
                problems.addAll(p.problems());
            }
        }
        if (!problems.isEmpty()) {
            return usage(err, problems);
        }
        if (tests.stream().allMatch(t -> t.cases().isEmpty())) {
            return usage(err, List.of("no test found in " + String.join(", ", paths.stream().map(Path::toString).toList())
                    + " (MissionTest files: apiVersion " + MissionTestFile.API_VERSION + ", kind " + MissionTestFile.KIND
                    + ", with cases)"));
        }
        Map<MissionTestFile, List<MissionTestRun.Result>> results = new LinkedHashMap<>();
        for (MissionTestFile test : tests) {
            try {
                results.put(test, MissionTestRun.run(test, judge, System.getenv()));
            } catch (MissionTestRun.Unrunnable u) {
                return usage(err, u.problems());
            }
        }
        long failed = print(out, results);
        if (junit != null) {
            JUnitReport.write(junit, results);
            out.println("JUnit XML written to " + junit);
        }
        out.flush();
        return failed == 0 ? ExitCodes.OK : ExitCodes.FINDING;
    }

    private static int usage(PrintWriter err, List<String> problems) {
        problems.forEach(p -> err.println("ibac test: " + p));
        err.flush();
        return ExitCodes.USAGE;
    }

    /** The files named, and the MissionTest files under the folders named (sorted, so runs are repeatable). */
    private List<Path> testFiles(List<String> problems) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    for (Path file : walk.filter(Files::isRegularFile).filter(TestCommand::isYaml).sorted().toList()) {
                        try {
                            if (MissionTestFile.isMissionTest(file)) {
                                files.add(file);
                            }
                        } catch (MissionTestFile.Problems p) {
                            problems.addAll(p.problems());
                        }
                    }
                }
            } else {
                String problem = IoErrors.notARegularFile(path);
                if (problem != null) {
                    problems.add(path + ": " + problem);
                } else {
                    files.add(path);
                }
            }
        }
        return files;
    }

    private static boolean isYaml(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** The table of SPEC §9 (case, expected, got, stage, reason excerpt), per file; returns how many failed. */
    private static long print(PrintWriter out, Map<MissionTestFile, List<MissionTestRun.Result>> results) {
        long total = 0;
        long failed = 0;
        for (var file : results.entrySet()) {
            List<MissionTestRun.Result> rows = file.getValue();
            if (rows.isEmpty()) {
                continue;
            }
            out.println(file.getKey().file() + " (" + file.getKey().name() + ")");
            int width = Math.max(4, rows.stream().mapToInt(r -> r.testCase().name().length()).max().orElse(4));
            String row = "  %-4s  %-" + width + "s  %-14s  %-5s  %-8s  %s%n";
            out.printf(row, "", "CASE", "EXPECTED", "GOT", "STAGE", "REASON");
            for (MissionTestRun.Result r : rows) {
                MissionTestFile.Expect expect = r.testCase().expect();
                String expected = expect.decision() + (expect.stage() == null ? "" : "/" + expect.stage());
                out.printf(row, r.passed() ? "PASS" : "FAIL", r.testCase().name(), expected, r.got(), r.stage(), excerpt(r.reason()));
                if (!r.passed()) {
                    out.println("        " + r.failure());
                }
                failed += r.passed() ? 0 : 1;
            }
            total += rows.size();
        }
        out.println(total + " cases: " + (total - failed) + " passed, " + failed + " failed");
        return failed;
    }

    private static String excerpt(String reason) {
        String line = reason.replaceAll("\\s+", " ");
        return line.length() <= REASON_EXCERPT ? line : line.substring(0, REASON_EXCERPT - 1) + "…";
    }
}
