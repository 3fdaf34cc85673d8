package dev.ibac.crd.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.action.ResourceId;
import dev.ibac.crd.Glob;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a schema cannot say: blank goals, nobody named, missions that can do nothing, bad globs,
 * kinds or versions where resources and groups belong, past expiry, zero-length periods, Pod
 * Security exceptions that open nothing or too much. Runs on
 * the raw tree after the schema, so it reads fields defensively and stays silent where the schema
 * already spoke.
 */
final class MeaningChecks {
    /** Built-in plurals, to recognise "deployment" as a slip for "deployments". */
    private static final Set<String> BUILT_IN_RESOURCES = Set.of("pods", "services", "configmaps", "secrets", "deployments",
            "statefulsets", "daemonsets", "replicasets", "replicationcontrollers", "jobs", "cronjobs", "ingresses",
            "ingressclasses", "networkpolicies", "persistentvolumeclaims", "persistentvolumes", "storageclasses", "namespaces",
            "serviceaccounts", "roles", "rolebindings", "clusterroles", "clusterrolebindings", "horizontalpodautoscalers",
            "poddisruptionbudgets", "customresourcedefinitions", "endpoints", "endpointslices", "events", "nodes",
            "limitranges", "resourcequotas", "priorityclasses", "leases", "podtemplates");
    /** API groups whose resources are all built in: an unknown name under them is no custom resource. */
    private static final Set<String> BUILT_IN_GROUPS = Set.of("", "apps", "batch", "autoscaling", "policy", "networking.k8s.io",
            "rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io", "coordination.k8s.io", "discovery.k8s.io",
            "events.k8s.io", "node.k8s.io", "apiextensions.k8s.io");
    private static final Pattern RESOURCE = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?(/([a-z0-9]+|\\*))?");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)(ms|s|m|h)");
    private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

    private final Clock clock;
    private final PodSecurityChecks podSecurity = new PodSecurityChecks();

    MeaningChecks(Clock clock) {
        this.clock = clock;
    }

    /** {@code warning}: valid but risky or likely a slip (check still exits 0). */
    void mission(JsonNode spec, BiConsumer<String, String> problem, BiConsumer<String, String> warning) {
        String goal = spec.path("goal").asText("");
        if (spec.path("goal").isTextual() && !goal.isEmpty() && goal.isBlank()) {
            problem.accept("spec.goal", "is blank: say in plain language what the agent is sent to do");
        }
        agent(spec.path("agent"), problem);
        JsonNode resources = spec.path("scope").path("resources");
        if (resources.isEmpty()) {
            problem.accept("spec.scope.resources", "is empty: the mission allows nothing (list what the agent may change)");
        }
        for (int i = 0; i < resources.size(); i++) {
            rule("spec.scope.resources[" + i + "]", resources.get(i), problem, warning);
        }
        globs("spec.scope.namespaces", spec.path("scope").path("namespaces"), problem);
        podSecurity.exceptions(spec.path("scope").path("podSecurityExceptions"), problem, warning);
        expiry(spec.path("expiresAt"), problem);
        approval(spec, problem);
    }

    /** SPEC §5a: onUncertain Approve needs someone to approve, and the agent never approves itself. */
    private static void approval(JsonNode spec, BiConsumer<String, String> problem) {
        JsonNode approvers = spec.path("approval").path("approvers");
        boolean nobody = approvers.path("usernames").isEmpty() && approvers.path("groups").isEmpty();
        if ("Approve".equals(spec.path("judge").path("onUncertain").asText()) && nobody) {
            problem.accept("spec.approval.approvers", "lists nobody, but spec.judge.onUncertain is Approve: uncertain actions "
                    + "would wait for an approval nobody may give (list usernames or groups)");
        }
        positive("spec.approval.ttl", spec.path("approval").path("ttl"), problem);
        JsonNode agent = spec.path("agent");
        for (JsonNode name : approvers.path("usernames")) {
            if (contains(agent.path("usernames"), name.asText())) {
                problem.accept("spec.approval.approvers.usernames", "\"" + name.asText() + "\" is the mission's agent: an agent "
                        + "never approves its own actions");
            }
        }
        for (JsonNode group : approvers.path("groups")) {
            if (contains(agent.path("groups"), group.asText())) {
                problem.accept("spec.approval.approvers.groups", "\"" + group.asText() + "\" is also an agent group of the mission: "
                        + "its agents would be refused as approvers; list the humans' group");
            }
        }
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (item.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static void agent(JsonNode agent, BiConsumer<String, String> problem) {
        String serviceAccount = agent.path("serviceAccount").asText("");
        if (agent.isObject() && serviceAccount.isBlank() && agent.path("usernames").isEmpty() && agent.path("groups").isEmpty()) {
            problem.accept("spec.agent", "names nobody: set serviceAccount, usernames or groups");
        }
        if (serviceAccount.startsWith(SERVICE_ACCOUNT_PREFIX)) {
            String name = serviceAccount.substring(serviceAccount.lastIndexOf(':') + 1);
            problem.accept("spec.agent.serviceAccount", "takes the ServiceAccount's name (\"" + name
                    + "\", in the mission's namespace); full usernames belong in spec.agent.usernames");
        }
    }

    private static void rule(String path, JsonNode rule, BiConsumer<String, String> problem, BiConsumer<String, String> warning) {
        JsonNode groups = rule.path("apiGroups");
        boolean builtInGroupsOnly = true;
        for (int i = 0; i < groups.size(); i++) {
            apiGroup(path + ".apiGroups[" + i + "]", groups.get(i).asText(), problem);
            builtInGroupsOnly &= BUILT_IN_GROUPS.contains(groups.get(i).asText());
        }
        JsonNode resources = rule.path("resources");
        for (int i = 0; i < resources.size(); i++) {
            String resource = resources.get(i).asText();
            resource(path + ".resources[" + i + "]", resource, problem);
            unknown(path + ".resources[" + i + "]", resource, builtInGroupsOnly, warning);
        }
        globs(path + ".names", rule.path("names"), problem);
        for (String field : new String[] {"apiGroups", "resources", "operations"}) {
            if (rule.path(field).isArray() && rule.path(field).isEmpty()) {
                problem.accept(path + "." + field, "is empty: the rule allows nothing");
            }
        }
    }

    private static void apiGroup(String path, String group, BiConsumer<String, String> problem) {
        if (group.contains("/")) {
            String name = group.substring(0, group.indexOf('/'));
            problem.accept(path, "\"" + group + "\" is an apiVersion: write the group \"" + name + "\""
                    + (name.startsWith("v") ? " (the core group is \"\")" : ""));
        } else if (!group.equals(group.toLowerCase(Locale.ROOT))) {
            problem.accept(path, "\"" + group + "\" is not an API group (groups are lowercase, e.g. apps, batch, \"\" for core)");
        }
    }

    private static void resource(String path, String resource, BiConsumer<String, String> problem) {
        if (resource.equals("*") || resource.isEmpty()) {
            return;
        }
        if (!RESOURCE.matcher(resource).matches()) {
            boolean kind = Character.isUpperCase(resource.charAt(0));
            problem.accept(path, "\"" + resource + "\" is not a plural resource name"
                    + (kind ? " (write \"" + ResourceId.pluralOf(resource) + "\", not the kind)" : ""));
        } else if (!BUILT_IN_RESOURCES.contains(resource) && BUILT_IN_RESOURCES.contains(ResourceId.pluralOf(resource))) {
            problem.accept(path, "\"" + resource + "\" is singular: write \"" + ResourceId.pluralOf(resource) + "\"");
        }
    }

    /**
     * A name that is no built-in resource matches nothing unless a CRD defines it: warn when the
     * rule's groups are all built-in (a custom resource would need its own group) or the name is a
     * slip of a built-in one ({@code deploymnets}).
     */
    private static void unknown(String path, String resource, boolean builtInGroupsOnly, BiConsumer<String, String> warning) {
        String base = resource.contains("/") ? resource.substring(0, resource.indexOf('/')) : resource;
        if (base.equals("*") || base.isEmpty() || !RESOURCE.matcher(resource).matches() || BUILT_IN_RESOURCES.contains(base)
                || BUILT_IN_RESOURCES.contains(ResourceId.pluralOf(base))) {
            return; // fine, or reported as a problem already
        }
        String closest = closestBuiltIn(base);
        if (closest != null || builtInGroupsOnly) {
            warning.accept(path, "\"" + resource + "\" is no known resource" + (closest == null ? "" : " (did you mean \"" + closest + "\"?)")
                    + "; unless a CustomResourceDefinition defines it, the rule matches nothing");
        }
    }

    /** The built-in resource at most two edits away, if any. */
    private static String closestBuiltIn(String name) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : new java.util.TreeSet<>(BUILT_IN_RESOURCES)) { // sorted: the same answer every run
            int distance = editDistance(name, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Optimal string alignment distance: a swap of two neighbours ("mn" for "nm") is one edit. */
    private static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static void globs(String path, JsonNode globs, BiConsumer<String, String> problem) {
        for (int i = 0; i < globs.size(); i++) {
            String glob = globs.get(i).asText();
            // empty globs are the schema's (minLength) to report
            if (!glob.isEmpty() && Glob.syntaxProblem(glob).isPresent()) {
                problem.accept(path + "[" + i + "]", "\"" + glob + "\" " + Glob.syntaxProblem(glob).get()
                        + ": use * (any run) and ? (one character) only");
            }
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
        if (!"default".equals(doc.at("/metadata/name").asText("default"))) {
            problem.accept("metadata.name", "only the Budget named \"default\" applies to its namespace; this one would be ignored");
        }
        JsonNode spec = doc.path("spec");
        if (spec.isObject() && !spec.has("tokens") && !spec.has("cost")) {
            problem.accept("spec", "sets neither tokens nor cost: the budget limits nothing");
        }
        positive("spec.tokens.period", spec.path("tokens").path("period"), problem);
        positive("spec.cost.period", spec.path("cost").path("period"), problem);
        positive("spec.costHorizon", spec.path("costHorizon"), problem);
    }

    private static void positive(String path, JsonNode duration, BiConsumer<String, String> problem) {
        Matcher parts = DURATION_PART.matcher(duration.asText(""));
        boolean any = false;
        boolean nonZero = false;
        while (parts.find()) {
            any = true;
            nonZero |= !parts.group(1).matches("0+");
        }
        if (duration.isTextual() && any && !nonZero) {
            problem.accept(path, "\"" + duration.asText() + "\" is zero: a period must be longer than that");
        }
    }
}
