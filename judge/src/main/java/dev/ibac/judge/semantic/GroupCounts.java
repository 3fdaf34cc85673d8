package dev.ibac.judge.semantic;

import dev.ibac.judge.Effect;
import dev.ibac.judge.goal.Clause;
import dev.ibac.judge.goal.GoalReading;
import dev.ibac.judge.goal.Intent;
import dev.ibac.judge.semantic.Assessment.Asked;
import dev.ibac.judge.semantic.Assessment.Contradicted;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a goal asks of one group of an operator's pods: "keep 3 Redis replicas", "scale its hot
 * nodeSet from 3 to 6 nodes", "one task named call with 40 replicas", "1 Master and 3 Workers".
 * A count nested in a resource (the effect's {@code part}: redis, hot, call, worker) is judged by
 * the clause that names its group, with the figure that goes with the group's word, not by figures
 * the goal gives other groups or the whole object (issue #11).
 */
final class GroupCounts {
    /** Words after a group's name that lead to its figure: "from 3 to 6", "at 3 nodes", "with 40 replicas", "of 3 nodes". */
    private static final Set<String> LEADS = Set.of("to", "at", "with", "of");
    /** Compiled once: clauses are split on every judgement of a nested count. */
    private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9]+");
    /** How far after the group's name its figure may come. */
    private static final int WINDOW = 6;

    private GroupCounts() {}

    static Optional<Assessment> assess(Effect e, GoalReading g) {
        String part = e.datum("part").toLowerCase(Locale.ROOT);
        if (part.length() < 3) {
            return Optional.empty();
        }
        long to = Long.parseLong(e.to());
        long from = e.from().isEmpty() ? -1 : Long.parseLong(e.from());
        String direction = e.datum("direction");
        for (Clause c : g.clauses()) {
            List<String> words = List.of(NOT_WORD.split(c.lower()));
            int at = indexOf(words, part);
            if (at < 0) {
                continue;
            }
            OptionalLong figure = figure(words, at);
            if (figure.isPresent()) {
                long want = figure.getAsLong();
                return Optional.of(EffectAssessor.reaches(from, to, want) ? new Asked(e, c.quote())
                        : new Contradicted(e, "the goal asks for " + want + " in " + part, c.quote()));
            }
            if (direction.equals("up") && c.asks().contains(Intent.SCALE_UP) || direction.equals("down") && c.asks().contains(Intent.SCALE_DOWN)
                    || direction.equals("set") && c.asks().contains(Intent.CREATE)) {
                return Optional.of(new Asked(e, c.quote()));
            }
        }
        return Optional.empty();
    }

    /** The group's word, or its plural ("3 Workers" of the Worker group). */
    private static int indexOf(List<String> words, String part) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals(part) || w.equals(part + "s") || w.equals(part + "es")) {
                return i;
            }
        }
        return -1;
    }

    /** "3 Workers", "3 Redis replicas": the figure just before the word; else "hot nodeSet from 3 to 6": the one a lead word gives after it. */
    private static OptionalLong figure(List<String> words, int at) {
        if (at >= 1 && number(words.get(at - 1))) {
            return OptionalLong.of(Long.parseLong(words.get(at - 1)));
        }
        for (int i = at + 1; i < Math.min(words.size() - 1, at + WINDOW); i++) {
            if (LEADS.contains(words.get(i)) && number(words.get(i + 1))) {
                return OptionalLong.of(Long.parseLong(words.get(i + 1)));
            }
        }
        return OptionalLong.empty();
    }

    private static boolean number(String word) {
        return !word.isEmpty() && word.length() <= 5 && word.chars().allMatch(Character::isDigit);
    }
}
