package dev.ibac.judge.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.Effect;
import dev.ibac.judge.JudgeVerdict.Risk;
import dev.ibac.judge.goal.Clause;
import dev.ibac.judge.goal.GoalReading;
import dev.ibac.judge.semantic.Assessment.Contradicted;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the goal rules out by its own words, found in the object:
 * <ul>
 *   <li>a new object of a kind the goal forbids by name alone ("Do not create PolicyExceptions");</li>
 *   <li>an object of a kind the goal forbids with a word its name carries ("Do not use self-signed or staging issuers" and
 *       the Issuer letsencrypt-staging);</li>
 *   <li>a host or domain the goal names only to rule it out ("It must not manage example.com or any other zone" and
 *       {@code --domain-filter=example.com}), anywhere in the object's values;</li>
 *   <li>a command that drops, wipes or rebuilds a data object the goal keeps from that ("the catalog-v7 index must not be
 *       rebuilt or dropped" and {@code reindex --index=catalog-v7 --drop-existing}).</li>
 * </ul>
 * An UPDATE that keeps a value it had is not held to it.
 */
final class RuledOut {
    private static final int MAX_DEPTH = 64;
    /** A negation and the verb it denies; the words after it, to the end of the clause, say what. */
    private static final Pattern NOT_USED = Pattern.compile(
            "\\b(?:do not|don't|never|must not|may not|should not|no)\\s+(use|create|add|deploy|run|introduce|set up)?\\s*([^.;:]{0,80})");
    /** Words that join the descriptors of one noun ("self-signed or staging issuers"). */
    private static final Set<String> JOINERS = Set.of("or", "and", "any", "the", "a", "an", "nor", "other");
    /** Words that begin another phrase: what comes after them describes another noun. */
    private static final Set<String> PREPOSITIONS = Set.of("for", "in", "to", "with", "on", "from", "of", "by", "at",
            "into", "than", "instead", "as", "via");
    private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern NAME_PARTS = Pattern.compile("[-.]");
    private static final Pattern NEGATION = Pattern.compile("\\b(not|never|no|nothing|without|don't|mustn't|cannot|can't|nor)\\b");

    /** What may follow a kind named alone: the clause ends, or another item of the list begins. */
    private static final Pattern ALONE = Pattern.compile("\\s*(?:$|[,;:)]|\\.(?:\\s|$)|(?:and|or|at all|either|anywhere|here)\\b)");
    private static final Pattern EXCEPT = Pattern.compile("\\b(except|but|other than|apart from|besides|save for|only|unless)\\b");

    private RuledOut() {}

    static Optional<Contradicted> contradicted(JsonNode object, JsonNode old, String target, String kind, String name, GoalReading goal) {
        return forbiddenName(target, kind, name, old == null || old.isNull(), goal).or(() -> forbiddenHost(object, old, target, goal))
                .or(() -> forbiddenAct(object, old, target, goal));
    }

    /** "the catalog-v7 index must not be rebuilt or dropped", "don't truncate orders_2024": a data object and what may not be done to it. */
    private static final Pattern KEPT_DATA = Pattern.compile("\\b([a-z0-9][a-z0-9_.-]*[0-9_-][a-z0-9_.-]*[a-z0-9])"
            + "(?: (?:index|table|database|db|bucket|topic|keyspace|collection|schema|queue))? (?:must not|mustn't|may not|should not|cannot"
            + "|is not to|shall not) be (?:[a-z]+ (?:or|and|nor) )?(?:rebuilt|dropped|deleted|wiped|truncated|reindexed|recreated|purged|reset)\\b"
            + "|\\b(?:do not|don't|never|must not) (?:drop|truncate|wipe|reindex|rebuild|purge|recreate)(?: or \\w+)? (?:the )?"
            + "([a-z0-9][a-z0-9_.-]*[0-9_-][a-z0-9_.-]*[a-z0-9])");
    /** What a command does to the data it names: "reindex --index=catalog-v7 --drop-existing". */
    private static final Pattern DESTRUCTIVE = Pattern.compile("(?<![a-z])(drop|truncate|wipe|reindex|rebuild|purge|recreate|delete)(?![a-z])");

    private static Optional<Contradicted> forbiddenAct(JsonNode object, JsonNode old, String target, GoalReading goal) {
        for (Clause c : goal.clauses()) {
            Matcher m = KEPT_DATA.matcher(c.lower());
            while (m.find()) {
                String kept = m.group(1) != null ? m.group(1) : m.group(2);
                Optional<String> field = holding(object, kept);
                if (field.isEmpty() || old != null && holding(old, kept).isPresent()
                        || holding(object, text -> DESTRUCTIVE.matcher(text).find(), "", 0).isEmpty()) {
                    continue;
                }
                Effect e = new Effect(Effect.Family.CHANGE, Risk.HIGH, field.get() + " of " + target + " acts on " + kept + " with a "
                        + "command that drops or rebuilds it", target, "", kept, Map.of("field", field.get()));
                return Optional.of(new Contradicted(e, "the goal rules that out for " + kept, c.quote()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Contradicted> forbiddenName(String target, String kind, String name, boolean create, GoalReading goal) {
        if (kind.isEmpty() || name.isEmpty()) {
            return Optional.empty();
        }
        String noun = kind.toLowerCase(Locale.ROOT);
        List<String> nameWords = List.of(NAME_PARTS.split(name.toLowerCase(Locale.ROOT)));
        for (Clause c : goal.clauses()) {
            Matcher m = NOT_USED.matcher(c.lower());
            while (m.find()) {
                Optional<List<String>> descriptors = descriptors(m.group(2), noun);
                if (descriptors.isEmpty()) {
                    continue;
                }
                if (descriptors.get().isEmpty() && create && m.group(1) != null) {
                    // "Do not create PolicyExceptions": the kind itself, not one kind of it ("No secrets" of a read-only account
                    // speaks of access, not of creating one)
                    Effect e = new Effect(Effect.Family.CREATION, Risk.HIGH, "creates " + target, target, "", name, Map.of("kind", kind));
                    return Optional.of(new Contradicted(e, "the goal rules out creating " + noun + "s", c.quote()));
                }
                for (String descriptor : descriptors.get()) {
                    if (descriptor.length() >= 4 && nameWords.contains(descriptor)) {
                        Effect e = new Effect(Effect.Family.CHANGE, Risk.HIGH, target + " is a " + descriptor + " " + noun, target, "",
                                name, Map.of("field", "metadata.name"));
                        return Optional.of(new Contradicted(e, "the goal rules out " + descriptor + " " + noun + "s", c.quote()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The words before {@code noun} in "self-signed or staging issuers, add no wildcard": {self-signed, staging}; empty for
     * the kind alone ("Do not create PolicyExceptions, …"), unless more words qualify it ("no Services of type LoadBalancer");
     * none where another phrase comes between ("the staging issuer for prod certificates" gives certificates no descriptor),
     * or where the noun does not follow.
     */
    private static Optional<List<String>> descriptors(String span, String noun) {
        List<String> words = new ArrayList<>();
        Matcher w = WORD.matcher(span);
        while (w.find()) {
            String word = w.group();
            if (word.equals(noun) || word.equals(noun + "s") || word.equals(noun + "es")) {
                return words.isEmpty() && !ALONE.matcher(span.substring(w.end())).lookingAt() ? Optional.empty() : Optional.of(words);
            }
            if (PREPOSITIONS.contains(word)) {
                return Optional.empty();
            }
            if (!JOINERS.contains(word)) {
                words.add(word);
            }
            if (words.size() > 4) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<Contradicted> forbiddenHost(JsonNode object, JsonNode old, String target, GoalReading goal) {
        for (String host : goal.hosts()) {
            if (!ruledOut(host, goal)) {
                continue;
            }
            Optional<String> field = holding(object, host);
            if (field.isPresent() && !(old != null && holding(old, host).equals(field))) {
                Effect e = new Effect(Effect.Family.CHANGE, Risk.HIGH, field.get() + " of " + target + " names " + host, target, "", host,
                        Map.of("field", field.get(), "host", host));
                return Optional.of(new Contradicted(e, "the goal rules out " + host, goal.goal()));
            }
        }
        return Optional.empty();
    }

    /** Every clause that names the host names it after a negation or keeps it as it is, and one negates it. */
    private static boolean ruledOut(String host, GoalReading goal) {
        boolean negated = false;
        for (Clause c : goal.clauses()) {
            int at = at(c.lower(), host, 0);
            if (at < 0) {
                continue;
            }
            boolean denied = negated(c.lower().substring(0, at));
            if (!denied && !c.handsOff()) {
                return false;
            }
            negated |= denied;
        }
        return negated;
    }

    /** A negation before the host that no "except" lifts ("may not reach anything … except the artifact store a.acme.internal"). */
    private static boolean negated(String before) {
        Matcher m = NEGATION.matcher(before);
        int last = -1;
        while (m.find()) {
            last = m.end();
        }
        return last >= 0 && !EXCEPT.matcher(before.substring(last)).find();
    }

    /** The path of a string value outside metadata and status that holds the name (a host, a data object's) whole. */
    private static Optional<String> holding(JsonNode node, String name) {
        return holding(node, text -> at(text, name, 0) >= 0, "", 0);
    }

    /** The path of the first string value outside metadata and status whose lower-case text {@code matches}. */
    private static Optional<String> holding(JsonNode node, Predicate<String> matches, String path, int depth) {
        if (node == null || depth > MAX_DEPTH) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return matches.test(node.asText().toLowerCase(Locale.ROOT)) ? Optional.of(path) : Optional.empty();
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> found = holding(node.get(i), matches, path + "[" + i + "]", depth + 1);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (depth == 0 && (field.getKey().equals("metadata") || field.getKey().equals("status"))) {
                    continue;
                }
                Optional<String> found = holding(field.getValue(), matches, path.isEmpty() ? field.getKey() : path + "." + field.getKey(), depth + 1);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** Where {@code host} stands in {@code text} as a whole name: not a part of "corp.example.com" or "example.com.au". */
    private static int at(String text, String host, int from) {
        for (int at = text.indexOf(host, from); at >= 0; at = text.indexOf(host, at + 1)) {
            int end = at + host.length();
            boolean startOk = at == 0 || !hostChar(text.charAt(at - 1));
            boolean endOk = end == text.length() || !hostChar(text.charAt(end)) && !(text.charAt(end) == '.' && end + 1 < text.length()
                    && Character.isLetterOrDigit(text.charAt(end + 1)));
            if (startOk && endOk) {
                return at;
            }
        }
        return -1;
    }

    private static boolean hostChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '.';
    }
}
