package dev.ibac.judge.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.Effect;
import dev.ibac.judge.JudgeVerdict.Risk;
import dev.ibac.judge.goal.GoalReading;
import dev.ibac.judge.semantic.Assessment.Contradicted;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A default-deny NetworkPolicy (every pod selected, no rule) that leaves out a direction the goal denies: "a default-deny
 * for both ingress and egress" and {@code policyTypes: [Ingress]} lets every pod still send anywhere
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies).
 */
final class DefaultDeny {
    private static final Pattern BOTH = Pattern.compile("default[- ]deny[^.;:]{0,60}\\b(ingress and egress|egress and ingress|both directions|both)\\b");

    private DefaultDeny() {}

    static Optional<Contradicted> contradicted(JsonNode object, String target, GoalReading goal) {
        if (!object.path("kind").asText("").equals("NetworkPolicy") || !BOTH.matcher(goal.lower()).find()) {
            return Optional.empty();
        }
        JsonNode spec = object.path("spec");
        boolean denyAll = spec.path("podSelector").size() == 0 && spec.path("ingress").size() == 0 && spec.path("egress").size() == 0;
        Set<String> types = new HashSet<>();
        spec.path("policyTypes").forEach(t -> types.add(t.asText()));
        if (!denyAll || types.contains("Ingress") && types.contains("Egress")) {
            return Optional.empty();
        }
        String missing = types.contains("Ingress") ? "Egress" : "Ingress";
        Effect e = new Effect(Effect.Family.SECURITY, Risk.MEDIUM, target + " denies no " + missing.toLowerCase(java.util.Locale.ROOT)
                + " (policyTypes " + types + ")", target, "", missing, Map.of("field", "spec.policyTypes"));
        return Optional.of(new Contradicted(e, "the goal's default-deny covers ingress and egress", goal.goal()));
    }
}
