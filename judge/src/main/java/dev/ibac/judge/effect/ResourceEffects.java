package dev.ibac.judge.effect;

import static dev.ibac.judge.effect.EffectList.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.Effect.Family;
import dev.ibac.judge.JudgeVerdict.Risk;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/**
 * Compute requested per pod and in all (× replicas or parallelism): GPUs (any extended resource
 * with "gpu" in its name), CPU cores, memory. A quantity that cannot be read counts as zero here;
 * the budget stage refuses what it cannot price.
 */
final class ResourceEffects {
    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);

    private ResourceEffects() {}

    /** Per pod, and each container's own figure ("cpu": "2,0.1"): a goal may size one container of a pod with sidecars. */
    record Totals(BigDecimal gpus, BigDecimal cpu, BigDecimal memoryGiB, long pods, String cpuOfEach, String memoryOfEach) {}

    static void analyse(Subject s, EffectList out) {
        if (PodSpecs.podContainers(s.object()).isEmpty()) {
            return;
        }
        Totals now = totals(s.object());
        Totals was = PodSpecs.podContainers(s.old()).isEmpty() ? null : totals(s.old());
        dimension(s, out, "GPUs", now.gpus(), was == null ? null : was.gpus(), now.pods(), gpuRisk(now.gpus().multiply(BigDecimal.valueOf(now.pods()))), "");
        dimension(s, out, "CPU cores", now.cpu(), was == null ? null : was.cpu(), now.pods(), Risk.LOW, now.cpuOfEach());
        dimension(s, out, "memory GiB", now.memoryGiB(), was == null ? null : was.memoryGiB(), now.pods(), Risk.LOW, now.memoryOfEach());
    }

    private static void dimension(Subject s, EffectList out, String unit, BigDecimal perPod, BigDecimal before, long pods,
            Risk floor, String ofEach) {
        if (perPod.signum() == 0 && (before == null || before.signum() == 0)) {
            return;
        }
        if (before != null && before.compareTo(perPod) == 0) {
            return;
        }
        BigDecimal total = perPod.multiply(BigDecimal.valueOf(pods));
        Risk risk = floor;
        if (before != null && before.signum() > 0 && perPod.compareTo(before.multiply(BigDecimal.valueOf(4))) > 0) {
            risk = max(risk, Risk.MEDIUM);
        }
        if (unit.startsWith("CPU") && total.compareTo(BigDecimal.valueOf(64)) > 0
                || unit.startsWith("memory") && total.compareTo(BigDecimal.valueOf(512)) > 0) {
            risk = max(risk, Risk.MEDIUM);
        }
        String sentence = unit + " requested by " + s.target() + ": " + (before == null ? "" : plain(before) + " → ")
                + plain(perPod) + " per pod" + (pods == 1 ? "" : ", " + plain(total) + " in all for " + pods + " pods");
        out.add(Family.RESOURCES, risk, sentence, s.target(), before == null ? "" : plain(before), plain(perPod),
                data("unit", unit, "perPod", plain(perPod), "total", plain(total), "pods", Long.toString(pods), "containers", ofEach));
    }

    private static Risk gpuRisk(BigDecimal total) {
        return total.compareTo(BigDecimal.valueOf(8)) >= 0 ? Risk.HIGH : Risk.MEDIUM;
    }

    private static Risk max(Risk a, Risk b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    static Totals totals(JsonNode object) {
        BigDecimal gpus = BigDecimal.ZERO;
        BigDecimal cpu = BigDecimal.ZERO;
        BigDecimal mem = BigDecimal.ZERO;
        java.util.StringJoiner cpus = new java.util.StringJoiner(",");
        java.util.StringJoiner memories = new java.util.StringJoiner(",");
        for (PodSpecs.Container c : PodSpecs.podContainers(object)) {
            JsonNode requests = c.node().path("resources").path("requests");
            JsonNode limits = c.node().path("resources").path("limits");
            BigDecimal limitGpus = gpus(limits);
            gpus = gpus.add(limitGpus.signum() > 0 ? limitGpus : gpus(requests));
            BigDecimal cores = Quantity.of(first(requests, limits, "cpu"));
            BigDecimal gib = Quantity.of(first(requests, limits, "memory")).divide(GIB, 3, RoundingMode.HALF_UP);
            cpu = cpu.add(cores);
            mem = mem.add(gib);
            cpus.add(plain(cores));
            memories.add(plain(gib));
        }
        return new Totals(gpus, cpu, mem, PodSpecs.pods(object), cpus.toString(), memories.toString());
    }

    private static BigDecimal gpus(JsonNode resources) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<String, JsonNode> e : resources.properties()) {
            if (e.getKey().toLowerCase(Locale.ROOT).contains("gpu")) {
                sum = sum.add(Quantity.of(e.getValue().asText()));
            }
        }
        return sum;
    }

    private static String first(JsonNode requests, JsonNode limits, String key) {
        return requests.path(key).isValueNode() ? requests.path(key).asText() : limits.path(key).asText("0");
    }

    static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
