package dev.ibac.webhook.pipeline;

import dev.ibac.action.Requester;
import dev.ibac.crd.Glob;
import java.util.List;
import java.util.Set;

/**
 * Who is an agent (SPEC §6): configured username globs and groups, plus every identity a Mission
 * names. Everybody else is waved through without a record.
 */
public final class AgentSelector {
    public static final List<String> DEFAULT_USERNAMES = List.of("system:serviceaccount:*:*-agent");
    public static final List<String> DEFAULT_GROUPS = List.of("ibac.io:agents");

    private final List<Glob> usernames;
    private final Set<String> groups;
    private final MissionIndex missions;

    public AgentSelector(List<String> usernameGlobs, List<String> groups, MissionIndex missions) {
        this.usernames = usernameGlobs.stream().map(Glob::compile).toList();
        this.groups = Set.copyOf(groups);
        this.missions = missions;
    }

    boolean isAgent(Requester requester) {
        // loops, not streams: asked for every request, humans' included (issue #19)
        for (Glob username : usernames) {
            if (username.matches(requester.username())) {
                return true;
            }
        }
        for (String group : requester.groups()) {
            if (groups.contains(group)) {
                return true;
            }
        }
        return missions.namesAgent(requester);
    }
}
