package dev.ibac.crd.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.BiConsumer;

/** What a schema cannot say: blank goals, missions that can do nothing, bad globs, kinds for resources, past expiry. */
final class MeaningChecks {
    private final Clock clock;

    MeaningChecks(Clock clock) {
        this.clock = clock;
    }

    void mission(JsonNode spec, BiConsumer<String, String> problem) {
        if (spec.path("goal").isTextual() && spec.path("goal").asText().isBlank()) {
            problem.accept("spec.goal", "is blank: say in plain language what the agent is sent to do");
        }
        JsonNode agent = spec.path("agent");
        if (agent.isObject() && agent.path("serviceAccount").asText("").isBlank() && agent.path("usernames").isEmpty()
                && agent.path("groups").isEmpty()) {
            problem.accept("spec.agent", "names nobody: set serviceAccount, usernames or groups");
        }
        if (spec.path("scope").path("resources").isEmpty()) {
            problem.accept("spec.scope.resources", "is empty: the mission allows nothing (list what the agent may change)");
        }
        int i = 0;
        for (JsonNode rule : spec.path("scope").path("resources")) {
            rule(spec, "spec.scope.resources[" + i++ + "]", rule, problem);
        }
        globs("spec.scope.namespaces", spec.path("scope").path("namespaces"), problem);
        expiry(spec.path("expiresAt"), problem);
    }

    private static void rule(JsonNode spec, String path, JsonNode rule, BiConsumer<String, String> problem) {
        int i = 0;
        for (JsonNode resource : rule.path("resources")) {
            String text = resource.asText();
            if (!text.equals("*") && !text.matches("[a-z0-9.-]+(/([a-z0-9.-]+|\\*))?")) {
                problem.accept(path + ".resources[" + i + "]", "\"" + text + "\" is not a plural resource name"
                        + (Character.isUpperCase(text.isEmpty() ? 'a' : text.charAt(0)) ? " (write \"" + plural(text) + "\", not the kind)" : ""));
            }
            i++;
        }
        globs(path + ".names", rule.path("names"), problem);
        if (rule.path("operations").isArray() && rule.path("operations").isEmpty()) {
            problem.accept(path + ".operations", "is empty: the rule allows nothing");
        }
    }

    private static void globs(String path, JsonNode globs, BiConsumer<String, String> problem) {
        int i = 0;
        for (JsonNode glob : globs) {
            String text = glob.asText();
            if (text.isEmpty() || text.contains("**") || text.contains("[") || text.contains("]") || text.contains("{")) {
                problem.accept(path + "[" + i + "]", "\"" + text + "\" is not a glob: use * (any run) and ? (one character) only");
            }
            i++;
        }
    }

    private void expiry(JsonNode expiresAt, BiConsumer<String, String> problem) {
        if (!expiresAt.isTextual()) {
            return;
        }
        try {
            Instant at = Instant.parse(expiresAt.asText());
            if (!at.isAfter(Instant.now(clock))) {
                problem.accept("spec.expiresAt", expiresAt.asText() + " is in the past: every request would be denied");
            }
        } catch (DateTimeParseException e) {
            problem.accept("spec.expiresAt", "\"" + expiresAt.asText() + "\" is not an RFC 3339 time like 2026-12-01T00:00:00Z");
        }
    }

    void budget(JsonNode doc, BiConsumer<String, String> problem) {
        if (!"default".equals(doc.at("/metadata/name").asText())) {
            problem.accept("metadata.name", "only the Budget named \"default\" applies to its namespace; this one is ignored");
        }
        JsonNode spec = doc.path("spec");
        if (!spec.has("tokens") && !spec.has("cost")) {
            problem.accept("spec", "sets neither tokens nor cost: the budget limits nothing");
        }
    }

    private static String plural(String kind) {
        String lower = kind.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith("s") ? lower + "es" : lower.endsWith("y") ? lower.substring(0, lower.length() - 1) + "ies" : lower + "s";
    }
}
