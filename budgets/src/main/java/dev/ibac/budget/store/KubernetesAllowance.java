package dev.ibac.budget.store;

import dev.ibac.budget.cost.Charge;
import dev.ibac.budget.cost.Money;
import dev.ibac.budget.ledger.Allowance;
import dev.ibac.crd.Budget;
import dev.ibac.crd.BudgetStatus;
import dev.ibac.crd.Mission;
import dev.ibac.crd.MissionStatus;
import dev.ibac.crd.Spent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Budgets shared by several replicas through the Kubernetes API (SPEC §11). The status of a
 * Mission ({@code spent}) and of a namespace's Budget ({@code windowStart}, {@code spent}) records
 * what the replicas together have <em>claimed</em>; each replica claims slices — what it needs
 * plus headroom (a tenth of the limit, at most half of what is still unclaimed) — with a
 * compare-and-swap on the object's resourceVersion (409 → re-read, retry), and spends locally
 * until its slice runs out. The sum of claims never exceeds the limit, so the replicas never
 * overspend, and the API server sees one write per slice, not one per request. Unspent claims are
 * given back on shutdown; a crashed replica's unspent slice counts as spent until the window ends
 * (for missions: for good) — the safe side. Amounts are claimed in whole micro-dollars, rounded up.
 */
public final class KubernetesAllowance implements Allowance {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesAllowance.class);
    private static final int RETRIES = 8;
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private final KubernetesClient client;
    /** This replica's claims and, as last read, the others': one entry per mission and namespace in use. */
    private final Map<String, Claim> claims = new HashMap<>();
    private final Map<String, Claim> others = new HashMap<>();

    private record Claim(Instant window, long tokens, BigDecimal usd) {
        Claim plus(Charge c) {
            return new Claim(window, tokens + c.tokens(), usd.add(c.usd()));
        }

        Charge charge() {
            return new Charge(tokens, usd);
        }
    }

    public KubernetesAllowance(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public synchronized boolean cover(String account, Instant window, Charge before, Charge after, Long tokenLimit,
            BigDecimal usdLimit) {
        if (tokenLimit == null && usdLimit == null) {
            return true;
        }
        Claim claim = current(account, window, before);
        Charge need = new Charge(tokenLimit == null ? 0 : Math.max(0, after.tokens() - claim.tokens()),
                usdLimit == null ? BigDecimal.ZERO : after.usd().subtract(claim.usd()).max(BigDecimal.ZERO).setScale(Money.SCALE, RoundingMode.CEILING));
        if (need.tokens() == 0 && need.usd().signum() == 0) {
            return true;
        }
        Optional<Charge> granted = claimShared(account, claim, need, tokenLimit, usdLimit);
        granted.ifPresent(g -> claims.put(account, claim.plus(g)));
        return granted.isPresent();
    }

    @Override
    public synchronized Charge othersClaimed(String account, Instant window) {
        Claim seen = others.get(account);
        return seen == null || !seen.window().equals(window) ? Charge.ZERO : seen.charge();
    }

    @Override
    public synchronized void giveBack(String account, Instant window, Charge spent) {
        Claim claim = claims.remove(account);
        if (claim == null || !claim.window().equals(window)) {
            return;
        }
        Charge unused = new Charge(Math.max(0, claim.tokens() - spent.tokens()),
                claim.usd().subtract(spent.usd()).max(BigDecimal.ZERO).setScale(Money.SCALE, RoundingMode.FLOOR));
        if (unused.tokens() > 0 || unused.usd().signum() > 0) {
            returnShared(account, window, unused);
        }
    }

    /**
     * This replica's claim in the window. The first time a process sees an account, what the
     * ledger already had spent was claimed by the replica's earlier run (its spend survived in the
     * state store, and so did its claim in the shared record); a new window starts from nothing.
     */
    private Claim current(String account, Instant window, Charge before) {
        Claim existing = claims.get(account);
        if (existing == null) {
            return new Claim(window, before.tokens(), before.usd());
        }
        return existing.window().equals(window) ? existing : new Claim(window, 0, BigDecimal.ZERO);
    }

    /** Claims {@code need} plus headroom on the shared record; the amount granted, empty when the limit cannot take the need. */
    private Optional<Charge> claimShared(String account, Claim own, Charge need, Long tokenLimit, BigDecimal usdLimit) {
        return compareAndSwap(account, own.window(), "budget claim on " + account, shared -> {
            others.put(account, new Claim(own.window(), Math.max(0, shared.tokens - own.tokens()),
                    shared.usd.subtract(own.usd()).max(BigDecimal.ZERO)));
            long tokens = shared.tokens + need.tokens();
            BigDecimal usd = shared.usd.add(need.usd());
            if ((tokenLimit != null && tokens > tokenLimit) || (usdLimit != null && usd.compareTo(usdLimit) > 0)) {
                return Optional.empty();
            }
            Charge grant = need.plus(headroom(tokens, usd, tokenLimit, usdLimit));
            return Optional.of(new Swap<>(new Spent(shared.tokens + grant.tokens(), Money.format(shared.usd.add(grant.usd()))), grant));
        });
    }

    /** A tenth of the limit, but never more than half of what would still be unclaimed: the last slices shrink, so little is stranded. */
    private static Charge headroom(long tokensAfterNeed, BigDecimal usdAfterNeed, Long tokenLimit, BigDecimal usdLimit) {
        long tokens = tokenLimit == null ? 0 : Math.min(tokenLimit / 10, (tokenLimit - tokensAfterNeed) / 2);
        BigDecimal usd = usdLimit == null ? BigDecimal.ZERO
                : usdLimit.divide(BigDecimal.TEN).min(usdLimit.subtract(usdAfterNeed).divide(TWO)).setScale(Money.SCALE, RoundingMode.FLOOR);
        return new Charge(Math.max(0, tokens), usd.max(BigDecimal.ZERO));
    }

    private void returnShared(String account, Instant window, Charge unused) {
        compareAndSwap(account, window, "giving back the unspent budget of " + account + " (it stays claimed)",
                shared -> Optional.of(new Swap<>(new Spent(Math.max(0, shared.tokens - unused.tokens()),
                        Money.format(shared.usd.subtract(unused.usd()).max(BigDecimal.ZERO))), Boolean.TRUE)));
    }

    /** The new spend to write, and what to answer once it is written. */
    private record Swap<T>(Spent spent, T result) {}

    /**
     * One compare-and-swap loop on the shared record: read it, let {@code change} decide the new spend
     * (empty: write nothing, answer empty), write it under the resourceVersion just read; a 409 reads
     * again. Fails closed: a missing record, an unreadable spend, an API error or conflicts beyond the
     * retries answer empty.
     */
    private <T> Optional<T> compareAndSwap(String account, Instant window, String what, Function<Shared, Optional<Swap<T>>> change) {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            try {
                Shared shared = read(account, window);
                if (shared == null) {
                    return Optional.empty(); // the object is gone: nothing to claim against or give back to
                }
                Optional<Swap<T>> swap = change.apply(shared);
                if (swap.isEmpty()) {
                    return Optional.empty();
                }
                write(shared.object, window, swap.get().spent());
                return Optional.of(swap.get().result());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    LOG.warn("{} failed: {}", what, e.getMessage());
                    return Optional.empty();
                }
            } catch (IllegalArgumentException e) {
                LOG.warn("{} failed: status.spent is unreadable ({})", what, e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private record Shared(HasMetadata object, long tokens, BigDecimal usd) {}

    private Shared read(String account, Instant window) {
        if (account.startsWith("mission:")) {
            String[] key = account.substring("mission:".length()).split("/", 2);
            Mission mission = client.resources(Mission.class).inNamespace(key[0]).withName(key[1]).get();
            return mission == null ? null : shared(mission, mission.getStatus() == null ? null : mission.getStatus().spent());
        }
        String namespace = account.substring("namespace:".length());
        Budget budget = client.resources(Budget.class).inNamespace(namespace).withName(Budget.DEFAULT_NAME).get();
        if (budget == null) {
            return null;
        }
        BudgetStatus status = budget.getStatus();
        boolean sameWindow = status != null && status.windowStart() != null && window.equals(instant(status.windowStart()));
        return shared(budget, sameWindow ? status.spent() : null);
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("windowStart \"" + text + "\" is not a time", e);
        }
    }

    private static Shared shared(HasMetadata object, Spent spent) {
        return spent == null ? new Shared(object, 0, BigDecimal.ZERO)
                : new Shared(object, spent.tokens(), spent.costUSD() == null ? BigDecimal.ZERO : new BigDecimal(spent.costUSD()));
    }

    /** Writes the status under the resourceVersion just read: a concurrent writer makes this a 409. */
    private void write(HasMetadata object, Instant window, Spent spent) {
        if (object instanceof Mission mission) {
            MissionStatus old = mission.getStatus();
            mission.setStatus(old == null ? new MissionStatus(null, spent, null, null, null, null) : old.withSpent(spent));
            client.resources(Mission.class).inNamespace(mission.getMetadata().getNamespace()).resource(mission).updateStatus();
        } else {
            Budget budget = (Budget) object;
            BudgetStatus old = budget.getStatus();
            budget.setStatus(new BudgetStatus(window.toString(), spent, old == null ? null : old.conditions()));
            client.resources(Budget.class).inNamespace(budget.getMetadata().getNamespace()).resource(budget).updateStatus();
        }
    }
}
