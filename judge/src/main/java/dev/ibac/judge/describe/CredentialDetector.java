package dev.ibac.judge.describe;

import static dev.ibac.judge.describe.CredentialPatterns.*;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heuristics for what looks like a credential: by the name it is stored under (env var, key,
 * field, annotation, flag, header), by the context it appears in (a command-line flag, a header,
 * a connection string, a {@code .pgpass} or {@code .netrc} line) or by its shape (PEM, JWT, known
 * key prefixes, long random strings). Errs on the side of redacting: a hidden harmless value costs
 * the judge a little context, a leaked one cannot be taken back. The shapes are
 * {@link CredentialPatterns}; this class decides, per match, whether it is a credential.
 */
final class CredentialDetector {
    /** Compiled once (String.matches and split compile per call): these run per candidate token. */
    private static final Pattern BLANK = Pattern.compile("[ \\t]");
    private static final Pattern LOWER_WORD = Pattern.compile("[a-z]+");
    private static final Pattern NUMBERISH = Pattern.compile("\\d[\\w.+-]*");
    private static final Pattern VERSION = Pattern.compile("(?i)v?\\d+(\\.\\d+)*([-+.][\\w.]+)?");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    /** True when a field, env var, key, header, flag or annotation of this name holds a credential. */
    boolean isSecretName(String name) {
        return CredentialNames.isSecretName(name);
    }

    /** True when the argument after {@code flag} ("--password", "-p", "-u", "--header") is a credential. */
    boolean isSecretFlagValue(String flag, String value) {
        if (!flag.startsWith("-") || flag.contains("=")) {
            return false;
        }
        String lower = flag.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "-p" -> !PORT_OR_PATH.matcher(value).matches();
            case "-u", "--user", "--proxy-user", "--basic-auth" -> value.contains(":");
            case "-h", "--header", "--proxy-header" -> !redactSecrets(value, "\u0000").equals(value);
            default -> flag.startsWith("--") && isSecretName(flag) && !PATH.matcher(value).matches();
        };
    }

    /** True when a whole stored value is a credential, whatever it is stored under. */
    boolean isSecretValue(String value) {
        return value != null && (!redactSecrets(value, "\u0000").equals(value) || isPasswordPair(value));
    }

    /** Replaces each credential-looking part of free text with {@code replacement}. */
    String redactSecrets(String text, String replacement) {
        return redactSecrets(text, replacement, true);
    }

    private String redactSecrets(String text, String replacement, boolean decode) {
        if (text == null || text.isEmpty() || PatternPrefilter.nothingToFind(text)) {
            return text;
        }
        Shape shape = Shape.of(text);
        String out = text;
        for (Pass pass : passes) {
            if (pass.applies().test(shape)) {
                out = pass.redact().apply(out, replacement);
            }
        }
        if (decode && text.length() >= 12) {
            out = replaceIf(BASE64, out, m -> wrapsCredential(m.group()), m -> "", m -> replacement, 0);
        }
        return text.length() < MIN_RANDOM_TOKEN ? out : redactHighEntropy(out, replacement);
    }

    /** {@link CredentialPatterns#KNOWN_PREFIX}'s shortest match ("sk-" and ten characters). */
    private static final int MIN_PREFIXED_KEY = 13;
    /** {@link CredentialPatterns#CANDIDATE}'s shortest match: shorter text holds no random token. */
    private static final int MIN_RANDOM_TOKEN = 24;

    /**
     * What a pass needs to look at a text, found in one scan of it: whether it holds blanks, which of
     * the separators the patterns hinge on, and (by {@link #has}) its telltale words in lower case.
     * Most strings of an object are names and values without any, so they skip most passes unscanned
     * (issue #11: the judge stage's p99). ASCII text is looked at as it is, ignoring case, which is
     * its lower case letter for letter; other text is lower-cased once (issue #19).
     */
    private static final class Shape {
        private final String text;
        /** Null for ASCII text. */
        private final String lower;
        private final boolean blank;
        private final boolean colon;
        private final boolean assigns;
        private final boolean named;

        private Shape(String text, String lower, boolean blank, boolean colon, boolean assigns) {
            this.text = text;
            this.lower = lower;
            this.blank = blank;
            this.colon = colon;
            this.assigns = assigns;
            this.named = lower == null ? CredentialNames.telltaleInAscii(text) : CredentialNames.TELLTALES.stream().anyMatch(lower::contains);
        }

        static Shape of(String text) {
            boolean ascii = true;
            boolean blank = false;
            boolean colon = false;
            boolean assigns = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                ascii &= c < 0x80;
                blank |= c == ' ' || c == '\t' || c == '\n' || c == '\r';
                colon |= c == ':';
                assigns |= c == ':' || c == '=' || c == '%';
            }
            return new Shape(text, ascii ? null : text.toLowerCase(Locale.ROOT), blank, colon, assigns);
        }

        /** The length of the text's lower case. */
        int length() {
            return lower == null ? text.length() : lower.length();
        }

        boolean blank() {
            return blank;
        }

        boolean colon() {
            return colon;
        }

        boolean assigns() {
            return assigns;
        }

        boolean named() {
            return named;
        }

        /** {@code telltale} (lower case) is in the text's lower case. */
        boolean has(String telltale) {
            return lower == null ? PatternPrefilter.containsAscii(text, telltale) : lower.contains(telltale);
        }

        boolean hasAny(String... telltales) {
            for (String telltale : telltales) {
                if (has(telltale)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * One pattern's redaction, run only when the text has what the pattern cannot match without (a
     * telltale word in lower case, a blank, a separator): a large object costs a few scans, not dozens.
     * Each condition is implied by its pattern, so skipping never hides a match.
     */
    private record Pass(Predicate<Shape> applies, BiFunction<String, String, String> redact) {}

    private final List<Pass> passes = List.of(
            new Pass(s -> s.has("-----begin"), (t, r) -> PEM.matcher(t).replaceAll(quote(r))),
            new Pass(s -> s.has("\n"), CredentialDetector::redactYamlBlocks),
            new Pass(s -> s.has("eyj") && s.has("."), (t, r) -> JWT.matcher(t).replaceAll(quote(r))),
            new Pass(s -> s.length() >= MIN_PREFIXED_KEY, (t, r) -> KNOWN_PREFIX.matcher(t).replaceAll(quote(r))),
            new Pass(s -> s.has("://"), (t, r) -> URL_PASSWORD.matcher(t).replaceAll("$1" + quote(r) + "$3")),
            new Pass(s -> s.has("@") && s.colon(), (t, r) -> USERINFO.matcher(t).replaceAll("$1" + quote(r) + "$3")),
            new Pass(Shape::colon, (t, r) -> PGPASS.matcher(t).replaceAll("$1" + quote(r))),
            new Pass(s -> s.blank() && s.hasAny("pass", "account"), (t, r) -> NETRC.matcher(t)
                    .replaceAll(m -> Matcher.quoteReplacement(m.group(1) != null ? m.group(1) : m.group(3)) + quote(r))),
            new Pass(s -> s.named() && s.blank(), (t, r) -> PROSE.matcher(t).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2)) + quote(r))),
            new Pass(s -> s.has("cookie") && s.colon(), (t, r) -> COOKIE.matcher(t).replaceAll("$1" + quote(r))),
            new Pass(s -> s.named() && s.assigns(), (t, r) -> replaceValues(KEY_HEAD, KEY_VALUE, t, head -> isSecretName(head.group(2)),
                    (head, value) -> true, r)),
            new Pass(s -> s.has("-p"), (t, r) -> GLUED_P.matcher(t).replaceAll("$1" + quote(r))),
            new Pass(s -> s.blank() && s.hasAny("redis-cli", "htpasswd"), (t, r) -> TOOL_PASSWORD.matcher(t).replaceAll("$1" + quote(r))),
            new Pass(s -> s.has("--password-stdin"), (t, r) -> PIPED_PASSWORD.matcher(t).replaceAll("$1" + quote(r))),
            new Pass(s -> s.named() && s.blank(), (t, r) -> replaceIf(IDENT_VALUE, t, m -> isSecretName(BLANK.split(m.group(1).strip())[0]),
                    m -> m.group(1), m -> r, 2)),
            new Pass(s -> s.has("://"), (t, r) -> replaceIf(URL_USER, t, m -> looksLikePassword(m.group(2)) || m.group(2).length() >= 20,
                    m -> m.group(1), m -> r + m.group(3), 2)),
            new Pass(s -> s.has("-") && (s.blank() || s.has("=")), (t, r) -> replaceValues(FLAG_HEAD, FLAG_VALUE, t,
                    head -> head.group(1).length() <= 2 || isSecretName(head.group(1)),
                    (head, value) -> isSecretFlagValue(head.group(1), unquote(value)), r)),
            new Pass(Shape::colon, (t, r) -> LOGIN_PAIR.matcher(t).replaceAll("$1" + quote(r))),
            new Pass(Shape::colon, (t, r) -> replaceIf(BARE_PAIR, t, m -> looksLikePassword(m.group(2)), m -> m.group(1), m -> r, 2)),
            new Pass(s -> s.blank() && s.has("basic"), (t, r) -> replaceIf(BASIC, t, m -> decodesToPair(m.group(2)), m -> m.group(1), m -> r, 2)),
            new Pass(s -> s.blank() && s.has("bearer"), (t, r) -> replaceIf(BEARER, t, m -> !LOWER_WORD.matcher(m.group(2)).matches(), m -> m.group(1), m -> r, 2)));

    private static String quote(String replacement) {
        return Matcher.quoteReplacement(replacement);
    }

    /**
     * "password: |" or "auth:" followed by more indented lines: those lines are the value, so they
     * go; the key and the indentation stay.
     */
    private static String redactYamlBlocks(String text, String replacement) {
        if (text.indexOf('\n') < 0) {
            return text;
        }
        String[] lines = text.split("\n", -1);
        int parentIndent = -1;
        boolean changed = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int indent = line.length() - line.stripLeading().length();
            if (parentIndent >= 0 && (line.isBlank() || indent > parentIndent)) {
                if (!line.isBlank()) {
                    lines[i] = line.substring(0, indent) + replacement;
                    changed = true;
                }
                continue;
            }
            Matcher parent = YAML_PARENT.matcher(line);
            parentIndent = parent.find() && CredentialNames.isSecretName(parent.group(2)) ? indent : -1;
        }
        return changed ? String.join("\n", lines) : text;
    }

    /** Base64 of printable text that is itself a credential ("user:Pa55word!", "password=…"). */
    private boolean wrapsCredential(String base64) {
        String decoded = printableDecoded(base64);
        return decoded != null && (!redactSecrets(decoded, "\u0000", false).equals(decoded) || isPasswordPair(decoded.strip()));
    }

    /** The printable UTF-8 text {@code base64} (a multiple of four long) decodes to, or null. */
    static String printableDecoded(String base64) {
        if (base64.length() % 4 != 0) {
            return null;
        }
        try {
            String decoded = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Base64.getDecoder().decode(base64))).toString();
            boolean printable = decoded.chars().allMatch(c -> c >= 0x20 && c != 0x7f || c == '\n' || c == '\r' || c == '\t');
            return printable ? decoded : null;
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    /** "admin:S3cr3t!" as a whole value: a user and a password-like second half. */
    boolean isPasswordPair(String value) {
        int colon = value.indexOf(':');
        if (colon < 0 || !PatternPrefilter.passwordHalfAfter(value, colon)) {
            return false; // a whole-value match's second half follows its first ':' (BARE_PAIR's first group has none)
        }
        Matcher m = BARE_PAIR.matcher(value);
        return m.matches() && looksLikePassword(m.group(2));
    }

    /**
     * Replaces a match by its kept part and the hidden value when {@code secret} holds. Otherwise the
     * search goes on from where the match's value starts, so "NOTE=X-Api-Key: abc" or
     * "--verbose --password abc" cannot hide a credential by being swallowed as a harmless value.
     */
    private static String replaceIf(Pattern pattern, String text, Predicate<MatchResult> secret,
                                    Function<MatchResult, String> kept, Function<MatchResult, String> hidden, int valueGroup) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        int from = 0;
        while (from < text.length() && m.find(from)) {
            if (secret.test(m)) {
                out.append(text, copied, m.start()).append(kept.apply(m)).append(hidden.apply(m));
                copied = m.end();
                from = m.end();
            } else {
                from = Math.max(m.start(valueGroup), m.start() + 1);
            }
        }
        return copied == 0 ? text : out.append(text, copied, text.length()).toString();
    }

    /**
     * Finds each {@code head} (a name and its separator), and when {@code candidate} holds for it, the
     * value right after it; hides the value when {@code secret} holds. The search always goes on
     * right after the head, so the value of a harmless name is looked at again ("NOTE=X-Api-Key: …")
     * and no text is scanned more than a bounded number of times.
     */
    private static String replaceValues(Pattern head, Pattern value, String text, Predicate<MatchResult> candidate,
                                        BiPredicate<MatchResult, String> secret, String replacement) {
        Matcher h = head.matcher(text);
        Matcher v = value.matcher(text);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        int from = 0;
        while (from < text.length() && h.find(from)) {
            from = Math.max(h.end(), h.start() + 1);
            if (candidate.test(h) && v.region(h.end(), text.length()).lookingAt() && secret.test(h, v.group())) {
                out.append(text, copied, h.end()).append(quotedLike(v.group(), replacement));
                copied = v.end();
                from = v.end();
            }
        }
        return copied == 0 ? text : out.append(text, copied, text.length()).toString();
    }

    /** A quoted value stays quoted and an inline JSON object keeps its keys, so JSON and shell text keep their shape. */
    private static String quotedLike(String value, String replacement) {
        char first = value.charAt(0);
        if (first == '{') {
            return INNER_VALUE.matcher(value).replaceAll("$1\"" + Matcher.quoteReplacement(replacement) + "\"");
        }
        return (first == '"' || first == '\'') && value.length() >= 2 && value.charAt(value.length() - 1) == first
                ? first + replacement + first
                : replacement;
    }

    private static String unquote(String value) {
        boolean quoted = value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0);
        return quoted ? value.substring(1, value.length() - 1) : value;
    }

    /**
     * A password, not a port, tag, version, zone or word: mixes upper case, lower case and digits,
     * or holds a symbol beyond the separators names use.
     */
    static boolean looksLikePassword(String candidate) {
        if (NUMBERISH.matcher(candidate).matches() || VERSION.matcher(candidate).matches()) {
            return false;
        }
        boolean upper = candidate.chars().anyMatch(Character::isUpperCase);
        boolean lower = candidate.chars().anyMatch(Character::isLowerCase);
        boolean digit = candidate.chars().anyMatch(Character::isDigit);
        boolean symbol = candidate.chars().anyMatch(c -> "!#$%^&*+=~?()[]{}|<>".indexOf(c) >= 0);
        return (upper && lower && digit) || symbol;
    }

    private static boolean decodesToPair(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8).contains(":");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String redactHighEntropy(String text, String replacement) {
        Matcher m = CANDIDATE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            boolean digest = DIGEST_PREFIX.matcher(text.substring(Math.max(0, m.start() - 7), m.start())).find();
            String token = m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(!digest && looksRandom(token) ? replacement : token));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Random keys mix letter cases and digits (base64) or are long hex; names and words do not.
     * Entropy is per character, over the token's own character distribution.
     */
    static boolean looksRandom(String token) {
        if (UUID.matcher(token).matches() || !token.chars().anyMatch(Character::isDigit)) {
            return false;
        }
        boolean upper = token.chars().anyMatch(Character::isUpperCase);
        boolean lower = token.chars().anyMatch(Character::isLowerCase);
        boolean hex = HEX.matcher(token).matches();
        if (hex) {
            return token.length() >= 32 && entropy(token) >= 3.0;
        }
        return upper && lower && entropy(token) >= 3.5;
    }

    static double entropy(String s) {
        int[] counts = new int[128];
        s.chars().filter(c -> c < 128).forEach(c -> counts[c]++);
        double bits = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / s.length();
                bits -= p * Math.log(p) / Math.log(2);
            }
        }
        return bits;
    }
}
