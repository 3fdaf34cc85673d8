package dev.ibac.webhook.cluster;

import dev.ibac.crd.Budget;
import dev.ibac.crd.Mission;
import dev.ibac.webhook.pipeline.MissionIndex;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Cluster mode's mission source: informers on Missions and Budgets in every namespace. Every
 * change republishes the index from the informers' caches; the index counts as loaded only once
 * both informers have synced, so readiness waits for them.
 */
final class ClusterMissionSource implements AutoCloseable {
    private static final long RESYNC_MILLIS = 10 * 60 * 1000L;
    private final MissionIndex index;
    private final SharedIndexInformer<Mission> missions;
    private final SharedIndexInformer<Budget> budgets;

    /** Blocks until both informers have listed (fabric8's {@code inform} does the initial list synchronously). */
    ClusterMissionSource(KubernetesClient client, MissionIndex index) {
        this.index = index;
        this.missions = client.resources(Mission.class).inAnyNamespace().inform(republishing(), RESYNC_MILLIS);
        this.budgets = client.resources(Budget.class).inAnyNamespace().inform(republishing(), RESYNC_MILLIS);
        publish();
    }

    boolean synced() {
        return missions.hasSynced() && budgets.hasSynced();
    }

    private synchronized void publish() {
        if (missions == null || budgets == null || !synced()) {
            return; // handlers fire during the initial list; publish once both caches are complete
        }
        index.replace(missions.getStore().list(), budgets.getStore().list());
    }

    private <T extends HasMetadata> ResourceEventHandler<T> republishing() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                publish();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                publish();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                publish();
            }
        };
    }

    @Override
    public void close() {
        missions.close();
        budgets.close();
    }
}
