package dev.ibac.webhook.app;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.ibac.webhook.approval.ApprovalAdmission;
import dev.ibac.webhook.approval.ApprovalStore;
import dev.ibac.webhook.approval.Approvals;
import dev.ibac.webhook.approval.DeciderRecorder;
import dev.ibac.webhook.approval.FileApprovalStore;
import dev.ibac.webhook.approval.HowToApprove;
import dev.ibac.webhook.approval.KubernetesApprovalStore;
import dev.ibac.webhook.http.AdmissionCodec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.config.RoutesConfig;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * SPEC §5a wiring: the approval store of the mode (files in --state, or Approval CRs), the approval
 * stage over it, and in cluster mode the approvals webhook at {@link ApprovalAdmission#PATH} with
 * the recorder that writes deciders into status.
 */
final class ApprovalSetup implements AutoCloseable {
    static final long DECIDER_FLUSH_MILLIS = 250;

    private final Approvals approvals;
    private final ApprovalAdmission admission;
    private final ScheduledExecutorService flusher;
    private final ApprovalsOnThePage onThePage;

    private ApprovalSetup(Approvals approvals, ApprovalAdmission admission, ScheduledExecutorService flusher,
            ApprovalsOnThePage onThePage) {
        this.approvals = approvals;
        this.admission = admission;
        this.flusher = flusher;
        this.onThePage = onThePage;
    }

    static ApprovalSetup create(ServeSettings settings, KubernetesClient cluster, AdmissionCodec codec) {
        if (cluster == null) {
            ApprovalStore files = FileApprovalStore.inStateDir(settings.stateDir());
            return new ApprovalSetup(new Approvals(files, settings.clock(), HowToApprove.embedded(settings.stateDir())), null, null,
                    ApprovalsOnThePage.embedded(files, settings.clock()));
        }
        ApprovalStore store = new KubernetesApprovalStore(cluster);
        DeciderRecorder deciders = new DeciderRecorder(store, settings.clock(), Ticker.systemTicker());
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ibac-approval-deciders");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(() -> {
            try {
                deciders.flush();
            } catch (RuntimeException e) { // an exception would end the schedule
                LoggerFactory.getLogger(ApprovalSetup.class).warn("recording approval deciders failed, will retry: {}", e.toString());
            }
        }, DECIDER_FLUSH_MILLIS, DECIDER_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        return new ApprovalSetup(new Approvals(store, settings.clock(), HowToApprove.cluster()),
                new ApprovalAdmission(codec, deciders, settings.clock()), flusher,
                ApprovalsOnThePage.cluster(store, cluster, deciders, settings.clock()));
    }

    Approvals approvals() {
        return approvals;
    }

    /** The auditor overview's pending approvals and its Approve/Reject, over the same store. */
    ApprovalsOnThePage onThePage() {
        return onThePage;
    }

    /** The approvals webhook's route (cluster mode only: embedded mode has no API server to send it). */
    void register(RoutesConfig routes) {
        if (admission != null) {
            admission.register(routes);
        }
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        approvals.store().close();
    }
}
