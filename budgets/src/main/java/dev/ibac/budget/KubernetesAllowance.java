package dev.ibac.budget;

import dev.ibac.crd.Budget;
import dev.ibac.crd.BudgetStatus;
import dev.ibac.crd.Mission;
import dev.ibac.crd.MissionStatus;
import dev.ibac.crd.Spent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Budgets shared by several replicas through the Kubernetes API (SPEC §11). The status of a
 * Mission ({@code spent}) and of a namespace's Budget ({@code windowStart}, {@code spent}) records
 * what the replicas together have <em>claimed</em>; each replica claims slices — what it needs
 * plus a tenth of the limit as headroom — with a compare-and-swap on the object's resourceVersion
 * (409 → re-read, retry), and spends locally until its slice runs out. The sum of claims never
 * exceeds the limit, so the replicas never overspend, and the API server sees one write per slice,
 * not one per request. Unspent claims are given back on shutdown; a crashed replica's unspent
 * slice counts as spent until the window ends (for missions: for good) — the safe side.
 */
public final class KubernetesAllowance implements Allowance {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesAllowance.class);
    private static final int RETRIES = 8;
    private final KubernetesClient client;
    private final Map<String, Claim> claims = new HashMap<>();

    private record Claim(Instant window, long tokens, BigDecimal usd) {
        static Claim none(Instant window) {
            return new Claim(window, 0, BigDecimal.ZERO);
        }

        Claim plus(long t, BigDecimal u) {
            return new Claim(window, tokens + t, usd.add(u));
        }
    }

    public KubernetesAllowance(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public synchronized boolean cover(String account, Instant window, long tokens, BigDecimal usd, Long tokenLimit,
            BigDecimal usdLimit) {
        if (tokenLimit == null && usdLimit == null) {
            return true;
        }
        Claim claim = claims.getOrDefault(account, Claim.none(window));
        if (!claim.window().equals(window)) {
            claim = Claim.none(window);
        }
        // only limited dimensions are claimed: an unlimited one needs no share
        long needTokens = tokenLimit == null ? 0 : Math.max(0, tokens - claim.tokens());
        BigDecimal needUsd = usdLimit == null ? BigDecimal.ZERO : usd.subtract(claim.usd()).max(BigDecimal.ZERO);
        if (needTokens == 0 && needUsd.signum() == 0) {
            return true;
        }
        List<Charge> tries = List.of(
                new Charge(needTokens + (tokenLimit == null ? 0 : tokenLimit / 10),
                        needUsd.add(usdLimit == null ? BigDecimal.ZERO : usdLimit.divide(BigDecimal.TEN))),
                new Charge(needTokens, needUsd));
        for (Charge amount : tries) {
            if (claimShared(account, window, amount, tokenLimit, usdLimit)) {
                claims.put(account, claim.plus(amount.tokens(), amount.usd()));
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized void giveBack(String account, Instant window, long spentTokens, BigDecimal spentUsd) {
        Claim claim = claims.remove(account);
        if (claim == null || !claim.window().equals(window)) {
            return;
        }
        Charge unused = new Charge(claim.tokens() == 0 ? 0 : Math.max(0, claim.tokens() - spentTokens),
                claim.usd().signum() == 0 ? BigDecimal.ZERO : claim.usd().subtract(spentUsd).max(BigDecimal.ZERO));
        if (unused.tokens() > 0 || unused.usd().signum() > 0) {
            claimShared(account, window, new Charge(-unused.tokens(), unused.usd().negate()), null, null);
        }
    }

    /** One compare-and-swap loop on the shared record; false when the limit cannot take {@code amount}. */
    private boolean claimShared(String account, Instant window, Charge amount, Long tokenLimit, BigDecimal usdLimit) {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            Shared shared = read(account, window);
            if (shared == null) {
                return tokenLimit == null && usdLimit == null; // the object is gone: nothing to claim against
            }
            long tokens = Math.max(0, shared.tokens + amount.tokens());
            BigDecimal usd = shared.usd.add(amount.usd()).max(BigDecimal.ZERO);
            if ((tokenLimit != null && tokens > tokenLimit) || (usdLimit != null && usd.compareTo(usdLimit) > 0)) {
                return false;
            }
            try {
                write(account, shared.object, window, new Spent(tokens, Money.format(usd)));
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    LOG.warn("budget claim on {} failed: {}", account, e.getMessage());
                    return false; // fail closed: an unreachable API server grants nothing
                }
            }
        }
        return false;
    }

    private record Shared(HasMetadata object, long tokens, BigDecimal usd) {}

    private Shared read(String account, Instant window) {
        if (account.startsWith("mission:")) {
            String[] key = account.substring("mission:".length()).split("/", 2);
            Mission mission = client.resources(Mission.class).inNamespace(key[0]).withName(key[1]).get();
            if (mission == null) {
                return null;
            }
            Spent spent = mission.getStatus() == null ? null : mission.getStatus().spent();
            return shared(mission, spent);
        }
        String namespace = account.substring("namespace:".length());
        Budget budget = client.resources(Budget.class).inNamespace(namespace).withName(Budget.DEFAULT_NAME).get();
        if (budget == null) {
            return null;
        }
        BudgetStatus status = budget.getStatus();
        boolean sameWindow = status != null && window.toString().equals(status.windowStart());
        return shared(budget, sameWindow ? status.spent() : null);
    }

    private static Shared shared(HasMetadata object, Spent spent) {
        return spent == null ? new Shared(object, 0, BigDecimal.ZERO)
                : new Shared(object, spent.tokens(), spent.costUSD() == null ? BigDecimal.ZERO : new BigDecimal(spent.costUSD()));
    }

    /** Writes the status under the resourceVersion just read: a concurrent writer makes this a 409. */
    private void write(String account, HasMetadata object, Instant window, Spent spent) {
        if (object instanceof Mission mission) {
            MissionStatus old = mission.getStatus();
            mission.setStatus(old == null ? new MissionStatus(null, spent, null, null, null)
                    : new MissionStatus(old.phase(), spent, old.verdicts(), old.lastVerdict(), old.conditions()));
            client.resources(Mission.class).inNamespace(mission.getMetadata().getNamespace()).resource(mission).updateStatus();
        } else {
            Budget budget = (Budget) object;
            BudgetStatus old = budget.getStatus();
            budget.setStatus(new BudgetStatus(window.toString(), spent, old == null ? null : old.conditions()));
            client.resources(Budget.class).inNamespace(budget.getMetadata().getNamespace()).resource(budget).updateStatus();
        }
    }
}
