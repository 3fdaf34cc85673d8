package dev.ibac.judge.guard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.action.Action;
import dev.ibac.crd.Mission;
import dev.ibac.crd.MissionScope;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Stage 3 (SPEC §5.3): what an agent may never do whatever its scope says — write {@code ibac.io}
 * resources (rule {@code self-escalation}), escalating RBAC ({@code rbac-escalation}) — and what
 * only a mission that explicitly opens it may do: pods, pod templates and ephemeral containers
 * beyond the mission's Pod Security Standards level ({@code pod-security}, opened narrowly by
 * {@code scope.podSecurityExceptions}; see {@link PodSecurity}), deletes of PVCs, PVs, namespaces
 * and CRDs ({@code destructive-delete}, opened by {@code scope.allowDestructive}) and UPDATE/DELETE
 * of objects another controller manages ({@code managed-object}, opened by {@code scope.allowManaged}).
 *
 * <p>An exception is opened only by a candidate that also covers the action in its scope, so one
 * mission's {@code allowDestructive} never opens a delete another mission's scope admits.
 *
 * <p>"Managed by another controller" means the current object ({@code oldObject}) has an owner
 * reference with {@code controller: true}, or an {@code app.kubernetes.io/managed-by} label naming
 * someone other than the agent. The agent is named by its ServiceAccount's name (from the
 * requester's username), a candidate mission's name, or a candidate's {@code agent.serviceAccount};
 * every other value — {@code Helm}, {@code kustomize}, {@code argocd}, and {@code ibac} too, since
 * IBAC itself writes no workload objects — is another controller.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProtectGuard {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String POD_SECURITY = "pod-security";
    private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

    private final PodSecurity pods = new PodSecurity();
    private final RbacEscalation rbac = new RbacEscalation();

    /**
     * The first protection {@code action} violates, or empty — {@link #decide} without the
     * exceptions that admitted it.
     *
     * @param candidates the requesting agent's active missions (after the {@code ibac.io/mission}
     *     annotation narrowed them); may be empty, then nothing can be opened
     */
    public Optional<Violation> check(Action action, List<Mission> candidates) {
        return decide(action, candidates) instanceof ProtectResult.Denied denied ? Optional.of(denied.violation()) : Optional.empty();
    }

    /**
     * Denied by the first protection {@code action} violates, else admitted, naming the Pod Security
     * exceptions ({@code spec.scope.podSecurityExceptions}) that admitted fields the level forbids.
     *
     * @param candidates as for {@link #check}
     */
    public ProtectResult decide(Action action, List<Mission> candidates) {
        if (selfEscalation(action)) {
            return denied("self-escalation", selfEscalationMessage(action), null);
        }
        Optional<String> rbacProblem = rbac.problem(action);
        if (rbacProblem.isPresent()) {
            return denied("rbac-escalation", rbacProblem.get() + ": agents may never grant this; ask a cluster admin", null);
        }
        ProtectResult pod = pods.judge(action, candidates);
        if (pod instanceof ProtectResult.Denied) {
            return pod;
        }
        Optional<Violation> other = destructive(action, candidates).or(() -> managed(action, candidates));
        return other.<ProtectResult>map(ProtectResult.Denied::new).orElse(pod);
    }

    private static ProtectResult denied(String rule, String message, Mission mission) {
        return new ProtectResult.Denied(new Violation(rule, message, mission));
    }

    private static boolean selfEscalation(Action action) {
        return Mission.GROUP.equals(action.resource().group()) && action.isChange();
    }

    private static String selfEscalationMessage(Action action) {
        String subresource = action.resource().subresource();
        return "agents may not change " + action.resource().resource() + "." + Mission.GROUP
                + (subresource.isEmpty() ? "" : " (" + subresource + ")")
                + ": missions and budgets are changed by their owners, never by the agents they bound; ask the mission's owner";
    }

    private static Optional<Violation> destructive(Action action, List<Mission> candidates) {
        String resource = action.resource().resource();
        if (!"DELETE".equals(action.operation()) || !MissionScope.DESTRUCTIVE_RESOURCES.contains(resource)
                || !action.resource().subresource().isEmpty()) {
            return Optional.empty();
        }
        Predicate<Mission> opens = m -> m.getSpec().scopeOrDefault().allowDestructive().contains(resource);
        if (openedByCovering(action, candidates, opens)) {
            return Optional.empty();
        }
        Mission mission = missionToChange(action, candidates, opens);
        String what = "deleting " + resource + " \"" + action.name() + "\" is protected: ";
        String next = mission == null ? "a mission must list " + resource + " in spec.scope.allowDestructive"
                : opens.test(mission) ? "mission " + mission.key() + " lists " + resource
                        + " in spec.scope.allowDestructive, but its spec.scope does not cover this delete"
                : "add " + resource + " to spec.scope.allowDestructive of mission " + mission.key();
        return violation("destructive-delete", what + next + " (ask the mission's owner)", mission);
    }

    private static Optional<Violation> managed(Action action, List<Mission> candidates) {
        if (!"UPDATE".equals(action.operation()) && !"DELETE".equals(action.operation())) {
            return Optional.empty();
        }
        Optional<String> manager = foreignManager(action.oldObject(), selfNames(action, candidates));
        Predicate<Mission> opens = m -> m.getSpec().scopeOrDefault().managedAllowed();
        if (manager.isEmpty() || openedByCovering(action, candidates, opens)) {
            return Optional.empty();
        }
        Mission mission = missionToChange(action, candidates, opens);
        String what = action.resource().qualifiedResource() + " \"" + action.name() + "\" is managed by " + manager.get()
                + ": change it through its manager instead, or ";
        String next = mission == null ? "a mission must set spec.scope.allowManaged: true"
                : opens.test(mission) ? "widen spec.scope of mission " + mission.key() + " (it sets allowManaged)"
                : "set spec.scope.allowManaged: true on mission " + mission.key();
        return violation("managed-object", what + next + " (ask the mission's owner)", mission);
    }

    /**
     * Who controls {@code object} if not the agent: a controller owner reference, else a
     * managed-by label naming none of {@code self}.
     */
    static Optional<String> foreignManager(JsonNode object, Set<String> self) {
        if (object == null || object.isNull()) {
            return Optional.empty();
        }
        for (JsonNode owner : object.path("metadata").path("ownerReferences")) {
            if (owner.path("controller").asBoolean(false)) {
                return Optional.of(owner.path("kind").asText() + " \"" + owner.path("name").asText() + "\"");
            }
        }
        JsonNode managedBy = object.path("metadata").path("labels").path(MANAGED_BY);
        if (managedBy.isTextual() && !self.contains(managedBy.asText())) {
            return Optional.of("\"" + managedBy.asText() + "\" (label " + MANAGED_BY + ")");
        }
        return Optional.empty();
    }

    /** The names a managed-by label may carry and still mean the agent itself. */
    static Set<String> selfNames(Action action, List<Mission> candidates) {
        Set<String> names = new HashSet<>();
        String username = action.requester().username();
        if (username.startsWith(SERVICE_ACCOUNT_PREFIX)) {
            names.add(username.substring(username.lastIndexOf(':') + 1));
        }
        for (Mission mission : candidates) {
            names.add(mission.getMetadata().getName());
            if (mission.getSpec().agent() != null && mission.getSpec().agent().serviceAccount() != null) {
                names.add(mission.getSpec().agent().serviceAccount());
            }
        }
        return names;
    }

    private static boolean openedByCovering(Action action, List<Mission> candidates, Predicate<Mission> opens) {
        return candidates.stream().anyMatch(m -> opens.test(m) && ScopeGuard.covers(m, action));
    }

    /** The mission whose owner can open the exception: one that covers the action, else one that opens it, else any. */
    private static Mission missionToChange(Action action, List<Mission> candidates, Predicate<Mission> opens) {
        return candidates.stream().filter(m -> ScopeGuard.covers(m, action)).findFirst()
                .or(() -> candidates.stream().filter(opens).findFirst())
                .orElse(candidates.isEmpty() ? null : candidates.get(0));
    }

    private static Optional<Violation> violation(String rule, String message, Mission mission) {
        return Optional.of(new Violation(rule, message, mission));
    }
}
