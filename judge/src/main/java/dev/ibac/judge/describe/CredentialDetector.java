package dev.ibac.judge.describe;

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
 * the judge a little context, a leaked one cannot be taken back. Every pattern is bounded, so text
 * of any size is scanned in linear time.
 */
final class CredentialDetector {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN [A-Z0-9 ]{1,64}-----.*?(-----END [A-Z0-9 ]{1,64}-----|$)", Pattern.DOTALL);
    /** Anchored at a token start: "eyJeyJeyJ…" must not be rescanned from every "eyJ". */
    private static final Pattern JWT = Pattern.compile(
            "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,8192}+\\.[A-Za-z0-9_-]{5,8192}+\\.[A-Za-z0-9_-]{0,8192}+");
    private static final Pattern KNOWN_PREFIX = Pattern.compile(
            "\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|AIPA)[A-Z0-9]{16}\\b"
                    + "|\\b(?:gh[pousr]_|github_pat_|glpat-|xox[abprs]-|sk-|sk_live_|rk_live_|AIza|hf_|npm_|pypi-|dop_v1_)"
                    + "[A-Za-z0-9_\\-]{10,}");
    /** scheme://user:password@host, also with an empty user (redis://:password@host) and '@' in the password. */
    private static final Pattern URL_PASSWORD = Pattern.compile(
            "(\\b[a-zA-Z][a-zA-Z0-9+.-]{0,30}://[^\\s:/@\"']{0,256}:)([^\\s/\"']{1,256})(@)");
    /** user:password@host without a scheme (Go DSNs "app:pw@tcp(db:3306)/orders"); not image digests. */
    private static final Pattern USERINFO = Pattern.compile(
            "(?<![\\w/:@.%+-])(?!mailto:)([A-Za-z0-9._%+-]{1,64}:)([^\\s:/@\"']{1,256})(@)(?!sha(?:256|384|512):)(?=[\\w\\[(])");
    /** A value, optionally after an HTTP auth scheme: "Bearer abc", "Basic dXNlcjpwYXNz", "'quoted value'". */
    private static final String VALUE = "((?:(?i:bearer|basic|token|digest|negotiate|ntlm|apikey|sso-key)[ \\t]+)?"
            + "(?:\"(?:[^\"\\\\\\n]|\\\\.){0,1024}\"|'[^'\\n]{0,1024}'|\\{[^{}\\n]{0,1024}}|[^\\s,;&\"'{}\\[\\]\\\\<>]{1,1024}))";
    /** name=, name:, "name":, Header: — the value after it is hidden when the name is a credential's. */
    private static final Pattern KEY_HEAD = Pattern.compile(
            "(?<![\\w.])([\"']?)([A-Za-z_][\\w.-]{0,63})\\1([ \\t]*(?:[:=]|%3[aAdD])[ \\t]*)");
    private static final Pattern KEY_VALUE = Pattern.compile(VALUE);
    /** --flag , --flag=, -p : the argument after it is hidden when the flag carries a credential. */
    private static final Pattern FLAG_HEAD = Pattern.compile("(?<![\\w-])(--?[A-Za-z][\\w-]{0,63})(=|[ \\t]+)");
    private static final Pattern FLAG_VALUE = Pattern.compile("\"[^\"\\n]{0,1024}\"|'[^'\\n]{0,1024}'|[^\\s\"';|&<>]{1,1024}");
    /** mysql's glued -pPASSWORD; find's -print, -path, -perm, -prune and similar options are not passwords. */
    private static final Pattern GLUED_P = Pattern.compile(
            "(?<![\\w-])(-p)(?!(?:rint0?|rintf|rune|ath|erm|arents|ipe|thread|edantic|ie|ix_fmt|reset|rofile|ort|ass(?:in|out|word)?"
                    + "|ublish|ull|roject|retty|latform|olicy|id(?:file)?)\\b)"
                    + "(\"[^\"\\n]{1,1024}\"|'[^'\\n]{1,1024}'|[^\\s\"'=;|&<>,]{1,1024})");
    /** Tools that take a password as a plain argument: redis-cli -a / AUTH [user] pw, htpasswd -b file user pw. */
    private static final Pattern TOOL_PASSWORD = Pattern.compile(
            "(\\bredis-cli\\b[^\\n|;&]{0,256}?[ \\t](?:-a|AUTH(?:[ \\t]+[\\w.-]{1,64}(?=[ \\t]+\\S))?+)[ \\t]+"
                    + "|\\bhtpasswd(?=(?:[ \\t]+-[a-zA-Z]{1,6}){0,3}[ \\t]+-[a-zA-Z]{0,5}b)(?:[ \\t]+-[a-zA-Z]{1,6}){1,4}"
                    + "[ \\t]+[^\\s-]\\S{0,255}[ \\t]+\\S{1,256}[ \\t]+)"
                    + "([^\\s\"';|&<>]{1,1024})");
    /** echo pw | docker login --password-stdin */
    private static final Pattern PIPED_PASSWORD = Pattern.compile(
            "(\\b(?:echo|printf)(?:[ \\t]+-[a-z]{1,3})?[ \\t]+)([\"']?[^\\s\"';|&<>]{1,1024}[\"']?)"
                    + "(?=[ \\t]*\\|[^\\n]{0,256}--password-stdin)");
    /** Cookie and Set-Cookie carry several name=value pairs: all of the header goes. */
    private static final Pattern COOKIE = Pattern.compile(
            "(?i)(\\b(?:set-)?cookie[ \\t]*:[ \\t]*)([^\\s\"'<>][^\\r\\n\"'<>]{0,4095})");
    /**
     * An identifier (with '_' or a capital: not prose such as "token-based auth") and its value with no
     * separator: "aws_secret_access_key VALUE", "DB_PASSWORD to VALUE", "X-Api-Key VALUE".
     */
    private static final Pattern IDENT_VALUE = Pattern.compile(
            "(?<![\\w.-])((?=[A-Za-z0-9-]{0,64}_|[a-z0-9_-]{0,64}[A-Z])[A-Za-z][A-Za-z0-9]{0,63}(?:[_-][A-Za-z0-9]{1,63}){1,8}"
                    + "[ \\t]+(?:(?:to|as|is|was)[ \\t]+)?+)"
                    + "(?!redacted\\b)([^\\s\"',;<>]{1,1024})");
    /** A token as a URL's user: https://TOKEN@host. */
    private static final Pattern URL_USER = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]{0,30}://)([^\\s:/@\"'<>]{1,256})(@)");
    /** host:port:database:user:password, one per line of a .pgpass file. */
    private static final Pattern PGPASS = Pattern.compile(
            "(?<![\\w.:*-])([\\w.*-]{1,253}:(?:\\d{1,5}|\\*):[\\w.*-]{1,253}:[\\w.*@-]{1,253}:)([^\\s:\"'<>]{1,1024})(?=\\s|$|[\"'])");
    /** .netrc: "machine h login u password p", or "password p" on a line of its own. */
    private static final Pattern NETRC = Pattern.compile(
            "(?i)(\\b(?:machine|default|login)\\b[^\\n]{0,256}?\\b(?:password|passwd|account)[ \\t]+)(?!redacted\\b)([^\\s\"'<>]{1,1024})"
                    + "|(?im)(^[ \\t]*(?:password|passwd)[ \\t]+)(?!redacted\\b)([^\\s\"'<>]{1,1024})");
    /** Prose: "the password is hunter2", "token was abc". */
    private static final Pattern PROSE = Pattern.compile(
            "(?i)(\\b(?:password|passphrase|passwd|pwd|token|secret|api[ _-]?key|credentials?)[ \\t]+(?:is|was|are|reads)"
                    + "[ \\t]*[:=]?[ \\t]+)([\"']?)(?!redacted\\b)([^\\s\"',;<>]{1,1024})");
    /** user:password after a word announcing a login: "login as admin:pw", "-u admin:pw", "--user admin:pw". */
    private static final Pattern LOGIN_PAIR = Pattern.compile(
            "(?i)(\\b(?:login|log in|logon|sign in|user|username|credentials?|creds|basic auth)\\b(?:[ \\t]+(?:as|is|are|with))?[ \\t:=]{1,8}"
                    + "[A-Za-z0-9._%+@-]{1,64}:)(?!redacted\\b)([^\\s\"',;<>]{1,1024})");
    /** user:password standing alone, with a password that mixes cases and digits or has symbols. */
    private static final Pattern BARE_PAIR = Pattern.compile(
            "(?<![\\w/:@.%+-])([A-Za-z][A-Za-z0-9._%+-]{0,63}:)([^\\s:/@\"',;<>]{6,256})(?![\\w:/@<>])");
    private static final Pattern BASIC = Pattern.compile("(?i)(\\bbasic[ \\t]+)([A-Za-z0-9+/]{6,1024}={0,2})");
    private static final Pattern BEARER = Pattern.compile("(?i)(\\bbearer[ \\t]+)([A-Za-z0-9._~+/=$-]{6,2048})");
    /** The values of an inline JSON object ({"value": "…", "n": 3}); null stays null. */
    private static final Pattern INNER_VALUE = Pattern.compile("(:[ \\t]*)(?!null\\b)(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\s\"]+)");
    /** A YAML key whose value is the indented block below it: "password: |", "auth:". */
    private static final Pattern YAML_PARENT = Pattern.compile(
            "(?<![\\w.-])([\"']?)([A-Za-z_][\\w.-]{0,63})\\1[ \\t]*:[ \\t]*(?:[|>][-+0-9]{0,2})?[ \\t]*$");
    /** Base64 that may wrap a credential: decoded and looked at once more. */
    private static final Pattern BASE64 = Pattern.compile("(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{12,4096}={0,2}(?![A-Za-z0-9+/=])");
    private static final Pattern CANDIDATE = Pattern.compile("[A-Za-z0-9+/=_\\-]{24,}");
    private static final Pattern DIGEST_PREFIX = Pattern.compile("(?i)sha(?:256|512):$");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern PATH = Pattern.compile("(?:/|\\./|~/)[\\w./-]*");
    private static final Pattern PORT_OR_PATH = Pattern.compile("[\\d.:]+(?:/(?:tcp|udp))?|[/~.$].*|-.*");

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
        if (text == null || text.isEmpty()) {
            return text;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        String out = text;
        for (Pass pass : passes) {
            if (pass.telltales().isEmpty() || pass.telltales().stream().anyMatch(lower::contains)) {
                out = pass.redact().apply(out, replacement);
            }
        }
        if (decode && lower.length() >= 12) {
            out = replaceIf(BASE64, out, m -> wrapsCredential(m.group()), m -> "", m -> replacement, 0);
        }
        return redactHighEntropy(out, replacement);
    }

    /**
     * One pattern's redaction, run only when the text holds one of its telltales (lower case): most
     * text holds none of most, so a large object costs a few scans, not dozens.
     */
    private record Pass(List<String> telltales, BiFunction<String, String, String> redact) {}

    private final List<Pass> passes = List.of(
            new Pass(List.of("-----begin"), (t, r) -> PEM.matcher(t).replaceAll(quote(r))),
            new Pass(List.of("\n"), CredentialDetector::redactYamlBlocks),
            new Pass(List.of("eyj"), (t, r) -> JWT.matcher(t).replaceAll(quote(r))),
            new Pass(List.of(), (t, r) -> KNOWN_PREFIX.matcher(t).replaceAll(quote(r))),
            new Pass(List.of("://"), (t, r) -> URL_PASSWORD.matcher(t).replaceAll("$1" + quote(r) + "$3")),
            new Pass(List.of("@"), (t, r) -> USERINFO.matcher(t).replaceAll("$1" + quote(r) + "$3")),
            new Pass(List.of(":"), (t, r) -> PGPASS.matcher(t).replaceAll("$1" + quote(r))),
            new Pass(List.of("pass", "account"), (t, r) -> NETRC.matcher(t)
                    .replaceAll(m -> Matcher.quoteReplacement(m.group(1) != null ? m.group(1) : m.group(3)) + quote(r))),
            new Pass(CredentialNames.TELLTALES, (t, r) -> PROSE.matcher(t).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2)) + quote(r))),
            new Pass(List.of("cookie"), (t, r) -> COOKIE.matcher(t).replaceAll("$1" + quote(r))),
            new Pass(CredentialNames.TELLTALES, (t, r) -> replaceValues(KEY_HEAD, KEY_VALUE, t, head -> isSecretName(head.group(2)),
                    (head, value) -> true, r)),
            new Pass(List.of("-p"), (t, r) -> GLUED_P.matcher(t).replaceAll("$1" + quote(r))),
            new Pass(List.of("redis-cli", "htpasswd"), (t, r) -> TOOL_PASSWORD.matcher(t).replaceAll("$1" + quote(r))),
            new Pass(List.of("--password-stdin"), (t, r) -> PIPED_PASSWORD.matcher(t).replaceAll("$1" + quote(r))),
            new Pass(CredentialNames.TELLTALES, (t, r) -> replaceIf(IDENT_VALUE, t, m -> isSecretName(m.group(1).strip().split("[ \\t]")[0]),
                    m -> m.group(1), m -> r, 2)),
            new Pass(List.of("://"), (t, r) -> replaceIf(URL_USER, t, m -> looksLikePassword(m.group(2)) || m.group(2).length() >= 20,
                    m -> m.group(1), m -> r + m.group(3), 2)),
            new Pass(List.of("-"), (t, r) -> replaceValues(FLAG_HEAD, FLAG_VALUE, t,
                    head -> head.group(1).length() <= 2 || isSecretName(head.group(1)),
                    (head, value) -> isSecretFlagValue(head.group(1), unquote(value)), r)),
            new Pass(List.of(":"), (t, r) -> LOGIN_PAIR.matcher(t).replaceAll("$1" + quote(r))),
            new Pass(List.of(":"), (t, r) -> replaceIf(BARE_PAIR, t, m -> looksLikePassword(m.group(2)), m -> m.group(1), m -> r, 2)),
            new Pass(List.of("basic"), (t, r) -> replaceIf(BASIC, t, m -> decodesToPair(m.group(2)), m -> m.group(1), m -> r, 2)),
            new Pass(List.of("bearer"), (t, r) -> replaceIf(BEARER, t, m -> !m.group(2).matches("[a-z]+"), m -> m.group(1), m -> r, 2)));

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
        if (base64.length() % 4 != 0) {
            return false;
        }
        try {
            String decoded = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Base64.getDecoder().decode(base64))).toString();
            boolean printable = decoded.chars().allMatch(c -> c >= 0x20 && c != 0x7f || c == '\n' || c == '\r' || c == '\t');
            return printable && (!redactSecrets(decoded, "\u0000", false).equals(decoded) || isPasswordPair(decoded.strip()));
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** "admin:S3cr3t!" as a whole value: a user and a password-like second half. */
    boolean isPasswordPair(String value) {
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
        if (candidate.matches("\\d[\\w.+-]*") || candidate.matches("(?i)v?\\d+(\\.\\d+)*([-+.][\\w.]+)?")) {
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
        boolean hex = token.matches("[0-9a-fA-F]+");
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
