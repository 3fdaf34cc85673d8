package dev.ibac.webhook.cluster;

import dev.ibac.crd.Spent;
import dev.ibac.webhook.audit.AuditHead;
import dev.ibac.webhook.auditor.AuditorAuthenticator;
import dev.ibac.webhook.auditor.KubernetesAuditorAuthenticator;
import dev.ibac.webhook.pipeline.MissionIndex;
import dev.ibac.webhook.pipeline.MissionPhases;
import dev.ibac.webhook.problem.ConfigException;
import dev.ibac.webhook.record.DecisionRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything cluster mode adds: Missions and Budgets from informers, Events per verdict, batched
 * Mission status, and auditors authenticated by the API server.
 */
public final class ClusterMode implements AutoCloseable {
    static final long STATUS_FLUSH_MILLIS = 5_000;
    static final long MATCH_CONDITION_SYNC_MILLIS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMode.class);
    private final ClusterMissionSource source;
    private final MissionEvents events;
    private final MissionStatusBatcher status;
    private final AuditorAuthenticator auditors;
    private final ScheduledExecutorService flusher;

    private ClusterMode(ClusterMissionSource source, MissionEvents events, MissionStatusBatcher status,
            AuditorAuthenticator auditors, ScheduledExecutorService flusher) {
        this.source = source;
        this.events = events;
        this.status = status;
        this.auditors = auditors;
        this.flusher = flusher;
    }

    /** The ValidatingWebhookConfiguration of deploy/base, whose caBundle and matchConditions IBAC keeps current. */
    public static final String WEBHOOK_CONFIGURATION = "ibac";

    /**
     * {@code replica} is this replica's name ({@code serve --replica}, the one its audit entries carry):
     * Events' reportingInstance and the replica of the chain head each Mission status write records.
     */
    public static ClusterMode start(KubernetesClient client, MissionIndex index, MissionPhases phases, Clock clock, List<String> agentUsernames,
            List<String> agentGroups, String replica) {
        ClusterMissionSource source;
        try {
            source = new ClusterMissionSource(client, index);
        } catch (KubernetesClientException e) {
            throw new ConfigException("cannot watch Missions and Budgets (" + rootCause(e)
                    + "); is the cluster reachable, are the CRDs from deploy/ installed, and may IBAC's ServiceAccount list them?");
        }
        MissionEvents events = new MissionEvents(client, clock, replica, 1_000).start();
        // status.spent belongs to KubernetesAllowance (what the replicas together claimed): keep it as it is
        MissionStatusBatcher status = new MissionStatusBatcher(client, clock, phases::phase,
                current -> current.getStatus() == null || current.getStatus().spent() == null ? Spent.ZERO : current.getStatus().spent(),
                replica);
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ibac-status");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(status::flush, STATUS_FLUSH_MILLIS, STATUS_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        MatchConditionSync matchConditions = new MatchConditionSync(client, WEBHOOK_CONFIGURATION, agentUsernames, agentGroups, index);
        flusher.scheduleWithFixedDelay(() -> {
            try {
                matchConditions.sync();
            } catch (RuntimeException e) { // an exception would end the schedule
                LOG.warn("matchConditions sync failed, will try again: {}", e.toString());
            }
        }, 0, MATCH_CONDITION_SYNC_MILLIS, TimeUnit.MILLISECONDS);
        return new ClusterMode(source, events, status, new KubernetesAuditorAuthenticator(client), flusher);
    }

    /** fabric8 says "An error has occurred." and keeps what happened in the cause chain. */
    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return cause == e ? message : e.getMessage() + " " + message;
    }

    public List<DecisionRecorder> recorders() {
        return List.of(events, status);
    }

    /** The audit log's chain head, which each Mission status write carries from then on (issue #13). */
    public void auditHead(Supplier<AuditHead> head) {
        status.auditHead(head);
    }

    public boolean synced() {
        return source.synced();
    }

    public AuditorAuthenticator auditors() {
        return auditors;
    }

    public long droppedEvents() {
        return events.dropped();
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        status.flush();
        events.close();
        source.close();
    }
}
