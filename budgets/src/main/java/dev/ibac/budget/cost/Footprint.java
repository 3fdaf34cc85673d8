package dev.ibac.budget.cost;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What a workload runs: one pod's requests × how many such pods ({@code unit}: replicas, nodes, …). */
record Footprint(Map<String, BigDecimal> perPod, long pods, String unit) {
    static final Footprint NONE = new Footprint(Map.of(), 0, "pods");

    Footprint {
        perPod = Map.copyOf(perPod);
        pods = Math.max(0, pods);
    }

    /**
     * The pods an object of a pod-owning kind runs; {@link #NONE} for any other kind.
     * {@code daemonSetNodes}: the node count a DaemonSet is assumed to cover.
     */
    static Footprint of(JsonNode object, String kind, long daemonSetNodes) {
        JsonNode spec = object.path("spec");
        return switch (kind) {
            case "Pod" -> new Footprint(PodRequests.of(spec, "spec"), 1, "pod");
            case "Deployment", "StatefulSet", "ReplicaSet", "ReplicationController" -> template(spec, count(spec.path("replicas"), 1), "replica");
            case "DaemonSet" -> template(spec, daemonSetNodes, "node");
            case "Job" -> spec.path("suspend").asBoolean(false) ? NONE : template(spec, parallelPods(spec), "parallel pod");
            case "CronJob" -> cronJob(spec);
            default -> NONE;
        };
    }

    /** The pods of a workload's template, given its replica count (a Scale's). */
    static Footprint ofTemplate(JsonNode workload, long replicas) {
        return template(workload.path("spec"), replicas, "replica");
    }

    private static Footprint cronJob(JsonNode spec) {
        JsonNode job = spec.path("jobTemplate").path("spec");
        if (spec.path("suspend").asBoolean(false)) {
            return NONE;
        }
        return new Footprint(PodRequests.of(job.path("template").path("spec"), "spec.jobTemplate.spec.template.spec"),
                parallelPods(job), "parallel pod");
    }

    private static Footprint template(JsonNode spec, long pods, String unit) {
        return new Footprint(PodRequests.of(spec.path("template").path("spec"), "spec.template.spec"), pods, unit);
    }

    /** A Job runs {@code parallelism} pods at once (default 1), never more than its {@code completions}. */
    private static long parallelPods(JsonNode jobSpec) {
        long parallelism = count(jobSpec.path("parallelism"), 1);
        JsonNode completions = jobSpec.path("completions");
        return completions.isNumber() ? Math.min(parallelism, count(completions, parallelism)) : parallelism;
    }

    /** Kubernetes counts (replicas, parallelism, completions) are int32. */
    static final long MAX_COUNT = Integer.MAX_VALUE;

    /**
     * A count the API server defaulted or not: absent, null (and any non-number) mean {@code fallback}. Anything but a
     * whole number from 0 to {@link #MAX_COUNT} is refused (IllegalArgumentException, so the action
     * is unpriceable): {@code asLong()} of 2^63 wraps to a negative count, which priced a
     * huge Deployment at $0.00.
     */
    static long count(JsonNode value, long fallback) {
        if (!value.isNumber()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0 || value.longValue() > MAX_COUNT) {
            throw new IllegalArgumentException("a replica or pod count must be a whole number from 0 to " + MAX_COUNT + ", got "
                    + abbreviated(value.toString()));
        }
        return value.longValue();
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    BigDecimal total(String resource) {
        return perPod.getOrDefault(resource, BigDecimal.ZERO).multiply(BigDecimal.valueOf(pods));
    }

    boolean isEmpty() {
        return pods == 0 || perPod.isEmpty();
    }

    /** Every resource either side asks for, cpu and memory first. */
    Set<String> resourcesWith(Footprint other) {
        Set<String> names = new TreeSet<>((a, b) -> rank(a) != rank(b) ? Integer.compare(rank(a), rank(b)) : a.compareTo(b));
        names.addAll(perPod.keySet());
        names.addAll(other.perPod.keySet());
        return names;
    }

    private static int rank(String resource) {
        return switch (resource) {
            case "cpu" -> 0;
            case "memory" -> 1;
            default -> 2;
        };
    }

    String podsText() {
        return pods + " " + unit + (pods == 1 ? "" : "s");
    }
}
