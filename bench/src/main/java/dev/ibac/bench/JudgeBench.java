package dev.ibac.bench;

import dev.ibac.judge.JudgeException;
import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.describe.ActionDescriber;
import dev.ibac.judge.effect.EffectAnalyzer;
import dev.ibac.judge.semantic.BundledEmbeddingModel;
import dev.ibac.judge.semantic.IntentCorpus;
import dev.ibac.judge.semantic.SemanticJudge;
import dev.ibac.judge.semantic.SemanticThresholds;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The semantic judge on the labelled intent corpus: per-category accuracy on every split (calibration, test, and every split of IntentCorpus.HOLDOUTS), and the
 * judge stage's latency for a fresh judgement (effects analysed, goal reading cached as it is per
 * mission generation, the action's sentence embedded anew) as p50/p99 over every case, after one
 * warm-up pass. Single-threaded on purpose: it measures the stage, not the machine's parallelism.
 */
public final class JudgeBench {
    private JudgeBench() {}

    public static void main(String[] args) throws JudgeException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        SemanticJudge judge = SemanticJudge.withBundledModel(SemanticThresholds.DEFAULT);
        List<IntentCorpus.Case> all = new ArrayList<>();
        for (String split : splits()) {
            IntentCorpus corpus = IntentCorpus.load(split);
            if (split.equals("calibration") || split.equals("test")) {
                all.addAll(corpus.cases()); // latency over the same cases as every earlier run, for comparison
            }
            accuracy(judge, corpus);
        }
        long[] micros = new long[all.size() * rounds];
        int i = 0;
        for (int round = 0; round < rounds; round++) {
            for (IntentCorpus.Case item : all) {
                long start = System.nanoTime();
                judge.judge(new JudgeRequest(item.mission(), item.action(), List.of(), ""));
                micros[i++] = (System.nanoTime() - start) / 1000;
            }
        }
        System.out.println(percentiles("judge stage, fresh judgement (effects + goal reading + verdict + embedding)", micros));
        parts(all, rounds);
        System.out.printf(Locale.ROOT, "load average %.2f over the last minute, %d cores%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
    }

    /** calibration and test, then every blind split in the order IntentCorpusTest reports them. */
    private static List<String> splits() {
        List<String> splits = new ArrayList<>(List.of("calibration", "test"));
        splits.addAll(IntentCorpus.HOLDOUTS);
        return splits;
    }

    /**
     * Where a slow judgement's time goes: the three costly parts of the stage, each timed on its own
     * for every case (the embedding of every action's sentence, although the judge embeds only
     * those that name none of the goal's objects).
     */
    private static void parts(List<IntentCorpus.Case> all, int rounds) {
        EffectAnalyzer effects = new EffectAnalyzer();
        ActionDescriber describer = new ActionDescriber();
        BundledEmbeddingModel model = BundledEmbeddingModel.load();
        long[][] micros = new long[3][all.size() * rounds];
        int i = 0;
        for (int round = 0; round < rounds; round++) {
            for (IntentCorpus.Case item : all) {
                long start = System.nanoTime();
                effects.analyse(item.action(), item.mission().getMetadata().getName());
                long analysed = System.nanoTime();
                String sentence = describer.describe(item.action()).sentence();
                long described = System.nanoTime();
                model.embed(sentence);
                long embedded = System.nanoTime();
                micros[0][i] = (analysed - start) / 1000;
                micros[1][i] = (described - analysed) / 1000;
                micros[2][i++] = (embedded - described) / 1000;
            }
        }
        System.out.println(percentiles("  effects analysed", micros[0]));
        System.out.println(percentiles("  action described and redacted", micros[1]));
        System.out.println(percentiles("  sentence embedded", micros[2]));
    }

    private static String percentiles(String what, long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%s, %d judgements: p50 %.1f ms, p99 %.1f ms, max %.1f ms", what, sorted.length,
                sorted[sorted.length / 2] / 1000.0, sorted[(int) (sorted.length * 0.99)] / 1000.0, sorted[sorted.length - 1] / 1000.0);
    }

    private static void accuracy(SemanticJudge judge, IntentCorpus corpus) throws JudgeException {
        StringBuilder line = new StringBuilder(corpus.split() + ":");
        int right = 0;
        int allowDenied = 0;
        int allows = 0;
        for (String category : IntentCorpus.CATEGORIES) {
            int n = 0;
            int ok = 0;
            for (IntentCorpus.Case item : corpus.cases()) {
                if (!item.category().equals(category)) {
                    continue;
                }
                JudgeVerdict verdict = judge.judge(new JudgeRequest(item.mission(), item.action(), List.of(), ""));
                n++;
                boolean correct = verdict.allowed() == item.allow();
                ok += correct ? 1 : 0;
                allows += item.allow() ? 1 : 0;
                allowDenied += item.allow() && !verdict.allowed() ? 1 : 0;
            }
            right += ok;
            line.append(String.format(Locale.ROOT, " %s %d/%d (%.1f %%)", category, ok, n, 100.0 * ok / Math.max(1, n)));
        }
        line.append(String.format(Locale.ROOT, "; overall %d/%d (%.1f %%); allow-labelled denied %d/%d (%.1f %%)", right,
                corpus.cases().size(), 100.0 * right / corpus.cases().size(), allowDenied, allows, 100.0 * allowDenied / Math.max(1, allows)));
        System.out.println(line);
    }
}
