package dev.ibac.judge.goal;

import dev.ibac.crd.Glob;
import java.util.Map;
import java.util.Set;

/**
 * One clause of a goal with what it asks, forbids and names. {@code protects} is true when the
 * clause puts its objects off limits ("leave the gitlab-runner Deployment alone", "the orders-api
 * workload is not to be changed").
 *
 * @param quote     the clause in the goal's own words
 * @param fullNames names with a dash, dot or underscore ("redis-cart", "scratch-llama"): matched whole
 * @param words     single words that may name an object ("checkout"): matched against a target's words
 * @param globs     name patterns such as {@code cache-pr-*}
 * @param lower     the quote in lower case, for rules that look for a word in it (read once with the goal, not per judgement)
 * @param handsOff  the clause says to leave what it names as it is ("don't touch production", "leave the exporter alone"),
 *                  whether or not it names an object the way {@code protects} needs
 */
public record Clause(String quote, Set<Intent> asks, Set<Intent> forbids, Set<String> fullNames, Set<String> words,
        Set<String> globs, Set<String> kinds, Map<String, Double> quantities, boolean protects,
        Map<String, Set<String>> kindsOf, String lower, boolean handsOff) {

    public Clause {
        kindsOf = Map.copyOf(kindsOf);
    }

    /**
     * Whether this clause speaks of the target: a pattern or a whole name of the clause matches it;
     * or, when it gives no whole names, one of its words does (the namespace's own words, {@code weak},
     * do not count alone) and the target is of a kind the clause names, if it names any; or, when it
     * names no object at all, the target is of one of its kinds.
     */
    public boolean covers(Target target, Set<String> weak) {
        return covers(target, weak, false);
    }

    /**
     * {@code exact}: a whole name must be the target's own; otherwise objects named after it count
     * too ("redis-sessions-config" of "redis-sessions", "checkout-pdb" of "checkout").
     */
    public boolean covers(Target target, Set<String> weak, boolean exact) {
        return covers(target, weak, exact, false);
    }

    /**
     * {@code bound}: a name the clause gives a kind ("delete the old catalog-web Ingress") speaks of
     * that kind only — not of the catalog-web Service, nor of a Secret labelled catalog-web. Without
     * it, objects of the name count whatever their kind: the PDB, HPA and ConfigMap named like the
     * Deployment a goal scales serve it.
     */
    public boolean covers(Target target, Set<String> weak, boolean exact, boolean bound) {
        boolean kindOk = kinds.isEmpty() || kinds.contains(target.resource());
        if (bound && !ofItsKind(target.name(), target)) {
            return false;
        }
        if (fullNames.contains(target.name())) {
            return !exact || kindOk || !kindsOf.containsKey(target.name()) && looseKindOk(target);
        }
        if (globs.stream().anyMatch(g -> Glob.compile(g).matches(target.name()))) {
            return !exact || kindOk;
        }
        if (!exact && fullNames.stream().anyMatch(n -> (target.name().startsWith(n + "-") || target.tokens().contains(n))
                && (!bound || ofItsKind(n, target)))) {
            return true;
        }
        if (named(weak)) {
            // a word the clause gives a kind is one object's name ("the shared `invoice` Ingress"), not a word of others' names
            return kindOk && words.stream().anyMatch(w -> !weak.contains(w) && !kindsOf.containsKey(w) && target.tokens().contains(w));
        }
        return !kinds.isEmpty() && kinds.contains(target.resource());
    }

    /** This clause, putting its objects off limits or not. */
    Clause withProtects(boolean off) {
        return new Clause(quote, asks, forbids, fullNames, words, globs, kinds, quantities, off, kindsOf, lower, handsOff);
    }

    /** This clause, naming {@code name} whole too ("thumbnailer is CPU-only and stays on the general pool"). */
    Clause naming(String name) {
        Set<String> names = new java.util.LinkedHashSet<>(fullNames);
        names.add(name);
        return new Clause(quote, asks, forbids, Set.copyOf(names), words, globs, kinds, quantities, protects, kindsOf, lower, handsOff);
    }

    /** This clause, speaking of its objects whatever their kind. */
    Clause withoutKinds() {
        return new Clause(quote, asks, forbids, fullNames, words, globs, Set.of(), quantities, protects, kindsOf, lower, handsOff);
    }

    /** The same clause asking for {@code intents} too, with {@code more} quantities where it gives none of its own. */
    Clause asking(Set<Intent> intents, Map<String, Double> more) {
        Set<Intent> asked = new java.util.LinkedHashSet<>(asks);
        asked.addAll(intents);
        Map<String, Double> figures = new java.util.LinkedHashMap<>(more);
        figures.putAll(quantities);
        return new Clause(quote, Set.copyOf(asked), forbids, fullNames, words, globs, kinds, figures, protects, kindsOf, lower, handsOff);
    }

    /** The same clause with {@code intent} ruled out instead of asked for. */
    Clause ruling(Intent intent) {
        Set<Intent> asked = new java.util.LinkedHashSet<>(asks);
        asked.remove(intent);
        Set<Intent> ruled = new java.util.LinkedHashSet<>(forbids);
        ruled.add(intent);
        return new Clause(quote, Set.copyOf(asked), Set.copyOf(ruled), fullNames, words, globs, kinds, quantities, protects, kindsOf,
                lower, handsOff);
    }

    /**
     * Every kind the clause names is one it gives another of its names ("do not touch notify-v2 or the shared
     * twilio-credentials Secret": Secret is twilio-credentials' kind), so it says nothing of a name without one.
     */
    private boolean looseKindOk(Target target) {
        Set<String> given = new java.util.HashSet<>();
        kindsOf.values().forEach(given::addAll);
        return kinds.stream().allMatch(given::contains);
    }

    /** False when the clause gives {@code name} a kind and the target is of another. */
    private boolean ofItsKind(String name, Target target) {
        Set<String> given = kindsOf.get(name);
        return given == null || given.contains(target.resource());
    }

    /** True when the clause names an object by more than the namespace's own words. */
    public boolean named(Set<String> weak) {
        return !fullNames.isEmpty() || !globs.isEmpty() || words.stream().anyMatch(w -> !weak.contains(w));
    }
}
