package dev.ibac.budget.cost;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one pod asks the scheduler for, per resource, computed the way Kubernetes does
 * (https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#resource-sharing-within-containers):
 * the larger of (app containers + sidecars) and the largest init container with the sidecars
 * started before it, plus the pod overhead. A container's request defaults to its limit when it
 * sets only a limit, as the API server defaults it for the pods a workload creates.
 */
final class PodRequests {
    /** Not priced: local disk and huge pages are not part of the price table. */
    private static final Set<String> UNPRICED_PREFIXES = Set.of("ephemeral-storage", "hugepages-");

    private PodRequests() {}

    /** Resource name → quantity in base units; IllegalArgumentException names the bad field under {@code where}. */
    static Map<String, BigDecimal> of(JsonNode podSpec, String where) {
        Map<String, BigDecimal> apps = new TreeMap<>();
        Map<String, BigDecimal> sidecars = new TreeMap<>();
        Map<String, BigDecimal> initPeak = new TreeMap<>();
        int i = 0;
        for (JsonNode init : podSpec.path("initContainers")) {
            Map<String, BigDecimal> own = container(init, where + ".initContainers[" + i++ + "]");
            if ("Always".equals(init.path("restartPolicy").asText())) {
                own.forEach((name, q) -> sidecars.merge(name, q, BigDecimal::add));
            } else {
                own.forEach((name, q) -> initPeak.merge(name, q.add(sidecars.getOrDefault(name, BigDecimal.ZERO)), BigDecimal::max));
            }
        }
        i = 0;
        for (JsonNode app : podSpec.path("containers")) {
            container(app, where + ".containers[" + i++ + "]").forEach((name, q) -> apps.merge(name, q, BigDecimal::add));
        }
        sidecars.forEach((name, q) -> apps.merge(name, q, BigDecimal::add));
        initPeak.forEach((name, q) -> apps.merge(name, q, BigDecimal::max));
        quantities(podSpec.path("overhead"), where + ".overhead").forEach((name, q) -> apps.merge(name, q, BigDecimal::add));
        apps.values().removeIf(q -> q.signum() == 0);
        return apps;
    }

    private static Map<String, BigDecimal> container(JsonNode container, String where) {
        JsonNode resources = container.path("resources");
        Map<String, BigDecimal> requests = quantities(resources.path("requests"), where + ".resources.requests");
        quantities(resources.path("limits"), where + ".resources.limits").forEach(requests::putIfAbsent);
        return requests;
    }

    private static Map<String, BigDecimal> quantities(JsonNode map, String where) {
        Map<String, BigDecimal> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : map.properties()) {
            String name = entry.getKey();
            if (UNPRICED_PREFIXES.stream().noneMatch(name::startsWith) && !entry.getValue().isNull()) {
                try {
                    out.put(name, Quantities.parseRequest(entry.getValue().asText()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + "." + name + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }
}
