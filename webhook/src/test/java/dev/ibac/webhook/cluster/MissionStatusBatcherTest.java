package dev.ibac.webhook.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.crd.JudgeSettings;
import dev.ibac.crd.Mission;
import dev.ibac.crd.MissionStatus;
import dev.ibac.crd.Spent;
import dev.ibac.webhook.audit.AuditHead;
import dev.ibac.webhook.pipeline.Decision;
import dev.ibac.webhook.pipeline.Stage;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
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
        return batcher("ibac-0");
    }

    private MissionStatusBatcher batcher(String replica) {
        return new MissionStatusBatcher(client, Clock.systemUTC(), m -> MissionStatus.Phase.Active, m -> new Spent(42, "1.50"), replica);
    }

    private static AuditHead head(long entries, char hash) {
        return new AuditHead(entries, String.valueOf(hash).repeat(64), "0".repeat(64));
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
    void each_write_carries_the_replicas_audit_head_and_keeps_the_other_replicas_heads() {
        MissionStatusBatcher first = batcher("ibac-0");
        MissionStatusBatcher second = batcher("ibac-1");
        AtomicReference<AuditHead> firstHead = new AtomicReference<>(head(2, 'a'));
        first.auditHead(firstHead::get);
        second.auditHead(() -> head(5, 'b'));
        first.record(decision(true));
        first.record(decision(false));
        first.flush();
        assertThat(status().auditHeads()).singleElement().satisfies(h -> {
            assertThat(h.replica()).isEqualTo("ibac-0");
            assertThat(h.entries()).isEqualTo(2);
            assertThat(h.lastHash()).isEqualTo("a".repeat(64));
            assertThat(h.startHash()).isEqualTo("0".repeat(64));
            assertThat(Instant.parse(h.time())).isNotNull();
        });
        second.record(decision(true));
        second.flush();
        firstHead.set(head(9, 'c'));
        first.record(decision(true));
        first.flush();
        // newest first: each replica's own head replaced, the other's kept
        assertThat(status().auditHeads()).extracting(MissionStatus.ChainHead::replica, MissionStatus.ChainHead::entries)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ibac-0", 9L), org.assertj.core.groups.Tuple.tuple("ibac-1", 5L));
        assertThat(status().verdicts()).isEqualTo(new MissionStatus.Verdicts(3, 1));
    }

    @Test
    void the_head_rides_on_verdict_writes_and_never_causes_a_write_of_its_own() {
        MissionStatusBatcher batcher = batcher();
        batcher.auditHead(() -> head(3, 'a'));
        batcher.flush(); // the head is there, but no verdict since the last flush: nothing to write
        assertThat(status()).isNull();
        batcher.record(decision(true));
        batcher.flush();
        String version = client.resources(Mission.class).inNamespace("shop").withName("scale-checkout").get().getMetadata().getResourceVersion();
        batcher.auditHead(() -> head(4, 'b'));
        batcher.flush();
        assertThat(client.resources(Mission.class).inNamespace("shop").withName("scale-checkout").get().getMetadata().getResourceVersion())
                .isEqualTo(version);
        assertThat(status().auditHeads()).singleElement().extracting(MissionStatus.ChainHead::entries).isEqualTo(3L);
    }

    @Test
    void before_the_log_is_open_the_heads_already_there_are_kept() {
        MissionStatusBatcher withHead = batcher("ibac-1");
        withHead.auditHead(() -> head(5, 'b'));
        withHead.record(decision(true));
        withHead.flush();
        MissionStatusBatcher noLogYet = batcher("ibac-0"); // its supplier answers null
        noLogYet.auditHead(() -> null);
        noLogYet.record(decision(false));
        noLogYet.flush();
        assertThat(status().auditHeads()).extracting(MissionStatus.ChainHead::replica).containsExactly("ibac-1");
        assertThat(status().verdicts()).isEqualTo(new MissionStatus.Verdicts(1, 1));
    }

    @Test
    void a_failed_write_takes_the_newer_head_at_the_next_flush() {
        MissionStatusBatcher batcher = batcher();
        AtomicReference<AuditHead> head = new AtomicReference<>(head(1, 'a'));
        batcher.auditHead(head::get);
        batcher.record(decision(true));
        server.expect().put().withPath(STATUS).andReturn(403, "missions/status is forbidden").once();
        batcher.flush();
        head.set(head(2, 'b'));
        batcher.flush();
        assertThat(status().auditHeads()).singleElement().extracting(MissionStatus.ChainHead::lastHash).isEqualTo("b".repeat(64));
    }

    @Test
    void heads_are_bounded_newest_first_and_one_per_replica() {
        List<MissionStatus.ChainHead> old = IntStream.range(0, 20)
                .mapToObj(i -> new MissionStatus.ChainHead("pod-" + i, i, "a".repeat(64), "0".repeat(64),
                        Instant.parse("2026-11-23T10:00:00Z").plusSeconds(i).toString()))
                .toList();
        MissionStatus.ChainHead mine = new MissionStatus.ChainHead("pod-3", 99, "b".repeat(64), "0".repeat(64), "2026-11-23T11:00:00.5Z");
        List<MissionStatus.ChainHead> heads = MissionStatusBatcher.heads(old, mine);
        assertThat(heads).hasSize(MissionStatus.MAX_AUDIT_HEADS).first().isEqualTo(mine);
        assertThat(heads).extracting(MissionStatus.ChainHead::replica).doesNotHaveDuplicates()
                .containsSequence("pod-19", "pod-18").doesNotContain("pod-0", "pod-1", "pod-2");
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
