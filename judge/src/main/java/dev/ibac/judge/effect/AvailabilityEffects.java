package dev.ibac.judge.effect;

import static dev.ibac.judge.effect.EffectList.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.Effect.Family;
import dev.ibac.judge.JudgeVerdict.Risk;
import java.util.HashSet;
import java.util.Set;

/**
 * What keeps an app up: disruption budgets that block every drain, rollouts that stop every pod at
 * once, health probes removed.
 * See https://kubernetes.io/docs/tasks/run-application/configure-pdb/ (maxUnavailable 0 or
 * minAvailable 100% forbids every voluntary eviction, so node drains hang).
 */
final class AvailabilityEffects {
    private static final String[] PROBES = {"readinessProbe", "livenessProbe", "startupProbe"};

    private AvailabilityEffects() {}

    static void analyse(Subject s, EffectList out) {
        disruptionBudget(s, out);
        strategy(s, out);
        probes(s, out);
    }

    private static void disruptionBudget(Subject s, EffectList out) {
        if (!s.resource().equals("poddisruptionbudgets") || s.delete()) {
            return;
        }
        JsonNode spec = s.object().path("spec");
        String maxUnavailable = spec.path("maxUnavailable").asText("");
        String minAvailable = spec.path("minAvailable").asText("");
        if (maxUnavailable.equals("0") || maxUnavailable.equals("0%") || minAvailable.equals("100%")) {
            String field = maxUnavailable.isEmpty() ? "minAvailable " + minAvailable : "maxUnavailable " + maxUnavailable;
            out.add(Family.AVAILABILITY, Risk.HIGH, s.target() + " " + field + " blocks every voluntary eviction (node drains hang)",
                    s.target(), "", field, data("field", "spec." + field.split(" ")[0], "blocksDrain", "true"));
        } else {
            out.add(Family.AVAILABILITY, Risk.LOW, s.target() + " keeps " + (maxUnavailable.isEmpty()
                    ? "at least " + minAvailable + " pods available" : "at most " + maxUnavailable + " pods unavailable"),
                    s.target(), "", maxUnavailable.isEmpty() ? minAvailable : maxUnavailable, data("blocksDrain", "false",
                    "minAvailable", minAvailable));
        }
    }

    private static void strategy(Subject s, EffectList out) {
        JsonNode now = s.object().path("spec").path("strategy");
        JsonNode was = s.old().path("spec").path("strategy");
        String type = now.path("type").asText("");
        String maxUnavailable = now.path("rollingUpdate").path("maxUnavailable").asText("");
        boolean allAtOnce = type.equals("Recreate") || maxUnavailable.equals("100%");
        boolean wasAllAtOnce = was.path("type").asText("").equals("Recreate")
                || was.path("rollingUpdate").path("maxUnavailable").asText("").equals("100%");
        if (allAtOnce && !wasAllAtOnce) {
            // a new Deployment stops nothing now; its strategy matters at its next rollout
            Risk risk = s.old().isMissingNode() || s.old().isNull() || s.old().isEmpty() ? Risk.LOW : Risk.MEDIUM;
            out.add(Family.AVAILABILITY, risk, "rollout of " + s.target() + " stops every pod at once ("
                    + (type.equals("Recreate") ? "strategy Recreate" : "maxUnavailable 100%") + "): downtime on each change",
                    s.target(), was.path("type").asText(""), type, data("field", "spec.strategy", "downtime", "true"));
        }
    }

    private static void probes(Subject s, EffectList out) {
        if (!s.update()) {
            return;
        }
        Set<String> now = new HashSet<>();
        s.pods().containers().forEach(c -> {
            for (String probe : PROBES) {
                if (c.node().path(probe).isObject()) {
                    now.add(c.name() + "/" + probe);
                }
            }
        });
        for (PodSpecs.Container c : s.oldPods().containers()) {
            for (String probe : PROBES) {
                if (c.node().path(probe).isObject() && !now.contains(c.name() + "/" + probe)
                        && s.pods().containers().stream().anyMatch(n -> n.name().equals(c.name()))) {
                    out.add(Family.AVAILABILITY, Risk.MEDIUM, probe + " removed from container \"" + c.name() + "\" of "
                            + s.target(), s.target(), probe, "", data("field", probe, "downtime", "true"));
                }
            }
        }
    }
}
