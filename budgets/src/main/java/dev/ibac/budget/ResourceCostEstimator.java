package dev.ibac.budget;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.action.Action;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SPEC §3: what provisioned resources cost — the hourly rate of container requests (CPU, memory,
 * extended resources such as nvidia.com/gpu) × replicas × the cost horizon. An UPDATE is charged
 * only the increase; deletes and objects without pods cost nothing.
 */
public final class ResourceCostEstimator {
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
    private final int daemonSetNodes;

    /** {@code daemonSetNodes}: how many nodes a DaemonSet is assumed to run on (from config). */
    public ResourceCostEstimator(int daemonSetNodes) {
        this.daemonSetNodes = daemonSetNodes;
    }

    /** The cost and its explanation; IllegalArgumentException names a malformed quantity. */
    public ResourceCost estimate(Action action, PriceTable prices, Duration horizon) {
        if (!"CREATE".equals(action.operation()) && !"UPDATE".equals(action.operation())) {
            return ResourceCost.NONE;
        }
        Footprint after = footprint(action.object());
        Footprint before = "UPDATE".equals(action.operation()) ? footprint(action.oldObject()) : Footprint.NONE;
        Footprint increase = after.minus(before);
        if (increase.isZero()) {
            return ResourceCost.NONE;
        }
        BigDecimal hours = new BigDecimal(horizon.getSeconds()).divide(SECONDS_PER_HOUR, MathContext.DECIMAL64);
        return price(increase, prices, hours, horizon);
    }

    private static ResourceCost price(Footprint increase, PriceTable prices, BigDecimal hours, Duration horizon) {
        Map<String, String> breakdown = new LinkedHashMap<>();
        BigDecimal total = BigDecimal.ZERO;
        String h = horizon.toMinutes() % 60 == 0 ? horizon.toHours() + "h" : horizon.toMinutes() + "m";
        if (increase.cpu.signum() > 0) {
            BigDecimal usd = increase.cpu.multiply(prices.cpuCoreHour()).multiply(hours);
            breakdown.put("cpu", plain(increase.cpu) + " cores x " + h + " x $" + plain(prices.cpuCoreHour()) + "/core-hour = $" + Money.format(usd));
            total = total.add(usd);
        }
        if (increase.memory.signum() > 0) {
            BigDecimal gib = increase.memory.divide(Quantities.GIB, MathContext.DECIMAL64);
            BigDecimal usd = gib.multiply(prices.memoryGiBHour()).multiply(hours);
            breakdown.put("memory", plain(gib) + " GiB x " + h + " x $" + plain(prices.memoryGiBHour()) + "/GiB-hour = $" + Money.format(usd));
            total = total.add(usd);
        }
        for (Map.Entry<String, BigDecimal> extended : increase.extended.entrySet()) {
            BigDecimal rate = prices.extendedResourceHour().getOrDefault(extended.getKey(), BigDecimal.ZERO);
            BigDecimal usd = extended.getValue().multiply(rate).multiply(hours);
            breakdown.put(extended.getKey(), plain(extended.getValue()) + " x " + h + " x $" + plain(rate) + "/hour = $" + Money.format(usd));
            total = total.add(usd);
        }
        return new ResourceCost(total, breakdown);
    }

    private Footprint footprint(JsonNode object) {
        if (object == null || object.isNull()) {
            return Footprint.NONE;
        }
        String kind = object.path("kind").asText();
        JsonNode spec = object.path("spec");
        return switch (kind) {
            case "Pod" -> Footprint.of(spec, 1);
            case "Deployment", "StatefulSet", "ReplicaSet", "ReplicationController" ->
                    Footprint.of(spec.path("template").path("spec"), spec.path("replicas").asLong(1));
            case "DaemonSet" -> Footprint.of(spec.path("template").path("spec"), daemonSetNodes);
            case "Job" -> Footprint.of(spec.path("template").path("spec"), spec.path("parallelism").asLong(1));
            case "CronJob" -> Footprint.of(spec.path("jobTemplate").path("spec").path("template").path("spec"),
                    spec.path("jobTemplate").path("spec").path("parallelism").asLong(1));
            case "Scale" -> Footprint.NONE; // the scale subresource carries replicas only; see ScaleCost
            default -> Footprint.NONE;
        };
    }

    private static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    /** Requests of one pod times replicas: cpu cores, memory bytes, extended resource counts. */
    record Footprint(BigDecimal cpu, BigDecimal memory, Map<String, BigDecimal> extended) {
        static final Footprint NONE = new Footprint(BigDecimal.ZERO, BigDecimal.ZERO, Map.of());

        static Footprint of(JsonNode podSpec, long replicas) {
            BigDecimal cpu = BigDecimal.ZERO;
            BigDecimal memory = BigDecimal.ZERO;
            Map<String, BigDecimal> extended = new LinkedHashMap<>();
            for (JsonNode container : podSpec.path("containers")) {
                JsonNode requests = container.path("resources").path("requests");
                JsonNode limits = container.path("resources").path("limits");
                cpu = cpu.add(quantity(requests.path("cpu")));
                memory = memory.add(quantity(requests.path("memory")));
                for (String name : extendedNames(requests, limits)) {
                    // Kubernetes defaults an extended resource's request to its limit
                    JsonNode value = requests.has(name) ? requests.get(name) : limits.get(name);
                    extended.merge(name, quantity(value), BigDecimal::add);
                }
            }
            BigDecimal n = BigDecimal.valueOf(Math.max(0, replicas));
            Map<String, BigDecimal> scaled = new LinkedHashMap<>();
            extended.forEach((k, v) -> scaled.put(k, v.multiply(n)));
            return new Footprint(cpu.multiply(n), memory.multiply(n), scaled);
        }

        private static List<String> extendedNames(JsonNode requests, JsonNode limits) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            requests.fieldNames().forEachRemaining(names::add);
            limits.fieldNames().forEachRemaining(names::add);
            names.removeIf(n -> n.equals("cpu") || n.equals("memory") || n.startsWith("ephemeral-storage") || n.startsWith("hugepages-"));
            return List.copyOf(names);
        }

        private static BigDecimal quantity(JsonNode value) {
            if (value == null || value.isMissingNode() || value.isNull()) {
                return BigDecimal.ZERO;
            }
            return Quantities.parse(value.asText());
        }

        Footprint minus(Footprint before) {
            Map<String, BigDecimal> extended = new LinkedHashMap<>();
            this.extended.forEach((k, v) -> extended.put(k, positive(v.subtract(before.extended.getOrDefault(k, BigDecimal.ZERO)))));
            extended.values().removeIf(v -> v.signum() == 0);
            return new Footprint(positive(cpu.subtract(before.cpu)), positive(memory.subtract(before.memory)), extended);
        }

        boolean isZero() {
            return cpu.signum() == 0 && memory.signum() == 0 && extended.isEmpty();
        }

        private static BigDecimal positive(BigDecimal value) {
            return value.signum() < 0 ? BigDecimal.ZERO : value;
        }
    }
}
