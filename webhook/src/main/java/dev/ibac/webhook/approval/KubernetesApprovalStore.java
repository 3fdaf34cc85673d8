package dev.ibac.webhook.approval;

import dev.ibac.crd.Approval;
import dev.ibac.crd.ApprovalSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Cluster mode's approvals: {@code Approval} custom resources in the mission's namespace, found by
 * the fingerprint label. IBAC creates them and writes only their status (under the resourceVersion
 * it read: a conflict is reported, never overwritten); approvers write {@code spec.decision}, and
 * IBAC's approvals webhook records who did ({@link ApprovalAdmission}).
 */
public final class KubernetesApprovalStore implements ApprovalStore {
    private final KubernetesClient client;

    public KubernetesApprovalStore(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public List<Approval> all() {
        return client.resources(Approval.class).inAnyNamespace().list().getItems().stream()
                .sorted(Comparator.comparing((Approval a) -> a.getSpec().requestedAt()).reversed()).toList();
    }

    @Override
    public List<Approval> inNamespace(String namespace) {
        return client.resources(Approval.class).inNamespace(namespace).list().getItems();
    }

    @Override
    public Optional<Approval> find(String namespace, String id) {
        if (namespace != null) {
            return Optional.ofNullable(client.resources(Approval.class).inNamespace(namespace).withName(id).get());
        }
        return client.resources(Approval.class).inAnyNamespace().list().getItems().stream()
                .filter(a -> id.equals(a.getMetadata().getName())).findFirst();
    }

    @Override
    public List<Approval> withFingerprint(String namespace, String fingerprint) {
        return client.resources(Approval.class).inNamespace(namespace)
                .withLabel(Approvals.FINGERPRINT_LABEL, fingerprint.substring(0, 63)).list().getItems().stream()
                .filter(a -> fingerprint.equals(a.getSpec().fingerprint())).toList();
    }

    @Override
    public boolean create(Approval approval) {
        try {
            client.resources(Approval.class).inNamespace(approval.getMetadata().getNamespace()).resource(approval).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Sets {@code spec.decision} and {@code spec.reason} of approval {@code id} as this store's
     * client's user — the approver's own credentials ({@code ibac approve}: the kubeconfig; the
     * auditor page: the auditor's token), never IBAC's: the API server's RBAC and IBAC's approvals
     * webhook judge the change and the webhook records the user as the decider. Returns the
     * approval as stored; a refusal is the API server's KubernetesClientException (403 with the
     * webhook's message, 404, …).
     */
    public Approval decide(String namespace, String id, ApprovalSpec.Decision decision, String reason) {
        return client.resources(Approval.class).inNamespace(namespace).withName(id).edit(a -> {
            a.setSpec(a.getSpec().decided(decision, reason));
            return a;
        });
    }

    /** Only the status is IBAC's to write; spec.decision is the approver's. */
    @Override
    public boolean replace(Approval current, Approval next) {
        next.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
        try {
            client.resources(Approval.class).inNamespace(current.getMetadata().getNamespace()).resource(next).updateStatus();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT || e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}
