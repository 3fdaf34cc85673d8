package dev.ibac.judge.describe;

/**
 * One scan of a text that proves no pass of {@link CredentialDetector} can change it, so
 * {@code redactSecrets} returns it without lower-casing it or running a pattern (issue #19: the
 * patterns ran on every string of every audited object, most of which are names, labels, images
 * and timestamps). Only printable ASCII (with tab and line breaks) is judged: it is its own
 * normal form ({@link UntrustedText#normalise}) and its lower case is letter for letter, so the
 * passes' telltale tests can be answered without the lower-case copy; any other text goes the
 * whole way. Every reason to keep a text below is implied by the patterns it stands for, as the
 * passes' own conditions are: a {@code true} answer never hides a match.
 */
final class PatternPrefilter {
    /** {@link CredentialDetector#looksLikePassword}'s symbols, by ASCII code. */
    private static final boolean[] PASSWORD_SYMBOL = new boolean[128];

    static {
        "!#$%^&*+=~?()[]{}|<>".chars().forEach(c -> PASSWORD_SYMBOL[c] = true);
    }
    /** {@link CredentialPatterns#KNOWN_PREFIX}'s shortest match ("sk-" and ten characters). */
    private static final int MIN_PREFIXED_KEY = 13;
    /** {@link CredentialPatterns#BASE64}'s shortest match. */
    private static final int MIN_BASE64 = 12;
    /** {@link CredentialPatterns#CANDIDATE}'s shortest match. */
    private static final int MIN_RANDOM_TOKEN = 24;
    /** {@link CredentialPatterns#KNOWN_PREFIX}'s literal starts, by first character. */
    private static final String[][] KNOWN_PREFIXES = new String[128][];

    static {
        java.util.stream.Stream.of("AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "AIPA", "AIza", "ghp_", "gho_", "ghu_", "ghs_", "ghr_",
                        "github_pat_", "glpat-", "xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-", "sk-", "sk_live_", "rk_live_", "hf_", "npm_",
                        "pypi-", "dop_v1_")
                .collect(java.util.stream.Collectors.groupingBy(literal -> literal.charAt(0)))
                .forEach((first, literals) -> KNOWN_PREFIXES[first] = literals.toArray(String[]::new));
    }

    private PatternPrefilter() {}

    /** True only when no credential pattern can match {@code text} (printable ASCII); false says nothing. */
    static boolean nothingToFind(String text) {
        Facts facts = new Facts();
        int n = text.length();
        int base64Start = 0;
        int candidateStart = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c > 0x7e || (c < 0x20 && c != '\t' && c != '\r') || facts.keeps(text, i, c)) {
                return false; // not its own normal form, a YAML block (the "\n" pass), or a pattern's literal start
            }
            if (!isBase64(c)) {
                if (wrapsPrintable(text, base64Start, i)) {
                    return false;
                }
                base64Start = i + 1;
            }
            if (!isCandidate(c)) {
                if (mayLookRandom(text, candidateStart, i)) {
                    return false;
                }
                candidateStart = i + 1;
            }
        }
        return !wrapsPrintable(text, base64Start, n) && !mayLookRandom(text, candidateStart, n) && !facts.keeps(text);
    }

    /** What the passes' conditions look at, gathered in the scan. */
    private static final class Facts {
        boolean blank, flagStart, eq, percent, at, dot, jwtStart, knownPrefix, passwordHalf;
        int colons;

        /** A character that alone keeps the text, or gathered for {@link #keeps(String)}. */
        boolean keeps(String text, int i, char c) {
            switch (c) {
                case ' ', '\t', '\r' -> blank = true;
                case '-' -> {
                    // PEM: "-----BEGIN"; GLUED_P: "-p" not after a word character or '-' (its lookbehind)
                    boolean tokenStart = i == 0 || !isWordOrDash(text.charAt(i - 1));
                    if (text.startsWith("-----", i) || (tokenStart && text.startsWith("-p", i))) {
                        return true;
                    }
                    // FLAG_HEAD: "-x" or "--x" with x a letter, not after a word character or '-'
                    flagStart |= tokenStart && (isLetter(text, i + 1) || (text.startsWith("--", i) && isLetter(text, i + 2)));
                }
                case ':' -> {
                    colons++; // URL_PASSWORD, URL_USER, USERINFO: a ':' and an '@' (below); "://" alone hides nothing
                    passwordHalf = passwordHalf || passwordHalfAfter(text, i);
                }
                case '=' -> eq = true;
                case '%' -> percent = true;
                case '@' -> at = true;
                case '.' -> dot = true;
                default -> { }
            }
            jwtStart |= c == 'e' && text.startsWith("eyJ", i);
            knownPrefix |= knownPrefixAt(text, i, c);
            return false;
        }

        /** After the scan: whether a pass's condition, narrowed by its pattern, can still hold. */
        boolean keeps(String text) {
            if ((jwtStart && dot) // JWT: "eyJ" and dots
                    || (knownPrefix && text.length() >= MIN_PREFIXED_KEY) // KNOWN_PREFIX: one of its literal prefixes
                    || (at && colons > 0) // USERINFO's condition
                    || colons >= 4 // PGPASS: host:port:db:user:password holds four ':'
                    || passwordHalf // BARE_PAIR
                    || (flagStart && eq)) { // FLAG_HEAD with '=' (with a blank: below)
                return true;
            }
            boolean assigns = colons > 0 || eq || percent;
            if (!blank && !assigns) {
                // every other pass needs one: a telltale with a blank or a separator (PROSE, KEY_HEAD, IDENT_VALUE,
                // COOKIE), a blank (NETRC, TOOL_PASSWORD, PIPED_PASSWORD, BASIC, BEARER, FLAG_HEAD), a ':' (LOGIN_PAIR)
                return false;
            }
            // NETRC: "pass…" (a telltale) or "account"; TOOL_PASSWORD: "redis-cli" or "htpasswd" ("pw");
            // PIPED_PASSWORD: "--password-stdin" ("pass"); BASIC: "basic"; BEARER: "bearer" (a telltale)
            return CredentialNames.telltaleInAscii(text)
                    || (blank && (flagStart || containsAscii(text, "account") || containsAscii(text, "basic") || containsAscii(text, "redis-cli")))
                    // LOGIN_PAIR's words: login, log in, logon, user(name), sign in, basic auth ("cred" is a telltale)
                    || (colons > 0 && (containsAscii(text, "log") || containsAscii(text, "user") || containsAscii(text, "sign in")));
        }
    }

    /**
     * {@link CredentialPatterns#BARE_PAIR}'s second group starts right after a ':' and is 6 to 256 of
     * its characters; {@link CredentialDetector#looksLikePassword} holds for it only if it has a
     * symbol or mixes upper case, lower case and digits, and then so do the first 256 characters of
     * the run it starts.
     */
    static boolean passwordHalfAfter(String text, int colon) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        int end = Math.min(text.length(), colon + 1 + 256);
        int i = colon + 1;
        for (; i < end; i++) {
            char c = text.charAt(i);
            if (!inPasswordHalf(c)) {
                break;
            }
            if (c < 128 && PASSWORD_SYMBOL[c]) {
                return i - colon - 1 >= 5 || hasRunOf(text, i, end, 6 - (i - colon - 1));
            }
            upper |= Character.isUpperCase(c);
            lower |= Character.isLowerCase(c);
            digit |= Character.isDigit(c);
        }
        return i - colon - 1 >= 6 && upper && lower && digit;
    }

    /** {@code [^\s:/@"',;<>]}, BARE_PAIR's second group, with Java's {@code \s}: [ \t\n\x0B\f\r]. */
    private static boolean inPasswordHalf(char c) {
        return " \t\n\u000B\f\r:/@\"',;<>".indexOf(c) < 0;
    }

    /** At least {@code n} more characters of BARE_PAIR's second group from {@code from}. */
    private static boolean hasRunOf(String text, int from, int end, int n) {
        int i = from;
        while (i < end && i - from < n) {
            char c = text.charAt(i);
            if (!inPasswordHalf(c)) {
                break;
            }
            i++;
        }
        return i - from >= n;
    }

    /**
     * A literal that every {@link CredentialPatterns#KNOWN_PREFIX} match starts with, at {@code i}
     * (the pattern is case-sensitive).
     */
    private static boolean knownPrefixAt(String text, int i, char c) {
        String[] literals = c < 128 ? KNOWN_PREFIXES[c] : null;
        if (literals == null || i + 1 >= text.length()) {
            return false;
        }
        char next = text.charAt(i + 1);
        for (String literal : literals) {
            if (literal.charAt(1) == next && text.startsWith(literal, i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The base64 pass hides a {@link CredentialPatterns#BASE64} match only when it is a whole run of
     * base64 characters with at most two '=' after it, a multiple of four long, that decodes to
     * printable text ({@link CredentialDetector#printableDecoded}): the run [{@code from}, {@code to})
     * is looked at with each padding the text gives it.
     */
    private static boolean wrapsPrintable(String text, int from, int to) {
        if (to - from < MIN_BASE64) {
            return false;
        }
        for (int pad = 0; pad <= 2; pad++) {
            if (pad > 0 && (to + pad > text.length() || text.charAt(to + pad - 1) != '=')) {
                return false;
            }
            if ((to - from + pad) % 4 == 0 && mayBePrintableUtf8(text, from, to)
                    && CredentialDetector.printableDecoded(text.substring(from, to + pad)) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * False when the bytes that the whole groups of four of [{@code from}, {@code to}) decode to (the
     * first bytes of any padding's decoding) already hold a control character or break UTF-8, so no
     * padding can decode to printable text; most long words and paths fail in their first bytes.
     */
    private static boolean mayBePrintableUtf8(String text, int from, int to) {
        int continuations = 0;
        for (int group = from; group + 4 <= to; group += 4) {
            int bits = (sextet(text.charAt(group)) << 18) | (sextet(text.charAt(group + 1)) << 12)
                    | (sextet(text.charAt(group + 2)) << 6) | sextet(text.charAt(group + 3));
            for (int shift = 16; shift >= 0; shift -= 8) {
                int b = (bits >> shift) & 0xff;
                if (continuations > 0) {
                    if ((b & 0xc0) != 0x80) {
                        return false;
                    }
                    continuations--;
                } else if (b < 0x80) {
                    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f) {
                        return false;
                    }
                } else if (b >= 0xc2 && b <= 0xf4) {
                    continuations = b < 0xe0 ? 1 : b < 0xf0 ? 2 : 3;
                } else {
                    return false; // a continuation byte first, an overlong lead (0xc0, 0xc1) or beyond Unicode
                }
            }
        }
        return true;
    }

    private static int sextet(char c) {
        return c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26 : c >= '0' && c <= '9' ? c - '0' + 52 : c == '+' ? 62 : 63;
    }

    /**
     * A {@link CredentialPatterns#CANDIDATE} match is a whole run; {@link CredentialDetector#looksRandom}
     * hides it only when it holds a digit and mixes cases, or is hex of 32 characters or more.
     */
    private static boolean mayLookRandom(String text, int from, int to) {
        if (to - from < MIN_RANDOM_TOKEN) {
            return false;
        }
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        boolean hex = true;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
            hex &= (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }
        return digit && ((upper && lower) || (hex && to - from >= 32));
    }

    /** {@code word} (lower case) in ASCII {@code text}, ignoring case: {@code text.toLowerCase().contains(word)}. */
    static boolean containsAscii(String text, String word) {
        int last = text.length() - word.length();
        char first = word.charAt(0);
        for (int i = 0; i <= last; i++) {
            if (lowerAscii(text.charAt(i)) == first && matchesAt(text, i, word)) {
                return true;
            }
        }
        return false;
    }

    /** {@code word} (lower case) at {@code i} of ASCII {@code text}, ignoring case. */
    static boolean matchesAt(String text, int i, String word) {
        if (i + word.length() > text.length()) {
            return false;
        }
        for (int j = 0; j < word.length(); j++) {
            if (lowerAscii(text.charAt(i + j)) != word.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static boolean isLetter(String text, int i) {
        if (i >= text.length()) {
            return false;
        }
        char c = text.charAt(i);
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }

    private static boolean isCandidate(char c) {
        return isBase64(c) || c == '=' || c == '_' || c == '-';
    }

    /** {@code [\w-]} without Unicode classes, as the patterns' lookbehinds read it. */
    private static boolean isWordOrDash(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
}
