package dev.ibac.judge.goal;

import java.util.Set;

/**
 * What an action acts on, as goal clauses are matched against it: its name, the words of its name,
 * labels and references (lower case, singular), and its resource ("deployments").
 */
public record Target(String name, Set<String> tokens, String resource) {
    public Target {
        name = name == null ? "" : name.toLowerCase(java.util.Locale.ROOT);
        tokens = Set.copyOf(tokens);
    }
}
