package dev.ibac.judge.describe;

import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which names hold a credential: env vars, ConfigMap keys, fields, annotations, headers and flags.
 * Case-insensitive, by parts of the name with separators removed ("mysqlRootPassword") and by
 * its words, split on {@code _ - . /} and camelCase ("MYSQL_ROOT_PW", "adminCreds", "tls.key").
 */
final class CredentialNames {
    /** Compiled once: every key and name the redactor meets is asked whether it names a credential. */
    private static final Pattern NON_ALNUM = Pattern.compile("[^a-z0-9]");
    private static final Pattern NON_ALNUM_RUN = Pattern.compile("[^a-z0-9]+");
    private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern ACRONYM_END = Pattern.compile("([A-Z])([A-Z][a-z])");

    /** Matched anywhere in the name with separators removed: "mysqlRootPassword", "x-auth-token". */
    private static final List<String> SECRET_NAME_PARTS = List.of(
            "password", "passwd", "passphrase", "secret", "token", "apikey", "accesskey", "privatekey",
            "credential", "signingkey", "encryptionkey", "sessionkey", "connectionstring", "bearer", "authorization",
            "signature");
    /** Matched as whole words of the name, split on _ - . / and camelCase: "DB_PW", "adminCreds", "SSH_KEY". */
    private static final Set<String> SECRET_NAME_WORDS = Set.of(
            "pw", "pwd", "pass", "auth", "key", "keys", "cred", "creds", "dsn", "jwt", "cookie", "pat", "hmac", "totp", "passwort",
            "senha", "contrasena", "contrasenya", "wachtwoord", "haslo", "parola");
    /** Glued name endings: "DBPASS", "ROOTPW", "MYSQLPWD". */
    private static final List<String> SECRET_NAME_ENDINGS = List.of("pw", "pwd", "pass");
    /** Names that refer to a secret rather than hold one ("secretName", "tokenFile", "--password-stdin"). */
    private static final List<String> REFERENCE_SUFFIXES = List.of(
            "name", "names", "ref", "path", "file", "dir", "type", "kind", "namespace", "ttl", "expiry", "stdin");
    /** Last words of names whose values describe a credential's use, not the credential. */
    private static final Set<String> DESCRIPTIVE_LAST_WORDS = Set.of(
            "url", "uri", "host", "hostname", "port", "endpoint", "enabled", "disabled", "mode", "method", "length",
            "size", "count", "timeout", "seconds", "format", "algorithm", "audience", "issuer", "realm", "scope", "scopes",
            "server", "servers", "provider", "providers", "backend", "service", "strategy", "policy", "level", "version", "prefix",
            "suffix", "id");

    /** Every credential name holds one of these; most names hold none and are answered without splitting. */
    static final List<String> TELLTALES = List.of(
            "pw", "pass", "auth", "key", "cred", "secret", "token", "dsn", "jwt", "cookie", "pat", "hmac", "totp", "bearer",
            "signature", "connectionstring", "senha", "contrasen", "wachtwoord", "haslo", "parola");

    /** By their first two letters: the telltales starting so (every telltale has two letters or more). */
    private static final String[][] TELLTALES_BY_START = new String[128 * 128][];

    static {
        for (String telltale : TELLTALES) {
            int start = telltale.charAt(0) * 128 + telltale.charAt(1);
            String[] known = TELLTALES_BY_START[start] == null ? new String[0] : TELLTALES_BY_START[start];
            String[] more = java.util.Arrays.copyOf(known, known.length + 1);
            more[known.length] = telltale;
            TELLTALES_BY_START[start] = more;
        }
    }

    /**
     * {@code TELLTALES.stream().anyMatch(text.toLowerCase(Locale.ROOT)::contains)} for ASCII
     * {@code text}, in one scan without the lower-case copy (issue #19).
     */
    static boolean telltaleInAscii(String text) {
        for (int i = 0; i + 1 < text.length(); i++) {
            char first = PatternPrefilter.lowerAscii(text.charAt(i));
            char second = PatternPrefilter.lowerAscii(text.charAt(i + 1));
            String[] telltales = first < 128 && second < 128 ? TELLTALES_BY_START[first * 128 + second] : null;
            if (telltales != null) {
                for (String telltale : telltales) {
                    if (PatternPrefilter.matchesAt(text, i, telltale)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** True when a field, env var, key, header, flag or annotation of this name holds a credential. */
    static boolean isSecretName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        if (UntrustedText.isOwnNormalForm(name) && !telltaleInAscii(name)) {
            return false; // most keys: answered without normalising, lower-casing or splitting (issue #19)
        }
        String lower = UntrustedText.normalise(name).toLowerCase(Locale.ROOT);
        if (TELLTALES.stream().noneMatch(lower::contains)) {
            return false;
        }
        String joined = NON_ALNUM.matcher(lower).replaceAll("");
        if (REFERENCE_SUFFIXES.stream().anyMatch(joined::endsWith)) {
            return false; // before splitting into words, which only the checks below need
        }
        List<String> words = words(UntrustedText.normalise(name));
        if (words.isEmpty() || DESCRIPTIVE_LAST_WORDS.contains(words.get(words.size() - 1))) {
            return false;
        }
        if (SECRET_NAME_PARTS.stream().anyMatch(joined::contains)) {
            return true;
        }
        // a bare "key" is a lookup key (secretKeyRef.key, items[].key), "SSH_KEY" is a credential
        if (words.size() == 1 && (words.get(0).equals("key") || words.get(0).equals("keys"))) {
            return false;
        }
        return words.stream().anyMatch(SECRET_NAME_WORDS::contains) || SECRET_NAME_ENDINGS.stream().anyMatch(joined::endsWith);
    }

    /** "MYSQL_ROOT_PW" → [mysql, root, pw]; "dbPw" → [db, pw]; "DBPassword" → [db, password]. */
    private static List<String> words(String name) {
        String spaced = ACRONYM_END.matcher(CAMEL_HUMP.matcher(name).replaceAll("$1 $2")).replaceAll("$1 $2");
        List<String> words = new ArrayList<>();
        for (String w : NON_ALNUM_RUN.split(spaced.toLowerCase(Locale.ROOT))) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }
}
