package dev.ibac.judge.cascade;

import dev.ibac.judge.Judge;
import dev.ibac.judge.JudgeException;
import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.JudgeVerdict;
import java.util.concurrent.atomic.LongAdder;

/**
 * SPEC §7 {@code cascade}: the offline judge decides what it is sure of; only its uncertain verdicts
 * go to the second judge (the LLM), whose answer decides. The verdict names both judges when both
 * ran ({@code cascade(semantic→llm)}) and keeps the first judge's doubt in the reasoning. The second
 * judge's failure is the cascade's failure: the caller applies {@code spec.judge.onError}, exactly as
 * if the LLM were the only judge. Thread-safe when both judges are.
 */
public final class CascadeJudge implements Judge, AutoCloseable {
    public static final String NAME = "cascade";

    private final Judge sure;
    private final Judge decider;
    private final LongAdder escalated = new LongAdder();

    /** {@code sure}: the judge asked first (semantic); {@code decider}: the judge of its uncertain verdicts (llm). */
    public CascadeJudge(Judge sure, Judge decider) {
        this.sure = sure;
        this.decider = decider;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JudgeVerdict judge(JudgeRequest request) throws JudgeException {
        JudgeVerdict first = sure.judge(request);
        if (!first.uncertain()) {
            return new JudgeVerdict(first.decision(), first.reasoning(), first.risk(), first.confidence(), first.tokens(),
                    NAME + "(" + first.judge() + ")", first.model(), first.cached());
        }
        escalated.increment();
        JudgeVerdict last = decider.judge(request);
        return new JudgeVerdict(last.decision(), last.reasoning() + " (the " + first.judge() + " judge was uncertain: "
                + first.reasoning() + ")", last.risk(), last.confidence(), last.tokens(),
                NAME + "(" + first.judge() + "→" + last.judge() + ")", last.model(), last.cached());
    }

    /** How many verdicts needed the second judge (a metric: the LLM's share of the traffic). */
    public long escalations() {
        return escalated.sum();
    }

    @Override
    public void close() throws Exception {
        for (Judge judge : new Judge[] {sure, decider}) {
            if (judge instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
