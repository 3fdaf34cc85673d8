package dev.ibac.judge.effect;

import static dev.ibac.judge.effect.EffectList.data;

import dev.ibac.judge.Effect.Family;
import dev.ibac.judge.JudgeVerdict.Risk;
import java.util.HashMap;
import java.util.Map;

/** Images of every container: a new registry or repository is high risk, a new tag medium. */
final class ImageEffects {
    private ImageEffects() {}

    static void analyse(Subject s, EffectList out) {
        Map<String, String> before = new HashMap<>();
        PodSpecs.containers(s.old()).forEach(c -> before.put(c.name(), c.node().path("image").asText("")));
        for (PodSpecs.Container c : PodSpecs.containers(s.object())) {
            String image = c.node().path("image").asText("");
            String old = before.get(c.name());
            if (image.isEmpty() || image.equals(old)) {
                continue;
            }
            ImageRef now = ImageRef.parse(image);
            String target = "container \"" + c.name() + "\" of " + s.target();
            if (old == null || old.isEmpty()) {
                out.add(Family.IMAGE, Risk.LOW, "image of " + target + ": " + image, target, "", image,
                        data("registry", now.registry(), "repository", now.repository(), "tag", now.version(), "change", "new"));
                continue;
            }
            ImageRef was = ImageRef.parse(old);
            String change = !was.registry().equals(now.registry()) ? "registry"
                    : !was.repository().equals(now.repository()) ? "repository" : "tag";
            Risk risk = change.equals("tag") ? Risk.MEDIUM : Risk.HIGH;
            out.add(Family.IMAGE, risk, "image of " + target + ": " + old + " → " + image
                    + (change.equals("tag") ? "" : " (another " + change + ")"), target, old, image,
                    data("registry", now.registry(), "repository", now.repository(), "tag", now.version(),
                            "fromRegistry", was.registry(), "fromRepository", was.repository(), "change", change));
        }
    }
}
