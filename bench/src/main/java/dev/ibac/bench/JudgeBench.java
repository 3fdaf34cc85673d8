package dev.ibac.bench;

import dev.ibac.judge.JudgeException;
import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.semantic.IntentCorpus;
import dev.ibac.judge.semantic.SemanticJudge;
import dev.ibac.judge.semantic.SemanticThresholds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The semantic judge on the labelled intent corpus: per-category accuracy on both splits, and the
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
        for (String split : List.of("calibration", "test")) {
            IntentCorpus corpus = IntentCorpus.load(split);
            all.addAll(corpus.cases());
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
        Arrays.sort(micros);
        System.out.printf(Locale.ROOT, "judge stage, fresh judgement (effects + goal reading + verdict + embedding), %d judgements:"
                + " p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", micros.length, micros[micros.length / 2] / 1000.0,
                micros[(int) (micros.length * 0.99)] / 1000.0, micros[micros.length - 1] / 1000.0);
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
