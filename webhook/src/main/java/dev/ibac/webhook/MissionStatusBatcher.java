package dev.ibac.webhook;

import dev.ibac.crd.Mission;
import dev.ibac.crd.MissionStatus;
import dev.ibac.crd.Spent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEC §8 status: verdict counters, last verdict, phase and spend of each Mission, accumulated in
 * memory and written in batches ({@link #flush}, every few seconds) — never one write per request.
 * Counters are deltas added to what the API server holds, read-modify-write under the object's
 * resourceVersion and retried on conflict, so several replicas add up instead of overwriting.
 */
final class MissionStatusBatcher implements DecisionRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(MissionStatusBatcher.class);
    private static final int MAX_MISSIONS = 10_000;
    private static final int RETRIES = 5;

    private final KubernetesClient client;
    private final Clock clock;
    private final Function<Mission, MissionStatus.Phase> phase;
    private final Function<Mission, Spent> spent;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /** What happened to one mission since the last flush. */
    private static final class Pending {
        final Mission mission;
        long allowed;
        long denied;
        MissionStatus.LastVerdict last;

        Pending(Mission mission) {
            this.mission = mission;
        }
    }

    MissionStatusBatcher(KubernetesClient client, Clock clock, Function<Mission, MissionStatus.Phase> phase,
            Function<Mission, Spent> spent) {
        this.client = client;
        this.clock = clock;
        this.phase = phase;
        this.spent = spent;
    }

    @Override
    public void record(Decision decision) {
        if (decision.mission() == null || decision.action().dryRun()) {
            return;
        }
        if (pending.size() >= MAX_MISSIONS && !pending.containsKey(decision.mission().key())) {
            return; // bounded: a flush makes room; the verdict is still in the audit log
        }
        Pending p = pending.computeIfAbsent(decision.mission().key(), k -> new Pending(decision.mission()));
        synchronized (p) {
            if (decision.allowed()) {
                p.allowed++;
            } else {
                p.denied++;
            }
            p.last = new MissionStatus.LastVerdict(Instant.now(clock).toString(), decision.allowed() ? "allow" : "deny",
                    decision.action().describe(), MissionEvents.note(decision));
        }
    }

    /** Writes every mission's accumulated status; called on a schedule and on shutdown. */
    void flush() {
        for (String key : new ArrayList<>(pending.keySet())) {
            Pending p = pending.remove(key);
            if (p != null) {
                write(p);
            }
        }
    }

    private void write(Pending p) {
        Mission mission = p.mission;
        for (int attempt = 1; attempt <= RETRIES; attempt++) {
            try {
                Mission current = client.resources(Mission.class).inNamespace(mission.getMetadata().getNamespace())
                        .withName(mission.getMetadata().getName()).get();
                if (current == null) {
                    return; // deleted meanwhile: nothing to record on
                }
                current.setStatus(merged(current, p));
                client.resources(Mission.class).inNamespace(mission.getMetadata().getNamespace()).resource(current).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == RETRIES) {
                    LOG.warn("status of mission {} not written: {}", mission.key(), e.getMessage());
                    return;
                }
            }
        }
    }

    private MissionStatus merged(Mission current, Pending p) {
        MissionStatus old = current.getStatus();
        MissionStatus.Verdicts before = old == null || old.verdicts() == null ? new MissionStatus.Verdicts(0, 0) : old.verdicts();
        synchronized (p) {
            return new MissionStatus(phase.apply(current).name(), spent.apply(current),
                    new MissionStatus.Verdicts(before.allowed() + p.allowed, before.denied() + p.denied),
                    p.last, old == null ? List.of() : old.conditions());
        }
    }
}
