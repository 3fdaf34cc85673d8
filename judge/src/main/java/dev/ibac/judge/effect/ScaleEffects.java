package dev.ibac.judge.effect;

import static dev.ibac.judge.effect.EffectList.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.Effect.Family;
import dev.ibac.judge.JudgeVerdict.Risk;

/** Replicas (workloads and their {@code scale} subresource), autoscaler bounds, Job parallelism. */
final class ScaleEffects {
    private ScaleEffects() {}

    static void analyse(Subject s, EffectList out) {
        count(s, out, "replicas", s.object().path("spec").path("replicas"), s.old().path("spec").path("replicas"));
        count(s, out, "minReplicas", s.object().path("spec").path("minReplicas"), s.old().path("spec").path("minReplicas"));
        count(s, out, "maxReplicas", s.object().path("spec").path("maxReplicas"), s.old().path("spec").path("maxReplicas"));
        count(s, out, "parallelism", s.object().path("spec").path("parallelism"), s.old().path("spec").path("parallelism"));
        // KEDA's ScaledObject names its autoscaler bounds so (https://keda.sh/docs/latest/reference/scaledobject-spec/)
        count(s, out, "minReplicas", s.object().path("spec").path("minReplicaCount"), s.old().path("spec").path("minReplicaCount"));
        count(s, out, "maxReplicas", s.object().path("spec").path("maxReplicaCount"), s.old().path("spec").path("maxReplicaCount"));
        // operators count their pods in their own words: CloudNativePG's instances, MongoDB's members, Helm-style replicaCount
        for (String field : new String[] {"instances", "members", "replicaCount"}) {
            count(s, out, "replicas", s.object().path("spec").path(field), s.old().path("spec").path(field));
        }
    }

    private static void count(Subject s, EffectList out, String field, JsonNode now, JsonNode before) {
        if (!now.canConvertToLong()) {
            return;
        }
        long to = now.asLong();
        boolean had = before.canConvertToLong();
        long from = had ? before.asLong() : -1;
        if (had && from == to) {
            return;
        }
        String target = targetOf(s);
        String sentence = field + " of " + target + ": " + (had ? from + " → " + to : to);
        out.add(Family.SCALE, risk(had, from, to), sentence, target, had ? Long.toString(from) : "", Long.toString(to),
                data("field", field, "direction", !had ? "set" : to > from ? "up" : "down"));
    }

    /** The workload a {@code scale} request changes reads as the workload, not as "Scale". */
    static String targetOf(Subject s) {
        return s.target();
    }

    private static Risk risk(boolean had, long from, long to) {
        if (to == 0 && (!had || from > 0)) {
            return Risk.HIGH;
        }
        if (to > 50 || (had && from > 0 && to >= from * 5 && to - from >= 10)) {
            return Risk.HIGH;
        }
        if (had && to < from) {
            return Risk.MEDIUM;
        }
        return to > 20 ? Risk.MEDIUM : Risk.LOW;
    }
}
