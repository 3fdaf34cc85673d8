package dev.ibac.judge.effect;

import static dev.ibac.judge.effect.EffectList.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.Effect.Family;
import dev.ibac.judge.JudgeVerdict.Risk;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What Roles and bindings grant: access to Secrets, exec into pods, wildcards and RBAC writes are
 * high risk; other writes medium; reads low. A binding is high when it reaches beyond the namespace's
 * own service accounts (every authenticated user, another namespace's accounts).
 */
final class PermissionEffects {
    private static final Set<String> SENSITIVE = Set.of("secrets", "pods/exec", "pods/attach", "pods/portforward",
            "roles", "rolebindings", "clusterroles", "clusterrolebindings", "serviceaccounts/token", "*",
            "certificatesigningrequests", "tokenreviews", "nodes/proxy", "validatingwebhookconfigurations",
            "mutatingwebhookconfigurations");
    private static final Set<String> POWERFUL_ROLES = Set.of("cluster-admin", "admin", "edit", "system:masters");
    private static final Set<String> READ = Set.of("get", "list", "watch");
    private static final Set<String> BROAD_GROUPS = Set.of("system:authenticated", "system:unauthenticated",
            "system:serviceaccounts");

    private PermissionEffects() {}

    /** system:serviceaccounts:tenant-blue is every ServiceAccount of that namespace (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects). */
    private static boolean everyone(String group) {
        return BROAD_GROUPS.contains(group) || group.startsWith("system:serviceaccounts:");
    }

    static void analyse(Subject s, EffectList out) {
        JsonNode rules = s.object().path("rules");
        if (rules.isArray() && s.resource().endsWith("roles")) {
            Set<String> before = granted(s.old().path("rules"));
            for (JsonNode rule : rules) {
                for (String grant : grants(rule)) {
                    if (!before.contains(grant)) {
                        out.add(Family.PERMISSIONS, risk(rule, grant), s.target() + " grants " + grant, s.target(), "", grant,
                                data("grant", grant));
                    }
                }
            }
        }
        if (s.resource().endsWith("rolebindings") && !s.delete()) {
            binding(s, out);
        }
        if (!s.delete()) {
            wildcardAcls(s, out);
        }
    }

    /**
     * An access-control list of an operator's resource (Strimzi's KafkaUser, RabbitMQ's Permission) that names every
     * resource: {@code resource.name: "*"} grants the operations on every topic or queue, not on the ones the goal names
     * (https://strimzi.io/docs/operators/latest/configuring.html#type-AclRule-reference).
     */
    private static void wildcardAcls(Subject s, EffectList out) {
        for (JsonNode acl : s.object().path("spec").path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            if (resource.path("name").asText("").equals("*") || resource.path("patternType").asText("").equalsIgnoreCase("prefix")
                    && resource.path("name").asText("x").isEmpty()) {
                String type = resource.path("type").asText("resource");
                out.add(Family.PERMISSIONS, Risk.HIGH, s.target() + " grants " + strings(acl.path("operations")) + " on every " + type,
                        s.target(), "", "*", data("everyResource", "true", "type", type));
                return;
            }
        }
    }

    private static void binding(Subject s, EffectList out) {
        String role = s.object().path("roleRef").path("kind").asText("") + " " + s.object().path("roleRef").path("name").asText("");
        String namespace = s.action().namespace();
        for (JsonNode subject : s.object().path("subjects")) {
            String kind = subject.path("kind").asText("");
            String name = subject.path("name").asText("");
            String ns = subject.path("namespace").asText(namespace);
            boolean broad = everyone(name) || kind.equals("Group");
            boolean powerful = POWERFUL_ROLES.contains(s.object().path("roleRef").path("name").asText(""));
            boolean clusterRole = s.object().path("roleRef").path("kind").asText("").equals("ClusterRole");
            Risk risk = broad || powerful ? Risk.HIGH : clusterRole || kind.equals("User") ? Risk.MEDIUM : Risk.LOW;
            out.add(Family.PERMISSIONS, risk, s.target() + " binds " + role.strip() + " to " + kind + " " + name
                    + (ns.equals(namespace) || kind.equals("Group") ? "" : " of namespace " + ns), s.target(), "", name,
                    data("role", role.strip(), "subject", kind + " " + name, "everyone", Boolean.toString(everyone(name))));
        }
    }

    private static Risk risk(JsonNode rule, String grant) {
        List<String> resources = strings(rule.path("resources"));
        List<String> verbs = strings(rule.path("verbs"));
        if (resources.stream().anyMatch(SENSITIVE::contains) || verbs.contains("*") || verbs.contains("escalate")
                || verbs.contains("bind") || verbs.contains("impersonate")) {
            return Risk.HIGH;
        }
        return READ.containsAll(verbs) ? Risk.LOW : Risk.MEDIUM;
    }

    private static Set<String> granted(JsonNode rules) {
        Set<String> grants = new TreeSet<>();
        rules.forEach(rule -> grants.addAll(grants(rule)));
        return grants;
    }

    /** "get, list on secrets": one line per rule, so a changed rule is a new grant. */
    private static Set<String> grants(JsonNode rule) {
        List<String> verbs = strings(rule.path("verbs"));
        List<String> resources = strings(rule.path("resources"));
        resources.addAll(strings(rule.path("nonResourceURLs")));
        String names = rule.path("resourceNames").isArray() && rule.path("resourceNames").size() > 0
                ? " named " + String.join(", ", strings(rule.path("resourceNames"))) : "";
        return Set.of(String.join(", ", verbs) + " on " + String.join(", ", resources) + names);
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
