package dev.ibac.judge.effect;

import dev.ibac.judge.Effect;
import dev.ibac.judge.Effect.Family;
import dev.ibac.judge.JudgeVerdict.Risk;
import dev.ibac.judge.describe.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Collects the effects of one request. Every sentence passes the redactor, and quoted agent text
 * is cut short, so an effect can go anywhere (reasons, prompts, audit entries) without carrying a
 * credential or a wall of agent text. Bounded: a request yields at most {@link #MAX_EFFECTS}.
 */
final class EffectList {
    static final int MAX_EFFECTS = 40;
    private static final int MAX_QUOTE = 60;
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final Redactor redactor;
    private final List<Effect> effects = new ArrayList<>();

    EffectList(Redactor redactor) {
        this.redactor = redactor;
    }

    void add(Family family, Risk risk, String sentence, String target, String from, String to, Map<String, String> data) {
        if (effects.size() < MAX_EFFECTS) {
            String said = redactor.redactText(sentence);
            // a PyTorchJob's master and workers run the same container: one statement, not one per template
            if (effects.stream().noneMatch(e -> e.family() == family && e.sentence().equals(said))) {
                effects.add(new Effect(family, risk, said, target, redactor.redactText(from), redactor.redactText(to), data));
            }
        }
    }

    void add(Family family, Risk risk, String sentence, String target) {
        add(family, risk, sentence, target, "", "", Map.of());
    }

    List<Effect> list() {
        return List.copyOf(effects);
    }

    boolean has(Family family) {
        return effects.stream().anyMatch(e -> e.family() == family);
    }

    /** Agent text as a short quote: redacted first, so a cut never exposes half a secret. */
    String quote(String text) {
        String clean = SPACES.matcher(redactor.redactText(text)).replaceAll(" ").strip();
        return "\"" + (clean.length() <= MAX_QUOTE ? clean : clean.substring(0, MAX_QUOTE) + "…") + "\"";
    }

    static Map<String, String> data(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1] == null ? "" : keyValues[i + 1]);
        }
        return map;
    }
}
