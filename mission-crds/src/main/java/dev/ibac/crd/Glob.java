package dev.ibac.crd;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A whole-string, case-sensitive glob as missions and agent selectors write them: {@code *} any run
 * of characters (including none), {@code ?} exactly one; everything else literal.
 */
public final class Glob {
    private final String text;
    private final Pattern pattern;

    private Glob(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    /** Compiles a glob; throws {@link IllegalArgumentException} for null or empty globs. */
    public static Glob compile(String glob) {
        if (glob == null || glob.isEmpty()) {
            throw new IllegalArgumentException("a glob must not be empty");
        }
        StringBuilder regex = new StringBuilder(glob.length() + 8);
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return new Glob(glob, Pattern.compile(regex.toString(), Pattern.DOTALL));
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

    /** True when the whole of {@code value} matches; null never matches. */
    public boolean matches(String value) {
        return value != null && pattern.matcher(value).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
