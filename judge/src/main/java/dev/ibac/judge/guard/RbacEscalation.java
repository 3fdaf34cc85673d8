package dev.ibac.judge.guard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.action.Action;
import java.util.Optional;
import java.util.Set;

/** RBAC an agent may never write: wildcard or escalating verbs, and bindings to admin roles. */
final class RbacEscalation {
    private static final String RBAC_GROUP = "rbac.authorization.k8s.io";
    private static final Set<String> ESCALATING_VERBS = Set.of("*", "escalate", "bind", "impersonate");
    private static final Set<String> ADMIN_ROLES = Set.of("cluster-admin", "admin");

    Optional<String> problem(Action action) {
        if (!RBAC_GROUP.equals(action.resource().group()) || action.object() == null || action.object().isNull()
                || !("CREATE".equals(action.operation()) || "UPDATE".equals(action.operation()))) {
            return Optional.empty();
        }
        String resource = action.resource().resource();
        if (resource.equals("roles") || resource.equals("clusterroles")) {
            return role(action.object(), resource, action.name());
        }
        if (resource.equals("rolebindings") || resource.equals("clusterrolebindings")) {
            return binding(action.object(), resource, action.name());
        }
        return Optional.empty();
    }

    private static Optional<String> role(JsonNode role, String resource, String name) {
        for (JsonNode rule : role.path("rules")) {
            for (JsonNode verb : rule.path("verbs")) {
                if (ESCALATING_VERBS.contains(verb.asText())) {
                    return Optional.of(resource + " \"" + name + "\" grants verb \"" + verb.asText() + "\"");
                }
            }
            for (JsonNode granted : rule.path("resources")) {
                if ("*".equals(granted.asText())) {
                    return Optional.of(resource + " \"" + name + "\" grants every resource (\"*\")");
                }
            }
        }
        if (role.has("aggregationRule")) {
            return Optional.of(resource + " \"" + name + "\" aggregates other roles");
        }
        return Optional.empty();
    }

    private static Optional<String> binding(JsonNode binding, String resource, String name) {
        JsonNode roleRef = binding.path("roleRef");
        String role = roleRef.path("name").asText();
        if ("ClusterRole".equals(roleRef.path("kind").asText()) && ADMIN_ROLES.contains(role)) {
            return Optional.of(resource + " \"" + name + "\" binds ClusterRole " + role);
        }
        return Optional.empty();
    }
}
