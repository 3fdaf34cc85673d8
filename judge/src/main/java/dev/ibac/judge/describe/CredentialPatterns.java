package dev.ibac.judge.describe;

import java.util.regex.Pattern;

/**
 * The shapes of credentials in text, one pattern each, for {@link CredentialDetector}. Every
 * quantifier is bounded and every pattern that can start at many places is anchored at a token
 * start, so text of any size is scanned in linear time.
 */
final class CredentialPatterns {
    static final Pattern PEM = Pattern.compile(
            "-----BEGIN [A-Z0-9 ]{1,64}-----.*?(-----END [A-Z0-9 ]{1,64}-----|$)", Pattern.DOTALL);
    /** Anchored at a token start: "eyJeyJeyJ…" must not be rescanned from every "eyJ". */
    static final Pattern JWT = Pattern.compile(
            "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,8192}+\\.[A-Za-z0-9_-]{5,8192}+\\.[A-Za-z0-9_-]{0,8192}+");
    static final Pattern KNOWN_PREFIX = Pattern.compile(
            "\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|AIPA)[A-Z0-9]{16}\\b"
                    + "|\\b(?:gh[pousr]_|github_pat_|glpat-|xox[abprs]-|sk-|sk_live_|rk_live_|AIza|hf_|npm_|pypi-|dop_v1_)"
                    + "[A-Za-z0-9_\\-]{10,}");
    /** scheme://user:password@host, also with an empty user (redis://:password@host) and '@' in the password. */
    static final Pattern URL_PASSWORD = Pattern.compile(
            "(\\b[a-zA-Z][a-zA-Z0-9+.-]{0,30}://[^\\s:/@\"']{0,256}:)([^\\s/\"']{1,256})(@)");
    /** user:password@host without a scheme (Go DSNs "app:pw@tcp(db:3306)/orders"); not image digests. */
    static final Pattern USERINFO = Pattern.compile(
            "(?<![\\w/:@.%+-])(?!mailto:)([A-Za-z0-9._%+-]{1,64}:)([^\\s:/@\"']{1,256})(@)(?!sha(?:256|384|512):)(?=[\\w\\[(])");
    /** A value, optionally after an HTTP auth scheme: "Bearer abc", "Basic dXNlcjpwYXNz", "'quoted value'". */
    static final String VALUE = "((?:(?i:bearer|basic|token|digest|negotiate|ntlm|apikey|sso-key)[ \\t]+)?"
            + "(?:\"(?:[^\"\\\\\\n]|\\\\.){0,1024}\"|'[^'\\n]{0,1024}'|\\{[^{}\\n]{0,1024}}|[^\\s,;&\"'{}\\[\\]\\\\<>]{1,1024}))";
    /** name=, name:, "name":, Header: — the value after it is hidden when the name is a credential's. */
    static final Pattern KEY_HEAD = Pattern.compile(
            "(?<![\\w.])([\"']?)([A-Za-z_][\\w.-]{0,63})\\1([ \\t]*(?:[:=]|%3[aAdD])[ \\t]*)");
    static final Pattern KEY_VALUE = Pattern.compile(VALUE);
    /** --flag , --flag=, -p : the argument after it is hidden when the flag carries a credential. */
    static final Pattern FLAG_HEAD = Pattern.compile("(?<![\\w-])(--?[A-Za-z][\\w-]{0,63})(=|[ \\t]+)");
    static final Pattern FLAG_VALUE = Pattern.compile("\"[^\"\\n]{0,1024}\"|'[^'\\n]{0,1024}'|[^\\s\"';|&<>]{1,1024}");
    /** mysql's glued -pPASSWORD; find's -print, -path, -perm, -prune and similar options are not passwords. */
    static final Pattern GLUED_P = Pattern.compile(
            "(?<![\\w-])(-p)(?!(?:rint0?|rintf|rune|ath|erm|arents|ipe|thread|edantic|ie|ix_fmt|reset|rofile|ort|ass(?:in|out|word)?"
                    + "|ublish|ull|roject|retty|latform|olicy|id(?:file)?)\\b)"
                    + "(\"[^\"\\n]{1,1024}\"|'[^'\\n]{1,1024}'|[^\\s\"'=;|&<>,]{1,1024})");
    /** Tools that take a password as a plain argument: redis-cli -a / AUTH [user] pw, htpasswd -b file user pw. */
    static final Pattern TOOL_PASSWORD = Pattern.compile(
            "(\\bredis-cli\\b[^\\n|;&]{0,256}?[ \\t](?:-a|AUTH(?:[ \\t]+[\\w.-]{1,64}(?=[ \\t]+\\S))?+)[ \\t]+"
                    + "|\\bhtpasswd(?=(?:[ \\t]+-[a-zA-Z]{1,6}){0,3}[ \\t]+-[a-zA-Z]{0,5}b)(?:[ \\t]+-[a-zA-Z]{1,6}){1,4}"
                    + "[ \\t]+[^\\s-]\\S{0,255}[ \\t]+\\S{1,256}[ \\t]+)"
                    + "([^\\s\"';|&<>]{1,1024})");
    /** echo pw | docker login --password-stdin */
    static final Pattern PIPED_PASSWORD = Pattern.compile(
            "(\\b(?:echo|printf)(?:[ \\t]+-[a-z]{1,3})?[ \\t]+)([\"']?[^\\s\"';|&<>]{1,1024}[\"']?)"
                    + "(?=[ \\t]*\\|[^\\n]{0,256}--password-stdin)");
    /** Cookie and Set-Cookie carry several name=value pairs: all of the header goes. */
    static final Pattern COOKIE = Pattern.compile(
            "(?i)(\\b(?:set-)?cookie[ \\t]*:[ \\t]*)([^\\s\"'<>][^\\r\\n\"'<>]{0,4095})");
    /**
     * An identifier (with '_' or a capital: not prose such as "token-based auth") and its value with no
     * separator: "aws_secret_access_key VALUE", "DB_PASSWORD to VALUE", "X-Api-Key VALUE".
     */
    static final Pattern IDENT_VALUE = Pattern.compile(
            "(?<![\\w.-])((?=[A-Za-z0-9-]{0,64}_|[a-z0-9_-]{0,64}[A-Z])[A-Za-z][A-Za-z0-9]{0,63}(?:[_-][A-Za-z0-9]{1,63}){1,8}"
                    + "[ \\t]+(?:(?:to|as|is|was)[ \\t]+)?+)"
                    + "(?!redacted\\b)([^\\s\"',;<>]{1,1024})");
    /** A token as a URL's user: https://TOKEN@host. */
    static final Pattern URL_USER = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]{0,30}://)([^\\s:/@\"'<>]{1,256})(@)");
    /** host:port:database:user:password, one per line of a .pgpass file. */
    static final Pattern PGPASS = Pattern.compile(
            "(?<![\\w.:*-])([\\w.*-]{1,253}:(?:\\d{1,5}|\\*):[\\w.*-]{1,253}:[\\w.*@-]{1,253}:)([^\\s:\"'<>]{1,1024})(?=\\s|$|[\"'])");
    /** .netrc: "machine h login u password p", or "password p" on a line of its own. */
    static final Pattern NETRC = Pattern.compile(
            "(?i)(\\b(?:machine|default|login)\\b[^\\n]{0,256}?\\b(?:password|passwd|account)[ \\t]+)(?!redacted\\b)([^\\s\"'<>]{1,1024})"
                    + "|(?im)(^[ \\t]*(?:password|passwd)[ \\t]+)(?!redacted\\b)([^\\s\"'<>]{1,1024})");
    /** Prose: "the password is hunter2", "token was abc". */
    static final Pattern PROSE = Pattern.compile(
            "(?i)(\\b(?:password|passphrase|passwd|pwd|token|secret|api[ _-]?key|credentials?)[ \\t]+(?:is|was|are|reads)"
                    + "[ \\t]*[:=]?[ \\t]+)([\"']?)(?!redacted\\b)([^\\s\"',;<>]{1,1024})");
    /** user:password after a word announcing a login: "login as admin:pw", "-u admin:pw", "--user admin:pw". */
    static final Pattern LOGIN_PAIR = Pattern.compile(
            "(?i)(\\b(?:login|log in|logon|sign in|user|username|credentials?|creds|basic auth)\\b(?:[ \\t]+(?:as|is|are|with))?[ \\t:=]{1,8}"
                    + "[A-Za-z0-9._%+@-]{1,64}:)(?!redacted\\b)([^\\s\"',;<>]{1,1024})");
    /** user:password standing alone, with a password that mixes cases and digits or has symbols. */
    static final Pattern BARE_PAIR = Pattern.compile(
            "(?<![\\w/:@.%+-])([A-Za-z][A-Za-z0-9._%+-]{0,63}:)([^\\s:/@\"',;<>]{6,256})(?![\\w:/@<>])");
    static final Pattern BASIC = Pattern.compile("(?i)(\\bbasic[ \\t]+)([A-Za-z0-9+/]{6,1024}={0,2})");
    static final Pattern BEARER = Pattern.compile("(?i)(\\bbearer[ \\t]+)([A-Za-z0-9._~+/=$-]{6,2048})");
    /** The values of an inline JSON object ({"value": "…", "n": 3}); null stays null. */
    static final Pattern INNER_VALUE = Pattern.compile("(:[ \\t]*)(?!null\\b)(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\s\"]+)");
    /** A YAML key whose value is the indented block below it: "password: |", "auth:". */
    static final Pattern YAML_PARENT = Pattern.compile(
            "(?<![\\w.-])([\"']?)([A-Za-z_][\\w.-]{0,63})\\1[ \\t]*:[ \\t]*(?:[|>][-+0-9]{0,2})?[ \\t]*$");
    /** Base64 that may wrap a credential: decoded and looked at once more. */
    static final Pattern BASE64 = Pattern.compile("(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{12,4096}={0,2}(?![A-Za-z0-9+/=])");
    static final Pattern CANDIDATE = Pattern.compile("[A-Za-z0-9+/=_\\-]{24,}");
    static final Pattern DIGEST_PREFIX = Pattern.compile("(?i)sha(?:256|512):$");
    static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final Pattern PATH = Pattern.compile("(?:/|\\./|~/)[\\w./-]*");
    static final Pattern PORT_OR_PATH = Pattern.compile("[\\d.:]+(?:/(?:tcp|udp))?|[/~.$].*|-.*");

    private CredentialPatterns() {}
}
