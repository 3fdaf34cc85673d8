package dev.ibac.crd;

import java.util.Optional;

/**
 * A whole-string, case-sensitive glob as missions and agent selectors write them: {@code *} any run
 * of characters (including none), {@code ?} exactly one; everything else literal.
 */
public final class Glob {
    private final String text;
    private final int[] glob;

    private Glob(String text) {
        this.text = text;
        this.glob = text.codePoints().toArray();
    }

    /**
     * A glob ready to match; throws {@link IllegalArgumentException} for null or empty globs. Cheap
     * (no regular expression is built), so the scope stage may compile a mission's globs per request.
     */
    public static Glob compile(String glob) {
        if (glob == null || glob.isEmpty()) {
            throw new IllegalArgumentException("a glob must not be empty");
        }
        return new Glob(glob);
    }

    /**
     * Why {@code glob} is not one users should write, or empty when it is fine: empty globs,
     * {@code **} and bracket or brace classes look like other glob dialects, which this one would
     * take literally. ({@link #compile} accepts them; {@code check} refuses them.)
     */
    public static Optional<String> syntaxProblem(String glob) {
        if (glob == null || glob.isEmpty()) {
            return Optional.of("is empty");
        }
        if (glob.contains("**")) {
            return Optional.of("uses **, which this glob does not know (a single * already matches any run)");
        }
        if (glob.chars().anyMatch(c -> "[]{}".indexOf(c) >= 0)) {
            return Optional.of("uses [ ] or { }, which this glob does not know");
        }
        return Optional.empty();
    }

    /**
     * True when the whole of {@code value} matches; null never matches. Greedy matching that backs
     * up only to the last {@code *}: linear for the globs missions write, never exponential.
     */
    public boolean matches(String value) {
        if (value == null) {
            return false;
        }
        int[] v = value.codePoints().toArray();
        int g = 0;
        int i = 0;
        int star = -1;
        int resume = 0;
        while (i < v.length) {
            if (g < glob.length && (glob[g] == '?' || (glob[g] != '*' && glob[g] == v[i]))) {
                g++;
                i++;
            } else if (g < glob.length && glob[g] == '*') {
                star = g++;
                resume = i;
            } else if (star >= 0) {
                g = star + 1;
                i = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length && glob[g] == '*') {
            g++;
        }
        return g == glob.length;
    }

    @Override
    public String toString() {
        return text;
    }
}
