package dev.ibac.judge.goal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a goal asks for and rules out, read once per goal text (SPEC §7): the objects and kinds it
 * names, what it asks ({@link #asks}) and forbids ({@link #forbids}) — each with the goal's own words
 * for quoting — and the quantities, hours and hosts it gives.
 *
 * @param names      lower-case, singular words that name objects ("checkout", "redis", "orders-db")
 * @param kinds      resources the goal's words point at ("deployments", "cronjobs", "servicemonitors")
 * @param asks       intent → the clause of the goal that asks for it
 * @param forbids    intent → the clause of the goal that rules it out (negation counts)
 * @param quantities "replicas", "minReplicas", "maxReplicas", "gpus", "cpu", "memoryGiB", "storageGiB" → number
 * @param hours      hours of day (0..23) the goal names as when something runs; the target last
 * @param minutes    minutes past the hour the goal names with a time ("05:30" → 30)
 * @param frequency  "hourly", "daily", "nightly", "weekly", "weekdays" (Monday to Friday), "minutes", or ""
 * @param hosts      host names, domains and buckets the goal names
 * @param versions   version strings the goal names ("2.4", "v1.8.3")
 * @param images     container images the goal names ("registry.storefront.io/web-frontend:2.8.0")
 * @param clauses    the goal clause by clause
 * @param weak       words of the mission's namespace: they name everything in it, so alone they name nothing
 * @param durations  a setting the goal gives as a duration, by the word before it, in seconds ("retention stays 15d" →
 *                   retention: 1296000)
 * @param settings   keys the goal gives a value, as written ("linkerd.io/inject: enabled", "set AUDIT_RETENTION_DAYS to 400")
 * @param namedOfKind the kinds whose objects the goal's work names, each with those names ("a KafkaTopic orders-events"
 *                   → kafkatopics: orders-events), from clauses that ask for something, not from off-limits ones
 * @param lower      the goal in lower case, as written (number words kept), for rules that look for a word in it
 * @param words      the lower-case goal split into words, figures and percentages kept whole ("10%", "2.5")
 * @param unnamedKinds resources the goal's work speaks of as a set or as new objects ("its Deployments", "a CronJob that …"),
 *                   so that it need not name each object of them
 * @param imageSources registries the goal says images must come from ("the sidecar image must come from our mirror,
 *                   registry.hotelco.internal")
 */
public record GoalReading(
        String goal,
        Set<String> names,
        Set<String> kinds,
        Map<Intent, String> asks,
        Map<Intent, String> forbids,
        Map<String, Double> quantities,
        List<Integer> hours,
        List<Integer> minutes,
        String frequency,
        Set<String> hosts,
        Set<String> versions,
        Set<String> images,
        List<Clause> clauses,
        Set<String> weak,
        Map<String, Long> durations,
        Map<String, String> settings,
        Map<String, Set<String>> namedOfKind,
        String lower,
        List<String> words,
        Set<String> unnamedKinds,
        Set<String> imageSources) {

    /** The first clause that asks for {@code intent} and speaks of the target. */
    public Optional<Clause> asking(Intent intent, Target target) {
        return clauses.stream().filter(c -> c.asks().contains(intent) && c.covers(target, weak)).findFirst();
    }

    /**
     * The first clause that asks for {@code intent} and speaks of the target as an object of the
     * kind it gives the name: what is asked for "the thumbnail-worker HPA" is asked for no other kind.
     */
    public Optional<Clause> askingOfItsKind(Intent intent, Target target) {
        return clauses.stream().filter(c -> c.asks().contains(intent) && c.covers(target, weak, false, true)).findFirst();
    }

    /** The first clause that asks for {@code intent} whatever its object. */
    public List<Clause> asking(Intent intent) {
        return clauses.stream().filter(c -> c.asks().contains(intent)).toList();
    }

    /** A clause that puts the target off limits. */
    public Optional<Clause> protecting(Target target) {
        // "Leave `transcoder` and its HPA alone" keeps an HPA by its kind alone: not the one "Delete the old HPA `thumbnailer`" names
        return clauses.stream().filter(c -> c.protects() && c.covers(target, weak, true) && !((others(c) || !c.named(weak)) && worksOn(target)))
                .findFirst();
    }

    /** "Don't touch any other Secret": the clause keeps what the goal does not work on. */
    private static boolean others(Clause clause) {
        return clause.lower().contains(" other ") || clause.lower().contains(" else");
    }

    /** A clause that asks for something names the target whole ("write it into the existing Secret ledger-db-credentials"). */
    private boolean worksOn(Target target) {
        return clauses.stream().anyMatch(c -> !c.protects() && c.fullNames().contains(target.name()));
    }

    /** A clause that rules out {@code intent} for the target: it names the target, or names nothing (then it means everything). */
    public Optional<Clause> forbidding(Intent intent, Target target) {
        return clauses.stream().filter(c -> c.forbids().contains(intent)
                && (c.covers(target, weak) || !c.named(weak) && c.kinds().isEmpty() && ofTheNamespace(c, target))).findFirst();
    }

    /** "do not delete the namespace" rules out deleting the Namespace, not every object in it. */
    private static boolean ofTheNamespace(Clause clause, Target target) {
        return !NAMESPACE.matcher(clause.lower()).find() || target.resource().equals("namespaces");
    }

    private static final java.util.regex.Pattern NAMESPACE = java.util.regex.Pattern.compile("\\bnamespaces?\\b");

    /** Figures of a size, as opposed to a count. */
    private static final Set<String> SIZES = Set.of("cpu", "memoryGiB", "storageGiB", "gpus");

    /**
     * A quantity given by a clause that speaks of the target; else the one quantity of its kind in a
     * goal that gives it in a clause naming nothing ("a ScaledObject thumbnail-worker …, between 1 and
     * 30 replicas": the range continues the clause before it); else the goal's own figure, where no clause gives one.
     */
    public Optional<Double> quantity(String what, Target target) {
        // a size a clause asks for before one that describes today ("currently has memory 1Gi … Raise it to 3Gi"); a count
        // keeps the first clause's ("pinned at 6 replicas", and a later "with 3 replicas … " speaks of something else)
        List<Clause> covering = clauses.stream().filter(c -> c.quantities().containsKey(what) && c.covers(target, weak)).toList();
        Optional<Double> asking = !SIZES.contains(what) ? Optional.empty()
                : covering.stream().filter(c -> !c.asks().isEmpty()).map(c -> c.quantities().get(what)).findFirst();
        if (!covering.isEmpty()) {
            return asking.or(() -> Optional.of(covering.get(0).quantities().get(what)));
        }
        List<Clause> giving = clauses.stream().filter(c -> c.quantities().containsKey(what)).toList();
        if (giving.isEmpty()) {
            return quantity(what); // a figure no clause gives alone ("`maxReplicas: 12`", read as a field)
        }
        return giving.size() == 1 && !giving.get(0).named(weak) ? Optional.of(giving.get(0).quantities().get(what)) : Optional.empty();
    }

    public Optional<String> asked(Intent intent) {
        return Optional.ofNullable(asks.get(intent));
    }

    public Optional<String> forbidden(Intent intent) {
        return Optional.ofNullable(forbids.get(intent));
    }

    public boolean asks(Intent intent) {
        return asks.containsKey(intent);
    }

    public boolean forbids(Intent intent) {
        return forbids.containsKey(intent);
    }

    public Optional<Double> quantity(String what) {
        return Optional.ofNullable(quantities.get(what));
    }
}
