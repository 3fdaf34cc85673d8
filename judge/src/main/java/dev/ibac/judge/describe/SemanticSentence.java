package dev.ibac.judge.describe;

import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.action.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * A plain-language sentence of an action for a sentence-embedding model, which compares meaning,
 * not structure: "update deployment checkout: change replicas from 3 to 12". Built only from
 * redacted objects; words, not YAML paths.
 */
final class SemanticSentence {

    /** A list index in a path, "[3]"; compiled once, this runs per field of every fresh judgement. */
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");
    private static final int MAX_COMMAND_WORDS = 8;
    private static final int MAX_CHANGED_FIELDS = 3;
    private static final int MAX_MENTIONS = 4;
    private static final int MAX_MENTION_CHARS = 60;
    /** Keys whose values are shown elsewhere or are Kubernetes boilerplate. */
    private static final java.util.Set<String> UNMENTIONED_KEYS = java.util.Set.of(
            "image", "apiVersion", "apiGroup", "pathType", "operator", "effect", "restartPolicy", "imagePullPolicy",
            "protocol", "accessModes", "type", "path", "concurrencyPolicy", "policyTypes", "kind");
    /** Commands are shown on their own; env names and resource quantities are noise to the model. */
    private static final List<String> UNMENTIONED_PATHS = List.of(".command", ".args", ".env[", ".resources.");

    private SemanticSentence() {}

    /** {@code name} is the action's name, already redacted: the sentence rewords it, after which no pattern would see a secret in it. */
    static String of(Action action, String name, JsonNode subject, JsonNode oldObject) {
        List<String> parts = new ArrayList<>();
        parts.add(verb(action) + " " + ActionDescriber.words(kind(action)) + " " + ActionDescriber.words(name));
        if (subject != null && subject.isObject()) {
            parts.addAll(facts(subject));
            if ("UPDATE".equals(action.operation())) {
                parts.addAll(changes(oldObject, subject));
            }
        }
        return parts.stream().map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.joining(", "));
    }

    private static String verb(Action action) {
        String sub = action.resource().subresource();
        return switch (action.operation()) {
            case "CREATE" -> "create";
            case "DELETE" -> "delete";
            case "CONNECT" -> sub.isEmpty() ? "connect to" : ActionDescriber.words(sub) + " into";
            default -> "scale".equals(sub) ? "scale" : "update";
        };
    }

    private static String kind(Action action) {
        String sub = action.resource().subresource();
        String resource = action.resource().resource();
        if (!sub.isEmpty() || action.kind().isEmpty()) {
            // "deployments" → "deployment": the subresource kind (Scale) says nothing about the target
            return resource.endsWith("s") ? resource.substring(0, resource.length() - 1) : resource;
        }
        return action.kind();
    }

    private static List<String> facts(JsonNode object) {
        List<String> facts = new ArrayList<>();
        List<String> images = ObjectSummary.imageNames(object).stream().map(SemanticSentence::imageWords).toList();
        if (!images.isEmpty()) {
            facts.add("image " + String.join(" and ", images));
        }
        String replicas = object.path("spec").path("replicas").asText("");
        if (!replicas.isEmpty()) {
            facts.add(replicas + " replicas");
        }
        facts.add(gpus(object));
        facts.add(command(object));
        facts.add(keys(object));
        facts.add(ports(object));
        facts.add(mentions(object));
        return facts;
    }

    /**
     * Short names and values the object refers to (an ingress's backend service, an autoscaler's
     * target, a binding's role, a selector's app): what ties an object to the goal when its own name
     * does not. Redacted values and the images and commands already shown are skipped.
     */
    private static String mentions(JsonNode object) {
        List<String> mentions = new ArrayList<>();
        object.properties().forEach(f -> {
            if (!ObjectSummary.NON_CONTENT.contains(f.getKey())) {
                JsonLeaves.of(f.getValue(), f.getKey()).forEach((path, value) -> {
                    String words = value.isTextual() && mentionable(path, value.asText()) ? ActionDescriber.words(value.asText()) : "";
                    if (!words.isEmpty() && !mentions.contains(words) && mentions.size() < MAX_MENTIONS) {
                        mentions.add(words);
                    }
                });
            }
        });
        return mentions.isEmpty() ? "" : "about " + String.join(", ", mentions);
    }

    private static boolean mentionable(String path, String value) {
        String key = INDEX.matcher(path.substring(path.lastIndexOf('.') + 1)).replaceAll("");
        return value.length() >= 2 && value.length() <= MAX_MENTION_CHARS && !value.equals(Redactor.REDACTED)
                && !UNMENTIONED_KEYS.contains(key) && UNMENTIONED_PATHS.stream().noneMatch(path::contains)
                && value.chars().anyMatch(Character::isLetter);
    }

    /** "registry.example.com/team/redis-exporter:1.2@sha256:…" → "team redis exporter". */
    static String imageWords(String image) {
        String noDigest = image.split("@", 2)[0];
        String[] segments = noDigest.split("/");
        int first = segments.length > 1 && (segments[0].contains(".") || segments[0].contains(":")) ? 1 : 0;
        List<String> words = new ArrayList<>();
        for (int i = first; i < segments.length; i++) {
            String segment = i == segments.length - 1 ? segments[i].split(":", 2)[0] : segments[i];
            if (!"library".equals(segment)) {
                words.add(ActionDescriber.words(segment));
            }
        }
        return String.join(" ", words);
    }

    private static String gpus(JsonNode object) {
        long gpus = ObjectSummary.containers(object)
                .flatMap(c -> StreamSupport.stream(c.path("resources").path("limits").properties().spliterator(), false))
                .filter(e -> e.getKey().toLowerCase(Locale.ROOT).contains("gpu"))
                .mapToLong(e -> e.getValue().asLong(0))
                .sum();
        return gpus > 0 ? "requesting " + gpus + " gpu" : "";
    }

    private static String command(JsonNode object) {
        String words = ObjectSummary.containers(object)
                .flatMap(c -> StreamSupport.stream(c.path("command").spliterator(), false)
                        .map(JsonNode::asText)
                        .map(s -> s.equals(Redactor.REDACTED) ? "" : s))
                .map(ActionDescriber::words)
                .collect(Collectors.joining(" "));
        List<String> tokens = List.of(words.split(" "));
        return words.isBlank() ? "" : "running " + String.join(" ", tokens.subList(0, Math.min(MAX_COMMAND_WORDS, tokens.size())));
    }

    private static String keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.path("data").fieldNames().forEachRemaining(keys::add);
        object.path("stringData").fieldNames().forEachRemaining(keys::add);
        return keys.isEmpty() ? "" : "with keys " + keys.stream().map(ActionDescriber::words).collect(Collectors.joining(", "));
    }

    private static String ports(JsonNode object) {
        String ports = StreamSupport.stream(object.path("spec").path("ports").spliterator(), false)
                .map(p -> p.path("port").asText(""))
                .filter(s -> !s.isEmpty())
                .collect(Collectors.joining(" and "));
        return ports.isEmpty() ? "" : "port " + ports;
    }

    private static List<String> changes(JsonNode oldObject, JsonNode newObject) {
        List<String> out = new ArrayList<>();
        ChangeDiff.between(oldObject, newObject).properties().forEach(e -> {
            if (out.size() < MAX_CHANGED_FIELDS && e.getValue().isObject()) {
                out.add("change " + lastSegment(e.getKey()) + describeChange(e.getValue()));
            }
        });
        return out;
    }

    private static String describeChange(JsonNode change) {
        String from = change.path("from").isValueNode() && !change.path("from").isNull() ? change.path("from").asText() : "";
        String to = change.path("to").isValueNode() && !change.path("to").isNull() ? change.path("to").asText() : "";
        String fromText = from.isEmpty() || from.length() > 40 ? "" : " from " + from;
        String toText = to.isEmpty() || to.length() > 60 ? "" : " to " + to;
        return fromText + toText;
    }

    private static String lastSegment(String path) {
        String last = INDEX.matcher(path).replaceAll("");
        if (last.endsWith("\"")) {
            String quoted = last.substring(last.lastIndexOf('"', last.length() - 2) + 1, last.length() - 1);
            return ActionDescriber.words(quoted.substring(quoted.lastIndexOf('/') + 1));
        }
        int dot = last.lastIndexOf('.');
        return ActionDescriber.words(dot < 0 ? last : last.substring(dot + 1));
    }
}
