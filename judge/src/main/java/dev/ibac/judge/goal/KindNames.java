package dev.ibac.judge.goal;

import dev.ibac.action.ResourceId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kind a goal gives an object it names, from the words beside the name: "the catalog-web
 * Ingress", "Secret rabbitmq-keda", "a KafkaTopic orders-events". Kinds are the plain Kubernetes
 * words engineers write ("Service", "PVC", "HPA") or a CamelCase kind name ("ExternalSecret"),
 * which is taken as the kind of that name: resources are the kind in lower case and plural.
 */
final class KindNames {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]|[A-Za-z]");
    /** Words that may stand between a name and its kind: "the old catalog-web Ingress", "its existing Secret x". */
    private static final Set<String> FILLERS = Set.of("the", "a", "an", "old", "existing", "new", "its", "their", "our", "current");
    private static final Pattern CAMEL_KIND = Pattern.compile("[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+|[A-Z]{2,}[a-z]+[A-Za-z]*");
    /** CamelCase words that are products or Service types, not kinds. */
    private static final Set<String> NOT_KINDS = Set.of("loadbalancer", "nodeport", "clusterip", "externalname", "postgresql", "mysql",
            "mongodb", "mariadb", "gitlab", "github", "rabbitmq", "minio", "opensearch", "elasticsearch", "javascript", "typescript",
            "nodejs", "opentelemetry", "pagerduty", "dockerhub", "argocd", "fluxcd", "cloudflare", "clickhouse", "cockroachdb",
            "influxdb", "timescaledb", "dynamodb", "bigquery", "openai", "letsencrypt", "fluentbit", "fluentd", "keycloak", "sonarqube");
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("deployment", "deployments"), Map.entry("statefulset", "statefulsets"), Map.entry("daemonset", "daemonsets"),
            Map.entry("cronjob", "cronjobs"), Map.entry("job", "jobs"), Map.entry("pod", "pods"), Map.entry("service", "services"),
            Map.entry("svc", "services"), Map.entry("ingress", "ingresses"), Map.entry("configmap", "configmaps"),
            Map.entry("secret", "secrets"), Map.entry("pvc", "persistentvolumeclaims"), Map.entry("volume", "persistentvolumeclaims"),
            Map.entry("hpa", "horizontalpodautoscalers"), Map.entry("autoscaler", "horizontalpodautoscalers"),
            Map.entry("pdb", "poddisruptionbudgets"), Map.entry("serviceaccount", "serviceaccounts"), Map.entry("role", "roles"),
            Map.entry("rolebinding", "rolebindings"), Map.entry("clusterrole", "clusterroles"), Map.entry("namespace", "namespaces"),
            Map.entry("certificate", "certificates"), Map.entry("issuer", "issuers"), Map.entry("gateway", "gateways"),
            Map.entry("networkpolicy", "networkpolicies"), Map.entry("topic", "kafkatopics"));

    private KindNames() {}

    /** Full names (lower case) → the resources the text gives them, for names written beside a kind. */
    static Map<String, Set<String>> of(String text) {
        List<MatchResult> tokens = TOKEN.matcher(text).results().toList();
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            String name = tokens.get(i).group();
            if (!fullName(name) && !backticked(text, tokens.get(i))) {
                continue;
            }
            Set<String> kinds = new LinkedHashSet<>();
            kind(neighbour(text, tokens, i, -1), kinds);
            kind(neighbour(text, tokens, i, 1), kinds);
            if (!kinds.isEmpty()) {
                out.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new LinkedHashSet<>()).addAll(kinds);
            }
        }
        Matcher bracketed = BRACKETED.matcher(text);
        while (bracketed.find()) {
            String kind = WORDS.get(bracketed.group(1).toLowerCase(Locale.ROOT));
            if (kind != null) {
                out.computeIfAbsent(bracketed.group(2), n -> new LinkedHashSet<>()).add(kind);
            }
        }
        return out;
    }

    /** "(statefulset zk)", "(Deployment api)": a short name in parentheses right after its kind. */
    private static final Pattern BRACKETED = Pattern.compile("\\((?:the )?([A-Za-z]+) ([a-z][a-z0-9]{1,11})\\)");

    /** True when the text names a kind the way engineers write one ("its ConfigMap", "the PVC"). */
    static boolean namesKind(String text) {
        Set<String> kinds = new LinkedHashSet<>();
        TOKEN.matcher(text).results().forEach(t -> kind(t.group(), kinds));
        return !kinds.isEmpty();
    }

    /** Words before a singular kind that make it one not yet named: "a CronJob that …", "one new Deployment". */
    private static final Set<String> INDEFINITE = Set.of("a", "an", "new", "one", "another", "each", "every", "any");
    private static final Set<String> ARTICLES = Set.of("a", "an", "one", "another");

    /**
     * The resources the text speaks of as a set or as new objects, which it need not name one by one:
     * "its Deployments", "all CronJobs", "a CronJob running at 02:30", "via CronJobs running kubectl". A
     * singular kind after "the" ("point the deployment at it") is one object the text names elsewhere.
     */
    static Set<String> unnamed(String text) {
        List<String> tokens = TOKEN.matcher(text.toLowerCase(Locale.ROOT)).results().map(MatchResult::group).toList();
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            int start = i;
            String word = tokens.get(i);
            if (i + 1 < tokens.size() && TWO_WORD_KINDS.contains(word + tokens.get(i + 1))) {
                word += tokens.get(++i);
            }
            boolean plural = word.endsWith("s") && !word.endsWith("ss") && WORDS.containsKey(word.substring(0, word.length() - 1));
            String singular = plural ? word.substring(0, word.length() - 1) : word;
            // "a separate Ingress", "a dedicated ServiceAccount": one word may stand between the article and the kind
            boolean indefinite = start > 0 && INDEFINITE.contains(tokens.get(start - 1))
                    || start > 1 && ARTICLES.contains(tokens.get(start - 2)) && !WORDS.containsKey(tokens.get(start - 1))
                    && !fullName(tokens.get(start - 1));
            // "a Deployment `triton-recsys`" names the new object: it is not one the text leaves unnamed
            boolean namedNext = i + 1 < tokens.size() && fullName(tokens.get(i + 1));
            if (WORDS.containsKey(singular) && (plural || indefinite && !namedNext)) {
                out.add(WORDS.get(singular));
            } else if (word.equals("workloads") || word.equals("workload") && start > 0 && EVERY.contains(tokens.get(start - 1))) {
                out.addAll(List.of("deployments", "statefulsets", "daemonsets", "cronjobs", "jobs"));
            }
        }
        return out;
    }

    /** "switch every workload in payments-gw": a set, as "workloads" is. */
    private static final Set<String> EVERY = Set.of("every", "each", "any");

    /** Kinds engineers also write as two words: "cron jobs", "config maps", "service accounts". */
    private static final Set<String> TWO_WORD_KINDS = Set.of("cronjob", "cronjobs", "configmap", "configmaps", "serviceaccount",
            "serviceaccounts", "statefulset", "statefulsets", "daemonset", "daemonsets");

    /** "the HPA `thumbnailer`": backticks make a single word a name. */
    private static boolean backticked(String text, MatchResult token) {
        return token.start() > 0 && token.end() < text.length() && text.charAt(token.start() - 1) == '`' && text.charAt(token.end()) == '`'
                && token.group().chars().anyMatch(Character::isLetter);
    }

    private static boolean fullName(String token) {
        return (token.contains("-") || token.contains("_") || token.contains(".")) && token.chars().anyMatch(Character::isLetter)
                && !Character.isDigit(token.charAt(0));
    }

    /** Marks that quote a name ("the `opensearch-data` StatefulSet", "the 'billing-api' Deployment") without parting it from its kind. */
    private static final Pattern QUOTES = Pattern.compile("[`'\"*]");

    /**
     * The nearest word in {@code step}'s direction past fillers, or "" — only across blanks: "orders-api
     * (ServiceMonitor, …)" gives orders-api no kind.
     */
    private static String neighbour(String text, List<MatchResult> tokens, int at, int step) {
        for (int j = at + step; j >= 0 && j < tokens.size() && Math.abs(j - at) <= 3; j += step) {
            MatchResult left = tokens.get(Math.min(j, j - step));
            MatchResult right = tokens.get(Math.max(j, j - step));
            if (!QUOTES.matcher(text.substring(left.end(), right.start())).replaceAll("").isBlank()) {
                return "";
            }
            String word = tokens.get(j).group();
            if (!FILLERS.contains(word.toLowerCase(Locale.ROOT))) {
                return word;
            }
        }
        return "";
    }

    /**
     * Only a capitalised word is a kind: "the legacy-reports service" is an application, "Service
     * legacy-reports" the object.
     */
    private static void kind(String word, Set<String> kinds) {
        if (word.isEmpty() || !Character.isUpperCase(word.charAt(0))) {
            return;
        }
        String lower = word.toLowerCase(Locale.ROOT);
        String singular = lower.endsWith("s") && !lower.endsWith("ss") ? lower.substring(0, lower.length() - 1) : lower;
        String known = WORDS.get(singular);
        if (known != null) {
            kinds.add(known);
        } else if (CAMEL_KIND.matcher(word).matches() && !NOT_KINDS.contains(lower)) {
            kinds.add(ResourceId.pluralOf(lower));
        }
    }
}
