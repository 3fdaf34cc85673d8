package dev.ibac.judge.effect;

import static dev.ibac.judge.effect.EffectList.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.Effect.Family;
import dev.ibac.judge.JudgeVerdict.Risk;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What becomes reachable from outside the cluster: Service types LoadBalancer and NodePort,
 * externalIPs, open source ranges, Ingress and Gateway-route hosts, host ports and the host network.
 * Only what is new counts: an UPDATE that keeps the same hosts exposes nothing new.
 */
final class ExposureEffects {
    private ExposureEffects() {}

    static void analyse(Subject s, EffectList out) {
        serviceType(s, out);
        added(s, out, "externalIPs", strings(s.object().path("spec").path("externalIPs")),
                strings(s.old().path("spec").path("externalIPs")), "external IP");
        added(s, out, "loadBalancerSourceRanges", open(strings(s.object().path("spec").path("loadBalancerSourceRanges"))),
                open(strings(s.old().path("spec").path("loadBalancerSourceRanges"))), "source range");
        added(s, out, "hosts", hosts(s.object()), hosts(s.old()), "host");
        hostPorts(s, out);
        certificateNames(s, out);
        weights(s, out);
        sourceAllowList(s, out);
    }

    /** ingress-nginx's client allow-list annotations (https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#whitelist-source-range). */
    private static final List<String> ALLOW_LISTS = List.of("nginx.ingress.kubernetes.io/whitelist-source-range",
            "nginx.ingress.kubernetes.io/allowlist-source-range");
    /** ingress-nginx's rate-limit exemptions (https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#rate-limiting). */
    private static final List<String> EXEMPTIONS = List.of("nginx.ingress.kubernetes.io/limit-whitelist",
            "nginx.ingress.kubernetes.io/limit-allowlist");

    /**
     * An Ingress that had a client allow-list and now has none, or one that admits every address: open to every client; and a
     * rate-limit exemption for every address: no limit at all.
     */
    private static void sourceAllowList(Subject s, EffectList out) {
        for (String key : EXEMPTIONS) {
            String was = s.old().path("metadata").path("annotations").path(key).asText("");
            String now = s.object().path("metadata").path("annotations").path(key).asText("");
            if (everyAddress(now) && !everyAddress(was)) {
                out.add(Family.EXPOSURE, Risk.HIGH, s.target() + " exempts every address from its rate limit (" + now + ")", s.target(),
                        was, now, data("field", key, "allowList", "every address"));
            }
        }
        if (!s.update()) {
            return;
        }
        for (String key : ALLOW_LISTS) {
            String was = s.old().path("metadata").path("annotations").path(key).asText("");
            String now = s.object().path("metadata").path("annotations").path(key).asText("");
            if (!was.isEmpty() && !everyAddress(was) && (now.isEmpty() || everyAddress(now))) {
                out.add(Family.EXPOSURE, Risk.HIGH, s.target() + (now.isEmpty() ? " drops its client allow-list (" : " opens its client allow-list to 0.0.0.0/0 (")
                        + was + ")", s.target(), was, now, data("field", key, "allowList", "dropped"));
            }
        }
    }

    private static boolean everyAddress(String ranges) {
        return ranges.contains("0.0.0.0/0") || ranges.contains("::/0");
    }

    /** A certificate vouches for each of its names: a name the goal did not ask for is worth a look. */
    private static void certificateNames(Subject s, EffectList out) {
        if (!s.resource().equals("certificates") || s.delete()) {
            return;
        }
        Set<String> before = strings(s.old().path("spec").path("dnsNames"));
        for (String name : strings(s.object().path("spec").path("dnsNames"))) {
            if (!before.contains(name)) {
                out.add(Family.EXPOSURE, name.startsWith("*") ? Risk.HIGH : Risk.LOW, s.target() + " certifies " + name,
                        s.target(), "", name, data("field", "spec.dnsNames", "host", name, "kind", "certificate",
                                "zone", Hosts.internal(name) ? "INTERNAL" : "INTERNET"));
            }
        }
    }

    private static void serviceType(Subject s, EffectList out) {
        String type = s.object().path("spec").path("type").asText("");
        String was = s.old().path("spec").path("type").asText("");
        boolean exposed = type.equals("LoadBalancer") || type.equals("NodePort");
        if (exposed && !type.equals(was)) {
            String ports = String.join(", ", strings(s.object().path("spec").path("ports"), "port"));
            out.add(Family.EXPOSURE, Risk.HIGH, "type of " + s.target() + ": " + (was.isEmpty() ? "" : was + " → ") + type
                    + " (reachable from outside the cluster" + (ports.isEmpty() ? "" : " on port " + ports) + ")",
                    s.target(), was, type, data("field", "spec.type", "kind", type));
        }
    }

    private static void added(Subject s, EffectList out, String field, Set<String> now, Set<String> before, String noun) {
        for (String value : now) {
            if (!before.contains(value)) {
                out.add(Family.EXPOSURE, Risk.HIGH, s.target() + " exposes " + noun + " " + value
                        + backends(s.object()), s.target(), "", value,
                        data("field", field, "host", value, "backends", String.join(",", backendNames(s.object()))));
            }
        }
    }

    private static void hostPorts(Subject s, EffectList out) {
        Set<String> before = new LinkedHashSet<>();
        s.oldPods().containers().forEach(c -> before.addAll(strings(c.node().path("ports"), "hostPort")));
        for (PodSpecs.Container c : s.pods().containers()) {
            for (String port : strings(c.node().path("ports"), "hostPort")) {
                if (!before.contains(port) && !port.equals("0")) {
                    out.add(Family.EXPOSURE, Risk.HIGH, "container \"" + c.name() + "\" of " + s.target()
                            + " listens on host port " + port, s.target(), "", port, data("field", "hostPort", "port", port));
                }
            }
        }
        for (PodSpecs.PodSpec spec : s.pods().specs()) {
            boolean was = s.oldPods().specs().stream().anyMatch(p -> p.spec().path("hostNetwork").asBoolean(false));
            if (spec.spec().path("hostNetwork").asBoolean(false) && !was) {
                out.add(Family.EXPOSURE, Risk.HIGH, s.target() + " runs on the host network", s.target(), "", "true",
                        data("field", spec.path() + ".hostNetwork", "hostNetwork", "true"));
            }
        }
    }

    /** Ingress rules and TLS hosts, Gateway API route hostnames. */
    static Set<String> hosts(JsonNode object) {
        Set<String> hosts = new LinkedHashSet<>();
        JsonNode spec = object.path("spec");
        spec.path("rules").forEach(rule -> {
            if (rule.path("host").isTextual()) {
                hosts.add(rule.path("host").asText());
            } else if (rule.has("http")) {
                hosts.add("* (every host)");
            }
        });
        spec.path("hostnames").forEach(h -> hosts.add(h.asText()));
        if (spec.path("defaultBackend").isObject() || spec.path("backend").isObject()) {
            hosts.add("* (default backend)");
        }
        return hosts;
    }

    private static String backends(JsonNode object) {
        Set<String> services = backendNames(object);
        return services.isEmpty() ? "" : " (backend " + String.join(", ", services) + ")";
    }

    private static Set<String> backendNames(JsonNode object) {
        Set<String> services = new LinkedHashSet<>();
        object.path("spec").path("rules").forEach(rule -> rule.path("http").path("paths").forEach(p -> {
            String name = p.path("backend").path("service").path("name").asText(p.path("backend").path("serviceName").asText(""));
            if (!name.isEmpty()) {
                services.add(name);
            }
        }));
        object.path("spec").path("rules").forEach(rule -> rule.path("backendRefs").forEach(b -> services.add(b.path("name").asText())));
        return services;
    }

    /** Traffic split weights: an NGINX canary's weight annotation, Gateway API and Istio route weights. */
    private static void weights(Subject s, EffectList out) {
        String weight = s.object().path("metadata").path("annotations").path("nginx.ingress.kubernetes.io/canary-weight").asText("");
        String was = s.old().path("metadata").path("annotations").path("nginx.ingress.kubernetes.io/canary-weight").asText("");
        if (!weight.isEmpty() && !weight.equals(was)) {
            out.add(Family.EXPOSURE, Risk.MEDIUM, s.target() + " sends " + weight + "% of the traffic to the canary", s.target(),
                    was, weight, data("field", "weight"));
        }
    }

    private static Set<String> open(Set<String> ranges) {
        Set<String> open = new LinkedHashSet<>();
        ranges.stream().filter(r -> r.equals("0.0.0.0/0") || r.equals("::/0")).forEach(open::add);
        return open;
    }

    static Set<String> strings(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        array.forEach(v -> {
            if (v.isValueNode()) {
                values.add(v.asText());
            }
        });
        return values;
    }

    static Set<String> strings(JsonNode array, String field) {
        Set<String> values = new LinkedHashSet<>();
        array.forEach(v -> {
            if (v.path(field).isValueNode()) {
                values.add(v.path(field).asText());
            }
        });
        return values;
    }
}
