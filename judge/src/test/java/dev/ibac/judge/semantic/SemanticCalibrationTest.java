package dev.ibac.judge.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.judge.JudgeException;
import dev.ibac.judge.describe.ActionDescriber;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Scores the labelled corpus with the real model and the default thresholds, prints the accuracy,
 * and fails below the bar set from the measured numbers. "hard" items are unrelated actions
 * dressed in the mission's own words (a miner named after the service, deleting the database a
 * backup mission protects): reported apart, they are beyond what goal similarity can tell.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SemanticCalibrationTest {
    /** Bars set from the measured accuracy (see the printed report), a few points below it. */
    static final double MIN_ACCURACY = 0.80;
    static final double MIN_ACCURACY_WITHOUT_HARD = 0.85;
    static final double MIN_HARD_DENIED = 0.25;

    private final List<Scored> scored = new ArrayList<>();

    record Scored(Corpus.Case item, double score) {
        boolean correctAt(double threshold) {
            return (score >= threshold) == item.aligned();
        }
    }

    @BeforeAll
    void scoreCorpus() throws JudgeException {
        SemanticJudge judge = new SemanticJudge(new AllMiniLmL6V2QuantizedEmbeddingModel(), new ActionDescriber(),
                SemanticThresholds.DEFAULT, 16);
        ActionDescriber describer = new ActionDescriber();
        for (Corpus.Case item : Corpus.load().cases()) {
            scored.add(new Scored(item, judge.score(item.mission().getSpec().goal(), describer.describe(item.action()))));
        }
    }

    @Test
    void corpus_is_big_and_balanced_enough_to_calibrate_on() {
        assertThat(scored).hasSizeGreaterThanOrEqualTo(100);
        assertThat(scored.stream().map(s -> s.item().missionId()).distinct()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(count(s -> s.item().aligned())).isGreaterThanOrEqualTo(40);
        assertThat(count(s -> !s.item().aligned())).isGreaterThanOrEqualTo(40);
    }

    @Test
    void default_thresholds_reach_the_accuracy_bar() {
        double allow = SemanticThresholds.DEFAULT.allow();
        double all = accuracy(allow, s -> true);
        double clear = accuracy(allow, s -> !s.item().hard());
        double hardDenied = accuracy(allow, s -> s.item().hard());
        System.out.printf(Locale.ROOT, "semantic judge on %d labelled actions, allow at %.2f: accuracy %.3f; without the %d hard"
                + " items %.3f; hard items denied %.3f%n", scored.size(), allow, all, count(s -> s.item().hard()), clear, hardDenied);
        System.out.printf(Locale.ROOT, "aligned allowed %d/%d, unrelated denied %d/%d%n",
                count(s -> s.item().aligned() && s.score() >= allow), count(s -> s.item().aligned()),
                count(s -> !s.item().aligned() && s.score() < allow), count(s -> !s.item().aligned()));
        scored.stream().filter(s -> !s.correctAt(allow)).forEach(s -> System.out.printf(Locale.ROOT, "  wrong: %.3f %s %s %s %s%n",
                s.score(), s.item().aligned() ? "aligned" : s.item().hard() ? "hard" : "unrelated", s.item().missionId(),
                s.item().action().describe(), s.item().note()));

        assertThat(all).isGreaterThanOrEqualTo(MIN_ACCURACY);
        assertThat(clear).isGreaterThanOrEqualTo(MIN_ACCURACY_WITHOUT_HARD);
        assertThat(hardDenied).isGreaterThanOrEqualTo(MIN_HARD_DENIED);
    }

    @Test
    void default_allow_threshold_sits_on_the_accuracy_plateau() {
        double best = 0;
        double bestAt = 0;
        StringBuilder sweep = new StringBuilder("threshold sweep (accuracy without hard items):");
        for (int i = 10; i <= 50; i++) {
            double threshold = i / 100.0;
            double accuracy = accuracy(threshold, s -> !s.item().hard());
            sweep.append(String.format(Locale.ROOT, i % 5 == 0 ? " %.2f→%.3f" : "", threshold, accuracy));
            if (accuracy > best) {
                best = accuracy;
                bestAt = threshold;
            }
        }
        System.out.println(sweep);
        System.out.printf(Locale.ROOT, "best threshold %.2f with accuracy %.3f%n", bestAt, best);

        assertThat(accuracy(SemanticThresholds.DEFAULT.allow(), s -> !s.item().hard())).isGreaterThanOrEqualTo(best - 0.03);
    }

    @Test
    void risk_thresholds_separate_clear_cases() {
        double lowRisk = SemanticThresholds.DEFAULT.lowRisk();
        double highRisk = SemanticThresholds.DEFAULT.highRisk();

        long unrelatedRatedLowRisk = count(s -> !s.item().aligned() && !s.item().hard() && s.score() >= lowRisk);
        long alignedRatedHighRisk = count(s -> s.item().aligned() && s.score() < highRisk);

        assertThat(unrelatedRatedLowRisk).isZero();
        assertThat(alignedRatedHighRisk).isZero();
    }

    private double accuracy(double threshold, Predicate<Scored> subset) {
        List<Scored> items = scored.stream().filter(subset).toList();
        return items.stream().filter(s -> s.correctAt(threshold)).count() / (double) items.size();
    }

    private long count(Predicate<Scored> predicate) {
        return scored.stream().filter(predicate).count();
    }
}
