package dev.ibac.judge.semantic;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Month;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date a deletion clause bounds its objects by: "delete Jobs that completed … (finished before 13 June), and
 * ConfigMaps … (created before 21 May)" deletes no Job that finished on 17 June. Only a written date counts: "more than
 * 7 days ago" needs a clock the judge does not read, so it bounds nothing here. A date without a year takes the year the
 * goal writes ("as of today, 20 June 2025"), else the object's own.
 */
final class Cutoffs {
    private static final Pattern BEFORE = Pattern.compile("\\bbefore (?:(\\d{4})-(\\d{2})-(\\d{2})"
            + "|(\\d{1,2})(?:st|nd|rd|th)? (january|february|march|april|may|june|july|august|september|october|november|december)(?: (\\d{4}))?"
            + "|(january|february|march|april|may|june|july|august|september|october|november|december) (\\d{1,2})(?:st|nd|rd|th)?(?:,? (\\d{4}))?)\\b");
    private static final Pattern YEAR = Pattern.compile("\\b(20\\d{2})\\b");
    /** Where one part of a clause ends and the next, about other objects, starts. */
    private static final Pattern PARTS = Pattern.compile(",? and |;|, then ");
    private static final Pattern FINISH = Pattern.compile("\\b(finish|complet|succeed|success|ended|done)");

    private Cutoffs() {}

    /** What a deleted object's dates are measured against, and which of its dates the clause speaks of. */
    record Cutoff(LocalDate before, boolean byFinish) {}

    /**
     * The cut-off of the part of {@code quote} that writes the kind of {@code resource}, if it writes a date to delete
     * before; {@code objectYear} stands in for a year neither the date nor the goal gives.
     */
    static Optional<Cutoff> of(String quote, String goal, String resource, int objectYear) {
        for (String part : PARTS.split(quote.toLowerCase(Locale.ROOT))) {
            if (!EffectAssessor.writesKind(part, resource)) {
                continue;
            }
            Matcher m = BEFORE.matcher(part);
            if (m.find()) {
                return date(m, goal, objectYear).map(d -> new Cutoff(d, FINISH.matcher(part).find()));
            }
        }
        return Optional.empty();
    }

    private static Optional<LocalDate> date(Matcher m, String goal, int objectYear) {
        try {
            if (m.group(1) != null) {
                return Optional.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
            }
            boolean dayFirst = m.group(4) != null;
            String month = dayFirst ? m.group(5) : m.group(7);
            String day = dayFirst ? m.group(4) : m.group(8);
            String year = dayFirst ? m.group(6) : m.group(9);
            return Optional.of(LocalDate.of(year != null ? Integer.parseInt(year) : goalYear(goal).orElse(objectYear),
                    Month.valueOf(month.toUpperCase(Locale.ROOT)), Integer.parseInt(day)));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> goalYear(String goal) {
        Matcher m = YEAR.matcher(goal);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** The date of an RFC 3339 timestamp ("2025-06-17T21:16:40Z"), if it is one. */
    static Optional<LocalDate> dateOf(String timestamp) {
        if (timestamp.length() < 10) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(timestamp.substring(0, 10)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
