package dev.ibac.webhook.approval;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.ibac.crd.Approval;
import dev.ibac.crd.ApprovalSpec;
import dev.ibac.crd.ApprovalStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode: the approvals webhook admits a decision before the API server stores it, so the
 * decider it learned from {@code userInfo} is written into the Approval's status only once the
 * stored spec shows that decision ({@link #flush()}, every few hundred ms). An admitted change that
 * never lands (another webhook refused it) is forgotten after {@link #WAIT}. Bounded: at most
 * {@link #CAPACITY} decisions wait.
 */
public final class DeciderRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(DeciderRecorder.class);
    static final Duration WAIT = Duration.ofSeconds(30);
    static final int CAPACITY = 1_000;

    private record Expected(String namespace, String id, ApprovalSpec.Decision decision, ApprovalDecisions.Decider decider,
            String reason, Instant at) {}

    private final ApprovalStore store;
    private final Clock clock;
    private final Cache<String, Expected> expected;

    public DeciderRecorder(ApprovalStore store, Clock clock, Ticker ticker) {
        this.store = store;
        this.clock = clock;
        this.expected = Caffeine.newBuilder().maximumSize(CAPACITY).expireAfterWrite(WAIT).ticker(ticker).build();
    }

    void expect(Approval approval, ApprovalSpec.Decision decision, ApprovalDecisions.Decider decider, Instant at) {
        String key = approval.getMetadata().getNamespace() + "/" + approval.id();
        expected.put(key, new Expected(approval.getMetadata().getNamespace(), approval.id(), decision, decider,
                approval.getSpec().reason(), at));
    }

    /**
     * A decision written through the API server by someone IBAC authenticated itself (the auditor
     * page: a TokenReview of the very token that wrote {@code spec.decision}): the decider goes
     * into the status now, or at a later flush if the store does not show the change yet. The
     * approvals webhook expects the same decision from the API server's review; whichever writes
     * the status first wins, the other finds it decided.
     */
    public void record(Approval decided, ApprovalDecisions.Decider decider, Instant at) {
        expect(decided, decided.getSpec().decision(), decider, at);
        flush();
    }

    /** Writes the decider of every expected decision the store now shows; the rest wait for the next flush. */
    public void flush() {
        for (Map.Entry<String, Expected> entry : expected.asMap().entrySet()) {
            Expected e = entry.getValue();
            try {
                Optional<Approval> stored = store.find(e.namespace(), e.id());
                if (stored.isPresent() && e.decision() == stored.get().getSpec().decision() && undecided(stored.get())) {
                    Approval decided = ApprovalDecisions.decided(stored.get(), e.decision(), e.decider(), e.reason(), e.at());
                    if (store.replace(stored.get(), decided)) {
                        LOG.info("approval {}/{}: {} by {}", e.namespace(), e.id(), e.decision(), e.decider().username());
                        expected.asMap().remove(entry.getKey(), e);
                    }
                } else if (stored.isPresent() && !undecided(stored.get())) {
                    expected.asMap().remove(entry.getKey(), e);
                }
            } catch (RuntimeException ex) { // the API server may be away for a moment: try again next flush
                LOG.warn("decider of approval {}/{} not recorded yet: {}", e.namespace(), e.id(), ex.getMessage());
            }
        }
    }

    private static boolean undecided(Approval approval) {
        ApprovalStatus status = approval.getStatus();
        return status == null || status.state() == null || status.state() == ApprovalStatus.State.Pending;
    }

    int waiting() {
        return (int) expected.estimatedSize();
    }

}
