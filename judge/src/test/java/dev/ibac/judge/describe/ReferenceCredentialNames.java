package dev.ibac.judge.describe;

/*
 * Test-only reference copy of this class as it was before issue #19 made redaction cheaper (commit 1ecfe54),
 * kept unchanged so RedactionEquivalenceTest can prove the new code gives byte-identical output on any input.
 * Do not optimise or fix it: change the production class, and this copy only if the intended output changes.
 */

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
final class ReferenceCredentialNames {
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

    /** True when a field, env var, key, header, flag or annotation of this name holds a credential. */
    static boolean isSecretName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        String lower = UntrustedText.normalise(name).toLowerCase(Locale.ROOT);
        if (TELLTALES.stream().noneMatch(lower::contains)) {
            return false;
        }
        String joined = NON_ALNUM.matcher(lower).replaceAll("");
        List<String> words = words(UntrustedText.normalise(name));
        if (words.isEmpty() || REFERENCE_SUFFIXES.stream().anyMatch(joined::endsWith)
                || DESCRIPTIVE_LAST_WORDS.contains(words.get(words.size() - 1))) {
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
