package dev.ibac.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.crd.JudgeSettings;
import dev.ibac.crd.Mission;
import dev.ibac.crd.MissionStatus;
import dev.ibac.crd.Spent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class MissionStatusBatcherTest {
    KubernetesClient client;
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
}
