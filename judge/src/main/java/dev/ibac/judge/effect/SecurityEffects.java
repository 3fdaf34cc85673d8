package dev.ibac.judge.effect;

import static dev.ibac.judge.effect.EffectList.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.ibac.judge.Effect.Family;
import dev.ibac.judge.JudgeVerdict.Risk;
import dev.ibac.judge.describe.Redactor;
import dev.ibac.judge.guard.PodSecurityStandards;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Security turned down: TLS off or removed, certificate checks skipped, self-signed issuers,
 * containers that may run as root or escalate, network policies opened to everything, and
 * workloads that look like cryptocurrency miners.
 */
final class SecurityEffects {
    private static final Pattern INSECURE = Pattern.compile("(?i)(--insecure(-skip-tls-verify)?\\b|--no-verify|--tls-verify=false"
            + "|--(tls|ssl)(-enabled)?=(false|0|off)|--disable-(tls|ssl)|sslmode\\s*[=:]\\s*[\"']?(disable|allow|prefer)\\b|verify_ssl\\s*[:=]\\s*false"
            + "|tls_verify\\s*[:=]\\s*false|insecure_skip_verify\\s*[:=]\\s*true|ssl_verify\\s*[:=]\\s*false|--skip-tls-verify"
            + "|-k\\s+https://|\\bcheck-certificate=off|--no-check-certificate)");
    /** Authentication switched off: a finding when an UPDATE turns it off, not in a new object's own defaults. */
    private static final Pattern AUTH_OFF = Pattern.compile("(?i)(protected-mode\\s+no|auth(entication)?[_-]?(enabled|required)?\\s*[:=]\\s*"
            + "(false|no|off|disabled)|allow[_-]?anonymous\\s*[:=]\\s*(true|yes)|--skip-auth|--no-?auth(?![\\w-])|--disable-auth|--skip-grant-tables|auth_type\\s*=\\s*trust|--auth=false"
            + "|auth[_-]?type\\s*[:=]\\s*(none|disabled|anonymous)\\b|passwordauthentication\\s+yes|permitrootlogin\\s+yes|permitemptypasswords\\s+yes"
            + "|security\\s*[:=]\\s*(false|disabled|none)"
            // a pg_hba.conf line that lets a source in without a password (https://www.postgresql.org/docs/current/auth-trust.html)
            + "|\\bhost(ssl|nossl)?\\s+\\S+\\s+\\S+\\s+\\S+\\s+trust\\b)");
    private static final Pattern INSECURE_ENV = Pattern.compile(
            "(?i)^(NODE_TLS_REJECT_UNAUTHORIZED=0|PYTHONHTTPSVERIFY=0|GIT_SSL_NO_VERIFY=(1|true)|CURL_INSECURE=(1|true)"
            + "|[A-Z_]*(TLS|SSL)[A-Z_]*(ENABLED|VERIFY)[A-Z_]*=(false|0|off|no)|[A-Z_]*INSECURE[A-Z_]*=(true|1|yes)|[A-Z_]*DISABLE[A-Z_]*(SECURITY|AUTH|TLS|SSL|VERIFY)[A-Z_]*=(true|1|yes)"
            + "|[A-Z_]*(SECURITY|AUTH|TLS|SSL)[A-Z_]*_(DISABLED?|OFF)=(true|1|yes)|[A-Z_]*(SECURITY|AUTH)[A-Z_]*_ENABLED=(false|0|off|no)"
            // NEO4J_AUTH=none, Bitnami's ALLOW_EMPTY_PASSWORD=yes, the postgres image's POSTGRES_HOST_AUTH_METHOD=trust
            + "|[A-Z0-9_]*_AUTH(_TYPE|_MODE|_METHOD)?=(none|disabled?|off|false|trust|anonymous)|[A-Z_]*ALLOW_EMPTY_PASSWORD=(yes|true|1)"
            + "|[A-Z_]*AUTH_METHOD=trust|[a-z.]*security\\.enabled=false"
            + "|[A-Z_]*(MFA|2FA|TWO_FACTOR|OTP|REQUIRE_AUTH|AUTH_REQUIRED)[A-Z_]*=(false|0|off|no|disabled))$");
    /** A config file's switch that runs builds or jobs privileged ({@code privileged = true} in a GitLab runner's config.toml). */
    private static final Pattern PRIVILEGED_SETTING = Pattern.compile("(?im)^\\s*\"?(privileged|allow_privilege_escalation|allowPrivilegeEscalation)\"?"
            + "\\s*[:=]\\s*\"?true\\b");
    /** The container runtime's socket: whoever reaches it runs anything on the node as root. */
    private static final Pattern RUNTIME_SOCKET = Pattern.compile("/(var/)?run/(docker|containerd/containerd|crio/crio|k3s/containerd/containerd)\\.sock");
    /** What a config file says when it sets up TLS: when all of it goes, the file serves or calls in plain text. */
    private static final Pattern TLS_WORD = Pattern.compile("(?i)tls|ssl");
    private static final Pattern MINER = Pattern.compile("(?i)(xmrig|xmr-stak|minerd|cpuminer|cgminer|bfgminer|ethminer|nbminer"
            + "|t-rex|lolminer|phoenixminer|nanominer|teamredminer|gminer|srbminer|stratum\\+(tcp|ssl)|cryptonight|randomx"
            + "|monero|nicehash|minexmr|supportxmr|nanopool|2miners|f2pool|ethermine|hashvault|moneroocean|coinhive)");

    private static final Pattern PLAIN_HTTP = Pattern.compile("(?i)\\bhttp://([a-z0-9-]+(?:\\.[a-z0-9-]+)+)");

    private static final Pattern INLINE_PASSWORD = Pattern.compile("://[^\\s/:@$\"'{]+:(?![$%{])[^\\s/@\"']+@");

    /** What a credential's variable is called: the name ends with what it holds (DB_PASSWORD, GITHUB_TOKEN, STRIPE_API_KEY). */
    private static final Pattern CREDENTIAL_VAR = Pattern.compile("(?i)(pass(word)?|passwd|pwd|secret|token|api_?key|private_?key|credentials?)$");
    /** Switches, numbers, paths and plain words are settings, not credentials. */
    private static final Pattern WORDLIKE = Pattern.compile("(?i)true|false|yes|no|on|off|enabled|disabled|\\d+|[a-z]+|/[\\w/.-]*");

    private SecurityEffects() {}

    static void analyse(Subject s, EffectList out, Redactor redactor) {
        Map<String, String> now = new LinkedHashMap<>();
        envPairs(s.pods(), now);
        Map<String, String> before = new LinkedHashMap<>();
        envPairs(s.oldPods(), before);
        s.changedTexts().forEach((path, text) -> text(s, out, path, text));
        Map<String, String> changedEnv = Texts.changed(now, before);
        changedEnv.forEach((path, text) -> text(s, out, path, text));
        changedEnv.forEach((path, pair) -> literalCredential(s, out, path, pair, redactor));
        if (s.resource().equals("configmaps")) {
            // a ConfigMap's CARRIER_API_KEY: the same credential as an env value, readable by all who read ConfigMaps
            s.object().path("data").properties().forEach(d -> {
                if (d.getValue().isTextual() && !d.getValue().asText().equals(s.old().path("data").path(d.getKey()).asText(null))) {
                    literalCredential(s, out, "data." + d.getKey(), d.getKey() + "=" + d.getValue().asText(), redactor);
                }
            });
        }
        s.pods().containers().forEach(c -> miner(s, out, c.path() + ".image", c.node().path("image").asText("")));
        tlsRemoved(s, out);
        annotations(s, out);
        meshOptOut(s, out);
        selfSigned(s, out);
        containerSecurity(s, out);
        openNetworkPolicy(s, out);
        hostPaths(s, out);
        mounts(s, out);
        apiTokens(s, out);
        Map<String, JsonNode> settings = settings(s.object());
        Map<String, JsonNode> oldSettings = settings(s.old());
        insecureSwitches(s, out, settings, oldSettings);
        tlsModes(s, out, settings, oldSettings);
        s.changedTexts().forEach((path, text) -> {
            plainHttp(s, out, path, text);
            inlineCredential(s, out, path, text);
        });
        s.changedTexts().forEach((path, text) -> configSecurity(s, out, path, text));
        certificateAuthority(s, out);
        longLivedToken(s, out);
        priority(s, out);
        toleratesEverything(s, out);
        privilegedElsewhere(s, out);
    }

    /**
     * Resources that run containers outside a pod template (Tekton Task steps, Argo Workflow templates,
     * KServe predictors) say {@code securityContext.privileged: true} where the pod walk does not look.
     */
    private static void privilegedElsewhere(Subject s, EffectList out) {
        if (!s.pods().containers().isEmpty() || !privileged(s.object(), 0) || privileged(s.old(), 0)) {
            return;
        }
        out.add(Family.SECURITY, Risk.HIGH, s.target() + " runs a privileged container (securityContext.privileged: true)",
                s.target(), "", "privileged", data("field", "securityContext.privileged", "downgrade", "privileged"));
    }

    private static boolean privileged(JsonNode node, int depth) {
        if (depth > 32 || node == null || !node.isContainerNode()) {
            return false;
        }
        if (node.path("securityContext").path("privileged").asBoolean(false)) {
            return true;
        }
        for (JsonNode child : node) {
            if (privileged(child, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A plain-http URL: low risk alone (in-cluster services often speak plain http), but a
     * contradiction when the goal names the same host with https.
     */
    private static void plainHttp(Subject s, EffectList out, String path, String text) {
        Matcher m = PLAIN_HTTP.matcher(text);
        while (m.find()) {
            String host = m.group(1).toLowerCase(Locale.ROOT);
            out.add(Family.SECURITY, Risk.LOW, s.target() + " speaks plain http to " + host + " (" + path + ")", s.target(), "",
                    "http://" + host, data("field", path, "downgrade", "plain-http", "host", host));
        }
    }

    /**
     * user:password in a URL written into the object itself, where a Secret reference belongs: the
     * password is readable by everyone who may read the object. References ($(DB_PASSWORD), {{ … }})
     * are not passwords.
     */
    private static void inlineCredential(Subject s, EffectList out, String path, String text) {
        if (s.resource().equals("secrets")) {
            return;
        }
        Matcher m = INLINE_PASSWORD.matcher(text);
        if (m.find()) {
            out.add(Family.SECURITY, Risk.MEDIUM, s.target() + " writes a password into " + path + " instead of referring to a Secret",
                    s.target(), "", "", data("field", path, "downgrade", "inline-credential"));
        }
    }

    /**
     * An env var named like a credential ({@code DB_PASSWORD}, {@code API_TOKEN}) given a literal value,
     * where {@code valueFrom.secretKeyRef} belongs: everyone who may read the workload reads the secret.
     * References to other variables ({@code $(DB_PASSWORD)}) and empty values are not credentials.
     */
    private static void literalCredential(Subject s, EffectList out, String path, String pair, Redactor redactor) {
        int equals = pair.indexOf('=');
        String name = pair.substring(0, Math.max(0, equals));
        String value = pair.substring(equals + 1);
        boolean literal = value.length() >= 6 && !value.startsWith("$(") && !value.contains("{{") && !WORDLIKE.matcher(value).matches();
        if (equals > 0 && literal && CREDENTIAL_VAR.matcher(name).find() && redactor.isSecretName(name)
                && !out.list().stream().anyMatch(e -> e.datum("field").equals(path))) {
            // the name goes last: the sentence is redacted, and a word after a credential's name reads as its value
            out.add(Family.SECURITY, Risk.MEDIUM, s.target() + " sets a credential as a literal env value, not a Secret reference: " + name,
                    s.target(), "", "", data("field", path, "downgrade", "inline-credential"));
        }
    }

    /**
     * What a config file a ConfigMap (or an argument) holds turns down, where the pod walk does not
     * look: builds run privileged, the container runtime's socket handed to jobs, and every TLS
     * setting removed. Only what the request adds: an UPDATE of a file that already said so adds nothing.
     */
    private static void configSecurity(Subject s, EffectList out, String path, String text) {
        String before = s.oldTexts().getOrDefault(path, "");
        Matcher privileged = PRIVILEGED_SETTING.matcher(text);
        if (privileged.find() && !PRIVILEGED_SETTING.matcher(before).find()) {
            out.add(Family.SECURITY, Risk.HIGH, s.target() + " runs jobs privileged: " + out.quote(privileged.group().strip()) + " (" + path + ")",
                    s.target(), "", "privileged", data("field", path, "downgrade", "privileged"));
        }
        Matcher socket = RUNTIME_SOCKET.matcher(text);
        boolean volume = path.contains("hostPath") || path.endsWith("mountPath"); // a hostPath volume is hostPaths' finding
        if (!volume && socket.find() && !RUNTIME_SOCKET.matcher(before).find()) {
            out.add(Family.SECURITY, Risk.HIGH, s.target() + " hands out the container runtime's socket " + socket.group() + " (" + path + ")",
                    s.target(), "", socket.group(), data("field", path, "downgrade", "runtime-socket"));
        }
        // a file, not a value: renaming the secret "relay-tls" is no TLS removed
        if (s.update() && before.indexOf('\n') >= 0 && TLS_WORD.matcher(before).find() && !TLS_WORD.matcher(text).find()) {
            out.add(Family.SECURITY, Risk.HIGH, "TLS removed from " + s.target() + " (" + path + " no longer sets any TLS)", s.target(),
                    "tls", "", data("field", path, "downgrade", "tls"));
        }
    }

    /**
     * A Secret of type service-account-token: a token that never expires, where the TokenRequest API's projected tokens do
     * (https://kubernetes.io/docs/concepts/security/service-accounts/#get-a-token).
     */
    private static void longLivedToken(Subject s, EffectList out) {
        if (s.resource().equals("secrets") && !s.delete() && s.object().path("type").asText("").equals("kubernetes.io/service-account-token")
                && !s.old().path("type").asText("").equals("kubernetes.io/service-account-token")) {
            String account = s.object().path("metadata").path("annotations").path("kubernetes.io/service-account.name").asText("");
            // low alone (some tools still need one); wrong where the goal's account uses short-lived tokens
            out.add(Family.SECURITY, Risk.LOW, s.target() + " holds a long-lived token of ServiceAccount " + account, s.target(), "",
                    account, data("field", "type", "downgrade", "long-lived-token"));
        }
    }

    /**
     * Priority that preempts the cluster's own: a PriorityClass made the default or valued like the system's (above
     * 1,000,000,000 only system classes may go), and pods that borrow system-cluster-critical outside kube-system
     * (https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/).
     */
    private static void priority(Subject s, EffectList out) {
        if (s.resource().equals("priorityclasses") && !s.delete()
                && (s.object().path("globalDefault").asBoolean(false) || s.object().path("value").asLong(0) >= 1_000_000_000L)) {
            out.add(Family.SECURITY, Risk.HIGH, s.target() + " makes new pods preempt others (value " + s.object().path("value").asText()
                    + (s.object().path("globalDefault").asBoolean(false) ? ", the default class" : "") + ")", s.target(), "", "",
                    data("field", "value", "downgrade", "priority"));
        }
        if (s.action().namespace().equals("kube-system") || s.resource().equals("daemonsets")) {
            return; // a node agent (a log shipper, a CNI) is what system-node-critical is for
        }
        Set<String> had = new HashSet<>();
        s.oldPods().specs().forEach(p -> had.add(p.spec().path("priorityClassName").asText("")));
        s.pods().specs().forEach(p -> {
            String name = p.spec().path("priorityClassName").asText("");
            if (name.startsWith("system-") && !had.contains(name)) {
                out.add(Family.SECURITY, Risk.HIGH, s.target() + " runs its pods at priority " + name + ", which preempts the cluster's own",
                        s.target(), "", name, data("field", p.path() + ".priorityClassName", "downgrade", "priority"));
            }
        });
    }

    /** cert-manager's {@code isCA: true}: whoever holds the key can sign certificates for any name. */
    private static void certificateAuthority(Subject s, EffectList out) {
        if (s.resource().equals("certificates") && s.object().path("spec").path("isCA").asBoolean(false)
                && !s.old().path("spec").path("isCA").asBoolean(false)) {
            out.add(Family.SECURITY, Risk.HIGH, s.target() + " is a CA certificate: its key can sign certificates for any name",
                    s.target(), "", "isCA", data("field", "spec.isCA", "downgrade", "ca"));
        }
    }

    /**
     * A toleration with {@code operator: Exists} and no key tolerates every taint, the control
     * plane's and every dedicated pool's included (https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/).
     */
    private static void toleratesEverything(Subject s, EffectList out) {
        Set<String> before = new HashSet<>();
        s.oldPods().specs().forEach(p -> { if (everyTaint(p.spec())) before.add(p.path()); });
        for (PodSpecs.PodSpec pod : s.pods().specs()) {
            if (everyTaint(pod.spec()) && !before.contains(pod.path())) {
                out.add(Family.SECURITY, Risk.HIGH, s.target() + " tolerates every taint: its pods may run on any node, control plane included"
                        + " (" + pod.path() + ".tolerations)", s.target(), "", "Exists",
                        data("field", pod.path() + ".tolerations", "downgrade", "tolerations"));
            }
        }
    }

    private static boolean everyTaint(JsonNode spec) {
        for (JsonNode toleration : spec.path("tolerations")) {
            if ("Exists".equals(toleration.path("operator").asText("")) && toleration.path("key").asText("").isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Host directories mounted into containers: what the node shares, and whether it may be written. */
    private static void hostPaths(Subject s, EffectList out) {
        Set<String> before = new HashSet<>();
        s.oldPods().specs().forEach(p -> p.spec().path("volumes").forEach(v -> before.add(v.path("hostPath").path("path").asText(""))));
        for (PodSpecs.PodSpec spec : s.pods().specs()) {
            for (JsonNode volume : spec.spec().path("volumes")) {
                String path = volume.path("hostPath").path("path").asText("");
                if (path.isEmpty() || before.contains(path)) {
                    continue;
                }
                boolean readOnly = mountsReadOnly(spec.spec(), volume.path("name").asText(""));
                out.add(Family.SECURITY, Risk.HIGH, s.target() + " mounts host path " + path + (readOnly ? " read-only" : " read-write"),
                        s.target(), "", path, data("downgrade", "hostPath", "path", path, "readOnly", Boolean.toString(readOnly)));
            }
        }
    }

    /** Claims, ConfigMaps and Secrets a pod mounts, and whether it may write them (low risk; goals may ask read-only). */
    private static void mounts(Subject s, EffectList out) {
        for (PodSpecs.PodSpec spec : s.pods().specs()) {
            for (JsonNode volume : spec.spec().path("volumes")) {
                String claim = volume.path("persistentVolumeClaim").path("claimName").asText("");
                if (claim.isEmpty()) {
                    continue;
                }
                boolean readOnly = mountsReadOnly(spec.spec(), volume.path("name").asText(""))
                        || volume.path("persistentVolumeClaim").path("readOnly").asBoolean(false);
                out.add(Family.SECURITY, Risk.LOW, s.target() + " mounts persistentvolumeclaims \"" + claim + "\""
                        + (readOnly ? " read-only" : " read-write"), s.target(), "", claim,
                        data("downgrade", "mount", "source", claim, "sourceKind", "persistentvolumeclaims", "readOnly", Boolean.toString(readOnly)));
            }
        }
    }

    /**
     * A projected service account token the pods did not have: an API credential in every pod, whatever
     * {@code automountServiceAccountToken} says (https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken).
     */
    private static void apiTokens(Subject s, EffectList out) {
        Set<String> before = new HashSet<>();
        s.oldPods().specs().forEach(spec -> spec.spec().path("volumes").forEach(v -> {
            if (projectsToken(v)) {
                before.add(v.path("name").asText(""));
            }
        }));
        for (PodSpecs.PodSpec spec : s.pods().specs()) {
            for (JsonNode volume : spec.spec().path("volumes")) {
                String name = volume.path("name").asText("");
                if (projectsToken(volume) && !before.contains(name)) {
                    out.add(Family.SECURITY, Risk.MEDIUM, s.target() + " mounts a service account token for the Kubernetes API (volume "
                            + name + ")", s.target(), "", name, data("downgrade", "api-token", "field", spec.path() + ".volumes"));
                }
            }
        }
    }

    private static boolean projectsToken(JsonNode volume) {
        for (JsonNode source : volume.path("projected").path("sources")) {
            if (source.has("serviceAccountToken")) {
                return true;
            }
        }
        return false;
    }

    private static boolean mountsReadOnly(JsonNode podSpec, String volume) {
        boolean any = false;
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : podSpec.path(list)) {
                for (JsonNode m : c.path("volumeMounts")) {
                    if (m.path("name").asText("").equals(volume)) {
                        any = true;
                        if (!m.path("readOnly").asBoolean(false)) {
                            return false;
                        }
                    }
                }
            }
        }
        return any;
    }

    /** Booleans such as {@code skipTLSVerify: true} or {@code tlsEnabled: false}, in any kind's spec. */
    private static void insecureSwitches(Subject s, EffectList out, Map<String, JsonNode> now, Map<String, JsonNode> was) {
        now.forEach((path, node) -> {
            JsonNode before = was.get(path);
            boolean value = node.asBoolean();
            if (node.isBoolean() && !(before != null && before.isBoolean() && before.asBoolean() == value)) {
                String key = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
                boolean off = value && (key.contains("insecure") || key.contains("skiptls") || key.contains("skipverify")
                        || key.contains("skip_tls") || key.contains("disabletls") || key.contains("allowhttp"))
                        || !value && (key.equals("tls") || key.contains("tlsenabled") || key.contains("tls_enabled")
                        || key.contains("verifytls") || key.contains("sslenabled") || key.equals("verify") || key.contains("tlsverify"));
                // CloudNativePG's enableSuperuserAccess, allowAnonymous, authEnabled: false
                boolean authOff = value && (key.contains("superuser") || key.contains("anonymous") || key.contains("disableauth")
                        || key.contains("noauth")) || !value && (key.contains("authenabled") || key.contains("auth_enabled")
                        || key.contains("requireauth") || key.equals("auth") || key.equals("authentication"));
                if (off) {
                    out.add(Family.SECURITY, Risk.HIGH, s.target() + " turns off TLS or certificate checks: " + path + ": " + value,
                            s.target(), "", Boolean.toString(value), data("field", path, "downgrade", "tls"));
                } else if (authOff) {
                    out.add(Family.SECURITY, Risk.HIGH, s.target() + " weakens authentication: " + path + ": " + value,
                            s.target(), "", Boolean.toString(value), data("field", path, "downgrade", "auth"));
                }
            }
        });
    }

    /**
     * A mesh's TLS mode turned down: Istio's DestinationRule {@code trafficPolicy.tls.mode: DISABLE} sends plain text, a
     * PeerAuthentication's {@code mtls.mode: PERMISSIVE} or {@code DISABLE} accepts it
     * (https://istio.io/latest/docs/reference/config/security/peer_authentication/).
     */
    private static void tlsModes(Subject s, EffectList out, Map<String, JsonNode> now, Map<String, JsonNode> was) {
        now.forEach((path, value) -> {
            if (!path.startsWith("spec.")) {
                return; // a mesh's modes are its resources' spec fields, not a ConfigMap's keys
            }
            String lower = path.toLowerCase(Locale.ROOT);
            String mode = value.asText("").toUpperCase(Locale.ROOT);
            boolean tlsMode = lower.endsWith("tls.mode") || lower.endsWith("tlsmode");
            boolean off = tlsMode && (mode.equals("DISABLE") || lower.endsWith("mtls.mode") && mode.equals("PERMISSIVE"));
            if (off && !value.equals(was.get(path))) {
                out.add(Family.SECURITY, Risk.HIGH, s.target() + " turns off TLS, certificate checks or authentication: " + path + ": " + mode,
                        s.target(), was.containsKey(path) ? was.get(path).asText("") : "", mode, data("field", path, "downgrade", "tls"));
            }
        });
    }

    /** The scalar leaves of an object's spec and data by path, walked once for the switch and TLS-mode checks. */
    private static Map<String, JsonNode> settings(JsonNode object) {
        Map<String, JsonNode> scalars = new LinkedHashMap<>();
        Texts.scalars(object.path("spec"), "spec", scalars, 0, 32);
        Texts.scalars(object.path("data"), "data", scalars, 0, 32);
        return scalars;
    }

    private static void envPairs(PodSpecs.Pods pods, Map<String, String> texts) {
        pods.containers().forEach(c -> c.node().path("env").forEach(e -> {
            if (e.path("value").isValueNode()) {
                texts.put(c.path() + ".envpair[" + e.path("name").asText() + "]", e.path("name").asText() + "=" + e.path("value").asText());
            }
        }));
    }

    private static void text(Subject s, EffectList out, String path, String text) {
        Matcher insecure = INSECURE.matcher(text);
        Matcher auth = AUTH_OFF.matcher(text);
        boolean authOff = auth.find();
        boolean insecureEnv = INSECURE_ENV.matcher(text).matches();
        if (insecure.find() || insecureEnv || authOff) {
            String flag = insecure.find(0) ? insecure.group().strip() : authOff ? auth.group().strip()
                    : text.substring(0, text.indexOf('=') + 1) + "…";
            // a new object's own "auth: false" may be how its image is meant to run; an UPDATE that turns it off is a finding
            Risk risk = !insecure.find(0) && !insecureEnv && !s.update() ? Risk.MEDIUM : Risk.HIGH;
            out.add(Family.SECURITY, risk, s.target() + " turns off TLS, certificate checks or authentication: " + out.quote(flag)
                    + " (" + path + ")", s.target(), "", flag, data("field", path, "downgrade", "tls"));
        }
        miner(s, out, path, text);
    }

    private static void miner(Subject s, EffectList out, String path, String text) {
        Matcher m = MINER.matcher(text);
        if (m.find() && !out.list().stream().anyMatch(e -> e.datum("downgrade").equals("miner"))) {
            out.add(Family.SECURITY, Risk.HIGH, s.target() + " looks like a cryptocurrency miner (" + out.quote(m.group())
                    + " in " + path + ")", s.target(), "", m.group(), data("field", path, "downgrade", "miner"));
        }
    }

    private static void tlsRemoved(Subject s, EffectList out) {
        if (s.update() && s.old().path("spec").path("tls").size() > 0 && s.object().path("spec").path("tls").size() == 0
                && s.resource().equals("ingresses")) {
            out.add(Family.SECURITY, Risk.HIGH, "TLS removed from " + s.target() + " (served over plain HTTP)", s.target(),
                    "tls", "", data("field", "spec.tls", "downgrade", "tls"));
        }
    }

    private static void annotations(Subject s, EffectList out) {
        JsonNode now = s.object().path("metadata").path("annotations");
        JsonNode was = s.old().path("metadata").path("annotations");
        now.properties().forEach(a -> {
            String key = a.getKey();
            String value = a.getValue().asText("");
            boolean off = (key.endsWith("ssl-redirect") || key.endsWith("force-ssl-redirect")) && value.equals("false")
                    || key.endsWith("backend-protocol") && value.equalsIgnoreCase("HTTP") && was.path(key).asText("").equalsIgnoreCase("HTTPS")
                    || key.endsWith("whitelist-source-range") && value.contains("0.0.0.0/0");
            if (off && !value.equals(was.path(key).asText(null))) {
                out.add(Family.SECURITY, Risk.MEDIUM, s.target() + " sets " + key + ": " + value, s.target(),
                        was.path(key).asText(""), value, data("field", "metadata.annotations." + key, "downgrade", "tls"));
            }
        });
    }

    /**
     * A workload's pods opting out of the service mesh ({@code sidecar.istio.io/inject: "false"}, linkerd's {@code disabled}):
     * outside it they get no mutual TLS and no mesh policy (https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/).
     */
    private static void meshOptOut(Subject s, EffectList out) {
        JsonNode template = s.object().path("spec").path("template").path("metadata");
        JsonNode was = s.old().path("spec").path("template").path("metadata");
        for (String where : new String[] {"annotations", "labels"}) {
            for (String key : new String[] {"sidecar.istio.io/inject", "linkerd.io/inject"}) {
                String value = template.path(where).path(key).asText("").toLowerCase(Locale.ROOT);
                boolean off = value.equals("false") || value.equals("disabled");
                if (off && !value.equalsIgnoreCase(was.path(where).path(key).asText(""))) {
                    out.add(Family.SECURITY, Risk.LOW, s.target() + " takes its pods out of the service mesh: " + key + ": " + value,
                            s.target(), "", value, data("field", "spec.template.metadata." + where + "." + key, "downgrade", "mesh"));
                    return;
                }
            }
        }
    }

    private static void selfSigned(Subject s, EffectList out) {
        boolean issuer = s.object().path("spec").has("selfSigned");
        String issuerRef = s.object().path("spec").path("issuerRef").path("name").asText("").toLowerCase(Locale.ROOT);
        String wasRef = s.old().path("spec").path("issuerRef").path("name").asText("").toLowerCase(Locale.ROOT);
        boolean cert = (issuerRef.contains("selfsign") || issuerRef.contains("self-sign")) && !issuerRef.equals(wasRef);
        if (issuer && !s.old().path("spec").has("selfSigned") || cert) {
            out.add(Family.SECURITY, Risk.HIGH, s.target() + " uses a self-signed issuer (clients will not trust it)",
                    s.target(), wasRef, issuer ? "selfSigned" : issuerRef, data("downgrade", "self-signed"));
        }
    }

    private static void containerSecurity(Subject s, EffectList out) {
        Map<String, JsonNode> before = new HashMap<>();
        s.oldPods().containers().forEach(c -> before.put(c.name(), c.node().path("securityContext")));
        for (PodSpecs.Container c : s.pods().containers()) {
            JsonNode now = c.node().path("securityContext");
            JsonNode was = before.getOrDefault(c.name(), MissingNode.getInstance());
            downgrade(s, out, c, "runAsNonRoot", was.path("runAsNonRoot").asBoolean(false) && !now.path("runAsNonRoot").asBoolean(false));
            downgrade(s, out, c, "readOnlyRootFilesystem",
                    was.path("readOnlyRootFilesystem").asBoolean(false) && !now.path("readOnlyRootFilesystem").asBoolean(false));
            downgrade(s, out, c, "allowPrivilegeEscalation",
                    now.path("allowPrivilegeEscalation").asBoolean(false) && !was.path("allowPrivilegeEscalation").asBoolean(false));
            downgrade(s, out, c, "runAsUser 0", now.path("runAsUser").asText("").equals("0") && !was.path("runAsUser").asText("").equals("0"));
            // a capability the baseline Pod Security profile does not allow adding (SYS_PTRACE, SYS_ADMIN, NET_ADMIN …), and seccomp
            // Unconfined, which neither profile but privileged allows (https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline)
            Set<String> had = new HashSet<>();
            was.path("capabilities").path("add").forEach(cap -> had.add(cap.asText()));
            now.path("capabilities").path("add").forEach(cap -> downgrade(s, out, c, "capabilities: adds " + cap.asText(),
                    !PodSecurityStandards.BASELINE_CAPABILITIES.contains(cap.asText()) && !had.contains(cap.asText())));
            downgrade(s, out, c, "seccompProfile Unconfined", unconfined(now) && !unconfined(was));
        }
        JsonNode pod = s.pods().specs().isEmpty() ? MissingNode.getInstance() : s.pods().specs().get(0).spec().path("securityContext");
        JsonNode oldPod = s.oldPods().specs().isEmpty() ? MissingNode.getInstance() : s.oldPods().specs().get(0).spec().path("securityContext");
        if (unconfined(pod) && !unconfined(oldPod)) {
            out.add(Family.SECURITY, Risk.MEDIUM, s.target() + " runs its pods with seccompProfile Unconfined", s.target(), "",
                    "Unconfined", data("field", "spec.securityContext.seccompProfile", "downgrade", "container"));
        }
    }

    private static boolean unconfined(JsonNode securityContext) {
        return securityContext.path("seccompProfile").path("type").asText("").equals("Unconfined");
    }

    private static void downgrade(Subject s, EffectList out, PodSpecs.Container c, String what, boolean happened) {
        if (happened) {
            out.add(Family.SECURITY, Risk.MEDIUM, "container \"" + c.name() + "\" of " + s.target() + " loosens " + what,
                    s.target(), "", what, data("field", c.path() + ".securityContext", "downgrade", "container"));
        }
    }

    /**
     * Who the rules let in (or out to), for a goal that says who may reach the namespace's pods: "this-namespace" for a
     * podSelector alone, the namespace's name for a namespaceSelector on kubernetes.io/metadata.name, "other" for anything
     * else (an ipBlock, a selector on other labels, a rule with no peers).
     */
    private static String peers(JsonNode rules, String direction) {
        Set<String> peers = new java.util.TreeSet<>();
        for (JsonNode rule : rules) {
            JsonNode list = rule.path(direction.equals("ingress") ? "from" : "to");
            if (list.size() == 0) {
                peers.add("other");
            }
            for (JsonNode peer : list) {
                JsonNode namespace = peer.path("namespaceSelector");
                String named = namespace.path("matchLabels").path("kubernetes.io/metadata.name").asText("");
                if (peer.has("ipBlock") || namespace.isMissingNode() && !peer.has("podSelector")) {
                    peers.add("other");
                } else if (namespace.isMissingNode()) {
                    peers.add("this-namespace");
                } else {
                    peers.add(named.isEmpty() || namespace.size() != 1 || namespace.path("matchLabels").size() != 1 ? "other" : named);
                }
            }
        }
        return String.join(",", peers);
    }

    /** Rules that admit every namespace's pods (an empty namespaceSelector without a podSelector). */
    private static boolean fromEveryNamespace(JsonNode rules, String direction) {
        for (JsonNode rule : rules) {
            for (JsonNode peer : rule.path(direction.equals("ingress") ? "from" : "to")) {
                if (peer.has("namespaceSelector") && peer.path("namespaceSelector").size() == 0 && peer.path("podSelector").size() == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * An egress rule with ports and no peers: any destination on those ports. A NetworkPolicy cannot name a host, so
     * "TCP 443 anywhere, DNS to kube-dns" is how a controller is let out to a cloud API, a bucket or a chat webhook; and a
     * policy that selects pods only narrows what they could reach before it
     * (https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies). Low for the usual
     * service ports, medium for others.
     */
    private static void anyDestinationOnPorts(Subject s, EffectList out, JsonNode rules) {
        Set<JsonNode> had = new HashSet<>();
        s.old().path("spec").path("egress").forEach(had::add);
        for (JsonNode rule : rules) {
            // an UPDATE that keeps a rule the policy had (the API server on 6443) opens nothing
            if (!rule.has("ports") || rule.has("to") || rule.path("ports").size() == 0 || had.contains(rule)) {
                continue;
            }
            List<String> ports = new ArrayList<>();
            boolean wellKnown = true;
            for (JsonNode port : rule.path("ports")) {
                String number = port.path("port").asText("any");
                ports.add(port.path("protocol").asText("TCP") + " " + number);
                wellKnown &= port.path("port").canConvertToInt() && port.path("port").asInt() < 1024 && !port.has("endPort");
            }
            out.add(Family.SECURITY, wellKnown ? Risk.LOW : Risk.MEDIUM,
                    s.target() + " allows egress to any destination on " + String.join(", ", ports), s.target(), "",
                    String.join(", ", ports), data("field", "spec.egress", "downgrade", "network-port"));
        }
    }

    private static void openNetworkPolicy(Subject s, EffectList out) {
        if (!s.resource().equals("networkpolicies") || s.delete()) {
            return;
        }
        for (String direction : new String[] {"ingress", "egress"}) {
            JsonNode rules = s.object().path("spec").path(direction);
            boolean open = false;
            for (JsonNode rule : rules) {
                JsonNode peers = rule.path(direction.equals("ingress") ? "from" : "to");
                open |= rule.isObject() && rule.size() == 0 || peers.isArray() && peers.toString().contains("0.0.0.0/0")
                        || !peers.isMissingNode() && peers.isArray() && peers.size() == 0
                        || rule.has("ports") && peers.isMissingNode() && direction.equals("ingress");
            }
            if (direction.equals("egress")) {
                anyDestinationOnPorts(s, out, rules);
            }
            boolean ported = true;
            for (JsonNode rule : rules) {
                ported &= rule.path("ports").size() > 0;
            }
            // {namespaceSelector: {}} selects every namespace: the pods of the whole cluster
            // (with a podSelector, only those pods: "kube-dns in any namespace" is the usual DNS rule)
            boolean everyNamespace = fromEveryNamespace(rules, direction);
            if (open || everyNamespace) {
                // every namespace on named ports is how a collector or a shared service is reached: low alone, wrong where
                // the goal names who may connect; an existing policy that named its peers and now admits the whole cluster
                // is widened, which needs a reason
                boolean widened = !s.old().isMissingNode() && !fromEveryNamespace(s.old().path("spec").path(direction), direction);
                Risk risk = open || !ported ? Risk.HIGH : widened ? Risk.MEDIUM : Risk.LOW;
                out.add(Family.SECURITY, risk, s.target() + (open ? " allows all " + direction + " traffic"
                        : " allows " + direction + (direction.equals("ingress") ? " from" : " to") + " every pod of every namespace (an empty namespaceSelector)"), s.target(), "",
                        "all", data("field", "spec." + direction, "downgrade", "network", "everyNamespace", Boolean.toString(!open)));
            } else if (rules.size() > 0 && s.object().path("spec").path("podSelector").size() == 0) {
                out.add(Family.SECURITY, Risk.MEDIUM, s.target() + " opens " + direction + " to every pod of the namespace",
                        s.target(), "", "all pods", data("field", "spec.podSelector", "downgrade", "network-wide",
                                "peers", peers(rules, direction)));
            }
        }
    }
}
