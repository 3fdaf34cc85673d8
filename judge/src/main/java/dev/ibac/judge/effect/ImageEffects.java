package dev.ibac.judge.effect;

import static dev.ibac.judge.effect.EffectList.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.Effect.Family;
import dev.ibac.judge.JudgeVerdict.Risk;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Images of every container: a new registry or repository is high risk, a new tag medium. */
final class ImageEffects {
    /** spec.template.image is two levels down; no operator nests its image deeper than a few. */
    private static final int MAX_DEPTH = 3;

    private ImageEffects() {}

    static void analyse(Subject s, EffectList out) {
        Map<String, String> before = new HashMap<>();
        s.oldPods().containers().forEach(c -> before.put(c.name(), c.node().path("image").asText("")));
        for (PodSpecs.Container c : s.pods().containers()) {
            image(out, "container \"" + c.name() + "\" of " + s.target(), before.get(c.name()), c.node().path("image").asText(""), false);
        }
        // operators' resources name the image their pods run at spec.image (OpenTelemetryCollector,
        // RabbitmqCluster, SparkApplication, Keycloak, …): the same change, one level up; CloudNativePG's Cluster says imageName
        if (!s.pods().containers().isEmpty()) {
            return;
        }
        Map<String, String> images = new LinkedHashMap<>();
        operatorImages(s.object().path("spec"), "spec", images, 0);
        Map<String, String> was = new LinkedHashMap<>();
        operatorImages(s.old().path("spec"), "spec", was, 0);
        images.forEach((path, image) -> image(out, path + " of " + s.target(), was.getOrDefault(path, ""), image, images.size() == 1));
    }

    /**
     * An operator's resource names its pods' image at spec.image, or one level down for each part it runs:
     * ScheduledSparkApplication's spec.template.image, Strimzi's spec.kafka.image, RedisFailover's spec.redis.image.
     * A field of that name is read wherever it is (the generic diff leaves every "image" to this class).
     */
    private static void operatorImages(JsonNode node, String path, Map<String, String> out, int depth) {
        if (depth > MAX_DEPTH || !node.isObject()) {
            return;
        }
        node.properties().forEach(f -> {
            String at = path + "." + f.getKey();
            if ((f.getKey().equals("image") || f.getKey().equals("imageName")) && f.getValue().isTextual()) {
                out.put(at, f.getValue().asText());
            } else if (f.getValue().isObject()) {
                operatorImages(f.getValue(), at, out, depth + 1);
            }
        });
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
