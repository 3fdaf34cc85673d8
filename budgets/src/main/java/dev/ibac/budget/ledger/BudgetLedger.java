package dev.ibac.budget.ledger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ibac.budget.cost.Charge;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 6 (SPEC §5): reserve-then-charge against a mission's lifetime caps and its namespace's
 * per-period budget, atomically — one lock around check and increment, so N concurrent requests
 * against a budget that covers k admit exactly k; the tighter limit wins. A request is charged
 * once per uid: a retry gets the earlier answer (uids remembered for 15 minutes, at most 100,000).
 *
 * <p>Flow: {@link #reserve} the estimate (or {@link #check} it for a dryRun request), run the
 * judge, then {@link #settle} (admitted: the judge's tokens are added) or {@link #release}
 * (denied: the estimate is refunded, the judge's tokens stay charged).
 *
 * <p>Not a Bucket4j bucket: a bucket only knows what is left, while the ledger must say what was
 * spent of which limit, refund released reservations exactly, reserve against two accounts at
 * once, and persist its state.
 */
public final class BudgetLedger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BudgetLedger.class);

    private final Clock clock;
    private final BudgetStore store;
    private final Allowance allowance;
    private final LedgerState state;
    private final Cache<String, Reservation> reservations;
    /** Per namespace, the window its shared record was last used in: what to give back on shutdown. */
    private final Map<String, Instant> sharedWindows = new HashMap<>();
    private final ChargeJournal journal;
    private boolean dirty;

    /** What a uid was answered, for which object, and while open, what to settle or refund. */
    private static final class Reservation {
        final String fingerprint;
        final BudgetLimits limits;
        final Charge estimate;
        final BudgetDecision decision;
        final LedgerState.NamespaceSpend windows;
        boolean open;

        Reservation(String fingerprint, BudgetLimits limits, Charge estimate, BudgetDecision decision, LedgerState.NamespaceSpend windows) {
            this.fingerprint = fingerprint;
            this.limits = limits;
            this.estimate = estimate;
            this.decision = decision;
            this.windows = windows;
            this.open = decision instanceof BudgetDecision.Charged;
        }
    }

    public BudgetLedger(Clock clock, BudgetStore store) throws IOException {
        this(clock, store, Allowance.UNSHARED);
    }

    /** A ledger whose limits are shared with other replicas through {@code allowance}; IOException when the stored state is unreadable. */
    public BudgetLedger(Clock clock, BudgetStore store, Allowance allowance) throws IOException {
        this.clock = clock;
        this.store = store;
        this.allowance = allowance;
        this.state = store.load();
        this.journal = new ChargeJournal(this, state, store);
        this.reservations = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(15))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
    }

    /** Reserves {@code estimate}; a uid seen before gets its earlier answer and is not charged again. */
    public synchronized BudgetDecision reserve(String uid, BudgetLimits limits, Charge estimate) {
        return reserve(uid, "", limits, estimate);
    }

    /**
     * As {@link #reserve(String, BudgetLimits, Charge)}, for the object {@code fingerprint} names. A
     * retry is the same request again; a uid seen again with a different fingerprint is another
     * object under a reused uid, which would otherwise be charged once for all of them: refused,
     * nothing charged (issue #13).
     */
    public synchronized BudgetDecision reserve(String uid, String fingerprint, BudgetLimits limits, Charge estimate) {
        Reservation earlier = reservations.getIfPresent(uid);
        if (earlier != null) {
            return earlier.fingerprint.equals(fingerprint) ? earlier.decision : new BudgetDecision.Refused("request uid " + uid
                    + " was already used for a different object; a uid names one request — send each change with its own uid");
        }
        BudgetDecision decision = decide(limits, estimate);
        reservations.put(uid, new Reservation(fingerprint, limits, estimate, decision, namespaceSpend(limits.namespace())));
        return decision;
    }

    /** What {@link #reserve} would answer (counting what other replicas hold, as last seen), changing nothing: dryRun requests. */
    public synchronized BudgetDecision check(BudgetLimits limits, Charge estimate) {
        roll(limits);
        Optional<BudgetDecision.Exhausted> exhausted = shortfall(limits, estimate, true);
        return exhausted.isPresent() ? exhausted.get() : new BudgetDecision.Charged(snapshotAfter(limits, estimate));
    }

    /** The action was admitted: the reservation stands and the judge's tokens are added. Later calls for the uid do nothing. */
    public synchronized void settle(String uid, Charge judge) {
        Reservation reservation = close(uid);
        if (reservation != null) {
            roll(reservation.limits);
            add(reservation.limits, judge, true);
        }
    }

    /**
     * The action was finally denied: the estimate is refunded (from the namespace only while its
     * window is still the one it was charged in), the judge's tokens stay charged.
     */
    public synchronized void release(String uid, Charge judge) {
        Reservation reservation = close(uid);
        if (reservation != null) {
            roll(reservation.limits);
            boolean sameWindows = namespaceSpend(reservation.limits.namespace()).costWindow().equals(reservation.windows.costWindow())
                    && namespaceSpend(reservation.limits.namespace()).tokenWindow().equals(reservation.windows.tokenWindow());
            add(reservation.limits, judge, true);
            add(reservation.limits, Charge.ZERO.minus(reservation.estimate), sameWindows);
        }
    }

    /** Whether this replica has used up the mission's lifetime caps (its phase is then Exhausted). */
    public synchronized boolean missionExhausted(BudgetLimits limits) {
        LedgerState.MissionSpend spend = missionSpend(limits.missionKey());
        return (limits.missionTokens() != null && spend.tokens() >= limits.missionTokens())
                || (limits.missionUSD() != null && spend.usd().compareTo(limits.missionUSD()) >= 0);
    }

    /** The mission's lifetime spend on this replica, for {@code Mission.status.spent}. */
    public synchronized LedgerState.MissionSpend missionSpent(String missionKey) {
        return missionSpend(missionKey);
    }

    /** What a mission and its namespace have spent, other replicas' claims included as last seen, and the namespace's current windows. */
    public record Spent(Charge mission, Charge namespace, Instant tokenWindow, Instant costWindow) {}

    /** The spend behind {@link #snapshot}, for the auditor's overview (spent of each limit, not just what is left of the tightest). */
    public synchronized Spent spent(BudgetLimits limits) {
        roll(limits);
        LedgerState.NamespaceSpend ns = namespaceSpend(limits.namespace());
        return new Spent(ownInMission(limits).plus(othersInMission(limits)), ownInNamespace(limits).plus(othersInNamespace(limits)),
                ns.tokenWindow(), ns.costWindow());
    }

    /** What is left of the tightest limit (for the audit entry and the judge prompt), counting what other replicas hold. */
    public synchronized BudgetSnapshot snapshot(BudgetLimits limits) {
        roll(limits);
        return snapshotAfter(limits, Charge.ZERO);
    }

    /**
     * Where the changes made so far end: {@link #awaitDurable} with it returns once they are all on
     * disk. The webhook takes it after an admitted action is settled.
     */
    public synchronized long mark() {
        return journal.mark();
    }

    /**
     * Waits until every change up to {@code mark} is in the store's journal on disk (immediately
     * for a store without one); IOException when the write failed or took longer than {@code timeout}.
     */
    public void awaitDurable(long mark, Duration timeout) throws IOException {
        journal.await(mark, timeout);
    }

    /** Writes a snapshot of the state if it changed (replacing the journal); on shutdown, and whenever a caller wants one. */
    public void flush() {
        synchronized (this) {
            if (!dirty) {
                return;
            }
            dirty = false;
        }
        try {
            journal.snapshot();
        } catch (IOException e) {
            synchronized (this) {
                dirty = true;
            }
            LOG.error("budget state not saved (will retry): {}", e.getMessage());
        }
    }

    /** Writes the pending journal line, gives unspent shared claims back to the other replicas and writes the state. */
    @Override
    public void close() {
        journal.close();
        synchronized (this) {
            state.missions.forEach((key, spend) -> allowance.giveBack(missionAccount(key), Instant.EPOCH, new Charge(spend.tokens(), spend.usd())));
            sharedWindows.forEach((ns, window) -> {
                LedgerState.NamespaceSpend spend = namespaceSpend(ns);
                allowance.giveBack(namespaceAccount(ns), window, new Charge(spend.tokens(), spend.usd()));
            });
        }
        flush();
    }

    private Reservation close(String uid) {
        Reservation reservation = reservations.getIfPresent(uid);
        if (reservation == null || !reservation.open) {
            return null;
        }
        reservation.open = false;
        return reservation;
    }

    private BudgetDecision decide(BudgetLimits limits, Charge estimate) {
        roll(limits);
        Optional<BudgetDecision.Exhausted> local = shortfall(limits, estimate, false);
        if (local.isPresent()) {
            return local.get();
        }
        Optional<BudgetDecision.Exhausted> shared = claimShared(limits, estimate);
        if (shared.isPresent()) {
            return shared.get();
        }
        add(limits, estimate, true);
        return new BudgetDecision.Charged(snapshotAfter(limits, Charge.ZERO));
    }

    /** The first limit the estimate does not fit, mission caps first; {@code withOthers}: count other replicas' claims as spent. */
    private Optional<BudgetDecision.Exhausted> shortfall(BudgetLimits limits, Charge estimate, boolean withOthers) {
        Charge missionOthers = withOthers ? othersInMission(limits) : Charge.ZERO;
        Charge namespaceOthers = withOthers ? othersInNamespace(limits) : Charge.ZERO;
        Charge mission = ownInMission(limits).plus(missionOthers);
        Charge namespace = ownInNamespace(limits).plus(namespaceOthers);
        ExhaustionMessages messages = new ExhaustionMessages(limits, estimate, !missionOthers.isZero() || !namespaceOthers.isZero());
        if (limits.missionTokens() != null && mission.tokens() + estimate.tokens() > limits.missionTokens()) {
            return Optional.of(messages.missionTokens(mission.tokens()));
        }
        if (limits.missionUSD() != null && mission.usd().add(estimate.usd()).compareTo(limits.missionUSD()) > 0) {
            return Optional.of(messages.missionCost(mission.usd()));
        }
        LedgerState.NamespaceSpend ns = namespaceSpend(limits.namespace());
        if (limits.namespaceTokens() != null && namespace.tokens() + estimate.tokens() > limits.namespaceTokens()) {
            return Optional.of(messages.namespaceTokens(namespace.tokens(), ns.tokenWindow().plus(limits.tokenPeriod())));
        }
        if (limits.namespaceUSD() != null && namespace.usd().add(estimate.usd()).compareTo(limits.namespaceUSD()) > 0) {
            return Optional.of(messages.namespaceCost(namespace.usd(), ns.costWindow().plus(limits.costPeriod())));
        }
        return Optional.empty();
    }

    /** Claims this replica's share of both accounts from the other replicas (always granted with one replica). */
    private Optional<BudgetDecision.Exhausted> claimShared(BudgetLimits limits, Charge estimate) {
        Charge mission = ownInMission(limits);
        Charge namespace = ownInNamespace(limits);
        boolean covered = allowance.cover(missionAccount(limits.missionKey()), Instant.EPOCH, mission, mission.plus(estimate),
                limits.missionTokens(), limits.missionUSD())
                && allowance.cover(namespaceAccount(limits.namespace()), sharedWindow(limits), namespace, namespace.plus(estimate),
                        limits.namespaceTokens(), limits.namespaceUSD());
        if (covered) {
            return Optional.empty();
        }
        Optional<BudgetDecision.Exhausted> full = shortfall(limits, estimate, true);
        return Optional.of(full.orElseGet(() -> new ExhaustionMessages(limits, estimate, true).unreachable()));
    }

    private Charge ownInMission(BudgetLimits limits) {
        LedgerState.MissionSpend m = missionSpend(limits.missionKey());
        return new Charge(m.tokens(), m.usd());
    }

    private Charge ownInNamespace(BudgetLimits limits) {
        LedgerState.NamespaceSpend ns = namespaceSpend(limits.namespace());
        return new Charge(ns.tokens(), ns.usd());
    }

    /** What the other replicas hold of the mission's caps, as last seen (zero with one replica). */
    private Charge othersInMission(BudgetLimits limits) {
        return allowance.othersClaimed(missionAccount(limits.missionKey()), Instant.EPOCH);
    }

    private Charge othersInNamespace(BudgetLimits limits) {
        return allowance.othersClaimed(namespaceAccount(limits.namespace()), sharedWindow(limits));
    }

    private BudgetSnapshot snapshotAfter(BudgetLimits limits, Charge extra) {
        Charge m = ownInMission(limits).plus(othersInMission(limits)).plus(extra);
        Charge ns = ownInNamespace(limits).plus(othersInNamespace(limits)).plus(extra);
        Long tokens = min(limits.missionTokens() == null ? null : limits.missionTokens() - m.tokens(),
                limits.namespaceTokens() == null ? null : limits.namespaceTokens() - ns.tokens());
        BigDecimal usd = min(limits.missionUSD() == null ? null : limits.missionUSD().subtract(m.usd()),
                limits.namespaceUSD() == null ? null : limits.namespaceUSD().subtract(ns.usd()));
        return new BudgetSnapshot(tokens == null ? null : Math.max(0, tokens), usd == null ? null : usd.max(BigDecimal.ZERO));
    }

    /** Adds to the mission and, if {@code namespaceToo}, to the namespace's current windows; never below zero. */
    private void add(BudgetLimits limits, Charge charge, boolean namespaceToo) {
        LedgerState.MissionSpend m = missionSpend(limits.missionKey());
        state.missions.put(limits.missionKey(), new LedgerState.MissionSpend(Math.max(0, m.tokens() + charge.tokens()),
                m.usd().add(charge.usd()).max(BigDecimal.ZERO)));
        journal.missionChanged(limits.missionKey());
        if (namespaceToo) {
            LedgerState.NamespaceSpend ns = namespaceSpend(limits.namespace());
            state.namespaces.put(limits.namespace(), new LedgerState.NamespaceSpend(ns.tokenWindow(),
                    Math.max(0, ns.tokens() + charge.tokens()), ns.costWindow(), ns.usd().add(charge.usd()).max(BigDecimal.ZERO)));
            journal.namespaceChanged(limits.namespace());
        }
        dirty = true;
    }

    /** Windows are aligned to multiples of the period since the epoch: a 24h budget refills at 00:00 UTC. */
    private void roll(BudgetLimits limits) {
        Instant now = Instant.now(clock);
        LedgerState.NamespaceSpend ns = namespaceSpend(limits.namespace());
        Instant tokenWindow = windowStart(now, limits.tokenPeriod());
        Instant costWindow = windowStart(now, limits.costPeriod());
        boolean tokensRolled = !tokenWindow.equals(ns.tokenWindow());
        boolean costRolled = !costWindow.equals(ns.costWindow());
        if (tokensRolled || costRolled) {
            state.namespaces.put(limits.namespace(), new LedgerState.NamespaceSpend(tokenWindow, tokensRolled ? 0 : ns.tokens(),
                    costWindow, costRolled ? BigDecimal.ZERO : ns.usd()));
            journal.namespaceChanged(limits.namespace());
            dirty = true;
        }
    }

    static Instant windowStart(Instant now, Duration period) {
        long periodMillis = period.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), periodMillis) * periodMillis);
    }

    /**
     * The window of the namespace's shared record (Budget.status has one windowStart): the cost
     * window, or with a longer token period the token window. With unequal periods the shorter
     * limit's claims then last the longer window — replicas may under-use it, never overspend.
     */
    private Instant sharedWindow(BudgetLimits limits) {
        LedgerState.NamespaceSpend ns = namespaceSpend(limits.namespace());
        boolean tokensLonger = limits.namespaceTokens() != null && (limits.namespaceUSD() == null
                || limits.tokenPeriod().compareTo(limits.costPeriod()) > 0);
        Instant window = tokensLonger ? ns.tokenWindow() : ns.costWindow();
        sharedWindows.put(limits.namespace(), window);
        return window;
    }

    private static String missionAccount(String missionKey) {
        return "mission:" + missionKey;
    }

    private static String namespaceAccount(String namespace) {
        return "namespace:" + namespace;
    }

    private LedgerState.MissionSpend missionSpend(String key) {
        return state.missions.getOrDefault(key, new LedgerState.MissionSpend(0, BigDecimal.ZERO));
    }

    private LedgerState.NamespaceSpend namespaceSpend(String namespace) {
        return state.namespaces.getOrDefault(namespace, new LedgerState.NamespaceSpend(Instant.EPOCH, 0, Instant.EPOCH, BigDecimal.ZERO));
    }

    private static Long min(Long a, Long b) {
        if (a == null || b == null) {
            return a == null ? b : a; // no numeric ternary: it would unbox a null
        }
        return Long.valueOf(Math.min(a, b));
    }

    private static BigDecimal min(BigDecimal a, BigDecimal b) {
        return a == null ? b : b == null ? a : a.min(b);
    }
}
