package dev.ibac.budget.cost;

import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.action.Action;
import dev.ibac.action.ResourceId;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * SPEC §3: what an action costs before the judge runs — the agent-reported tokens
 * ({@code ibac.io/tokens}, priced as input tokens) and the provisioned resources: the hourly rate
 * of the pods' requests (CPU, memory, extended resources such as nvidia.com/gpu) × replicas × the
 * cost horizon. An UPDATE is charged only the increase; deletes and objects without pods cost nothing.
 */
public final class ResourceCostEstimator {
    /** Compiled once: the reported tokens are read on every change an agent makes. */
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,10}");
    /** The largest {@code ibac.io/tokens} value taken seriously; more is a mistake, not a report. */
    static final long MAX_REPORTED_TOKENS = 1_000_000_000L;
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
    private final long daemonSetNodes;
    private final WorkloadLookup workloads;

    /** {@code daemonSetNodes}: how many nodes a DaemonSet is assumed to run on (from config). */
    public ResourceCostEstimator(int daemonSetNodes) {
        this(daemonSetNodes, WorkloadLookup.NONE);
    }

    /** {@code workloads}: reads the workload behind a {@code /scale} request, to price the added replicas. */
    public ResourceCostEstimator(int daemonSetNodes, WorkloadLookup workloads) {
        this.daemonSetNodes = Math.max(0, daemonSetNodes);
        this.workloads = workloads;
    }

    /** Tokens and resources with their breakdown; a request that cannot be priced comes back with a {@code problem}, never an exception. */
    public CostEstimate cost(Action action, PriceTable prices, Duration horizon) {
        try {
            long reported = reportedTokens(action);
            ResourceCost resources = estimate(action, prices, horizon);
            BigDecimal tokensUsd = prices.tokens(reported, 0);
            Map<String, String> breakdown = new LinkedHashMap<>(resources.breakdown());
            if (reported > 0) {
                breakdown.put("agentTokens", reported + " reported (" + Action.TOKENS_ANNOTATION + ") x $"
                        + plain(prices.inputTokensPer1M()) + "/1M input tokens = $" + Money.format(tokensUsd));
            }
            return new CostEstimate(reported, tokensUsd, resources.usd(), breakdown, Optional.empty(), resources.unpriced());
        } catch (IllegalArgumentException e) {
            return CostEstimate.unpriceable("cannot price this action: " + e.getMessage());
        }
    }

    /** The provisioned resources alone; IllegalArgumentException names a malformed quantity and where it is. */
    ResourceCost estimate(Action action, PriceTable prices, Duration horizon) {
        if (!"CREATE".equals(action.operation()) && !"UPDATE".equals(action.operation())) {
            return ResourceCost.NONE;
        }
        if ("scale".equals(action.resource().subresource())) {
            return scale(action, prices, horizon);
        }
        Footprint after = footprint(action.object(), action.kind());
        Footprint before = "UPDATE".equals(action.operation()) ? footprint(action.oldObject(), action.kind()) : Footprint.NONE;
        return price(after, before, prices, horizon);
    }

    /**
     * The agent's own token report on the object it sends: 0 when absent, on DELETE/CONNECT (the
     * annotation there is the stored object's, reported before) and on an UPDATE that leaves the
     * value as it was (else every later change would be charged the creation's reasoning again).
     */
    static long reportedTokens(Action action) {
        if (!"CREATE".equals(action.operation()) && !"UPDATE".equals(action.operation())) {
            return 0;
        }
        Optional<String> now = annotation(action.object());
        if (now.isEmpty() || now.equals(annotation(action.oldObject()))) {
            return 0;
        }
        String text = now.get().trim();
        if (!WHOLE_NUMBER.matcher(text).matches() || Long.parseLong(text) > MAX_REPORTED_TOKENS) {
            throw new IllegalArgumentException("annotation " + Action.TOKENS_ANNOTATION + " must be a whole number of tokens from 0 to "
                    + MAX_REPORTED_TOKENS + ", got \"" + now.get() + "\"");
        }
        return Long.parseLong(text);
    }

    private static Optional<String> annotation(JsonNode object) {
        JsonNode value = object == null ? null : object.path("metadata").path("annotations").path(Action.TOKENS_ANNOTATION);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    private Footprint footprint(JsonNode object, String fallbackKind) {
        if (object == null || !object.isObject()) {
            return Footprint.NONE;
        }
        String kind = object.path("kind").asText(fallbackKind);
        return Footprint.of(object, kind.isEmpty() ? fallbackKind : kind, daemonSetNodes);
    }

    /** A Scale carries only replica counts: one more replica costs what the workload's pod template requests. */
    private ResourceCost scale(Action action, PriceTable prices, Duration horizon) {
        long after = replicas(action.object());
        long before = replicas(action.oldObject());
        if (after <= before) {
            return ResourceCost.NONE;
        }
        ResourceId workload = new ResourceId(action.resource().group(), action.resource().version(), action.resource().resource(), "");
        Optional<JsonNode> found = workloads.find(workload, action.namespace(), action.name());
        if (found.isEmpty()) {
            String why = "the pod template of " + workload.resource() + " " + action.namespace() + "/" + action.name()
                    + " could not be read to price scaling it from " + before + " to " + after + " replicas";
            return new ResourceCost(BigDecimal.ZERO, Map.of("scale", "replicas " + before + " -> " + after + "; " + why
                    + ", so the added replicas are not charged"), Optional.of(why));
        }
        return price(Footprint.ofTemplate(found.get(), after), Footprint.ofTemplate(found.get(), before), prices, horizon);
    }

    private static long replicas(JsonNode scale) {
        return scale == null ? 0 : Footprint.count(scale.path("spec").path("replicas"), 0);
    }

    private static ResourceCost price(Footprint after, Footprint before, PriceTable prices, Duration horizon) {
        Map<String, String> breakdown = new LinkedHashMap<>();
        BigDecimal total = BigDecimal.ZERO;
        for (String resource : after.resourcesWith(before)) {
            BigDecimal increase = after.total(resource).subtract(before.total(resource));
            if (increase.signum() > 0) {
                Priced priced = Priced.of(resource, increase, prices, horizon);
                breakdown.put(resource, explain(resource, increase, after, before, priced, horizon));
                total = total.add(priced.usd);
            }
        }
        return new ResourceCost(total, breakdown);
    }

    /** A resource's increase in billing units (cores, GiB, devices), its hourly rate and its price over the horizon. */
    private record Priced(String unit, BigDecimal rate, String per, BigDecimal usd) {
        static Priced of(String resource, BigDecimal increase, PriceTable prices, Duration horizon) {
            return switch (resource) {
                case "cpu" -> priced("cores", increase, prices.cpuCoreHour(), "core-hour", horizon);
                case "memory" -> priced("GiB", increase.divide(Quantities.GIB), prices.memoryGiBHour(), "GiB-hour", horizon);
                default -> priced("", increase, prices.extendedResourceHour().getOrDefault(resource, BigDecimal.ZERO), "hour", horizon);
            };
        }

        private static Priced priced(String unit, BigDecimal amount, BigDecimal rate, String per, Duration horizon) {
            // divide last, so whole-hour horizons stay exact and others lose nothing before rounding
            BigDecimal usd = amount.multiply(rate).multiply(BigDecimal.valueOf(horizon.getSeconds()))
                    .divide(SECONDS_PER_HOUR, MathContext.DECIMAL128);
            return new Priced(unit, rate, per, usd);
        }

        String amount(BigDecimal baseUnits, String resource) {
            BigDecimal shown = "memory".equals(resource) ? baseUnits.divide(Quantities.GIB) : baseUnits;
            String units = "cores".equals(unit) && shown.compareTo(BigDecimal.ONE) == 0 ? "core" : unit;
            return plain(shown) + (units.isEmpty() ? "" : " " + units);
        }
    }

    /** "0.5 cores x 3 replicas x 1h x $0.04/core-hour = $0.06"; for an update, what it was and the increase first. */
    private static String explain(String resource, BigDecimal increase, Footprint after, Footprint before, Priced priced, Duration horizon) {
        String now = priced.amount(after.perPod().getOrDefault(resource, BigDecimal.ZERO), resource) + " x " + after.podsText();
        String what = before.total(resource).signum() == 0 ? now
                : "+" + priced.amount(increase, resource) + " (" + now + ", was "
                        + priced.amount(before.perPod().getOrDefault(resource, BigDecimal.ZERO), resource) + " x " + before.podsText() + ")";
        return what + " x " + Durations.format(horizon) + " x $" + plain(priced.rate) + "/" + priced.per + " = $" + Money.format(priced.usd);
    }

    /** Up to six decimals, no trailing zeros, no exponent: "0.5", "2", "0.931323". */
    private static String plain(BigDecimal value) {
        BigDecimal stripped = value.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }
}
