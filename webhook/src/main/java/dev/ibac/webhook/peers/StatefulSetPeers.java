package dev.ibac.webhook.peers;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Cluster mode: the pods of this replica's StatefulSet, {@code <set>-0} … {@code <set>-(n-1)}, each
 * at its stable name behind the headless Service ({@code <pod>.<service>.<namespace>.svc}). The
 * count is read from the StatefulSet on every look-up, so a pod that is down is still named (and
 * shown as not answering) instead of vanishing from the view as it would from DNS.
 */
public final class StatefulSetPeers implements PeerDirectory {
    private final KubernetesClient client;
    private final String namespace;
    private final String set;
    private final String service;
    private final int port;

    /** {@code self}: this pod's name; the StatefulSet is its name without the ordinal. */
    public StatefulSetPeers(KubernetesClient client, String namespace, String self, String service, int port) {
        if (!self.matches(".+-\\d+")) {
            throw new IllegalArgumentException("--peers service:" + service + " needs a StatefulSet pod name as --replica"
                    + " (like ibac-0), got \"" + self + "\"");
        }
        this.client = client;
        this.namespace = namespace;
        this.set = self.replaceFirst("-\\d+$", "");
        this.service = service;
        this.port = port;
    }

    @Override
    public List<Peer> peers() throws IOException {
        StatefulSet statefulSet;
        try {
            statefulSet = client.apps().statefulSets().inNamespace(namespace).withName(set).get();
        } catch (KubernetesClientException e) {
            throw new IOException("cannot read StatefulSet " + namespace + "/" + set + ": HTTP " + e.getCode());
        }
        if (statefulSet == null) {
            throw new IOException("StatefulSet " + namespace + "/" + set + " not found");
        }
        Integer replicas = statefulSet.getSpec().getReplicas();
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < (replicas == null ? 1 : replicas); i++) {
            String pod = set + "-" + i;
            peers.add(new Peer(pod, URI.create("https://" + pod + "." + service + "." + namespace + ".svc:" + port)));
        }
        return peers;
    }
}
