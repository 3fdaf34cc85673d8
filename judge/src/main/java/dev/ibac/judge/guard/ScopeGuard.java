package dev.ibac.judge.guard;

import dev.ibac.action.Action;
import dev.ibac.crd.Glob;
import dev.ibac.crd.Mission;
import dev.ibac.crd.MissionScope;
import dev.ibac.crd.ResourceRule;
import java.util.Comparator;
import java.util.List;

/**
 * Stage 4: which of the agent's active missions covers an action — namespace, API group,
 * resource (with subresource), operation and name must all fall inside one allow-list rule.
 * When none does, the message describes the closest mission so the agent knows what it may do.
 */
public final class ScopeGuard {

    public ScopeMatch match(Action action, List<Mission> active) {
        List<Mission> covering = active.stream().filter(m -> covers(m, action)).toList();
        if (covering.size() == 1) {
            return new ScopeMatch.InScope(covering.get(0));
        }
        if (covering.size() > 1) {
            return new ScopeMatch.Ambiguous(covering);
        }
        Mission closest = active.stream().max(Comparator.comparingInt(m -> closeness(m, action))).orElse(null);
        return new ScopeMatch.OutOfScope(closest == null ? "no active mission" : explain(closest, action), closest);
    }

    static boolean covers(Mission mission, Action action) {
        return inNamespace(mission, action) && mission.getSpec().scopeOrDefault().resources().stream()
                .anyMatch(rule -> fit(rule, action) == Fit.ALL);
    }

    /** How far an action gets through a rule; the order is the order the message explains. */
    enum Fit { RESOURCE, OPERATION, NAME, ALL }

    static Fit fit(ResourceRule rule, Action action) {
        // API groups are exact ("" is the core group) or "*"; only names and namespaces are globs
        boolean group = rule.apiGroups().contains("*") || rule.apiGroups().contains(action.resource().group());
        if (!group || !resourceMatches(rule, action)) {
            return Fit.RESOURCE;
        }
        if (!rule.operations().contains("*") && !rule.operations().contains(action.operation())) {
            return Fit.OPERATION;
        }
        if (!rule.names().isEmpty() && !anyMatches(rule.names(), action.name())) {
            return Fit.NAME;
        }
        return Fit.ALL;
    }

    private static boolean resourceMatches(ResourceRule rule, Action action) {
        String qualified = action.resource().qualifiedResource();
        return rule.resources().stream().anyMatch(r -> r.equals("*") || r.equals(qualified)
                || (r.endsWith("/*") && !action.resource().subresource().isEmpty()
                        && r.substring(0, r.length() - 2).equals(action.resource().resource())));
    }

    /**
     * Cluster-scoped actions have no namespace: only a mission whose scope lists "*" among its
     * namespaces may reach them.
     */
    static boolean inNamespace(Mission mission, Action action) {
        List<String> allowed = mission.getSpec().scopeOrDefault().namespacesOrOwn(mission.getMetadata().getNamespace());
        return action.namespace().isEmpty() ? allowed.contains("*") : anyMatches(allowed, action.namespace());
    }

    private static boolean anyMatches(List<String> globs, String value) {
        return globs.stream().anyMatch(g -> Glob.compile(g).matches(value));
    }

    private static int closeness(Mission mission, Action action) {
        int best = mission.getSpec().scopeOrDefault().resources().stream()
                .mapToInt(rule -> fit(rule, action).ordinal()).max().orElse(0);
        return (inNamespace(mission, action) ? 10 : 0) + best;
    }

    private static String explain(Mission mission, Action action) {
        MissionScope scope = mission.getSpec().scopeOrDefault();
        String target = action.resource().qualifiedResource() + " \"" + action.name() + "\"";
        String outside = target + " is outside mission " + mission.key() + " — ";
        if (!inNamespace(mission, action)) {
            return (action.namespace().isEmpty() ? "cluster-scoped " + target : target + " in namespace " + action.namespace())
                    + " is outside mission " + mission.key() + " — allowed namespaces: "
                    + String.join(", ", scope.namespacesOrOwn(mission.getMetadata().getNamespace())) + hint();
        }
        ResourceRule best = scope.resources().stream()
                .max(Comparator.comparingInt(rule -> fit(rule, action).ordinal())).orElse(null);
        if (best == null) {
            return outside + "the mission's scope lists no resources" + hint();
        }
        return switch (fit(best, action)) {
            case RESOURCE -> outside + "allowed resources: " + resources(scope) + hint();
            case OPERATION -> outside + "allowed operations on " + action.resource().qualifiedResource() + ": "
                    + String.join(", ", best.operations()) + hint();
            case NAME -> outside + "allowed names: " + String.join(", ", best.names()) + hint();
            case ALL -> outside + "no single rule covers it" + hint();
        };
    }

    private static String resources(MissionScope scope) {
        return String.join(", ", scope.resources().stream().flatMap(rule -> rule.resources().stream()
                .flatMap(r -> rule.apiGroups().stream().map(g -> g.isEmpty() ? r : r + "." + g))).distinct().toList());
    }

    private static String hint() {
        return "; to widen it, ask the mission's owner to extend spec.scope";
    }
}
