package dev.ibac.budget;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 6 (SPEC §5): reserve-then-charge against a mission's lifetime caps and its namespace's
 * per-period budget, atomically — one lock around check and increment, so N concurrent requests
 * against a budget that covers k admit exactly k. Charged once per request uid.
 *
 * <p>Not a Bucket4j bucket: a bucket only knows what is left, while the ledger must say what was
 * spent of which limit, refund released reservations exactly, reserve against two accounts at
 * once, and persist its state; Bucket4j meters the change rate instead ({@link ChangeRateLimiter}).
 */
public final class BudgetLedger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BudgetLedger.class);

    private final Clock clock;
    private final BudgetStore store;
    private final Allowance allowance;
    private final LedgerState state;
    private final Cache<String, Reservation> reservations = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(15)).build();
    private boolean dirty;

    private static final class Reservation {
        final BudgetLimits limits;
        final Charge estimate;
        final BudgetDecision.Charged decision;
        boolean open = true;

        Reservation(BudgetLimits limits, Charge estimate, BudgetDecision.Charged decision) {
            this.limits = limits;
            this.estimate = estimate;
            this.decision = decision;
        }
    }

    public BudgetLedger(Clock clock, BudgetStore store) throws IOException {
        this(clock, store, Allowance.UNSHARED);
    }

    /** A ledger whose limits are shared with other replicas through {@code allowance}. */
    public BudgetLedger(Clock clock, BudgetStore store, Allowance allowance) throws IOException {
        this.clock = clock;
        this.store = store;
        this.allowance = allowance;
        this.state = store.load();
    }

    /** Reserves {@code estimate}; a uid seen before gets its earlier answer and is not charged again. */
    public BudgetDecision reserve(String uid, BudgetLimits limits, Charge estimate) {
        synchronized (this) {
            Reservation earlier = reservations.getIfPresent(uid);
            if (earlier != null) {
                return earlier.decision;
            }
            BudgetDecision decision = check(limits, estimate);
            if (decision instanceof BudgetDecision.Charged && !shared(limits, estimate)) {
                return new BudgetDecision.Exhausted("shared budget", "the budget of mission " + limits.missionKey() + " or namespace "
                        + limits.namespace() + " is spent by the other IBAC replicas: " + snapshot(limits).describe()
                        + " here; retry later or ask the owner to raise it", null);
            }
            if (decision instanceof BudgetDecision.Charged) {
                add(limits, estimate);
                BudgetDecision.Charged after = new BudgetDecision.Charged(snapshot(limits));
                reservations.put(uid, new Reservation(limits, estimate, after));
                return after;
            }
            return decision;
        }
    }

    /** Claims this replica's share for both accounts from the other replicas (no-op with one replica). */
    private boolean shared(BudgetLimits limits, Charge estimate) {
        LedgerState.MissionSpend m = missionSpend(limits.missionKey());
        LedgerState.NamespaceSpend ns = namespaceSpend(limits.namespace());
        return allowance.cover("mission:" + limits.missionKey(), Instant.EPOCH, m.tokens() + estimate.tokens(),
                m.usd().add(estimate.usd()), limits.missionTokens(), limits.missionUSD())
                && allowance.cover("namespace:" + limits.namespace(), ns.costWindow(), ns.tokens() + estimate.tokens(),
                ns.usd().add(estimate.usd()), limits.namespaceTokens(), limits.namespaceUSD());
    }

    /** What {@link #reserve} would answer, changing nothing (dryRun requests). */
    public synchronized BudgetDecision check(BudgetLimits limits, Charge estimate) {
        roll(limits);
        LedgerState.MissionSpend mission = missionSpend(limits.missionKey());
        if (limits.missionTokens() != null && mission.tokens() + estimate.tokens() > limits.missionTokens()) {
            return lifetime(limits, "tokens", mission.tokens() + " of " + limits.missionTokens() + " tokens", "spec.budget.tokens");
        }
        if (limits.missionUSD() != null && mission.usd().add(estimate.usd()).compareTo(limits.missionUSD()) > 0) {
            return lifetime(limits, "cost", "$" + Money.format(mission.usd()) + " of $" + Money.format(limits.missionUSD())
                    + " (this action needs $" + Money.format(estimate.usd()) + ")", "spec.budget.costUSD");
        }
        LedgerState.NamespaceSpend ns = namespaceSpend(limits.namespace());
        if (limits.namespaceTokens() != null && ns.tokens() + estimate.tokens() > limits.namespaceTokens()) {
            return windowed(limits, "tokens", ns.tokens() + " of " + limits.namespaceTokens() + " tokens", limits.tokenPeriod(), ns.tokenWindow());
        }
        if (limits.namespaceUSD() != null && ns.usd().add(estimate.usd()).compareTo(limits.namespaceUSD()) > 0) {
            return windowed(limits, "cost", "$" + Money.format(ns.usd()) + " of $" + Money.format(limits.namespaceUSD())
                    + " (this action needs $" + Money.format(estimate.usd()) + ")", limits.costPeriod(), ns.costWindow());
        }
        return new BudgetDecision.Charged(snapshotAfter(limits, estimate));
    }

    /** The action was admitted: the reservation stands and the judge's tokens are added. */
    public synchronized void settle(String uid, Charge judge) {
        Reservation reservation = reservations.getIfPresent(uid);
        if (reservation != null && reservation.open) {
            reservation.open = false;
            add(reservation.limits, judge);
        }
    }

    /** The action was finally denied: the estimate is refunded, the judge's tokens stay charged. */
    public synchronized void release(String uid, Charge judge) {
        Reservation reservation = reservations.getIfPresent(uid);
        if (reservation != null && reservation.open) {
            reservation.open = false;
            add(reservation.limits, judge.minus(reservation.estimate));
        }
    }

    /** Whether the mission's lifetime caps are used up (its phase is then Exhausted). */
    public synchronized boolean missionExhausted(BudgetLimits limits) {
        LedgerState.MissionSpend spend = missionSpend(limits.missionKey());
        return (limits.missionTokens() != null && spend.tokens() >= limits.missionTokens())
                || (limits.missionUSD() != null && spend.usd().compareTo(limits.missionUSD()) >= 0);
    }

    public synchronized LedgerState.MissionSpend missionSpent(String missionKey) {
        return missionSpend(missionKey);
    }

    public synchronized BudgetSnapshot snapshot(BudgetLimits limits) {
        roll(limits);
        return snapshotAfter(limits, Charge.ZERO);
    }

    /** Writes the state if it changed; the webhook calls this on a schedule and on shutdown. */
    public void flush() {
        LedgerState copy;
        synchronized (this) {
            if (!dirty) {
                return;
            }
            copy = state.copy();
            dirty = false;
        }
        try {
            store.save(copy);
        } catch (IOException e) {
            synchronized (this) {
                dirty = true;
            }
            LOG.error("budget state not saved (will retry): {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            state.missions.forEach((key, spend) -> allowance.giveBack("mission:" + key, Instant.EPOCH, spend.tokens(), spend.usd()));
            state.namespaces.forEach((ns, spend) -> allowance.giveBack("namespace:" + ns, spend.costWindow(), spend.tokens(), spend.usd()));
        }
        flush();
    }

    private BudgetSnapshot snapshotAfter(BudgetLimits limits, Charge extra) {
        LedgerState.MissionSpend m = missionSpend(limits.missionKey());
        LedgerState.NamespaceSpend ns = namespaceSpend(limits.namespace());
        Long tokens = min(limits.missionTokens() == null ? null : limits.missionTokens() - m.tokens() - extra.tokens(),
                limits.namespaceTokens() == null ? null : limits.namespaceTokens() - ns.tokens() - extra.tokens());
        BigDecimal usd = min(limits.missionUSD() == null ? null : limits.missionUSD().subtract(m.usd()).subtract(extra.usd()),
                limits.namespaceUSD() == null ? null : limits.namespaceUSD().subtract(ns.usd()).subtract(extra.usd()));
        return new BudgetSnapshot(tokens == null ? null : Math.max(0, tokens), usd == null ? null : usd.max(BigDecimal.ZERO));
    }

    private void add(BudgetLimits limits, Charge charge) {
        LedgerState.MissionSpend m = missionSpend(limits.missionKey());
        state.missions.put(limits.missionKey(), new LedgerState.MissionSpend(Math.max(0, m.tokens() + charge.tokens()),
                m.usd().add(charge.usd()).max(BigDecimal.ZERO)));
        LedgerState.NamespaceSpend ns = namespaceSpend(limits.namespace());
        state.namespaces.put(limits.namespace(), new LedgerState.NamespaceSpend(ns.tokenWindow(),
                Math.max(0, ns.tokens() + charge.tokens()), ns.costWindow(), ns.usd().add(charge.usd()).max(BigDecimal.ZERO)));
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
            dirty = true;
        }
    }

    static Instant windowStart(Instant now, Duration period) {
        long periodMillis = period.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), periodMillis) * periodMillis);
    }

    private LedgerState.MissionSpend missionSpend(String key) {
        return state.missions.getOrDefault(key, new LedgerState.MissionSpend(0, BigDecimal.ZERO));
    }

    private LedgerState.NamespaceSpend namespaceSpend(String namespace) {
        return state.namespaces.getOrDefault(namespace, new LedgerState.NamespaceSpend(Instant.EPOCH, 0, Instant.EPOCH, BigDecimal.ZERO));
    }

    private BudgetDecision lifetime(BudgetLimits limits, String what, String spent, String field) {
        return new BudgetDecision.Exhausted("mission " + limits.missionKey(), "mission " + limits.missionKey() + " " + what
                + " budget exhausted: spent " + spent + " for the mission's whole life; it does not refill — ask the mission's owner to raise "
                + field, null);
    }

    private BudgetDecision windowed(BudgetLimits limits, String what, String spent, Duration period, Instant window) {
        Instant refill = window.plus(period);
        return new BudgetDecision.Exhausted("namespace budget " + limits.namespace() + "/default", "namespace budget "
                + limits.namespace() + "/default " + what + " exhausted: spent " + spent + " this " + human(period)
                + " window; refills at " + refill + " — retry then, or ask the namespace's owner to raise the Budget", refill);
    }

    private static String human(Duration period) {
        return period.toMinutes() % 60 == 0 ? period.toHours() + "h" : period.toMinutes() + "m";
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
