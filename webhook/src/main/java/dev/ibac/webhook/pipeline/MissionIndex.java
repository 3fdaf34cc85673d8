package dev.ibac.webhook.pipeline;

import dev.ibac.action.Requester;
import dev.ibac.crd.Budget;
import dev.ibac.crd.Mission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The current Missions and Budgets, indexed by the agent identities the missions name. Sources
 * (YAML directory, informers) publish whole snapshots; readers never lock.
 */
public final class MissionIndex {
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private volatile boolean loaded;

    /** Replaces the whole content; called by a source after every change. */
    public void replace(Collection<Mission> missions, Collection<Budget> budgets) {
        snapshot = Snapshot.of(missions, budgets);
        loaded = true;
    }

    public boolean loaded() {
        return loaded;
    }

    /** Missions whose {@code spec.agent} names this requester, by ServiceAccount, username or group. */
    public List<Mission> missionsOf(Requester requester) {
        Snapshot current = snapshot;
        Set<Mission> found = new LinkedHashSet<>(current.byUsername.getOrDefault(requester.username(), List.of()));
        for (String group : requester.groups()) {
            found.addAll(current.byGroup.getOrDefault(group, List.of()));
        }
        return List.copyOf(found);
    }

    /** As {@code !missionsOf(requester).isEmpty()}, without building the list: asked for every request (issue #19). */
    boolean namesAgent(Requester requester) {
        Snapshot current = snapshot; // its lists are never empty: each is made for a mission it holds
        if (current.byUsername.containsKey(requester.username())) {
            return true;
        }
        for (String group : requester.groups()) {
            if (current.byGroup.containsKey(group)) {
                return true;
            }
        }
        return false;
    }

    /** Every username the missions name (ServiceAccounts as their usernames), sorted. */
    public SortedSet<String> namedUsernames() {
        return new TreeSet<>(snapshot.byUsername.keySet());
    }

    /** Every group the missions name, sorted. */
    public SortedSet<String> namedGroups() {
        return new TreeSet<>(snapshot.byGroup.keySet());
    }

    public Optional<Mission> mission(String namespace, String name) {
        return Optional.ofNullable(snapshot.byKey.get(namespace + "/" + name));
    }

    public Optional<Budget> namespaceBudget(String namespace) {
        return Optional.ofNullable(snapshot.budgets.get(namespace));
    }

    public List<Mission> missions() {
        return List.copyOf(snapshot.byKey.values());
    }

    private record Snapshot(
            Map<String, Mission> byKey,
            Map<String, List<Mission>> byUsername,
            Map<String, List<Mission>> byGroup,
            Map<String, Budget> budgets) {

        static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of(), Map.of(), Map.of());

        static Snapshot of(Collection<Mission> missions, Collection<Budget> budgets) {
            Map<String, Mission> byKey = new HashMap<>();
            Map<String, List<Mission>> byUsername = new HashMap<>();
            Map<String, List<Mission>> byGroup = new HashMap<>();
            for (Mission mission : missions) {
                if (mission.getSpec() == null || mission.getSpec().agent() == null) {
                    continue;
                }
                byKey.put(mission.key(), mission);
                for (String username : usernames(mission)) {
                    byUsername.computeIfAbsent(username, k -> new ArrayList<>()).add(mission);
                }
                for (String group : mission.getSpec().agent().groups()) {
                    byGroup.computeIfAbsent(group, k -> new ArrayList<>()).add(mission);
                }
            }
            Map<String, Budget> byNamespace = new HashMap<>();
            for (Budget budget : budgets) {
                if (Budget.DEFAULT_NAME.equals(budget.getMetadata().getName())) {
                    byNamespace.put(budget.getMetadata().getNamespace(), budget);
                }
            }
            return new Snapshot(Map.copyOf(byKey), freeze(byUsername), freeze(byGroup), Map.copyOf(byNamespace));
        }

        private static List<String> usernames(Mission mission) {
            List<String> names = new ArrayList<>(mission.getSpec().agent().usernames());
            String sa = mission.getSpec().agent().serviceAccountUsername(mission.getMetadata().getNamespace());
            if (sa != null) {
                names.add(sa);
            }
            return names;
        }

        private static Map<String, List<Mission>> freeze(Map<String, List<Mission>> map) {
            Map<String, List<Mission>> frozen = new HashMap<>();
            map.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
            return Map.copyOf(frozen);
        }
    }
}
