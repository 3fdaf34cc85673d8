package dev.ibac.judge.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.action.Action;
import dev.ibac.judge.goal.GoalReader;
import dev.ibac.judge.goal.GoalReading;
import dev.ibac.judge.goal.Target;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether an action is on the goal's topic by what it names: the object's name and app labels, and
 * what it points at (an autoscaler's target, a budget's or policy's selector, an ingress's backend,
 * a binding's role, the service account). Shared words, not meaning: meaning is the embedding's
 * part. The namespace's own words do not count alone: everything in {@code orders} says "orders".
 *
 * @param target the action as goal clauses are matched against it
 * @param names  the goal's names the action matched ("checkout")
 * @param kind   whether the action's resource is among those the goal's words point at
 */
record Topic(Target target, Set<String> names, boolean kind) {

    static Topic of(Action action, GoalReading goal) {
        Set<String> tokens = tokens(action);
        Target target = new Target(action.name(), tokens, action.resource().resource());
        Set<String> matched = new TreeSet<>();
        for (String token : tokens) {
            if (goal.names().contains(token) && !goal.weak().contains(token)) {
                matched.add(token);
            }
        }
        if (goal.names().contains(target.name()) || goal.clauses().stream()
                .anyMatch(c -> c.globs().stream().anyMatch(g -> dev.ibac.crd.Glob.compile(g).matches(target.name())))) {
            matched.add(target.name());
        }
        return new Topic(target, matched, goal.kinds().contains(target.resource()));
    }

    boolean named() {
        return !names.isEmpty();
    }

    /** Matched by a whole name the goal gives ("opensearch-data", or its own name), not only by a word of one ("opensearch"). */
    boolean byWholeName() {
        return names.stream().anyMatch(n -> n.contains("-") || n.equals(target.name()));
    }

    static Set<String> tokens(Action action) {
        Set<String> words = new LinkedHashSet<>();
        add(words, action.name());
        JsonNode subject = action.subject();
        if (subject != null) {
            references(subject, words);
        }
        return words;
    }

    private static void references(JsonNode o, Set<String> words) {
        JsonNode labels = o.path("metadata").path("labels");
        for (String key : new String[] {"app", "app.kubernetes.io/name", "app.kubernetes.io/instance", "component", "k8s-app"}) {
            add(words, labels.path(key).asText(""));
        }
        JsonNode spec = o.path("spec");
        add(words, spec.path("scaleTargetRef").path("name").asText(""));
        add(words, spec.path("targetRef").path("name").asText(""));
        spec.path("selector").path("matchLabels").forEach(v -> add(words, v.asText("")));
        spec.path("podSelector").path("matchLabels").forEach(v -> add(words, v.asText("")));
        if (spec.path("selector").isObject() && !spec.path("selector").has("matchLabels")) {
            spec.path("selector").forEach(v -> add(words, v.asText("")));
        }
        spec.path("rules").forEach(r -> r.path("http").path("paths").forEach(p ->
                add(words, p.path("backend").path("service").path("name").asText(""))));
        spec.path("tls").forEach(t -> add(words, t.path("secretName").asText("")));
        add(words, spec.path("secretName").asText(""));
        add(words, o.path("roleRef").path("name").asText(""));
        o.path("subjects").forEach(s -> add(words, s.path("name").asText("")));
        add(words, spec.path("template").path("spec").path("serviceAccountName").asText(""));
        add(words, spec.path("jobTemplate").path("spec").path("template").path("spec").path("serviceAccountName").asText(""));
    }

    private static void add(Set<String> words, String value) {
        if (value.isEmpty() || value.length() > 253) {
            return;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        words.add(lower);
        int start = 0;
        for (int i = 0; i <= lower.length(); i++) {
            if (i == lower.length() || !Character.isLetterOrDigit(lower.charAt(i))) {
                if (i - start >= 3) {
                    words.add(GoalReader.singular(lower.substring(start, i)));
                }
                start = i + 1;
            }
        }
    }
}
