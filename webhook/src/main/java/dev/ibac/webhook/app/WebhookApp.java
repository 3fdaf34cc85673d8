package dev.ibac.webhook.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.budget.cost.KubernetesWorkloadLookup;
import dev.ibac.budget.cost.WorkloadLookup;
import dev.ibac.budget.ledger.Allowance;
import dev.ibac.budget.store.KubernetesAllowance;
import dev.ibac.judge.Judge;
import dev.ibac.judge.cache.CachingJudge;
import dev.ibac.webhook.approval.ApprovalStore;
import dev.ibac.webhook.audit.HashChainedAuditLog;
import dev.ibac.webhook.auditor.AuditorAuthenticator;
import dev.ibac.webhook.auditor.AuditorPage;
import dev.ibac.webhook.auditor.StaticTokenAuthenticator;
import dev.ibac.webhook.cluster.ClusterConnection;
import dev.ibac.webhook.cluster.ClusterMode;
import dev.ibac.webhook.embedded.MissionDirectory;
import dev.ibac.webhook.http.AdmissionCodec;
import dev.ibac.webhook.http.WebhookServer;
import dev.ibac.webhook.peers.PeerAuditClient;
import dev.ibac.webhook.peers.PeerDirectory;
import dev.ibac.webhook.peers.StatefulSetPeers;
import dev.ibac.webhook.pipeline.DecisionPipeline;
import dev.ibac.webhook.pipeline.MissionIndex;
import dev.ibac.webhook.pipeline.MissionPhases;
import dev.ibac.webhook.problem.ConfigException;
import dev.ibac.webhook.problem.IoErrors;
import dev.ibac.webhook.record.AuditEntries;
import dev.ibac.webhook.record.AuditRecorder;
import dev.ibac.webhook.record.DecisionRecorder;
import dev.ibac.webhook.record.Durability;
import dev.ibac.webhook.record.WebhookMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The wiring: builds every stage and recorder once, from {@link ServeSettings}, and starts the
 * server. The only place that knows which implementation backs which interface.
 */
public final class WebhookApp implements AutoCloseable {
    private final List<AutoCloseable> resources;
    private final WebhookServer server;
    private final AuditRecorder audit;
    private final Path caCertificate;
    private final String judgeName;
    private final TlsSetup tls;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final ApprovalStore approvals;

    private WebhookApp(List<AutoCloseable> resources, WebhookServer server, AuditRecorder audit, TlsSetup tls,
            String judgeName, ApprovalStore approvals) {
        this.approvals = approvals;
        this.tls = tls;
        this.resources = resources;
        this.server = server;
        this.audit = audit;
        this.caCertificate = tls.caCertificate();
        this.judgeName = judgeName;
    }

    public static WebhookApp start(ServeSettings settings) throws Exception {
        return start(settings, null);
    }

    /** {@code client}: the cluster to use in cluster mode (tests pass a mock server's); null means kubeconfig or in-cluster. */
    static WebhookApp start(ServeSettings settings, KubernetesClient client) throws Exception {
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            return start(settings, client, resources);
        } catch (Exception | Error e) {
            closeAll(resources);
            throw e;
        }
    }

    private static WebhookApp start(ServeSettings settings, KubernetesClient givenClient, List<AutoCloseable> resources)
            throws Exception {
        JudgeSetup.check(settings);
        try {
            Files.createDirectories(settings.stateDir());
        } catch (IOException e) {
            throw new ConfigException("cannot create state directory " + IoErrors.describe(settings.stateDir(), e)
                    + "; --state must name a directory IBAC may write to");
        }
        MissionIndex index = new MissionIndex();
        KubernetesClient clusterClient = null;
        if (!settings.embedded()) {
            clusterClient = givenClient != null ? givenClient : ClusterConnection.client(settings.env());
            if (givenClient == null) {
                resources.add(clusterClient);
            }
        }
        Budgets budgets = clusterClient == null ? Budgets.create(settings, Allowance.UNSHARED, WorkloadLookup.NONE)
                : Budgets.create(settings, new KubernetesAllowance(clusterClient), new KubernetesWorkloadLookup(clusterClient));
        resources.add(budgets);
        MissionPhases phases = DecisionPaths.phases(settings.clock(), budgets);
        List<DecisionRecorder> recorders = new ArrayList<>();
        WebhookMetrics metrics = new WebhookMetrics();
        recorders.add(metrics);
        AuditorAuthenticator auditors;
        BooleanSupplier sourceReady;
        ClusterMode clusterMode = null;
        if (settings.embedded()) {
            resources.add(missionDirectory(settings, index));
            auditors = StaticTokenAuthenticator.inStateDir(settings.stateDir(), settings.tokenHolder());
            sourceReady = index::loaded;
        } else {
            ClusterMode cluster = ClusterMode.start(clusterClient, index, phases, settings.clock(), settings.agentUsernames(),
                    settings.agentGroups(), settings.replica().name());
            resources.add(cluster);
            clusterMode = cluster;
            recorders.addAll(cluster.recorders());
            auditors = cluster.auditors();
            sourceReady = () -> cluster.synced() && index.loaded();
            metrics.counter("ibac.events.dropped", "Events dropped because the queue was full or the API write rate was spent", cluster, ClusterMode::droppedEvents);
        }
        CachingJudge caching = JudgeSetup.create(settings, metrics);
        resources.add(caching);
        Judge judge = metrics.timed(caching);
        AdmissionCodec codec = new AdmissionCodec();
        HashChainedAuditLog log = HashChainedAuditLog.open(settings.auditLog(), 10_000, settings.clock(),
                new HashChainedAuditLog.Rotation(settings.auditMaxBytes(), 10));
        resources.add(log);
        if (settings.replica().auditStdout()) {
            log.mirrorTo(utf8Stdout());
        }
        metrics.counter("ibac.audit.write.failures", "audit log batches that could not be written (e.g. the volume is full)", log,
                HashChainedAuditLog::failedBatches);
        metrics.gauge("ibac.audit.writable", "1 while the audit log can be written; 0 means agents' requests are refused", log,
                l -> l.problem() == null ? 1 : 0);
        AuditRecorder audit = new AuditRecorder(log, new AuditEntries(codec.mapper(), settings.clock(), settings.auditObjects(),
                settings.replica().name()));
        metrics.auditHead(log::head);
        if (clusterMode != null) {
            clusterMode.auditHead(log::head); // and into each Mission's status
        }
        ApprovalSetup approvals = ApprovalSetup.create(settings, clusterClient, codec);
        resources.add(approvals);
        DecisionPipeline pipeline = DecisionPaths.pipeline(settings.agentUsernames(), settings.agentGroups(), index, phases,
                budgets, judge, approvals.approvals());
        TlsSetup tls = TlsSetup.create(settings, clusterClient);
        resources.add(tls);
        PeerAuditClient peers = peers(settings, clusterClient, tls.caCertificate());
        if (peers != null) {
            resources.add(peers);
        }
        // the page is shown to whoever asks: it names the kind of token, never where the server keeps it
        AuditorPage auditorPage = new AuditorPage(auditors, settings.auditLog(), 5_000, settings.embedded()
                ? "embedded mode: the token is in the file " + StaticTokenAuthenticator.FILE + " of IBAC's state directory"
                : auditorAccess(settings), settings.clock(),
                new AuditorPage.Sources(new AuditorMissions(index, phases, budgets.ledger()),
                        approvals.onThePage()), peers);
        Thread warmUp = new Thread(auditorPage::warmUp, "ibac-audit-overview");
        warmUp.setDaemon(true);
        warmUp.start();
        WebhookServer server = new WebhookServer(
                new WebhookServer.Options(settings.host(), settings.port(), settings.maxBodyBytes()), tls.serverTls(),
                codec, pipeline, Durability.all(List.of(audit, budgets.durability())), DecisionRecorder.all(recorders),
                () -> log.problem() != null ? log.problem() + "; agents' requests are refused"
                        : sourceReady.getAsBoolean() ? null : "missions not loaded yet", metrics::scrape, System::nanoTime,
                routes -> {
                    auditorPage.register(routes);
                    approvals.register(routes);
                });
        resources.add(server);
        server.start();
        return new WebhookApp(resources, server, audit, tls, judge.name(), approvals.approvals().store());
    }

    /** Which credential opens {@code /audit}, with the token file's path: for serve's start-up line, for the operator. */
    public static String auditorAccess(ServeSettings settings) {
        return settings.embedded()
                ? "embedded mode: the token is in " + settings.stateDir().resolve(StaticTokenAuthenticator.FILE) + ", its holder "
                        + settings.tokenHolder().username() + (settings.tokenHolder().groups().isEmpty() ? ""
                        : " (groups " + String.join(", ", settings.tokenHolder().groups()) + ")")
                : "cluster mode: a Kubernetes token whose user may get missions/audit in ibac.io";
    }

    /**
     * The other replicas /audit merges: a fixed {@code NAME=URL} list, or in cluster mode
     * {@code service:SERVICE}, this StatefulSet's pods behind that headless Service. Null when alone.
     */
    private static PeerAuditClient peers(ServeSettings settings, KubernetesClient client, Path trust) throws Exception {
        List<String> given = settings.replica().peers();
        if (given.isEmpty()) {
            return null;
        }
        PeerDirectory directory;
        if (given.get(0).startsWith("service:")) {
            if (client == null || given.size() > 1) {
                throw new ConfigException("--peers service:SERVICE is for cluster mode and stands alone; embedded mode lists NAME=https://host:port");
            }
            String namespace = settings.env().getOrDefault("POD_NAMESPACE", "ibac-system");
            try {
                directory = new StatefulSetPeers(client, namespace, settings.replica().name(), given.get(0).substring(8), settings.port());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
        } else {
            try {
                directory = PeerDirectory.fixed(PeerDirectory.parse(given));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--peers: " + e.getMessage());
            }
        }
        return PeerAuditClient.trusting(settings.replica().name(), directory, trust, Duration.ofSeconds(3));
    }

    /** Standard output in UTF-8 whatever the locale (a container's POSIX locale would turn non-ASCII into '?'). */
    private static Consumer<String> utf8Stdout() {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        return lines -> {
            out.print(lines);
            out.flush();
        };
    }

    private static AutoCloseable missionDirectory(ServeSettings settings, MissionIndex index) throws IOException {
        MissionDirectory directory = new MissionDirectory(settings.missionsDir(), index);
        try {
            directory.load();
        } catch (IOException e) {
            throw new ConfigException(e.getMessage());
        }
        directory.watch(1_000);
        return directory;
    }

    public int port() {
        return server.port();
    }

    TlsSetup tls() {
        return tls;
    }

    public Path caCertificate() {
        return caCertificate;
    }

    public String judgeName() {
        return judgeName;
    }

    /** The approvals of SPEC §5a; {@code pending(now)} is what the auditor page lists. */
    public ApprovalStore approvals() {
        return approvals;
    }

    public Optional<ObjectNode> auditEntry(String auditId) {
        return audit.recent(auditId);
    }

    /**
     * Stops in the reverse order of starting: the server first (it stops accepting and drains the
     * requests in flight, each waiting for its records), then the audit log and the budgets
     * (flushed), the rest after. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeAll(resources);
        }
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LoggerFactory.getLogger(WebhookApp.class).warn("closing {}: {}", resources.get(i), e.toString());
            }
        }
    }
}
