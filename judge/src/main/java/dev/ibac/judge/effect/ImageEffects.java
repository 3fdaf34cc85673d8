package dev.ibac.judge.effect;

import static dev.ibac.judge.effect.EffectList.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.Effect.Family;
import dev.ibac.judge.JudgeVerdict.Risk;
import java.util.HashMap;
import java.util.Map;

/** Images of every container: a new registry or repository is high risk, a new tag medium. */
final class ImageEffects {
    private ImageEffects() {}

    static void analyse(Subject s, EffectList out) {
        Map<String, String> before = new HashMap<>();
        s.oldPods().containers().forEach(c -> before.put(c.name(), c.node().path("image").asText("")));
        for (PodSpecs.Container c : s.pods().containers()) {
            image(out, "container \"" + c.name() + "\" of " + s.target(), before.get(c.name()), c.node().path("image").asText(""), false);
        }
        // operators' resources name the image their pods run at spec.image (OpenTelemetryCollector,
        // RabbitmqCluster, SparkApplication, Keycloak, …): the same change, one level up; CloudNativePG's Cluster says imageName
        for (String field : new String[] {"image", "imageName"}) {
            JsonNode image = s.object().path("spec").path(field);
            if (image.isTextual() && s.pods().containers().isEmpty()) {
                image(out, "spec." + field + " of " + s.target(), s.old().path("spec").path(field).asText(""), image.asText(), true);
            }
        }
    }

    /** {@code sole}: the resource's one image (an operator's spec.image), not one container's of several. */
    private static void image(EffectList out, String target, String old, String image, boolean sole) {
        if (image.isEmpty() || image.equals(old)) {
            return;
        }
        ImageRef now = ImageRef.parse(image);
        if (old == null || old.isEmpty()) {
            out.add(Family.IMAGE, Risk.LOW, "image of " + target + ": " + image, target, "", image,
                    data("registry", now.registry(), "repository", now.repository(), "tag", now.version(), "change", "new",
                            "sole", Boolean.toString(sole)));
            return;
        }
        ImageRef was = ImageRef.parse(old);
        String change = !was.registry().equals(now.registry()) ? "registry"
                : !was.repository().equals(now.repository()) ? "repository" : "tag";
        Risk risk = change.equals("tag") ? Risk.MEDIUM : Risk.HIGH;
        out.add(Family.IMAGE, risk, "image of " + target + ": " + old + " → " + image
                + (change.equals("tag") ? "" : " (another " + change + ")"), target, old, image,
                data("registry", now.registry(), "repository", now.repository(), "tag", now.version(),
                        "fromRegistry", was.registry(), "fromRepository", was.repository(), "change", change, "sole", Boolean.toString(sole)));
    }
}
