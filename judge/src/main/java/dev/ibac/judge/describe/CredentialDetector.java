package dev.ibac.judge.describe;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heuristics for what looks like a credential: by the name it is stored under, or by its shape.
 * Errs on the side of redacting: a hidden harmless value costs the judge a little context, a
 * leaked one cannot be taken back.
 */
final class CredentialDetector {

    private static final List<String> SECRET_NAME_PARTS = List.of(
            "password", "passwd", "passphrase", "secret", "token", "apikey", "accesskey", "privatekey",
            "credential", "signingkey", "encryptionkey", "sessionkey", "connectionstring", "bearer");
    private static final List<String> SECRET_NAME_WORDS = List.of("pwd", "pass", "auth", "key", "dsn", "jwt", "cookie");
    /** Names that refer to a secret rather than hold one ("secretName", "tokenFile"). */
    private static final List<String> REFERENCE_SUFFIXES = List.of(
            "name", "names", "ref", "path", "file", "dir", "type", "kind", "namespace", "ttl", "expiry");

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN [A-Z0-9 ]+-----.*?(-----END [A-Z0-9 ]+-----|$)", Pattern.DOTALL);
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");
    private static final Pattern KNOWN_PREFIX = Pattern.compile(
            "\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|AIPA)[A-Z0-9]{16}\\b"
                    + "|\\b(?:gh[pousr]_|github_pat_|glpat-|xox[abprs]-|sk-|sk_live_|rk_live_|AIza)[A-Za-z0-9_\\-]{10,}");
    private static final Pattern URL_PASSWORD = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s:/@]+:)([^\\s@/]+)(@)");
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)((?<![\\w.-])[\"']?[\\w.-]{0,40}?(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key"
                    + "|private[_-]?key|credentials?)[\\w.-]{0,40}[\"']?\\s*[:=]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;&\"']+)");
    private static final Pattern CANDIDATE = Pattern.compile("[A-Za-z0-9+/=_\\-]{24,}");
    private static final Pattern DIGEST_PREFIX = Pattern.compile("(?i)sha(?:256|512):$");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** True when a field, env var, key or annotation of this name holds a credential. */
    boolean isSecretName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        String joined = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (REFERENCE_SUFFIXES.stream().anyMatch(joined::endsWith)) {
            return false;
        }
        if (SECRET_NAME_PARTS.stream().anyMatch(joined::contains)) {
            return true;
        }
        List<String> words = words(name);
        // a bare "key" is a lookup key (secretKeyRef.key, items[].key), "SSH_KEY" is a credential
        return words.stream().anyMatch(SECRET_NAME_WORDS::contains) && !words.equals(List.of("key"));
    }

    /** True when the whole value looks like a credential, whatever it is stored under. */
    boolean isSecretValue(String value) {
        return value != null && !redactSecrets(value, "\u0000").equals(value);
    }

    /** Replaces each credential-looking part of free text with {@code replacement}. */
    String redactSecrets(String text, String replacement) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String quoted = Matcher.quoteReplacement(replacement);
        String out = PEM.matcher(text).replaceAll(quoted);
        out = JWT.matcher(out).replaceAll(quoted);
        out = KNOWN_PREFIX.matcher(out).replaceAll(quoted);
        out = URL_PASSWORD.matcher(out).replaceAll("$1" + quoted + "$3");
        out = ASSIGNMENT.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + quoted);
        return redactHighEntropy(out, replacement);
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

    private static List<String> words(String name) {
        return List.of(name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT).split("[^a-z0-9]+"));
    }
}
