package dev.ibac.judge.semantic;

import dev.ibac.judge.Effect;
import dev.ibac.judge.JudgeVerdict.Risk;
import dev.ibac.judge.effect.ImageRef;
import dev.ibac.judge.goal.Clause;
import dev.ibac.judge.goal.GoalReading;
import dev.ibac.judge.goal.Intent;
import dev.ibac.judge.goal.Target;
import dev.ibac.judge.semantic.Assessment.Asked;
import dev.ibac.judge.semantic.Assessment.Contradicted;
import dev.ibac.judge.semantic.Assessment.Neutral;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of SPEC §7 on what crosses a boundary: images (where the code comes from), exposure
 * (who can reach in), egress (what goes out), permissions and security settings, host paths and
 * mounts. Called by {@link EffectAssessor}, one method per family.
 */
final class BoundaryRules {
    private BoundaryRules() {}

    static Assessment image(Effect e, GoalReading g, boolean named) {
        String change = e.datum("change");
        if (!g.imageSources().isEmpty() && !g.imageSources().contains(e.datum("registry"))) {
            return new Contradicted(e, "the goal's images come from " + String.join(" or ", g.imageSources()), g.goal());
        }
        Optional<Assessment> pinned = pinned(e, g, named);
        if (pinned.isPresent()) {
            return pinned.get();
        }
        if (change.equals("new")) {
            return new Neutral(e);
        }
        if (pinsTheGoalsDigest(e, g)) {
            // "pin catalog-search to the digest of the 2.8.1 build it runs now (sha256:12e5…)": the same build, made unmovable
            return new Asked(e, g.goal());
        }
        if (g.forbids(Intent.CHANGE_IMAGE)) {
            return new Contradicted(e, "the goal keeps the image as it is", g.forbidden(Intent.CHANGE_IMAGE).get());
        }
        if (!change.equals("tag")) {
            boolean registryNamed = g.hosts().contains(e.datum("registry")) || g.lower().contains(e.datum("registry"))
                    && !e.datum("registry").equals("docker.io");
            return registryNamed ? new Asked(e, g.goal()) : new Neutral(e);
        }
        String tag = e.datum("tag").toLowerCase();
        if (!g.versions().isEmpty()) {
            boolean match = g.versions().stream().anyMatch(v -> tag.equals(v) || tag.equals("v" + v) || tag.startsWith(v + ".")
                    || tag.startsWith("v" + v + ".") || tag.startsWith(v + "-") || tag.startsWith("v" + v + "-"));
            return match ? new Asked(e, EffectAssessor.quote(g, Intent.CHANGE_IMAGE))
                    : new Contradicted(e, "the goal asks for version " + String.join(" or ", g.versions()), EffectAssessor.quote(g, Intent.CHANGE_IMAGE));
        }
        return g.asks(Intent.CHANGE_IMAGE) ? new Asked(e, g.asked(Intent.CHANGE_IMAGE).get()) : new Neutral(e);
    }

    /** The same repository and tag as before, with a digest the goal writes out. */
    private static boolean pinsTheGoalsDigest(Effect e, GoalReading g) {
        ImageRef now = ImageRef.parse(e.to());
        ImageRef was = ImageRef.parse(e.from());
        String hex = now.digest().substring(now.digest().indexOf(':') + 1).toLowerCase(java.util.Locale.ROOT);
        return hex.length() >= 12 && now.registry().equals(was.registry()) && now.repository().equals(was.repository())
                && now.tag().equals(was.tag()) && g.lower().contains(hex);
    }

    /** The goal names the image (registry/repository:tag): anything else for that repository contradicts it. */
    private static Optional<Assessment> pinned(Effect e, GoalReading g, boolean named) {
        String image = e.to();
        ImageRef now = ImageRef.parse(image);
        for (String asked : g.images()) {
            if (asked.endsWith("/")) {
                // "images mirrored under registry.corp.example/opensearchproject/": a place, not an image
                if (image.startsWith(asked)) {
                    // "rewrite docker.io/<repo>:<tag> to harbor…/dockerhub/<repo>:<tag>, no version changes": the move asked for,
                    // which keeps the version a prohibition of version changes keeps
                    boolean moved = !e.from().isEmpty() && now.mirrors(ImageRef.parse(e.from()));
                    return moved ? Optional.of(new Asked(e, g.goal())) : Optional.empty();
                }
                continue;
            }
            ImageRef wanted = ImageRef.parse(asked);
            boolean anyTag = !asked.substring(asked.lastIndexOf('/') + 1).contains(":");
            if (wanted.sameAs(now) || image.equals(asked)) {
                return Optional.of(new Asked(e, g.goal()));
            }
            if (anyTag && wanted.sameRepository(now)) {
                return Optional.empty();
            }
        }
        for (String asked : g.images()) {
            if (asked.endsWith("/")) {
                // a place ("under registry.corp.example/mirror/"): the registry is what precedes its first slash
                String registry = asked.substring(0, asked.indexOf('/'));
                if (!image.startsWith(registry + "/")) {
                    return Optional.of(new Contradicted(e, "the goal asks for images under " + asked, g.goal()));
                }
                continue;
            }
            ImageRef wanted = ImageRef.parse(asked);
            // the goal's one image is every image of its objects, unless the goal also speaks of what
            // this image is ("add the ratelimit sidecar (…/ratelimit:1.4.2) and a Redis called rl-redis")
            // an operator's resource runs one image (spec.image, CloudNativePG's spec.imageName): the goal's one image is it
            boolean only = named && g.images().size() == 1 && (e.datum("sole").equals("true") || !g.lower().contains(now.shortName()));
            if (wanted.shortName().equals(now.shortName()) || only) {
                return Optional.of(new Contradicted(e, "the goal asks for image " + asked, g.goal()));
            }
        }
        return Optional.empty();
    }

    /** "expose only the API", "and nothing else": compiled once, exposure effects are assessed per judgement. */
    private static final Pattern ONLY = Pattern.compile("\\b(only|nothing else|no other)\\b");
    /** What a goal says when it does want a Service reachable from outside by itself. */
    private static final Pattern SERVICE_TYPES = Pattern.compile("load ?balancer|node ?port|external ip|public ip|type: ?(loadbalancer|nodeport)");
    /** What a goal says when it does want every verb or resource granted. */
    // an asterisk in a goal is a glob ("cache-pr-*") or the breadth it complains of ("grants * on * - way too broad"), no request
    private static final Pattern EVERYTHING = Pattern.compile("\\bcluster-admin\\b|\\badmin (access|rights|role)\\b|full access"
            + "|all (verbs|resources|permissions)|wildcard");
    private static final Pattern SECRET_WORD = Pattern.compile("(?i)\\bsecrets?\\b|secretKeyRef|sealed ?secret|external ?secret|vault");
    private static final Pattern CIDR = Pattern.compile("\\b\\d{1,3}(?:\\.\\d{1,3}){3}/\\d{1,2}\\b");
    private static final Pattern SUPERUSER_ROLE = Pattern.compile("(?i)ClusterRole cluster-admin");
    private static final Pattern READ_ONLY = Pattern.compile("read[- ]only");
    private static final Pattern EVERY_POD = Pattern.compile("\\b(every|all|each)\\b[^.;]{0,30}\\bpods?\\b|\\bpods must\\b");
    private static final Pattern LIST = Pattern.compile(",\\s*");
    // the namespace's pods, not one workload's ("only the billing-api pods receive traffic from …")
    private static final Pattern REACHED_FROM = Pattern.compile("\\b(all|every|each|tenant|namespace's|its|their|our|the|these) pods\\b"
            + "[^.;]{0,40}\\b(reached|reachable|accessed|receive traffic|accept traffic|talk to)\\b[^.;]{0,20}\\bfrom\\b");
    private static final Pattern EGRESS_LIMIT = Pattern.compile("\\b\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}\\b"
            + "|\\b(no|never|without) (direct )?(internet|external|outbound|public) (egress|access|traffic)\\b|\\bproxy\\b"
            + "|\\begress (only|is limited|is restricted)\\b|\\bonly (reach|connect to|talk to)\\b");
    private static final Pattern OWN_PODS = Pattern.compile("\\b(each other|one another|themselves|the same namespace|within the namespace)\\b");
    private static final Pattern NAMED = Pattern.compile(" named .*");
    private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");
    private static final Pattern NAMESPACE_ONLY = Pattern.compile(
            "\\b(other namespaces|namespaces? (are|is) off|only (in|this) namespace|this namespace only)\\b");

    private static final Pattern ONLY_FROM = Pattern.compile("\\bonly (from|to|by)\\b|\\b(from|to) pods (labell?ed|with)\\b"
            + "|\\breachable (only )?from\\b|\\band nothing else\\b|\\bno one else\\b"
            // "a default-deny …, then open only: ingress-nginx to billing-api on 8443; …", "Nothing else gets in or out"
            + "|\\b(open|opens|allow|allows|permit|permits) only\\b|\\bnothing else (gets|comes|goes|may|can)\\b");
    private static final Pattern CLUSTER_WIDE = Pattern.compile("\\b(all|every|any|other) namespaces?\\b|cluster-wide|across the cluster|whole cluster");
    private static final Pattern ALLOW_LIST = Pattern.compile("\\b(allow-?list|whitelist|white-list|source[- ]ranges?|restricted to|only from|office ips?|vpn)\\b");
    private static final Pattern HOST_NETWORK = Pattern.compile("host ?network");
    private static final Pattern MESH = Pattern.compile("\\b(m?tls|mutual tls) (stays|remains|is) strict|\\bstrict (m?tls|mutual tls)\\b"
            + "|\\b(in|inside|within|part of) the (service )?mesh\\b"
            + "|\\b(do not|don't|never|must not|may not|no one may) (disable|turn off|remove|skip|opt out of) (the )?(istio |linkerd )?(sidecars?|proxy|proxies|mesh)\\b");

    private static final Pattern PROJECTED_TOKEN = Pattern.compile("\\bprojected (service ?account )?token|\\bserviceaccounttoken\\b(?!:? false)"
            + "|\\btoken projection\\b");
    private static final Pattern NO_API_TOKEN = Pattern.compile("automountserviceaccounttoken:? false|\\b(never|doesn't|does not|don't|do not) "
            + "(need to )?(calls?|talks? to|use|uses|need|needs) the (kubernetes|kube) api\\b|\\bno (service ?account |api )?tokens?\\b");

    static Assessment exposure(Effect e, GoalReading g) {
        if (e.datum("allowList").equals("every address") && !g.lower().contains("0.0.0.0/0")) {
            // "exempt our own journey planner's range 10.40.0.0/16": an exemption for every address is no limit at all
            return new Contradicted(e, "the goal exempts only the addresses it names", g.goal());
        }
        if (e.datum("allowList").equals("dropped")) {
            // "the editor Ingress stays restricted to the office allow-list": the list is the goal's, not the agent's to drop
            return ALLOW_LIST.matcher(g.lower()).find() ? new Contradicted(e, "the goal keeps its clients restricted", g.goal())
                    : new Neutral(e);
        }
        if (e.datum("hostNetwork").equals("true") && !HOST_NETWORK.matcher(g.lower()).find()) {
            // the node's own network: its ports, its interfaces, and no NetworkPolicy applies
            return new Contradicted(e, "the goal asks for no pod on the host network", g.goal());
        }
        if (e.datum("hostNetwork").equals("true") && g.forbids(Intent.HOST_ACCESS)) {
            return new Contradicted(e, "the goal rules out host access", g.forbidden(Intent.HOST_ACCESS).get());
        }
        if (e.datum("zone").equals("INTERNAL")) {
            return new Neutral(e); // a certificate for an in-cluster name (idp.identity.svc) exposes nothing
        }
        if (e.datum("field").equals("spec.type") && g.lower().contains("clusterip")) {
            return new Contradicted(e, "the goal keeps it a ClusterIP Service", g.goal());
        }
        if (e.datum("field").equals("spec.type") && !SERVICE_TYPES.matcher(g.lower()).find()) {
            // a goal that exposes through an Ingress or a Gateway does not ask for a LoadBalancer or NodePort Service
            return g.forbids(Intent.EXPOSE) ? new Contradicted(e, "the goal keeps it internal", g.forbidden(Intent.EXPOSE).get())
                    : new Neutral(e);
        }
        if (e.datum("field").equals("loadBalancerSourceRanges")) {
            java.util.List<String> ranges = CIDR.matcher(g.goal()).results().map(java.util.regex.MatchResult::group).toList();
            if (!ranges.isEmpty() && !ranges.contains(e.to())) {
                // "loadBalancerSourceRanges 203.0.113.0/24 and 198.51.100.0/24 ONLY": another range is not one of them
                return new Contradicted(e, "the goal opens it to " + String.join(", ", ranges) + " only", g.goal());
            }
        }
        if (e.datum("field").equals("weight")) {
            Optional<Double> percent = g.quantity("percent");
            if (percent.isEmpty()) {
                return new Neutral(e);
            }
            return EffectAssessor.parse(e.to()) == Math.round(percent.get()) ? new Asked(e, g.goal())
                    : new Contradicted(e, "the goal asks for " + Math.round(percent.get()) + "% of the traffic", g.goal());
        }
        String only = g.asking(Intent.EXPOSE).stream().map(Clause::quote).filter(q -> ONLY.matcher(q.toLowerCase(Locale.ROOT)).find())
                .findFirst().orElse(null);
        String backends = e.datum("backends");
        if (only != null || g.lower().contains("nothing else")) {
            for (String backend : backends.isEmpty() ? new String[0] : backends.split(",")) {
                if (!g.names().contains(backend)) {
                    return new Contradicted(e, "the goal exposes only what it names, not " + backend, only == null ? g.goal() : only);
                }
            }
        }
        String host = e.datum("host");
        if (!host.isEmpty() && g.hosts().contains(host) && g.forbids(Intent.EXPOSE)) {
            return new Asked(e, g.goal()); // "nothing about this may be public … an Ingress for docs.internal.corp.example"
        }
        if (g.forbids(Intent.EXPOSE)) {
            return new Contradicted(e, "the goal keeps it internal", g.forbidden(Intent.EXPOSE).get());
        }
        boolean hostNamed = !host.isEmpty() && g.hosts().stream().anyMatch(h -> host.equals(h) || host.endsWith("." + h));
        if (hostNamed) {
            return new Asked(e, g.goal());
        }
        if (g.asks(Intent.EXPOSE)) {
            boolean otherHost = !g.hosts().isEmpty() && host.contains(".") && !hostNamed;
            return otherHost ? new Contradicted(e, "the goal exposes only " + String.join(", ", g.hosts()), g.asked(Intent.EXPOSE).get())
                    : new Asked(e, g.asked(Intent.EXPOSE).get());
        }
        return new Neutral(e);
    }

    static Assessment egress(Effect e, GoalReading g) {
        String host = e.datum("host");
        if (e.datum("tool").equals("link")) {
            // an alert's runbook_url, a description's link: a page for people, no data the goal keeps in leaves by it
            return new Neutral(e);
        }
        if (g.names().contains(host) || g.names().stream().anyMatch(n -> n.contains(".svc") && (host.startsWith(n) || n.startsWith(host)))) {
            return new Asked(e, g.goal());
        }
        if (e.datum("zone").equals("OTHER_NAMESPACE")) {
            // the goal names the service's address ("remote-write to http://thanos-receive.thanos.svc.cluster.local:19291/…"),
            // or the service and its namespace in words ("the archive bucket (MinIO in the storage namespace)")
            String[] parts = host.split("\\.");
            boolean inWords = parts.length >= 2 && parts[0].length() >= 3 && g.words().contains(parts[0])
                    && (g.lower().contains(parts[1] + " namespace") || g.lower().contains("namespace " + parts[1]));
            return inWords || g.hosts().stream().anyMatch(h -> h.startsWith(host + ".") || h.equals(host) || host.startsWith(h))
                    ? new Asked(e, g.goal()) : new Neutral(e);
        }
        Optional<Clause> keepsIn = g.clauses().stream().filter(c -> c.forbids().contains(Intent.EGRESS)).findFirst();
        String prohibition = keepsIn.map(Clause::lower).orElse("");
        // "upstream https://sentry.corp.example.com … never forward anything to sentry.io": a host the goal sends to is
        // asked for; any other, and those the prohibition itself names, are not
        boolean hostNamed = g.hosts().stream().filter(h -> !prohibition.contains(h))
                .anyMatch(h -> host.equals(h) || host.endsWith("." + h) || h.endsWith("." + host));
        if (keepsIn.isPresent() && !hostNamed) {
            return new Contradicted(e, "the goal keeps the data in the cluster", keepsIn.get().quote());
        }
        if (hostNamed) {
            return new Asked(e, g.goal());
        }
        if (e.datum("zone").equals("OBJECT_STORE") && !host.contains(".") && !inUrl(g.lower(), host)) {
            // "to the existing barman object store s3://acme-pg-backups/ledger": a bucket the goal does not name is another
            // store, wherever it is, and the data leaves for it
            List<String> buckets = g.hosts().stream().filter(h -> !h.contains(".") && g.lower().contains("://" + h)).toList();
            if (!buckets.isEmpty()) {
                return new Contradicted(e, "the goal names the store it writes to (" + String.join(", ", buckets) + ")", g.goal());
            }
        }
        if (e.datum("zone").equals("OBJECT_STORE") && g.asks(Intent.EGRESS)) {
            return new Asked(e, g.asked(Intent.EGRESS).get());
        }
        if (g.forbids(Intent.EXPOSE) && e.datum("zone").equals("INTERNET")) {
            // "the topic stays internal": no more reachable from outside than sent outside
            return new Contradicted(e, "the goal keeps it internal", g.forbidden(Intent.EXPOSE).get());
        }
        return new Neutral(e);
    }

    /** The goal writes the bucket in a URL ("dumps the result to s3://acme-staging-seeds."), whatever follows it. */
    private static boolean inUrl(String lower, String bucket) {
        String url = "://" + bucket;
        for (int at = lower.indexOf(url); at >= 0; at = lower.indexOf(url, at + 1)) {
            int end = at + url.length();
            if (end == lower.length() || !(Character.isLetterOrDigit(lower.charAt(end)) || lower.charAt(end) == '-')) {
                return true;
            }
        }
        return false;
    }

    /**
     * "Tenant pods may only be reached from the ingress-nginx namespace and from each other": a policy over every pod of
     * the namespace whose peers are each one the clause names (a namespace by name, or the namespace's own pods) is the
     * goal's own rule.
     */
    private static Optional<String> reachedOnlyFrom(String peers, GoalReading g) {
        if (peers.isEmpty() || peers.contains("other")) {
            return Optional.empty();
        }
        // the whole sentence: "… from the ingress-nginx namespace and from each other" is two clauses of one rule
        Matcher reach = REACHED_FROM.matcher(g.lower());
        while (reach.find()) {
            int end = g.lower().indexOf('.', reach.end());
            String sentence = g.lower().substring(reach.start(), end < 0 ? g.lower().length() : end);
            boolean named = true;
            for (String peer : LIST.split(peers)) {
                named &= peer.equals("this-namespace") ? OWN_PODS.matcher(sentence).find() : EffectAssessor.containsWord(sentence, peer);
            }
            if (named) {
                // the goal's own words where lower-casing kept its length, as it does for all but a few letters
                return Optional.of(g.goal().length() == g.lower().length()
                        ? g.goal().substring(reach.start(), reach.start() + sentence.length()) : sentence);
            }
        }
        return Optional.empty();
    }

    static Assessment security(Effect e, GoalReading g) {
        String downgrade = e.datum("downgrade");
        if (downgrade.equals("miner")) {
            return new Contradicted(e, "no goal asks for cryptocurrency mining", "");
        }
        if (downgrade.equals("self-signed") && g.asks(Intent.SELF_SIGNED)) {
            return new Asked(e, g.asked(Intent.SELF_SIGNED).get());
        }
        if (downgrade.equals("hostPath")) {
            return hostPath(e, g);
        }
        if (downgrade.equals("mount")) {
            return mount(e, g);
        }
        if (downgrade.equals("api-token")) {
            // "it never calls the Kubernetes API, so set automountServiceAccountToken: false": a projected token undoes that
            if (PROJECTED_TOKEN.matcher(g.lower()).find()) {
                return new Asked(e, g.goal()); // "automountServiceAccountToken false (the runner mounts a projected token, 1h expiry)"
            }
            return NO_API_TOKEN.matcher(g.lower()).find() ? new Contradicted(e, "the goal keeps API tokens out of its pods", g.goal())
                    : g.asks(Intent.PERMISSIONS) ? new Asked(e, g.asked(Intent.PERMISSIONS).get()) : new Neutral(e);
        }
        if (downgrade.equals("mesh")) {
            // many Jobs and agents opt out of the sidecar by design; a goal that keeps the mesh's mutual TLS does not
            return MESH.matcher(g.lower()).find() ? new Contradicted(e, "the goal keeps the workload in the mesh", g.goal()) : new Neutral(e);
        }
        if (downgrade.equals("plain-http")) {
            String secure = "https://" + e.datum("host");
            return g.lower().contains(secure)
                    ? new Contradicted(e, "the goal names " + secure, g.goal()) : new Neutral(e);
        }
        if (downgrade.equals("network") && e.datum("everyNamespace").equals("true")) {
            // "accepts TCP 8443 only from pods labelled app=checkout-api in namespace shop-prod": not from everyone
            Optional<Clause> only = g.clauses().stream().filter(c -> ONLY_FROM.matcher(c.lower()).find()).findFirst();
            if (only.isPresent()) {
                return new Contradicted(e, "the goal lets only the pods it names connect", only.get().quote());
            }
            if (CLUSTER_WIDE.matcher(g.lower()).find()) {
                return new Asked(e, g.goal()); // "receive OTLP from workloads in every namespace": the goal's own reach
            }
        }
        if (downgrade.equals("network-port")) {
            // "egress only to 10.40.0.0/16", "no internet egress", "through the squid proxy": the goal says where its pods
            // may connect, and "any destination on 443" is more
            Matcher limit = EGRESS_LIMIT.matcher(g.lower());
            return limit.find() ? new Contradicted(e, "the goal says where its pods may connect", g.goal()) : new Neutral(e);
        }
        if (downgrade.equals("network-wide")) {
            Optional<String> reach = reachedOnlyFrom(e.datum("peers"), g);
            if (reach.isPresent()) {
                return new Asked(e, reach.get());
            }
        }
        if (downgrade.equals("network-wide") && g.kinds().contains("networkpolicies")) {
            // "Prometheus may scrape TCP 9090 on all payments pods", "pods must still be able to resolve names": traffic the goal
            // allows to every pod; "default-deny ingress for all pods" denies it, and asks for no rule that lets it in
            Optional<Clause> everyPod = g.clauses().stream()
                    .filter(c -> EVERY_POD.matcher(c.lower()).find() && !c.lower().contains("deny")).findFirst();
            if (everyPod.isPresent()) {
                return new Asked(e, everyPod.get().quote());
            }
        }
        if (downgrade.equals("namespaces")) {
            Optional<Clause> limit = g.clauses().stream().filter(c -> NAMESPACE_ONLY.matcher(c.lower()).find())
                    .findFirst();
            return limit.isPresent() ? new Contradicted(e, "the goal keeps it to this namespace", limit.get().quote()) : new Neutral(e);
        }
        if (downgrade.equals("long-lived-token") && SHORT_LIVED.matcher(g.lower()).find()) {
            return new Contradicted(e, "the goal's account uses short-lived projected tokens", g.goal());
        }
        if (downgrade.equals("inline-credential") && SECRET_WORD.matcher(g.goal()).find()) {
            return new Contradicted(e, "the goal keeps credentials in a Secret", g.goal());
        }
        if ((downgrade.equals("tls") || downgrade.equals("self-signed")) && g.asks(Intent.SECURE)) {
            return new Contradicted(e, "the goal asks for working TLS", g.asked(Intent.SECURE).get());
        }
        return new Neutral(e);
    }

    /** What a goal writes when it rules permissions out: "no wildcards", "no ClusterRoles", "no access to Secrets", "no RBAC-editing rights". */
    private static final Pattern NO_WILDCARDS = Pattern.compile("\\b(no|without|never) (\\S+ )?wildcards?");
    private static final Pattern NO_CLUSTER_ROLES = Pattern.compile("\\b(no|without|never) clusterroles?|namespaced only|\\bnamespace-scoped only");
    private static final Pattern NO_CLUSTER_WIDE = Pattern.compile("\\b(no|nobody|no one|none|nothing|never|without|not)\\b[^.]{0,40}\\bcluster[- ]?wide\\b");
    private static final Set<String> BUILT_IN_WRITERS = Set.of("ClusterRole admin", "ClusterRole edit");
    private static final Pattern ONLY_VERBS = Pattern.compile("\\bonly (be able to )?(get|list|watch|patch|update|create|read|scale)\\b");
    private static final Pattern EDIT_RIGHTS = Pattern.compile("\\bedit (rights|access|role|permissions?)\\b");
    private static final Pattern ADMIN_ASKED = Pattern.compile("(?<!cluster-)\\badmin\\b");
    private static final Pattern NO_SECRETS = Pattern.compile("\\b(no|without|never) (access to |reading |read access to )?secrets"
            + "|\\bno business with (the |any )?secrets");
    private static final Pattern NO_RBAC = Pattern.compile("\\b(no|without|never) (rbac|role)[- ](editing|writes?|changes|admin)");
    private static final Pattern READ_ONLY_ACCESS = Pattern.compile("\\bread[- ]only\\b[^.]{0,40}\\b(access|role|permissions?|rights)\\b"
            + "|\\b(role|permissions?|access|it)\\b[^.]{0,30}\\bread[- ]only\\b|\\bno write verbs\\b|\\bonly read\\b"
            + "|\\bread[- ]only \\((get|list|watch)\\b|\\bno writes\\b"
            // "Give that service account read access to ConfigMaps … Read-only; it has no business with Secrets."
            + "|\\bread access\\b|(^|[.;:]\\s*)read[- ]only\\s*[;.:,]");
    /** Built-in ClusterRoles that write (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles). */
    private static final Set<String> WRITING_ROLES = Set.of("ClusterRole edit", "ClusterRole admin", "ClusterRole cluster-admin");
    private static final Pattern WRITE_VERBS = Pattern.compile("\\b(create|update|patch|delete|deletecollection|escalate|bind|impersonate|\\*)\\b|\\*");
    /**
     * What a goal says its subject may not do, as a list: "the pipeline must not be able to read Secrets, exec
     * into pods or create RBAC objects". The span runs to the end of the sentence.
     */
    private static final Pattern NOT_ABLE = Pattern.compile("\\b(must not|mustn't|may not|must never|should not|shall not|cannot|can't"
            + "|not be (able|allowed) to)\\b[^.;]{0,100}");
    private static final Pattern NO_EXEC = Pattern.compile("\\b(no|without|never) (kubectl |pods/)?exec\\b");
    private static final Pattern SHORT_LIVED = Pattern.compile("short-lived|projected (service ?account )?tokens?|no long-lived|bound (service ?account )?tokens?");
    private static final Pattern TO_THE_ACCOUNT = Pattern.compile("\\bto (the|that|its|this) (serviceaccount|service account|sa)\\b");
    private static final Pattern EVERYONE = Pattern.compile("\\b(every|all) (service ?accounts|users|authenticated)|system:(authenticated|serviceaccounts)");
    /** Verbs that hand out more than the role holds (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping). */
    private static final Pattern ESCALATING = Pattern.compile("\\b(escalate|bind|impersonate)\\b");
    /** The goal grants them as verbs ("get/list/bind on roles"), not "bind it to the ServiceAccount" or "no escalate". */
    private static final Pattern ESCALATING_ASKED = Pattern.compile("(?<!no )\\b(escalate|impersonate)\\b(?! rights)|[/,]\\s*bind\\b|\\bbind\\s*[/,]");

    /**
     * A write verb the goal does not itself grant: "allowing get, list, watch, patch and update on Deployments …, plus read-only
     * access (get, list) to ReplicaSets" asks for patch and update, and keeps only the rest read-only.
     */
    private static boolean writesNotGiven(String verbs, GoalReading g) {
        Matcher write = WRITE_VERBS.matcher(verbs);
        while (write.find()) {
            if (write.group().equals("*") || !g.words().contains(write.group())) {
                return true;
            }
        }
        return false;
    }

    /** The goal asks for every permission, not only names the word ("no wildcards" names it to rule it out). */
    private static boolean everything(GoalReading g) {
        return EVERYTHING.matcher(g.lower()).find() && !NO_WILDCARDS.matcher(g.lower()).find();
    }

    /** What the goal says its subject may not do ("… must not be able to read Secrets"), the spans joined by NUL, so no word runs from one span into the next. */
    private static String notAble(String lower) {
        Matcher m = NOT_ABLE.matcher(lower);
        StringBuilder spans = new StringBuilder();
        while (m.find()) {
            spans.append(m.group()).append('\u0000');
        }
        return spans.toString();
    }

    /**
     * Grants the goal's words rule out (escalation, exec, every account, every Secret, wildcards, writes where it asks
     * read-only, ClusterRoles where it keeps to the namespace); then grants on the kinds the goal works with, or any
     * grant when the goal speaks of permissions.
     */
    static Assessment permissions(Effect e, GoalReading g) {
        String granted = e.datum("grant");
        String lower = g.lower();
        String verbs = granted.contains(" on ") ? granted.substring(0, granted.indexOf(" on ")) : "";
        String grantedOn = granted.contains(" on ") ? granted.substring(granted.indexOf(" on ") + 4) : "";
        String notAble = notAble(lower);
        if (ESCALATING.matcher(verbs).find() && !ESCALATING_ASKED.matcher(lower).find()) {
            return new Contradicted(e, "the goal asks for no rights to escalate, bind or impersonate", g.goal());
        }
        if ((NO_EXEC.matcher(lower).find() || notAble.contains("exec")) && grantedOn.contains("pods/exec")) {
            return new Contradicted(e, "the goal rules out exec into pods", g.goal());
        }
        if (Boolean.parseBoolean(e.datum("everyone")) && !EVERYONE.matcher(lower).find()) {
            return new Contradicted(e, "the goal binds its own accounts, not every account of the cluster", g.goal());
        }
        Set<String> namedSecrets = g.namedOfKind().getOrDefault("secrets", Set.of());
        if (grantedOn.startsWith("secrets") && !grantedOn.contains(" named ") && !namedSecrets.isEmpty()) {
            // "source creds are in the kafka-archive-ro Secret": the work reads those, not every Secret of the namespace
            return new Contradicted(e, "the goal names the Secrets the work reads (" + String.join(", ", namedSecrets)
                    + "); grant them by resourceNames", g.goal());
        }
        if (granted.contains("*") && !everything(g)) {
            // a goal that asks for some permissions asks for those its work needs, never for every verb or resource
            return new Contradicted(e, "the goal asks for no wildcard permissions; grant the verbs and resources the work needs",
                    g.asked(Intent.PERMISSIONS).orElse(g.goal()));
        }
        if (lower.contains("resourcenames") && WRITE_VERBS.matcher(verbs).find() && !grantedOn.contains(" named ")) {
            // "patch and update on Deployments …, restricted to resourceNames `checkout-api` and `checkout-worker`"
            return new Contradicted(e, "the goal restricts its writes to the objects it names; grant them by resourceNames", g.goal());
        }
        if (READ_ONLY_ACCESS.matcher(lower).find() && (writesNotGiven(verbs, g) || WRITING_ROLES.contains(e.datum("role")))) {
            // pods/exec create, serviceaccounts/token create, patch on deployments: all writes
            return new Contradicted(e, "the goal asks for read-only access; grant get, list and watch", g.goal());
        }
        if ((NO_SECRETS.matcher(lower).find() || notAble.contains("secrets")) && grantedOn.contains("secrets")) {
            return new Contradicted(e, "the goal rules out access to Secrets", g.goal());
        }
        if ((NO_RBAC.matcher(lower).find() || notAble.contains("rbac") || notAble.contains("roles"))
                && (grantedOn.contains("roles") || grantedOn.contains("rolebindings"))) {
            return new Contradicted(e, "the goal rules out RBAC-editing rights", g.goal());
        }
        String subject = e.datum("subject");
        String subjectName = subject.substring(subject.indexOf(' ') + 1).toLowerCase(Locale.ROOT);
        if ((subject.startsWith("Group ") || subject.startsWith("User ")) && TO_THE_ACCOUNT.matcher(lower).find()
                && g.clauses().stream().noneMatch(c -> c.lower().contains(subjectName) && !c.asks().contains(Intent.DELETE))) {
            // "a RoleBinding of that Role to the ServiceAccount": a group beside it is more than the goal binds
            return new Contradicted(e, "the goal binds the Role to its ServiceAccount only", g.goal());
        }
        if ((e.datum("role").startsWith("ClusterRole ") || e.target().startsWith("clusterroles ")) && NO_CLUSTER_ROLES.matcher(lower).find()) {
            return new Contradicted(e, "the goal keeps permissions namespaced; bind a Role", g.goal());
        }
        if (e.target().startsWith("clusterrolebindings ") && NO_CLUSTER_WIDE.matcher(lower).find()) {
            // "nobody on the team gets cluster-wide permissions": a ClusterRoleBinding grants in every namespace, even to view
            return new Contradicted(e, "the goal rules out cluster-wide permissions; bind in the namespace with a RoleBinding", g.goal());
        }
        if (BUILT_IN_WRITERS.contains(e.datum("role")) && ONLY_VERBS.matcher(lower).find() && !EDIT_RIGHTS.matcher(lower).find()
                && !lower.contains(e.datum("role").substring("ClusterRole ".length()) + " clusterrole")) {
            // "night-scaler may only get/list/patch deployments": admin and edit grant every verb on most of the namespace
            return new Contradicted(e, "the goal lists the only verbs it grants; bind a Role with those", g.goal());
        }
        if (e.datum("role").equals("ClusterRole admin") && EDIT_RIGHTS.matcher(lower).find() && !ADMIN_ASKED.matcher(lower).find()) {
            // admin is edit plus Roles and RoleBindings: the rights to hand out more (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles)
            return new Contradicted(e, "the goal gives edit rights, not admin; bind ClusterRole edit", g.goal());
        }
        String role = e.datum("role");
        if (SUPERUSER_ROLE.matcher(role).matches() && !everything(g)) {
            // binding cluster-admin is every permission at once, whatever the goal's work
            return new Contradicted(e, "the goal asks for no administrator rights; bind a Role with the verbs and resources the work needs",
                    g.asked(Intent.PERMISSIONS).orElse(g.goal()));
        }
        Optional<Assessment> listed = beyondTheList(e, verbs, grantedOn, g);
        if (listed.isPresent()) {
            return listed.get();
        }
        Optional<Clause> bindsAsked = bindingAsked(role, subjectName, e.target().startsWith("clusterrolebindings "), g);
        if (bindsAsked.isPresent()) {
            return new Asked(e, bindsAsked.get().quote());
        }
        if (g.asks(Intent.PERMISSIONS)) {
            return new Asked(e, g.asked(Intent.PERMISSIONS).get());
        }
        String grant = e.datum("grant");
        int on = grant.indexOf(" on ");
        int named = grant.indexOf(" named ");
        if (on >= 0 && named > on && Arrays.stream(LIST.split(grant.substring(0, on))).allMatch(READ_VERBS::contains)
                && Arrays.stream(LIST.split(grant.substring(named + " named ".length()))).allMatch(n -> g.names().contains(n.strip()))) {
            // reading exactly the objects the goal names ("get on secrets named profiles-db-credentials") is least privilege for its work
            return new Asked(e, g.goal());
        }
        if (e.risk() != Risk.HIGH && on >= 0) {
            String[] resources = LIST.split(grant.substring(on + 4));
            boolean ours = Arrays.stream(resources).map(r -> NAMED.matcher(r).replaceAll("").strip())
                    .allMatch(r -> g.kinds().contains(r.contains("/") ? r.substring(0, r.indexOf('/')) : r));
            if (ours) {
                return new Asked(e, g.goal());
            }
        }
        return new Neutral(e);
    }

    /**
     * A goal that lists the verbs and resources it grants and says that is all ("allows exactly: `get`, `list` … on
     * `deployments`", "nothing more", "no other verbs", "least-privilege"): a verb it never writes (delete) or a resource it
     * never names (pods/exec) is more than it grants.
     */
    private static Optional<Assessment> beyondTheList(Effect e, String verbs, String grantedOn, GoalReading g) {
        if (verbs.isEmpty() || grantedOn.isEmpty() || !listsExactly(g.lower())) {
            return Optional.empty();
        }
        for (String verb : LIST.split(verbs)) {
            // patch and update both write the object ("get/patch shop-web and its scale subresource": kubectl scale may do either)
            String twin = verb.equals("update") ? "patch" : verb.equals("patch") ? "update" : verb;
            if (RBAC_VERBS.contains(verb) && !g.words().contains(verb) && !g.words().contains(twin)) {
                return Optional.of(new Contradicted(e, "the goal lists the verbs it grants, and " + verb + " is not one of them", g.goal()));
            }
        }
        for (String resource : LIST.split(NAMED.matcher(grantedOn).replaceAll(""))) {
            String r = resource.strip();
            // "deployments/scale" is granted by "the scale of that one Deployment"; a kind by its name in any spelling
            // the goal gives ("NetworkPolicies", "network policy", "PVCs")
            boolean written = r.contains("/") ? g.lower().contains(r.substring(r.indexOf('/') + 1)) : EffectAssessor.writesKind(g.lower(), r);
            if (!r.isEmpty() && !r.equals("*") && !written) {
                return Optional.of(new Contradicted(e, "the goal lists the resources it grants, and " + r + " is not one of them", g.goal()));
            }
        }
        return Optional.empty();
    }

    /** A list of verbs ("`get`, `list`, `watch`, `patch`", "get/list/watch") said to be all, in its sentence or the next. */
    private static boolean listsExactly(String lower) {
        Matcher list = VERB_LIST.matcher(lower);
        while (list.find()) {
            if (ONLY_BEFORE.matcher(lower.substring(Math.max(0, list.start() - 20), list.start())).find()) {
                return true; // "a Role/RoleBinding that can only get and patch the scale of that one Deployment"
            }
            int start = Math.max(lower.lastIndexOf(". ", list.start()), lower.lastIndexOf('\n', list.start())) + 1;
            int end = sentenceEnd(lower, sentenceEnd(lower, list.end()) + 1);
            if (EXACT_GRANT.matcher(lower.substring(start, end)).find()) {
                return true;
            }
        }
        return false;
    }

    /** Where the sentence or line that goes on at {@code from} ends. */
    private static int sentenceEnd(String lower, int from) {
        if (from >= lower.length()) {
            return lower.length();
        }
        int stop = lower.indexOf(". ", from);
        int line = lower.indexOf('\n', from);
        stop = stop < 0 ? lower.length() : stop;
        return line < 0 ? stop : Math.min(stop, line);
    }

    private static final Pattern VERB_LIST = Pattern.compile("\\b(get|list|watch|create|update|patch|delete)\\b[`'\"]?"
            + "(?:\\s*(?:,|/|\\band\\b|\\bor\\b)\\s*[`'\"]?\\b(?:get|list|watch|create|update|patch|delete)\\b[`'\"]?)+");
    private static final Set<String> RBAC_VERBS = Set.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");
    private static final Pattern ONLY_BEFORE = Pattern.compile("\\bonly (be able to )?$");
    private static final Pattern EXACT_GRANT = Pattern.compile("\\b(exactly(?! as)|nothing more|nothing else|no other verbs|no more than that|least[- ]privilege|only these)\\b");

    /**
     * "Give the group lumen-developers the built-in edit ClusterRole in this namespace only": one clause names both the
     * subject and the role bound to it, and neither puts them off limits nor removes them.
     */
    private static Optional<Clause> bindingAsked(String role, String subjectName, boolean clusterWide, GoalReading g) {
        if (role.isEmpty() || subjectName.isEmpty()) {
            return Optional.empty();
        }
        String roleName = role.substring(role.indexOf(' ') + 1).toLowerCase(Locale.ROOT);
        return g.clauses().stream()
                .filter(c -> !c.handsOff() && c.forbids().isEmpty() && !c.asks().contains(Intent.DELETE)
                        && !(clusterWide && c.lower().contains("namespace"))
                        && EffectAssessor.containsWord(c.lower(), subjectName) && EffectAssessor.containsWord(c.lower(), roleName))
                .findFirst();
    }

    /** "Mount the training-data PVC read-only": a read-write mount of what such a clause names contradicts it. */
    private static Assessment mount(Effect e, GoalReading g) {
        if (Boolean.parseBoolean(e.datum("readOnly"))) {
            return new Neutral(e);
        }
        Target volume = new Target(e.datum("source"), Set.of(e.datum("source")), e.datum("sourceKind"));
        return g.clauses().stream()
                .filter(c -> READ_ONLY.matcher(c.lower()).find() && c.covers(volume, g.weak()))
                .findFirst().<Assessment>map(c -> new Contradicted(e, "the goal asks for it read-only", c.quote()))
                .orElseGet(() -> new Neutral(e));
    }

    private static final Pattern READ_ONLY_HOST = Pattern.compile("read[- ]only host");
    private static final Pattern TRAILING_SLASHES = Pattern.compile("/+$");
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[).,]+$");
    private static final Pattern PATH_BREAK = Pattern.compile("[\\s(),]+");

    /** The goal names {@code path} itself, or a path under it: followed by "/" or by a character that ends a word. */
    private static boolean namesPath(String goal, String path) {
        if (path.isEmpty()) {
            return false;
        }
        for (int at = goal.indexOf(path); at >= 0; at = goal.indexOf(path, at + 1)) {
            int end = at + path.length();
            if (end == goal.length() || goal.charAt(end) == '/' || !Character.isLetterOrDigit(goal.charAt(end)) && goal.charAt(end) != '_') {
                return true;
            }
        }
        return false;
    }

    private static Assessment hostPath(Effect e, GoalReading g) {
        String path = e.datum("path");
        boolean readOnly = Boolean.parseBoolean(e.datum("readOnly"));
        boolean readOnlyAsked = READ_ONLY_HOST.matcher(g.lower()).find();
        if (readOnlyAsked && !readOnly) {
            return new Contradicted(e, "the goal allows read-only host access", g.asked(Intent.HOST_ACCESS).orElse(g.goal()));
        }
        String bare = TRAILING_SLASHES.matcher(path).replaceAll("");
        boolean named = g.goal().contains(path) || namesPath(g.goal(), bare);
        String[] words = PATH_BREAK.split(g.goal());
        boolean under = Arrays.stream(words).filter(w -> w.startsWith("/"))
                .anyMatch(w -> path.startsWith(TRAILING_PUNCTUATION.matcher(w).replaceAll("")));
        boolean goalNamesPaths = Arrays.stream(words).anyMatch(w -> w.startsWith("/"));
        if ((named || under || !goalNamesPaths) && g.asks(Intent.HOST_ACCESS)) {
            return new Asked(e, g.asked(Intent.HOST_ACCESS).get());
        }
        return g.asks(Intent.HOST_ACCESS) ? new Contradicted(e, "the goal names other host paths", g.asked(Intent.HOST_ACCESS).get())
                : new Neutral(e);
    }
}
