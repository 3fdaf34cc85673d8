package dev.ibac.judge.scratch;

import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.describe.ActionDescriber;
import dev.ibac.judge.semantic.BundledEmbeddingModel;
import dev.ibac.judge.semantic.IntentCorpus;
import dev.ibac.judge.semantic.SemanticJudge;
import dev.ibac.judge.semantic.SemanticThresholds;
import java.io.PrintWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class DumpTest {
    @Test
    void dump() throws Exception {
        var model = BundledEmbeddingModel.load();
        String splits = System.getProperty("splits", "calibration,test,holdout,holdout2,holdout3,holdout4,holdout5,holdout6,holdout7,holdout8,holdout9,holdout10,holdout11,holdout12,holdout13,holdout14");
        try (PrintWriter out = new PrintWriter(System.getProperty("out", "/tmp/dump.tsv"))) {
            for (String split : splits.split(",")) {
                SemanticJudge judge = new SemanticJudge(model, new ActionDescriber(), SemanticThresholds.DEFAULT, 64);
                for (IntentCorpus.Case c : IntentCorpus.load(split).cases()) {
                    JudgeVerdict v = judge.judge(new JudgeRequest(c.mission(), c.action(), List.of(), ""));
                    String verdict = v.decision().name().toLowerCase();
                    out.println(split + "\t" + c.id() + "\t" + c.category() + "\t" + (c.allow() ? "allow" : "deny") + "\t" + verdict + "\t" + (v.allowed() == c.allow() ? "ok" : "WRONG") + "\t" + v.reasoning().replace('\t', ' ').replace('\n', ' '));
                }
            }
        }
    }
}
