package dev.ibac.webhook.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.crd.JudgeSettings;
import dev.ibac.crd.Mission;
import dev.ibac.crd.MissionStatus;
import dev.ibac.crd.Spent;
import dev.ibac.webhook.pipeline.Decision;
import dev.ibac.webhook.pipeline.Stage;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class MissionStatusBatcherTest {
    private static final String STATUS = "/apis/ibac.io/v1alpha1/namespaces/shop/missions/scale-checkout/status";
    KubernetesClient client;
    KubernetesMockServer server;
    private Mission mission;

    @BeforeEach
    void createMission() {
        mission = client.resources(Mission.class).inNamespace("shop").resource(TestMissions.scaleCheckout()).create();
    }

    private MissionStatusBatcher batcher() {
        return new MissionStatusBatcher(client, Clock.systemUTC(), m -> MissionStatus.Phase.Active, m -> new Spent(42, "1.50"));
    }

    private Decision decision(boolean allowed) {
        return new Decision(Fixtures.action("create-deployment"), Stage.JUDGE, allowed, true, JudgeSettings.Mode.Enforce,
                allowed ? "fine" : "unrelated", mission, null, Decision.Cost.NONE, null, 0);
    }

    private MissionStatus status() {
        return client.resources(Mission.class).inNamespace("shop").withName("scale-checkout").get().getStatus();
    }

    @Test
    void many_decisions_become_one_status_write_with_the_counts() {
        MissionStatusBatcher batcher = batcher();
        for (int i = 0; i < 7; i++) {
            batcher.record(decision(i % 3 != 0));
        }
        assertThat(status()).isNull();
        batcher.flush();
        MissionStatus status = status();
        assertThat(status.verdicts()).isEqualTo(new MissionStatus.Verdicts(4, 3));
        assertThat(status.phase()).isEqualTo("Active");
        assertThat(status.spent()).isEqualTo(new Spent(42, "1.50"));
        assertThat(status.lastVerdict().decision()).isEqualTo("deny"); // the 7th decision
        assertThat(status.lastVerdict().action()).isEqualTo("CREATE deployments shop/checkout");
    }

    @Test
    void two_replicas_add_up_instead_of_overwriting() {
        MissionStatusBatcher first = batcher();
        MissionStatusBatcher second = batcher();
        first.record(decision(true));
        first.record(decision(true));
        second.record(decision(false));
        first.flush();
        second.flush();
        second.record(decision(true));
        second.flush();
        assertThat(status().verdicts()).isEqualTo(new MissionStatus.Verdicts(3, 1));
    }

    @Test
    void dry_runs_are_not_counted() {
        MissionStatusBatcher batcher = batcher();
        batcher.record(new Decision(Fixtures.action("create-deployment", r -> r.put("dryRun", true)), Stage.JUDGE, true, true,
                JudgeSettings.Mode.Enforce, "fine", mission, null, Decision.Cost.NONE, null, 0));
        batcher.flush();
        assertThat(status()).isNull();
    }

    @Test
    void a_failed_write_keeps_the_counts_for_the_next_flush() {
        MissionStatusBatcher batcher = batcher();
        batcher.record(decision(true));
        batcher.record(decision(false));
        server.expect().put().withPath(STATUS).andReturn(403, "missions/status is forbidden").once(); // 5xx the client retries itself
        batcher.flush();
        assertThat(status()).isNull();
        batcher.record(decision(true));
        batcher.flush();
        assertThat(status().verdicts()).isEqualTo(new MissionStatus.Verdicts(2, 1));
    }

    @Test
    void conflicts_beyond_the_retries_keep_the_counts_too() {
        MissionStatusBatcher batcher = batcher();
        batcher.record(decision(false));
        server.expect().put().withPath(STATUS).andReturn(409, "the object has been modified").times(MissionStatusBatcher.RETRIES);
        batcher.flush();
        assertThat(status()).isNull();
        batcher.flush();
        assertThat(status().verdicts()).isEqualTo(new MissionStatus.Verdicts(0, 1));
    }

    @Test
    void replicas_flushing_at_the_same_time_while_requests_arrive_lose_nothing() throws Exception {
        MissionStatusBatcher first = batcher();
        MissionStatusBatcher second = batcher();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<?> a = CompletableFuture.runAsync(() -> recordAndFlush(first, 200), threads);
            CompletableFuture<?> b = CompletableFuture.runAsync(() -> recordAndFlush(second, 200), threads);
            CompletableFuture.allOf(a, b).get();
        } finally {
            threads.shutdownNow();
        }
        first.flush();
        second.flush();
        assertThat(status().verdicts()).isEqualTo(new MissionStatus.Verdicts(200, 200));
    }

    /**
     * Records while this replica's flusher runs on another thread, as the request and status threads do.
     * The two replicas' flushes take turns: the CRUD mock builds a /status PUT from its stored object, so
     * it never answers 409 for a stale resourceVersion and concurrent writes would overwrite each other
     * there (a real API server refuses them; the 409 retry path is tested with expectations above).
     */
    private void recordAndFlush(MissionStatusBatcher batcher, int decisions) {
        CompletableFuture<?> flushing = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 20; i++) {
                synchronized (MissionStatusBatcherTest.class) {
                    batcher.flush();
                }
            }
        });
        for (int i = 0; i < decisions; i++) {
            batcher.record(decision(i % 2 == 0));
        }
        flushing.join();
    }
}
