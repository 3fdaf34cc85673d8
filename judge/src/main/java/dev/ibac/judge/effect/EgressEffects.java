package dev.ibac.judge.effect;

import static dev.ibac.judge.effect.EffectList.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.Effect.Family;
import dev.ibac.judge.JudgeVerdict.Risk;
import dev.ibac.judge.effect.Hosts.Destination;
import dev.ibac.judge.effect.Hosts.Zone;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Data leaving the cluster: an upload or copy tool aimed at an internet host is high risk, at an
 * object store medium; code fetched from the internet and run is high; a new external endpoint
 * in an UPDATE is medium. Every command line, env value and string of the object is read whole.
 */
final class EgressEffects {
    private static final Pattern UPLOAD = Pattern.compile("(?i)(\\bcurl\\b[^|;&]*?(\\s-T\\b|--upload-file|\\s-F\\b|--form|\\s-d\\b|--data"
            + "|-X\\s*(POST|PUT)|--request\\s+(POST|PUT))|\\bwget\\b[^|;&]*?(--post-file|--post-data|--method[=\\s](POST|PUT))"
            + "|(\\baws\\s+|^)s3\\s+(cp|sync|mv)\\b|\\baws\\s+s3api\\s+put-object|\\bgsutil\\b[^|;&]*?\\b(cp|rsync|mv)\\b|\\brclone\\s+(copy|sync|move|copyto)"
            + "|\\bscp\\b|\\brsync\\b|\\b(nc|ncat|netcat|socat)\\b|\\b(s?ftp|lftp)\\b|\\baz\\s+storage\\s+(blob|file)\\s+upload|\\bmc\\s+(cp|mirror)"
            + "|\\bsftp\\b|:(sftp|ftp|s3|webdav|http|https|drive|dropbox|b2|azureblob|gcs|swift|mega)[,:]|\\bs3cmd\\s+(put|sync)|\\brestic\\b|\\brequests\\.(post|put)|Invoke-WebRequest|\\bhttpie?\\s+(POST|PUT)|/dev/tcp/"
            // (an aws-cli image's args start at "s3 sync": the entrypoint is aws) tools that publish what they made: a model hub, a package index, a registry, a remote repository
            + "|--push-to-hub\\b|\\bpush_to_hub\\b|\\bhuggingface-cli\\s+upload|\\btwine\\s+upload|\\b(docker|podman|crane|skopeo)\\s+(push|copy)\\b"
            + "|\\bgit\\s+push\\b|--upload\\b)");
    private static final Pattern FETCH_AND_RUN = Pattern.compile(
            "(?i)\\b(curl|wget)\\b[^|;&]*\\|\\s*(sudo\\s+)?(ba|z|k)?sh\\b|\\b(bash|sh)\\s+<\\(\\s*(curl|wget)");

    /** Fields where a destination receives data pushed to it: receivers, outputs, sinks, remote writes. */
    private static final Pattern PUSH = Pattern.compile("(?i)(webhook|receiver|output|sink|forward|export|remote_?write|upload|callback"
            + "|notif|destination|target|fluent|mirror|replicat|\\.conf)");

    private static final Pattern FORWARDS = Pattern.compile("(?i)mirror|proxy_pass");
    private static final String ANNOTATIONS = "metadata.annotations.";
    private static final Pattern SERVICE_DNS = Pattern.compile("(?i)\\b([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc(?:\\.cluster\\.local)?\\b");
    /** Namespaces every workload may reach: DNS, monitoring and the cluster's own. */
    private static final Set<String> SYSTEM_NAMESPACES = Set.of("kube-system", "monitoring", "observability", "cert-manager",
            "ingress-nginx", "istio-system", "linkerd", "default", "logging");

    private EgressEffects() {}

    static void analyse(Subject s, EffectList out) {
        Set<String> seen = new HashSet<>();
        s.changedTexts().forEach((path, text) -> {
            if (!served(s, path)) {
                scan(s, out, path, hostField(path, text), seen);
            }
        });
        if (SERVING.contains(s.resource())) {
            // an Ingress controller's annotations configure where requests go (mirror-target, a snippet's proxy_pass)
            JsonNode before = s.old().path("metadata").path("annotations");
            s.object().path("metadata").path("annotations").properties().forEach(a -> {
                String text = a.getValue().asText("");
                if (FORWARDS.matcher(a.getKey() + " " + text).find() && !text.equals(before.path(a.getKey()).asText(""))) {
                    scan(s, out, ANNOTATIONS + a.getKey(), text, seen);
                }
            });
        }
    }

    /** Kinds whose host fields name what they serve to clients, not where they send data. */
    private static final Set<String> SERVING = Set.of("ingresses", "httproutes", "grpcroutes", "tlsroutes", "gateways", "virtualservices",
            "ingressroutes");

    /** An Ingress rule's {@code host}, a route's {@code hostnames}: the name clients reach it by (exposure), not an address it calls. */
    private static boolean served(Subject s, String path) {
        String key = path.substring(path.lastIndexOf('.') + 1);
        return SERVING.contains(s.resource()) && (key.equals("host") || key.startsWith("hosts[") || key.startsWith("hostnames[")
                || key.startsWith("hostname"));
    }

    private static void scan(Subject s, EffectList out, String path, String text, Set<String> seen) {
        crossNamespace(s, out, path, text, seen);
        String before = s.oldTexts().getOrDefault(path, "");
        // an UPDATE that edits a file around an address it already had sends nowhere new
        List<Destination> destinations = Hosts.in(text).stream().filter(d -> !before.contains(d.host())).toList();
        if (destinations.isEmpty()) {
            return;
        }
        boolean upload = UPLOAD.matcher(text).find();
        boolean internalEndpoint = text.contains("--endpoint") && destinations.stream()
                .anyMatch(d -> d.zone() == Zone.INTERNAL && d.scheme().equals("https"));
        boolean fetchAndRun = FETCH_AND_RUN.matcher(text).find();
        // ingress-nginx's mirror-target, a snippet's proxy_pass or mirror: every client request, bodies included, goes there too
        // (https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#mirror); changed texts hold no
        // metadata, so an annotation here is one analyse passed for forwarding
        boolean forwards = path.startsWith(ANNOTATIONS);
        for (Destination d : destinations) {
            // s3://bucket with --endpoint-url at an in-cluster store (MinIO) never leaves the cluster
            boolean storeInside = internalEndpoint && d.zone() == Zone.OBJECT_STORE && !d.host().contains(".");
            if (d.zone() == Zone.INTERNAL || storeInside || !seen.add(d.host() + upload + fetchAndRun)) {
                continue;
            }
            String where = " (" + path + ")";
            if (fetchAndRun && d.zone() == Zone.INTERNET) {
                out.add(Family.EGRESS, Risk.HIGH, s.target() + " downloads and runs code from " + d.host() + where, s.target(),
                        "", d.host(), data("host", d.host(), "zone", d.zone().name(), "tool", "fetch-and-run", "field", path));
            } else if (forwards && d.zone() == Zone.INTERNET) {
                out.add(Family.EGRESS, Risk.HIGH, "data leaves the cluster: " + s.target() + " forwards its clients' requests to "
                        + d.scheme() + "://" + d.host() + where, s.target(), "", d.host(),
                        data("host", d.host(), "zone", d.zone().name(), "tool", "mirror", "field", path));
            } else if (upload) {
                Risk risk = d.zone() == Zone.INTERNET ? Risk.HIGH : Risk.MEDIUM;
                String noun = d.zone() == Zone.INTERNET ? "data leaves the cluster: " : "data is copied to object storage: ";
                out.add(Family.EGRESS, risk, noun + s.target() + " sends to " + d.scheme() + "://" + d.host() + " with "
                        + tool(text) + where, s.target(), "", d.host(),
                        data("host", d.host(), "zone", d.zone().name(), "tool", tool(text), "field", path));
            } else {
                boolean pushes = s.update() || path.contains(".env[") || PUSH.matcher(path).find();
                boolean documentation = documentation(path);
                out.add(Family.EGRESS, documentation || !pushes ? Risk.LOW : Risk.MEDIUM, s.target()
                        + (documentation ? " links to external host " : " connects to external host ") + d.host() + where, s.target(), "",
                        d.host(), data("host", d.host(), "zone", d.zone().name(), "tool", documentation ? "link" : "", "field", path));
            }
        }
    }

    /** A field named like a destination ({@code spec.elasticsearch.host: es.example.net}) reads as one. */
    private static String hostField(String path, String text) {
        String key = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT).replace("]", "");
        int env = key.indexOf("env[");
        key = env >= 0 ? key.substring(env + 4) : key;
        if (env >= 0 && (key.contains("host") || key.contains("server") || key.contains("broker") || key.contains("endpoint")
                || key.contains("addr") || key.endsWith("url") || key.endsWith("uri"))) {
            return "host: " + text.split("[,\\s]")[0];
        }
        boolean destination = key.equals("host") || key.equals("hostname") || key.endsWith("endpoint") || key.equals("server")
                || key.equals("address") || key.endsWith("url") || key.endsWith("uri") || key.contains("brokers") || key.equals("domain")
                || key.endsWith("servers"); // Kafka's bootstrapServers
        return destination && !text.contains("://") && !text.contains(" ") ? "host: " + text : text;
    }

    /** Links for people (runbooks, docs, descriptions) are not where an app sends data. */
    private static boolean documentation(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.contains("runbook") || p.contains("description") || p.contains("summary") || p.contains("doc")
                || p.contains("help") || p.contains("homepage") || p.contains("message") || p.contains("annotations");
    }

    /** "db.bookstore.svc.cluster.local" from namespace bookstore-staging: a service of another namespace. */
    private static void crossNamespace(Subject s, EffectList out, String path, String text, Set<String> seen) {
        Matcher m = SERVICE_DNS.matcher(text);
        String own = s.action().namespace();
        while (m.find()) {
            String namespace = m.group(2).toLowerCase(Locale.ROOT);
            // an UPDATE that edits a file around a reference it already had ("proxy_pass http://storefront.shop.svc") adds none
            boolean had = s.oldTexts().getOrDefault(path, "").contains(m.group());
            if (!own.isEmpty() && !namespace.equals(own) && !SYSTEM_NAMESPACES.contains(namespace) && !had && seen.add(m.group())) {
                out.add(Family.EGRESS, Risk.MEDIUM, s.target() + " reaches service " + m.group(1) + " of namespace " + namespace
                        + " (" + path + ")", s.target(), "", m.group(), data("host", m.group().toLowerCase(Locale.ROOT),
                        "zone", "OTHER_NAMESPACE", "tool", "", "field", path));
            }
        }
    }

    private static String tool(String text) {
        Matcher m = UPLOAD.matcher(text);
        if (!m.find()) {
            return "";
        }
        String match = m.group().strip();
        int space = match.indexOf(' ');
        return space < 0 ? match : match.substring(0, space);
    }
}
