package dev.ibac.webhook.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ibac.crd.check.YamlSyntax;
import dev.ibac.webhook.app.ServeSettings;
import dev.ibac.webhook.app.WebhookApp;
import dev.ibac.webhook.audit.HashChainedAuditLog;
import dev.ibac.webhook.auditor.Auditor;
import dev.ibac.webhook.auditor.StaticTokenAuthenticator;
import dev.ibac.webhook.http.WebhookServer;
import dev.ibac.webhook.pipeline.AgentSelector;
import dev.ibac.webhook.problem.ConfigException;
import dev.ibac.webhook.problem.IoErrors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: run the webhook, in cluster mode or (with --missions) embedded mode. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the admission webhook over HTTPS.",
                "Cluster mode by default (kubeconfig or in-cluster); --missions DIR runs embedded, no cluster needed."})
public final class ServeCommand implements Callable<Integer> {
    /** Every key the config file may hold; anything else is a typo that would otherwise be silently ignored. */
    private static final List<String> CONFIG_KEYS = List.of("agents.usernames", "agents.groups", "maxBodyBytes", "daemonSetNodes");

    @Option(names = "--missions", paramLabel = "DIR", description = "embedded mode: Missions and Budgets from YAML files in DIR (watched)")
    Path missions;

    @Option(names = "--state", paramLabel = "DIR", description = "state directory: budget spend, generated CA (default: ./.ibac-state)")
    Path state = Path.of(".ibac-state");

    @Option(names = "--host", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String host = "0.0.0.0";

    @Option(names = "--port", description = "HTTPS port (default: ${DEFAULT-VALUE})")
    int port = 8443;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "serving certificate chain (reloaded on change)")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "serving private key (reloaded on change)")
    Path tlsKey;

    @Option(names = "--audit-log", paramLabel = "FILE", description = "audit log (default: <state>/audit.jsonl)")
    Path auditLog;

    @Option(names = "--audit-max-bytes", paramLabel = "BYTES", description = "rotate the audit log at this size (default: ${DEFAULT-VALUE})")
    long auditMaxBytes = HashChainedAuditLog.Rotation.DEFAULT.maxBytes();

    @Option(names = "--audit-objects", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "keep the request's object and oldObject (redacted, each at most 32 KiB) in audit entries, so `replay` can decide them again (default: ${DEFAULT-VALUE})")
    boolean auditObjects = true;

    @Option(names = "--self-managed-certs", description = "cluster mode: keep the serving certificate in Secret ibac-tls, renew it ahead of expiry and patch the webhook's caBundle")
    boolean selfManagedCerts;

    @Option(names = "--replica", paramLabel = "NAME", description = "this replica's name in every audit entry and, in cluster mode, in the chain head it writes to Mission status (default: $POD_NAME, else $HOSTNAME, else local)")
    String replica;

    @Option(names = "--audit-stdout", description = "also print every audit entry, as written to the log, as one JSON line on standard output")
    boolean auditStdout;

    @Option(names = "--peers", split = ",", paramLabel = "NAME=URL|service:SERVICE", description = {
            "the other replicas whose audit logs /audit merges: NAME=https://host:port entries,",
            "or (cluster mode) service:SERVICE for every pod of this StatefulSet behind that headless Service"})
    List<String> peers = List.of();

    @Option(names = "--auditor-name", paramLabel = "NAME", description = {
            "embedded mode: who holds the audit token, as the auditor pages show them and as a Mission's",
            "spec.approval.approvers would list them (default: ${DEFAULT-VALUE}, which lists nobody: read-only)"})
    String auditorName = StaticTokenAuthenticator.DEFAULT_HOLDER.username();

    @Option(names = "--auditor-group", paramLabel = "GROUP", description = "embedded mode: a group the audit token's holder belongs to (repeatable)")
    List<String> auditorGroups = new ArrayList<>();

    @Option(names = "--judge", description = "semantic, llm or cascade (default: cascade when IBAC_LLM_BASE_URL or IBAC_LLM_API_KEY is set, else semantic)")
    String judge;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config: agents.usernames, agents.groups, maxBodyBytes, daemonSetNodes")
    Path config;

    @Override
    public Integer call() throws Exception {
        ServeSettings settings = settings(System.getenv(), Clock.systemUTC());
        WebhookApp app = WebhookApp.start(settings);
        CountDownLatch closed = new CountDownLatch(1);
        // SIGTERM: the JVM halts once its shutdown hooks return, so the hook itself drains and closes —
        // requests in flight finish, audit log and budget journal are flushed — before the process ends
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                app.close();
            } finally {
                closed.countDown();
            }
        }, "ibac-shutdown"));
        // with --audit-stdout, standard output carries only entries, one JSON object a line
        PrintStream messages = auditStdout ? System.err : System.out;
        messages.println("ibac: serving https://" + host + ":" + app.port() + "/validate ("
                + (settings.embedded() ? "embedded, missions from " + missions : "cluster mode") + ")");
        String local = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        messages.println("ibac: auditor page https://" + local + ":" + app.port() + "/audit ("
                + WebhookApp.auditorAccess(settings) + ")");
        closed.await();
        return ExitCodes.OK;
    }

    ServeSettings settings(Map<String, String> env, Clock clock) {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new ConfigException("--tls-cert and --tls-key go together");
        }
        if (selfManagedCerts && (missions != null || tlsCert != null)) {
            throw new ConfigException("--self-managed-certs is for cluster mode without --tls-cert");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException("--port must be 0..65535");
        }
        if (auditMaxBytes < 1024) {
            throw new ConfigException("--audit-max-bytes must be at least 1024, got " + auditMaxBytes);
        }
        ServeSettings.Replica self = new ServeSettings.Replica(replicaName(env), auditStdout, peers);
        requireFile("--tls-cert", tlsCert);
        requireFile("--tls-key", tlsKey);
        Auditor holder = tokenHolder();
        JsonNode cfg = readConfig();
        return new ServeSettings(missions, state, host, port, tlsCert, tlsKey,
                auditLog != null ? auditLog : state.resolve("audit.jsonl"), judge,
                strings(cfg.path("agents").path("usernames"), AgentSelector.DEFAULT_USERNAMES),
                strings(cfg.path("agents").path("groups"), AgentSelector.DEFAULT_GROUPS),
                cfg.path("maxBodyBytes").asLong(WebhookServer.DEFAULT_MAX_BODY),
                cfg.path("daemonSetNodes").asInt(3), env, clock, auditMaxBytes, selfManagedCerts, auditObjects, self, holder);
    }

    /** The pod's name in a StatefulSet is stable across reschedules, so the replica's chain keeps its name. */
    private String replicaName(Map<String, String> env) {
        String name = replica != null ? replica
                : env.getOrDefault("POD_NAME", env.getOrDefault("HOSTNAME", ServeSettings.Replica.LOCAL.name()));
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,252}")) {
            throw new ConfigException("--replica must be a name of letters, digits, '.', '_' and '-' (like a pod name), got \"" + name + "\"");
        }
        for (String peer : peers) {
            if (!peer.matches("service:[a-z0-9]([-a-z0-9]*[a-z0-9])?|[A-Za-z0-9][A-Za-z0-9._-]*=https://[^\\s/]+/?")) {
                throw new ConfigException("--peers: \"" + peer + "\" is neither NAME=https://host:port nor service:SERVICE");
            }
        }
        return name;
    }

    /** The audit token's holder: embedded mode only, since a cluster's auditors are whoever their token says. */
    private Auditor tokenHolder() {
        boolean named = !auditorName.equals(StaticTokenAuthenticator.DEFAULT_HOLDER.username()) || !auditorGroups.isEmpty();
        if (named && missions == null) {
            throw new ConfigException("--auditor-name and --auditor-group are for embedded mode (--missions DIR); in cluster mode"
                    + " the auditor is the user of their Kubernetes token, with its groups");
        }
        if (auditorName.isBlank() || auditorGroups.stream().anyMatch(String::isBlank)) {
            throw new ConfigException("--auditor-name and --auditor-group must not be blank");
        }
        return new Auditor(auditorName.strip(), auditorGroups.stream().map(String::strip).toList());
    }

    private static void requireFile(String flag, Path file) {
        String problem = file == null ? null : IoErrors.notARegularFile(file);
        if (problem != null) {
            throw new ConfigException(flag + " " + file + ": " + problem);
        }
    }

    private JsonNode readConfig() {
        if (config == null) {
            return YAMLMapper.builder().build().createObjectNode();
        }
        requireFile("--config", config);
        JsonNode node;
        try {
            node = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build()
                    .readTree(Files.readString(config));
        } catch (JsonProcessingException e) {
            throw new ConfigException("--config " + config + ": not valid YAML: " + YamlSyntax.oneLine(e));
        } catch (IOException e) {
            throw new ConfigException("--config " + IoErrors.describe(config, e));
        }
        if (node == null || !node.isObject()) {
            throw new ConfigException("--config " + config + ": expected a YAML mapping of " + String.join(", ", CONFIG_KEYS));
        }
        List<String> problems = configProblems(node);
        if (!problems.isEmpty()) {
            throw new ConfigException("--config " + config + ": " + String.join("; ", problems));
        }
        return node;
    }

    private static List<String> configProblems(JsonNode cfg) {
        List<String> problems = new ArrayList<>();
        cfg.fieldNames().forEachRemaining(key -> {
            if (!key.equals("agents") && !CONFIG_KEYS.contains(key)) {
                problems.add("unknown key \"" + key + "\" (known: " + String.join(", ", CONFIG_KEYS) + ")");
            }
        });
        JsonNode agents = cfg.path("agents");
        if (!agents.isMissingNode() && !agents.isObject()) {
            problems.add("agents: must be a mapping with usernames and/or groups");
        }
        agents.fieldNames().forEachRemaining(key -> {
            if (!CONFIG_KEYS.contains("agents." + key)) {
                problems.add("unknown key \"agents." + key + "\" (known: agents.usernames, agents.groups)");
            }
        });
        for (String list : List.of("usernames", "groups")) {
            JsonNode values = agents.path(list);
            boolean strings = values.isArray();
            for (JsonNode value : values) {
                strings &= value.isTextual() && !value.asText().isBlank();
            }
            if (!values.isMissingNode() && !strings) {
                problems.add("agents." + list + ": must be a list of non-empty strings");
            }
        }
        JsonNode maxBody = cfg.path("maxBodyBytes");
        if (!maxBody.isMissingNode() && !(maxBody.isIntegralNumber() && maxBody.canConvertToLong() && maxBody.asLong() >= 1)) {
            problems.add("maxBodyBytes: must be a whole number of bytes, at least 1 (default " + WebhookServer.DEFAULT_MAX_BODY
                    + "), got " + maxBody);
        }
        JsonNode nodes = cfg.path("daemonSetNodes");
        if (!nodes.isMissingNode() && !(nodes.isIntegralNumber() && nodes.canConvertToInt() && nodes.asInt() >= 0)) {
            problems.add("daemonSetNodes: must be a whole number of nodes, 0 or more (default 3), got " + nodes);
        }
        return problems;
    }

    private static List<String> strings(JsonNode node, List<String> fallback) {
        if (node.isMissingNode()) {
            return fallback;
        }
        List<String> values = new ArrayList<>();
        node.forEach(n -> values.add(n.asText()));
        return values;
    }
}
