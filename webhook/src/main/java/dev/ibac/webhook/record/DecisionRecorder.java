package dev.ibac.webhook.record;

import dev.ibac.webhook.pipeline.Decision;
import java.util.List;

/** Something that keeps a record of agent decisions (audit log, events, status, metrics); never blocks long. */
public interface DecisionRecorder {
    void record(Decision decision);

    static DecisionRecorder all(List<DecisionRecorder> recorders) {
        return decision -> recorders.forEach(r -> r.record(decision));
    }
}
