package dev.ibac.judge.scratch;

import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.describe.ActionDescriber;
import dev.ibac.judge.goal.GoalReading;
import dev.ibac.judge.semantic.BundledEmbeddingModel;
import dev.ibac.judge.semantic.IntentCorpus;
import dev.ibac.judge.semantic.SemanticJudge;
import dev.ibac.judge.semantic.SemanticThresholds;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProbeTest {
    @Test
    void probe() throws Exception {
        String split = System.getenv("SPLIT");
        if (split == null) return;
        Set<String> ids = Set.of(System.getenv("CASES").split(","));
        SemanticJudge judge = new SemanticJudge(BundledEmbeddingModel.load(), new ActionDescriber(), SemanticThresholds.DEFAULT, 64);
        Set<String> shown = new java.util.HashSet<>();
        for (IntentCorpus.Case c : IntentCorpus.load(split).cases()) {
            if (!ids.contains(c.id()) && !ids.contains(c.mission().getMetadata().getName())) continue;
            String goal = c.mission().getSpec().goal();
            GoalReading r = judge.reading(c.mission().getMetadata().getNamespace(), goal);
            if (shown.add(goal)) {
                System.out.println("GOAL " + c.mission().getMetadata().getName() + ": names=" + r.names() + "\n kinds=" + r.kinds() + "\n namedOfKind=" + r.namedOfKind()
                        + "\n unnamedKinds=" + r.unnamedKinds() + "\n asks=" + r.asks().keySet() + " forbids=" + r.forbids().keySet() + "\n quantities=" + r.quantities()
                        + " settings=" + r.settings() + " durations=" + r.durations() + " freq=" + r.frequency() + " hours=" + r.hours());
                r.clauses().forEach(cl -> System.out.println("  CLAUSE " + cl));
            }
            var req = new JudgeRequest(c.mission(), c.action(), List.of(), "");
            var v = judge.judge(req);
            req.effects().forEach(e -> System.out.println("  EFFECT " + e.risk() + " " + e.family() + " " + e.sentence()));
            System.out.println("CASE " + c.id() + " [" + c.category() + "] " + c.action().operation() + " " + c.action().resource().resource() + "/" + c.action().name()
                    + " -> " + v.decision() + ": " + v.reasoning() + "\n  why: " + c.why());
        }
    }
}
