package dev.ibac.judge.goal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plain-English words the goal reader knows, as data: which phrases ask for which
 * {@link Intent}, which rule one out without a negation word, which point at which resources, and
 * which words are too common to name an object. Its limits are documented in judge/README.md.
 */
final class GoalVocabulary {
    private GoalVocabulary() {}

    static final Map<Intent, Pattern> INTENTS = new LinkedHashMap<>();
    static final Map<Intent, Pattern> FORBIDDING = new LinkedHashMap<>();
    static final Map<Pattern, List<String>> KINDS = new LinkedHashMap<>();

    static {
        intent(Intent.SCALE_UP, "scal(e|es|ing) (\\S+ ){0,3}(up|out)|more (replicas|pods|instances|capacity|workers|consumers|copies)"
                + "|increase|add (\\d+ )?(more |extra )?(replicas|pods|instances|capacity|workers|consumers)|grow|double|triple"
                + "|(handle|absorb|for) (the )?(peak|more|higher|extra|increased) (load|traffic)|black friday|spike|peak traffic|scale out"
                + "|autoscal");
        intent(Intent.SCALE_DOWN, "scal(e|es|ing) (\\S+ ){0,3}(down|in)|fewer|reduce (the )?(number of )?(replicas|pods|instances)"
                + "|scal(e|es|ing) (\\S+ ){0,3}to (0|zero)|shut (it |them |\\S+ )?down|turn (it |them )?off|decrease (the )?(replicas|pods)"
                + "|downsize|drain|autoscal|(go|goes|set|bring|brought|turn|put) (\\S+ ){0,3}to (0|zero)\\b|to 0 replicas|to zero replicas");
        intent(Intent.CREATE, "\\b(add|adds|adding|create|creates|creating|deploy|deploys|deploying|set up|setup|sets up|install"
                + "|introduce|provision|launch|stand up|bootstrap|spin up|build|onboard|roll out|rollout|schedule|configure"
                + "|copy|clone|mirror|duplicate|establish|enable|put in place|bring up|new)\\b");
        intent(Intent.DELETE, "\\b(delete|deletes|deleting|deleted|remove|removes|removing|removed|clean(ing|s)? ?up|clean (itself|themselves|\\S+ \\S+) up|cleanup|decommission"
                + "|tear(ing)? down|teardown|retire|prune|purge|drop(?! (\\S+ ){0,6}(from|to) \\d)|get rid of|garbage|uninstall|sunset|wipe|destroy|deprovision"
                // "the CPU-based HPA `embedder` has to go", "replace the CPU HPA `invoice-worker` with a KEDA ScaledObject": the old object goes
                + "|(has|have|needs?|must|should|can) (to )?go\\b|goes away|replac(e|es|ing) (the )?(?!(\\S+ ){0,3}(sections?|keys?|parts?|values?|fields?|lines?|entr(y|ies)|blocks?|contents?) of)(\\S+ ){0,3}(hpas?|horizontalpodautoscalers?|cron ?jobs?"
                + "|deployments?|ingress(es)?|secrets?|config ?maps?|services?|jobs?|statefulsets?|daemonsets?|pdbs?|network ?polic(y|ies))\\b)");
        intent(Intent.EXPOSE, "\\b(expose|exposes|exposing|exposed|public|publicly|internet|externally|external access|outside the cluster"
                + "|ingress|load ?balancer|nodeport|reachable|world|customers can reach|domain)\\b");
        intent(Intent.CHANGE_IMAGE, "\\b(upgrade|upgrades|upgrading|bump|new (image|version|release|tag)|version|image|tag|release"
                + "|patch release|roll out v|v\\d+(\\.\\d+)+|\\d+\\.\\d+(\\.\\d+)?)\\b");
        intent(Intent.SUSPEND, "\\b(suspend|suspends|pause|pauses|disable|disables|halt|freeze|stop|stops|turn off|shut down)\\b");
        intent(Intent.SCHEDULE, "\\b(schedule|schedules|scheduled|reschedule|move (the )?(\\S+ ){0,3}(cron|job|run|schedule|report|backup)"
                + "|nightly|daily|hourly|weekly|every|cron|at \\d{1,2}(:\\d\\d|\\b(?!\\.\\d| ?(%|d\\b|days?|replicas|pods|gi|mi)))|\\d ?(am|pm)|midnight|o'clock"
                + "|\\d:\\d\\d)");
        intent(Intent.RESOURCES_UP, "(more|increase|raise|bump|double|larger|bigger|higher) .{0,25}(cpu|memory|ram|resources|requests|limits|storage)"
                + "|(cpu|memory|ram|resources|requests|limits) .{0,15}(up|increase)|\\boom\\b|resiz|expand|grow");
        intent(Intent.RESOURCES_DOWN, "(reduce|lower|decrease|cut|trim|shrink|right-?siz|tune (\\S+ ){0,3}down|smaller|less) .{0,30}"
                + "(cpu|memory|ram|resources|requests|limits|cost|spend)|right-?siz|over-?provision|save (on )?cost|cost (saving|reduction)"
                + "|cheaper|(cpu|memory) (requests )?(down|lower)");
        intent(Intent.PERMISSIONS, "\\b(permission|permissions|rbac|role|roles|rolebinding|access to|grant|grants|read access"
                + "|service ?account|bind|authori[sz]e)");
        intent(Intent.EGRESS, "\\b(backup|backups|back up|backing up|object storage|s3|bucket|gcs|upload|uploads|export|exports|ship|ships"
                + "|send|sends|offsite|off-site|replicate to|archive (\\S+ ){0,3}(to|into|in) |archiving|forward|forwards|to (the )?(cloud|storage)|webhook|notify|notifications|email)");
        intent(Intent.CONFIGURE, "\\b(config|configs|configure|configuration|settings|setting|env|environment variables?|feature flags?"
                + "|migrate|migrating|migration|parameters?|tune|tuning|move (\\S+ ){0,4}to (a )?config ?map|switch|retention"
                + "|(drop|lower|reduce|raise|cut|shorten|extend|change) (\\S+ ){0,6}(from \\S+ (\\S+ )?)?to \\d)");
        intent(Intent.ROTATE, "\\b(rotate|rotates|rotating|rotation|renew|renews|renewal|replace|replaces|replacing|refresh|re-?issue)");
        intent(Intent.AVAILABILITY, "\\b(highly available|high availability|disruption budget|pdb|resilien|survive|redundan|availability)");
        intent(Intent.SECURE, "\\b(tls|https|certificate|certificates|cert|certs|secure|securely|encrypt|encrypted|trusted|lets ?encrypt|acme)\\b");
        intent(Intent.SELF_SIGNED, "self-?signed");
        intent(Intent.HOST_ACCESS, "\\bhost (access|path|paths|logs?|files?)\\b|hostpath|/var/log|/var/lib|from every node|node logs"
                + "|on every node|each node's|nodes'? (\\S+ )?logs|node's (\\S+ )?logs|container logs|log shipp");
        intent(Intent.GPU, "\\b(gpu|gpus|nvidia|cuda|a100|h100|t4|v100|l4|accelerator)\\b");

        forbid(Intent.EXPOSE, "\\b(inside the cluster|within the cluster|in the cluster only|internally|internal only|internal-only|only internal|keep (it |them |\\S+ ){0,3}internal|stays? internal"
                + "|cluster-internal|in-cluster only|private|privately|not (be )?(exposed|public|reachable)|no public|never public)\\b");
        forbid(Intent.DOWNTIME, "zero[- ]downtime|no downtime|without (any )?(downtime|interruption|outage)|stay(s)? (up|available)"
                + "|always available|keep (it |them |\\S+ ){0,3}(running|available|serving|up)|no outage|uninterrupted|without disruption");
        forbid(Intent.DELETE, "nothing (is |gets |may be |should be )?(deleted|removed)|no (deletions?|deletes)|keep (the |all |its )?(\\S+ )?(data|volumes?|pvcs?|history|existing|claims?|archives?|backups?)"
                + "|preserv|\\bretain(s|ed|ing)?\\b|keep (the |its )?[a-z0-9]+-[a-z0-9-]+|must not be (deleted|removed)|do not (delete|remove)|don't (delete|remove)|never (delete|remove)|non-destructive");
        forbid(Intent.CHANGE_IMAGE, "(same|current|existing) image|image (stays|unchanged|as is)|keep (the )?(image|version)|leave (the )?(image|version|tag)s?\\b"
                // "Leave the replica count (4) and the image alone - 3.14.2 is frozen until quarter close"
                + "|\\b(image|version|tag)s? alone\\b|\\b(v?\\d+\\.\\d+(\\.\\d+)?|image|version|tag) (is|stays|remains) frozen\\b"
                + "|(do not|don't|never|without) (change|changing|touch|touching|bump|bumping|upgrad) (the )?(image|version|tag)"
                // "Do not touch the replica count or the image"
                + "|(do not|don't|never|without) (change|changing|touch|touching) (the |its )?(\\S+ ){1,4}(or|and|nor) (the |its )?(image|version|tag)\\b");
        forbid(Intent.EGRESS, "(never|not|must not|mustn't|don't|do not|no) (\\S+ ){0,3}leaves? (the )?cluster|stays? in(side)? (the )?cluster"
                + "|in-cluster only|never leave|must stay (in|inside|within)|no external (destinations?|endpoints?|hosts?|upload)|stay (in|inside|within) (the )?cluster"
                + "|(logs|data|backups|dumps) (stay|remain) (in|inside|within)"
                // "nothing is sent outside the cluster", "no data goes off-cluster", "nothing leaves the cluster"
                + "|(nothing|no data|no \\S+) (is |gets |may be |should be )?(sent|copied|uploaded|shipped|goes|leaves) (\\S+ )?(outside|off[- ]cluster|out of)"
                + "|(nothing|no data) leaves|(nothing|no data) (may|must|can|should|will) (ever )?leave");
        forbid(Intent.SCALE_DOWN, "(do not|don't|never|without) (scal(e|ing) down|reduc(e|ing) (the )?replicas)|\\bleave the replica count\\b"
                + "|(do not|don't|never|without) (change|changing|touch|touching|alter) (the )?(replica|replicas|replica counts?|scale)");
        forbid(Intent.SCALE_UP, "(do not|don't|never|without) (change|changing|touch|touching|alter) (the )?(replica|replicas|replica counts?|scale)"
                + "|\\bleave the replica count\\b");
        String resourcesUntouched = "(do not|don't|never|without|not) (change|changing|touch|touching|alter|altering|edit|editing|modify|modifying|set|setting)"
                + " (\\S+ ){0,2}(requests|limits|resources)|(requests|limits|resources) (and \\S+ )?(stays?|remains?) (exactly |just )?(as|the same|unchanged|untouched)";
        forbid(Intent.RESOURCES_UP, resourcesUntouched);
        forbid(Intent.RESOURCES_DOWN, resourcesUntouched);
        forbid(Intent.SUSPEND, "(keep|must keep|leave) (\\S+ ){0,3}(running|enabled|active|scheduled)");

        kinds("deployments?", "deployments");
        kinds("statefulsets?|databases?|postgres(ql)?|mysql|mariadb|mongo(db)?|kafka|zookeeper|elasticsearch|cassandra", "statefulsets",
                "deployments", "services", "persistentvolumeclaims");
        kinds("redis|memcached|cache", "deployments", "statefulsets", "services");
        kinds("daemonsets?|every node|each node|log shipp|log collect|logging agent|fluent|node agent", "daemonsets", "configmaps");
        kinds("cron ?jobs?|cron|schedul|nightly|hourly|weekly|backups?|back up|report", "cronjobs", "jobs");
        kinds("\\bjobs?\\b|batch|reprocess|one-off|migration job|run once", "jobs", "cronjobs");
        kinds("\\bpods?\\b", "pods");
        kinds("\\bworkloads?\\b", "deployments", "statefulsets", "daemonsets", "replicasets", "jobs", "cronjobs", "pods");
        kinds("kubectl", "serviceaccounts", "roles", "rolebindings");
        kinds("ingress|public|expose|domain|website|site|url|host ?name|https", "ingresses", "services", "certificates");
        kinds("load ?balancer|node ?port|\\bservices?\\b|endpoint", "services");
        kinds("certificates?|\\bcerts?\\b|tls|ssl|issuer", "certificates", "secrets", "ingresses", "issuers", "clusterissuers");
        kinds("secrets?|credentials?|api keys?|passwords?|tokens?", "secrets");
        kinds("config ?maps?|config|configuration|settings|feature flags?|properties|retention|log level|verbosity", "configmaps");
        kinds("pvcs?|volumes?|storage|disk|persistent", "persistentvolumeclaims");
        kinds("autoscal|hpa|scale automatically|lag|queue depth", "horizontalpodautoscalers");
        kinds("pdbs?|disruption|drain|highly available|high availability|availability", "poddisruptionbudgets");
        kinds("network ?polic|firewall|isolat|lock down|egress|allow traffic|deny traffic|zero[- ]trust|segment", "networkpolicies");
        kinds("monitor|prometheus|scrap|metrics|observab", "servicemonitors", "podmonitors", "prometheusrules", "services");
        kinds("alert", "prometheusrules");
        kinds("dashboard|grafana", "configmaps", "grafanadashboards");
        kinds("rbac|\\broles?\\b|permission|access", "roles", "rolebindings", "serviceaccounts");
        kinds("service ?accounts?", "serviceaccounts", "rolebindings");
        kinds("gpus?|inference|training|model|nvidia|cuda", "deployments", "jobs", "statefulsets");
        kinds("replicas?|scale|capacity|instances", "deployments", "statefulsets", "horizontalpodautoscalers", "replicasets");
        kinds("consumers?|workers?|processors?", "deployments", "statefulsets", "horizontalpodautoscalers");
        kinds("canary|rollout|roll out|traffic split|shift traffic|promote", "deployments", "services", "ingresses", "virtualservices",
                "rollouts", "httproutes");
        kinds("istio|service mesh|\\bmesh\\b|sidecars?|egress gateway|ingress gateway|mtls", "serviceentries", "sidecars", "gateways",
                "virtualservices", "destinationrules", "peerauthentications", "authorizationpolicies");
        kinds("anti-?affinity|topology|spread|zones?|placement|preempt", "priorityclasses");
        kinds("readiness gates?|pod conditions?", "roles", "rolebindings", "serviceaccounts");
        kinds("quota", "resourcequotas");
        // "onboard team Lumen into the new namespace: caps agreed with FinOps …": a tenant's namespace gets its quota, default
        // limits, role bindings and policies (https://kubernetes.io/docs/concepts/security/multi-tenancy/)
        kinds("\\bcaps?\\b|onboard|new namespace|tenant", "resourcequotas", "limitranges", "rolebindings", "networkpolicies");
        kinds("limit ?range", "limitranges");
        kinds("requests|limits|cpu|memory|resources|right-?siz", "deployments", "statefulsets", "daemonsets", "cronjobs",
                "verticalpodautoscalers");
        kinds("staging|copy|clone|environment", "deployments", "services", "configmaps", "secrets", "ingresses", "statefulsets",
                "persistentvolumeclaims", "serviceaccounts");
    }

    /** Nouns after which a word names an object: "the checkout deployment", "the orders-api workload". */
    static final Set<String> KIND_NOUNS = words("deployment", "service", "job", "cronjob", "pvc", "secret", "configmap", "ingress",
            "statefulset", "daemonset", "database", "cache", "api", "app", "application", "workload", "pod", "certificate", "cert",
            "dashboard", "consumer", "worker", "queue", "topic", "server", "frontend", "backend", "site", "docs", "cluster", "instance",
            "container", "image", "volume", "claim", "bucket", "policy", "role", "account", "serviceaccount", "endpoint", "gateway",
            "controller", "operator", "exporter", "agent", "daemon", "proxy", "pipeline", "runner", "report", "stack", "broker",
            "replica", "namespace", "hpa", "pdb", "autoscaler", "cronjob", "batch", "model", "store", "key", "token", "issuer");
    /** Kubernetes kinds as words: "add a HorizontalPodAutoscaler" names the kind, not an object. */
    static final Set<String> KIND_WORDS = words("horizontalpodautoscaler", "poddisruptionbudget", "networkpolicy", "servicemonitor",
            "podmonitor", "prometheusrule", "statefulset", "daemonset", "replicaset", "cronjob", "configmap", "serviceaccount",
            "rolebinding", "clusterrole", "clusterrolebinding", "persistentvolumeclaim", "ingress", "deployment", "certificate",
            "clusterissuer", "issuer", "secret", "pvc", "hpa", "pdb", "networkpolicie", "alertmanagerconfig", "virtualservice",
            "httproute", "gateway", "namespace", "job", "pod", "service", "volume", "role");
    /** Products that name what an agent works on even without a kind noun. */
    static final Set<String> PRODUCTS = words("redis", "postgres", "postgresql", "mysql", "mariadb", "mongo", "mongodb", "kafka",
            "zookeeper", "rabbitmq", "nats", "memcached", "elasticsearch", "opensearch", "kibana", "prometheus", "grafana", "loki",
            "tempo", "jaeger", "fluent", "fluentd", "fluentbit", "vector", "nginx", "traefik", "envoy", "istio", "linkerd", "vault",
            "minio", "jenkins", "gitlab", "argo", "argocd", "keycloak", "sendgrid", "stripe", "triton", "llama", "pytorch", "spark",
            "airflow", "clickhouse", "cassandra", "etcd", "coredns", "harbor", "sonarqube", "pgbouncer", "alertmanager", "thanos");
    static final Set<String> ARTICLES = words("the", "a", "an", "its", "our", "their", "this", "that", "each", "every", "all", "both");
    static final Set<String> VERBS = words("scale", "deploy", "create", "delete", "add", "upgrade", "rotate", "expose", "restart",
            "suspend", "move", "migrate", "decommission", "remove", "retire", "install", "update", "patch", "resize", "rename", "copy",
            "clone", "back", "backup", "monitor", "schedule", "run", "launch", "provision", "replace", "tune", "right-size", "rightsize",
            "drain", "pause", "resume", "reprocess", "shrink", "grow", "protect", "harden", "secure", "isolate", "reschedule", "stage",
            "mirror", "bump", "promote", "canary", "uninstall", "configure", "reconfigure", "switch", "point", "ship", "set");

    /** Words that never name an object on their own: English glue, Kubernetes nouns, verbs of intent. */
    static final Set<String> COMMON = words(
            "the", "a", "an", "and", "or", "but", "for", "to", "of", "in", "on", "at", "by", "with", "from", "into",
            "onto", "its", "it", "them", "they", "their", "this", "that", "these", "those", "is", "are", "be", "been",
            "was", "were", "will", "should", "must", "may", "can", "could", "would", "not", "no", "nothing", "only",
            "all", "any", "each", "every", "more", "less", "fewer", "new", "old", "existing", "current", "other",
            "same", "than", "then", "so", "as", "up", "down", "out", "off", "over", "under", "via", "per", "also",
            "too", "both", "keep", "make", "sure", "ensure", "without", "while", "during", "after", "before", "when",
            "where", "which", "who", "what", "how", "our", "your", "we", "you", "us", "there", "here", "do", "does",
            "don", "t", "s", "has", "have", "had", "get", "set", "use", "using", "used", "one", "two", "three", "four",
            "five", "six", "seven", "eight", "nine", "ten", "twelve", "deployment", "deployments", "service",
            "services", "pod", "pods", "job", "jobs", "cronjob", "cronjobs", "cron", "namespace", "namespaces",
            "cluster", "replica", "replicas", "container", "containers", "image", "images", "version", "versions",
            "app", "apps", "application", "applications", "api", "server", "servers", "resource", "resources",
            "object", "objects", "config", "configmap", "configmaps", "secret", "secrets", "ingress", "ingresses",
            "volume", "volumes", "node", "nodes", "workload", "workloads", "traffic", "instance", "instances", "scale",
            "scaling", "add", "create", "deploy", "remove", "delete", "update", "upgrade", "rotate", "move", "run",
            "runs", "running", "schedule", "clean", "cleanup", "setup", "expose", "public", "internal", "nightly",
            "daily", "hourly", "weekly", "am", "pm", "utc", "minutes", "hours", "hour", "day", "days", "week",
            "requests", "limits", "cpu", "memory", "gpu", "gpus", "storage", "data", "access", "team", "teams", "task",
            "goal", "mission", "agent", "k8s", "kubernetes", "yaml", "manifest", "manifests", "like", "need", "needs",
            "want", "please", "now", "today", "tonight", "until", "just", "least", "most", "much", "many", "some",
            "high", "low", "lower", "higher", "reduce", "increase", "tls", "https", "http", "certificate",
            "certificates", "cert", "certs", "downtime", "zero", "rollout", "roll", "env", "environment", "settings",
            "monitoring", "backup", "backups", "policy", "policies", "rule", "rules", "role", "roles", "account",
            "accounts", "key", "keys", "legacy", "expiring", "leftover", "stale", "unused");

    /** A set of words; a word listed twice is harmless (Set.of would refuse it at class load). */
    private static Set<String> words(String... words) {
        return Set.copyOf(new java.util.LinkedHashSet<>(List.of(words)));
    }

    private static void intent(Intent intent, String regex) {
        INTENTS.put(intent, Pattern.compile(regex));
    }

    private static void forbid(Intent intent, String regex) {
        FORBIDDING.put(intent, Pattern.compile(regex));
    }

    private static void kinds(String regex, String... kinds) {
        KINDS.put(Pattern.compile(regex), List.of(kinds));
    }
}
