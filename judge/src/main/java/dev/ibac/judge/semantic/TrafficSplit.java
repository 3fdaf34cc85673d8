package dev.ibac.judge.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.Effect;
import dev.ibac.judge.JudgeVerdict.Risk;
import dev.ibac.judge.goal.GoalReading;
import dev.ibac.judge.semantic.Assessment.Contradicted;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A weighted route's split set against the shares the goal gives its backends ("sending 90% of traffic to Service
 * `frontend-v1` and 10% to `frontend-v2`"): a Gateway API route's {@code backendRefs[].weight} or an Istio
 * VirtualService's {@code route[].weight}, as a share of its rule's total
 * (https://gateway-api.sigs.k8s.io/guides/traffic-splitting/). Reversed or other weights send the canary's share elsewhere.
 */
final class TrafficSplit {
    private static final Pattern SHARE = Pattern.compile("(\\d{1,3}(?:\\.\\d+)?)\\s?%\\s+(?:of (?:the )?(?:traffic|requests)\\s+)?(?:goes\\s+)?to\\s+"
            + "(?:the\\s+)?(?:service\\s+|deployment\\s+)?`?([a-z0-9][a-z0-9.-]*[a-z0-9])`?");

    private TrafficSplit() {}

    static Optional<Contradicted> contradicted(JsonNode object, String target, GoalReading goal) {
        JsonNode spec = object.path("spec");
        if (!spec.path("rules").isArray() && !spec.path("http").isArray()) {
            return Optional.empty(); // no route: the goal's text need not be read
        }
        Map<String, Double> shares = shares(goal.lower());
        if (shares.size() < 2) {
            return Optional.empty();
        }
        for (JsonNode rule : object.path("spec").path("rules")) {
            Optional<Contradicted> off = split(rule.path("backendRefs"), "name", shares, target, goal);
            if (off.isPresent()) {
                return off;
            }
        }
        for (JsonNode http : object.path("spec").path("http")) {
            Optional<Contradicted> off = split(http.path("route"), "host", shares, target, goal);
            if (off.isPresent()) {
                return off;
            }
        }
        return Optional.empty();
    }

    private static Optional<Contradicted> split(JsonNode backends, String nameField, Map<String, Double> shares, String target, GoalReading goal) {
        if (backends.size() < 2) {
            return Optional.empty();
        }
        double total = 0;
        for (JsonNode b : backends) {
            total += b.path("weight").asDouble(1);
        }
        for (JsonNode b : backends) {
            JsonNode named = nameField.equals("host") ? b.path("destination").path("host") : b.path("name");
            String name = named.asText("").toLowerCase(Locale.ROOT);
            String service = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            Double wanted = shares.get(service);
            double share = total > 0 ? 100 * b.path("weight").asDouble(1) / total : 0;
            if (wanted != null && Math.abs(share - wanted) > 0.5) {
                Effect e = new Effect(Effect.Family.EXPOSURE, Risk.HIGH, target + " sends " + Math.round(share) + "% of its traffic to "
                        + service, target, "", Long.toString(Math.round(share)), Map.of("field", "weight"));
                return Optional.of(new Contradicted(e, "the goal sends " + Math.round(wanted) + "% to " + service, goal.goal()));
            }
        }
        return Optional.empty();
    }

    /** "90% of traffic to Service `frontend-v1` and 10% to `frontend-v2`" → frontend-v1: 90, frontend-v2: 10. */
    static Map<String, Double> shares(String goal) {
        Map<String, Double> out = new LinkedHashMap<>();
        Matcher m = SHARE.matcher(goal);
        while (m.find()) {
            out.putIfAbsent(m.group(2), Double.parseDouble(m.group(1)));
        }
        return out;
    }
}
