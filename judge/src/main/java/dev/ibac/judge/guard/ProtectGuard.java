package dev.ibac.judge.guard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.action.Action;
import dev.ibac.crd.Mission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Stage 3: what an agent may never do whatever its scope says (SPEC §5.3) — self-escalation, RBAC
 * escalation, privileged pods — and what only a mission that explicitly opens it may do:
 * destructive deletes ({@code scope.allowDestructive}) and changes to objects another controller
 * manages ({@code scope.allowManaged}).
 */
public final class ProtectGuard {
    static final Set<String> DESTRUCTIVE = Set.of("persistentvolumeclaims", "persistentvolumes", "namespaces",
            "customresourcedefinitions");
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    private final PodSecurity pods = new PodSecurity();
    private final RbacEscalation rbac = new RbacEscalation();

    public Optional<Violation> check(Action action, List<Mission> candidates) {
        if (selfEscalation(action)) {
            return violation("self-escalation", "agents may not change " + action.resource().qualifiedResource()
                    + ".ibac.io: missions and budgets are changed by their owners, never by the agents they bound", null);
        }
        Optional<String> rbacProblem = rbac.problem(action);
        if (rbacProblem.isPresent()) {
            return violation("rbac-escalation", rbacProblem.get() + "; ask a cluster admin to grant this, agents never can", null);
        }
        Optional<String> podProblem = pods.problem(action);
        if (podProblem.isPresent()) {
            return violation("privileged-pod", podProblem.get() + "; remove it: agents may not run privileged workloads", null);
        }
        Optional<Violation> destructive = destructive(action, candidates);
        return destructive.isPresent() ? destructive : managed(action, candidates);
    }

    private static boolean selfEscalation(Action action) {
        return "ibac.io".equals(action.resource().group()) && action.isChange();
    }

    private static Optional<Violation> destructive(Action action, List<Mission> candidates) {
        String resource = action.resource().resource();
        if (!"DELETE".equals(action.operation()) || !DESTRUCTIVE.contains(resource)
                || anyOpens(candidates, m -> m.getSpec().scopeOrDefault().allowDestructive().contains(resource))) {
            return Optional.empty();
        }
        Mission mission = candidates.isEmpty() ? null : candidates.get(0);
        return violation("destructive-delete", "deleting " + resource + " \"" + action.name() + "\" is protected: add " + resource
                + " to spec.scope.allowDestructive of mission " + (mission == null ? "<yours>" : mission.key())
                + " (ask the mission's owner)", mission);
    }

    private static Optional<Violation> managed(Action action, List<Mission> candidates) {
        if (!"UPDATE".equals(action.operation()) && !"DELETE".equals(action.operation())) {
            return Optional.empty();
        }
        Optional<String> manager = foreignManager(action.oldObject(), candidates);
        if (manager.isEmpty() || anyOpens(candidates, m -> m.getSpec().scopeOrDefault().managedAllowed())) {
            return Optional.empty();
        }
        Mission mission = candidates.isEmpty() ? null : candidates.get(0);
        return violation("managed-object", action.resource().qualifiedResource() + " \"" + action.name() + "\" is managed by "
                + manager.get() + ": change its owner instead, or ask the mission's owner to set spec.scope.allowManaged on "
                + (mission == null ? "your mission" : mission.key()), mission);
    }

    /**
     * Another controller owns the object when an owner reference says {@code controller: true}, or
     * its managed-by label names someone other than the agent (its ServiceAccount or a mission).
     */
    static Optional<String> foreignManager(JsonNode object, List<Mission> candidates) {
        if (object == null || object.isNull()) {
            return Optional.empty();
        }
        for (JsonNode owner : object.path("metadata").path("ownerReferences")) {
            if (owner.path("controller").asBoolean(false)) {
                return Optional.of(owner.path("kind").asText() + " \"" + owner.path("name").asText() + "\"");
            }
        }
        JsonNode managedBy = object.path("metadata").path("labels").path(MANAGED_BY);
        if (managedBy.isTextual() && !isSelf(managedBy.asText(), candidates)) {
            return Optional.of(managedBy.asText() + " (label " + MANAGED_BY + ")");
        }
        return Optional.empty();
    }

    private static boolean isSelf(String manager, List<Mission> candidates) {
        return candidates.stream().anyMatch(m -> manager.equals(m.getMetadata().getName())
                || manager.equals(m.getSpec().agent() == null ? null : m.getSpec().agent().serviceAccount()));
    }

    private static boolean anyOpens(List<Mission> candidates, Predicate<Mission> opens) {
        return candidates.stream().anyMatch(opens);
    }

    private static Optional<Violation> violation(String rule, String message, Mission mission) {
        return Optional.of(new Violation(rule, message, mission));
    }
}
