package dev.ibac.webhook.cluster;

import dev.ibac.crd.Mission;
import dev.ibac.crd.MissionStatus;
import dev.ibac.crd.Spent;
import dev.ibac.webhook.audit.AuditHead;
import dev.ibac.webhook.pipeline.Decision;
import dev.ibac.webhook.record.DecisionRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEC §8 status: verdict counters, last verdict, phase and spend of each Mission, accumulated in
 * memory and written in batches ({@link #flush}, every few seconds) — never one write per request.
 * Counters are deltas added to what the API server holds, read-modify-write under the object's
 * resourceVersion and retried on conflict, so several replicas add up instead of overwriting. A
 * write that fails puts its deltas back for the next flush: counts are late, never lost.
 *
 * <p>Each write also records this replica's audit chain head in {@code status.auditHeads}, read when
 * the write takes the mission's deltas: a mission written in a flush had a verdict since the last one,
 * and verdicts reach this batcher only after their audit entries are on disk, so the head covers every
 * verdict it counts. It rides on the counter write (no write of its own), and the other replicas'
 * heads are kept.
 */
final class MissionStatusBatcher implements DecisionRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(MissionStatusBatcher.class);
    private static final int MAX_MISSIONS = 10_000;
    static final int RETRIES = 5;

    private final KubernetesClient client;
    private final Clock clock;
    private final Function<Mission, MissionStatus.Phase> phase;
    private final Function<Mission, Spent> spent;
    private final String replica;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile Supplier<AuditHead> auditHead = () -> null;

    /** What happened to one mission since the last flush; merged atomically per key, so no increment slips past a flush. */
    private record Pending(Mission mission, long allowed, long denied, MissionStatus.LastVerdict last) {
        /** {@code later} happened after this: counts add, its mission and last verdict are the newer. */
        Pending then(Pending later) {
            return new Pending(later.mission, allowed + later.allowed, denied + later.denied, later.last);
        }
    }

    MissionStatusBatcher(KubernetesClient client, Clock clock, Function<Mission, MissionStatus.Phase> phase,
            Function<Mission, Spent> spent, String replica) {
        this.client = client;
        this.clock = clock;
        this.phase = phase;
        this.spent = spent;
        this.replica = replica;
    }

    /** Where this replica's audit chain head is read at each flush (the log opens after cluster mode starts). */
    void auditHead(Supplier<AuditHead> head) {
        this.auditHead = head;
    }

    @Override
    public void record(Decision decision) {
        if (decision.mission() == null || decision.action().dryRun()) {
            return;
        }
        String key = decision.mission().key();
        if (pending.size() >= MAX_MISSIONS && !pending.containsKey(key)) {
            return; // bounded: a flush makes room; the verdict is still in the audit log
        }
        pending.merge(key, pending(decision), Pending::then);
    }

    private Pending pending(Decision decision) {
        MissionStatus.LastVerdict last = new MissionStatus.LastVerdict(Instant.now(clock).toString(),
                decision.allowed() ? "allow" : "deny", decision.action().describe(), MissionEvents.note(decision));
        return new Pending(decision.mission(), decision.allowed() ? 1 : 0, decision.allowed() ? 0 : 1, last);
    }

    /** Writes every mission's accumulated status; called on a schedule and on shutdown. */
    void flush() {
        for (String key : new ArrayList<>(pending.keySet())) {
            Pending p = pending.remove(key);
            // read after taking p: every verdict in p was recorded, its entry on disk, before this read
            if (p != null && !write(p, chainHead())) {
                pending.merge(key, p, (newer, failed) -> failed.then(newer));
            }
        }
    }

    /** False when the deltas are still to be written (API server unreachable, conflicts beyond the retries). */
    private boolean write(Pending p, MissionStatus.ChainHead head) {
        String namespace = p.mission().getMetadata().getNamespace();
        String name = p.mission().getMetadata().getName();
        for (int attempt = 1; ; attempt++) {
            try {
                Mission current = client.resources(Mission.class).inNamespace(namespace).withName(name).get();
                if (current == null) {
                    return true; // deleted meanwhile: nothing to record on
                }
                current.setStatus(merged(current, p, head));
                client.resources(Mission.class).inNamespace(namespace).resource(current).updateStatus();
                return true;
            } catch (RuntimeException e) { // whatever it is, the scheduled flush must go on
                if (!(e instanceof KubernetesClientException k && k.getCode() == 409) || attempt == RETRIES) {
                    LOG.warn("status of mission {} not written, retrying at the next flush: {}", p.mission().key(), e.getMessage());
                    return false;
                }
            }
        }
    }

    private MissionStatus merged(Mission current, Pending p, MissionStatus.ChainHead head) {
        MissionStatus old = current.getStatus();
        MissionStatus.Verdicts before = old == null || old.verdicts() == null ? new MissionStatus.Verdicts(0, 0) : old.verdicts();
        List<MissionStatus.ChainHead> heads = old == null ? null : old.auditHeads();
        if (head != null) {
            heads = heads(heads == null ? List.of() : heads, head);
        }
        return new MissionStatus(phase.apply(current).name(), spent.apply(current),
                new MissionStatus.Verdicts(before.allowed() + p.allowed(), before.denied() + p.denied()),
                p.last(), old == null ? List.of() : old.conditions(), heads);
    }

    /** This replica's head as of now, or null before the log is open. */
    private MissionStatus.ChainHead chainHead() {
        AuditHead head = auditHead.get();
        return head == null ? null
                : new MissionStatus.ChainHead(replica, head.entries(), head.lastHash(), head.startHash(), Instant.now(clock).toString());
    }

    /**
     * {@code head} replaces this replica's earlier one; the others' stay. Newest first and bounded: a
     * replica renamed or scaled away writes no more, so the oldest heads (of replicas long gone) drop off.
     */
    static List<MissionStatus.ChainHead> heads(List<MissionStatus.ChainHead> old, MissionStatus.ChainHead head) {
        return Stream.concat(Stream.of(head), old.stream().filter(h -> !head.replica().equals(h.replica())))
                .sorted(Comparator.comparing(MissionStatusBatcher::written).reversed())
                .limit(MissionStatus.MAX_AUDIT_HEADS)
                .toList();
    }

    private static Instant written(MissionStatus.ChainHead head) {
        try {
            return Instant.parse(head.time());
        } catch (RuntimeException e) { // null or not a time: oldest
            return Instant.EPOCH;
        }
    }
}
