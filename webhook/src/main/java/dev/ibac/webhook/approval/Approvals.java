package dev.ibac.webhook.approval;

import dev.ibac.action.Action;
import dev.ibac.crd.Approval;
import dev.ibac.crd.ApprovalSpec;
import dev.ibac.crd.ApprovalStatus;
import dev.ibac.crd.Mission;
import dev.ibac.crd.MissionApproval;
import dev.ibac.judge.Effect;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.cache.ActionFingerprint;
import dev.ibac.webhook.pipeline.ApprovalGate;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The approval stage (SPEC §5a) over an {@link ApprovalStore}: an uncertain action's approval is
 * looked up by fingerprint (mission generation + normalised action), asked for once when there is
 * none (a retry while pending gets the same id), and used up by the one request it admits.
 * Expiry is read with the injected clock. At most {@link #MAX_PENDING} approvals wait at a time in
 * a namespace, so a runaway agent cannot fill the store.
 */
public final class Approvals implements ApprovalGate {
    private static final Logger LOG = LoggerFactory.getLogger(Approvals.class);
    static final int MAX_PENDING = 1_000;
    public static final String FINGERPRINT_LABEL = "ibac.io/fingerprint";

    private final ApprovalStore store;
    private final Clock clock;
    private final HowToApprove how;
    private final Object[] locks = new Object[64];
    private final int maxPending;

    public Approvals(ApprovalStore store, Clock clock, HowToApprove how) {
        this(store, clock, how, MAX_PENDING);
    }

    Approvals(ApprovalStore store, Clock clock, HowToApprove how, int maxPending) {
        this.maxPending = maxPending;
        this.store = store;
        this.clock = clock;
        this.how = how;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    public ApprovalStore store() {
        return store;
    }

    /** One lookup-or-ask at a time per fingerprint (a bounded set of locks): two identical retries must not ask twice. */
    @Override
    public Outcome consult(Mission mission, Action action, List<Effect> effects, JudgeVerdict verdict) {
        String fingerprint = ActionFingerprint.of(mission, action);
        synchronized (locks[Math.floorMod(fingerprint.hashCode(), locks.length)]) {
            return consult(mission, action, effects, verdict, fingerprint);
        }
    }

    private Outcome consult(Mission mission, Action action, List<Effect> effects, JudgeVerdict verdict, String fingerprint) {
        String namespace = mission.getMetadata().getNamespace();
        Instant now = clock.instant();
        try {
            List<Approval> earlier = store.withFingerprint(namespace, fingerprint);
            Optional<Approval> latest = earlier.stream().max(Comparator.comparing(a -> a.getSpec().requestedAt()));
            if (latest.isPresent()) {
                Optional<Outcome> found = existing(latest.get(), action, now);
                if (found.isPresent()) {
                    return found.get();
                }
            }
            if (action.dryRun()) {
                return new Outcome.Unavailable("a dry run asks for no approval; send the request without dryRun to ask one");
            }
            if (pendingIn(namespace, now) >= maxPending) {
                return new Outcome.Unavailable(maxPending + " approvals are pending in namespace " + namespace
                        + " already; ask an approver to decide them");
            }
            return ask(mission, action, effects, verdict, fingerprint, earlier.size(), now);
        } catch (RuntimeException e) {
            LOG.warn("approval store failed for {} (mission {}): {}", action.uid(), mission.key(), e.getMessage());
            return new Outcome.Unavailable("the approval store failed (" + e.getMessage() + "); retry later");
        }
    }

    private long pendingIn(String namespace, Instant now) {
        return store.inNamespace(namespace).stream().filter(a -> a.state(now) == ApprovalStatus.State.Pending).count();
    }

    /** The latest approval's answer; empty when it is spent (used, expired) and a new one must be asked. */
    private Optional<Outcome> existing(Approval latest, Action action, Instant now) {
        ApprovalStatus status = latest.getStatus();
        return switch (latest.state(now)) {
            case Pending -> Optional.of(new Outcome.Pending(latest.id(), how.howTo(latest)));
            case Rejected -> Optional.of(new Outcome.Rejected(latest.id(), status.decidedBy(), status.reason()));
            case Approved -> latest.used() ? Optional.empty() : use(latest, action, now);
            case Expired -> Optional.empty();
        };
    }

    /** Once: the approval is marked used by this request; a dry run is told it would pass without using it. */
    private Optional<Outcome> use(Approval approval, Action action, Instant now) {
        Outcome approved = new Outcome.Approved(approval.id(), approval.getStatus().decidedBy());
        if (action.dryRun()) {
            return Optional.of(approved);
        }
        Approval used = copy(approval);
        used.setStatus(approval.getStatus().used(now.toString(), action.uid()));
        // a conflict means another request (or replica) used it first: this one needs a new approval
        return store.replace(approval, used) ? Optional.of(approved) : Optional.empty();
    }

    private Outcome ask(Mission mission, Action action, List<Effect> effects, JudgeVerdict verdict, String fingerprint,
            int earlier, Instant now) {
        MissionApproval settings = mission.getSpec().approvalOrDefault();
        Duration ttl = settings.ttlOrDefault();
        for (int length = 8; ; length += 4) {
            Approval approval = new Approval();
            approval.setMetadata(new ObjectMetaBuilder().withName(id(fingerprint, earlier, length))
                    .withNamespace(mission.getMetadata().getNamespace())
                    .addToLabels(FINGERPRINT_LABEL, fingerprint.substring(0, 63)).build());
            approval.setSpec(spec(mission, action, effects, verdict, fingerprint, settings, ttl, now));
            if (store.create(approval)) {
                LOG.info("approval {} asked for {} under mission {}", approval.id(), action.describe(), mission.key());
                return new Outcome.Pending(approval.id(), how.howTo(approval));
            }
            Optional<Approval> raced = store.find(approval.getMetadata().getNamespace(), approval.id());
            if (raced.isPresent() && fingerprint.equals(raced.get().getSpec().fingerprint())) {
                return new Outcome.Pending(raced.get().id(), how.howTo(raced.get())); // another replica asked first
            }
        }
    }

    private static ApprovalSpec spec(Mission mission, Action action, List<Effect> effects, JudgeVerdict verdict,
            String fingerprint, MissionApproval settings, Duration ttl, Instant now) {
        ApprovalSpec.ApprovalAction what = new ApprovalSpec.ApprovalAction(action.operation(), action.resource().group(),
                action.resource().version(), action.resource().resource(), action.resource().subresource(), action.kind(),
                action.namespace(), action.name(), action.requester().username(), action.describe());
        List<ApprovalSpec.ApprovalEffect> found = effects.stream().map(e -> new ApprovalSpec.ApprovalEffect(
                e.family().name().toLowerCase(Locale.ROOT), e.risk().name().toLowerCase(Locale.ROOT), e.sentence())).toList();
        return new ApprovalSpec(mission.getMetadata().getName(), mission.generation(), fingerprint, what, found,
                verdict.reasoning(), verdict.judge(), now.toString(), now.plus(ttl).toString(), settings.ttl() == null
                        ? "1h" : settings.ttl(), settings.approversOrDefault(), mission.getSpec().agent(), null, null);
    }

    /** "ap-" and hex of the fingerprint and how many approvals it had before: replicas asking at once pick the same id. */
    static String id(String fingerprint, int earlier, int length) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((fingerprint + "#" + earlier).getBytes(StandardCharsets.UTF_8));
            return "ap-" + HexFormat.of().formatHex(hash).substring(0, Math.min(length, 64));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static Approval copy(Approval approval) {
        Approval copy = new Approval();
        copy.setMetadata(new ObjectMetaBuilder(approval.getMetadata()).build());
        copy.setSpec(approval.getSpec());
        copy.setStatus(approval.getStatus());
        return copy;
    }
}
