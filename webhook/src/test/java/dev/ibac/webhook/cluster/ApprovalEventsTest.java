package dev.ibac.webhook.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.crd.JudgeSettings;
import dev.ibac.crd.Mission;
import dev.ibac.webhook.pipeline.Decision;
import dev.ibac.webhook.pipeline.Stage;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC §5a's Events on the Mission: ApprovalRequested, ActionApproved, ApprovalRejected, aggregated like the others. */
@EnableKubernetesMockClient(crud = true)
class ApprovalEventsTest {
    KubernetesClient client;
    private final Mission mission = TestMissions.scaleCheckout();

    private Decision atApproval(boolean allowed, String state, String by) {
        return new Decision(Fixtures.action("create-deployment"), Stage.APPROVAL, allowed, true, JudgeSettings.Mode.Enforce,
                "reason", mission, null, Decision.Cost.NONE, null, 0, List.of(), new Decision.ApprovalRef("ap-1234abcd", state, by));
    }

    @Test
    void the_approval_stage_has_reasons_of_its_own_and_repeats_aggregate() {
        MissionEvents events = new MissionEvents(client, Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC), "ibac-0", 8);
        events.emit(atApproval(false, "Pending", null));
        events.emit(atApproval(false, "Pending", null));
        events.emit(atApproval(true, "Approved", "alice"));
        events.emit(atApproval(false, "Rejected", "alice"));
        events.flushAll();
        List<Event> written = client.events().v1().events().inNamespace("shop").list().getItems();
        assertThat(written).extracting(Event::getReason)
                .containsExactlyInAnyOrder("ApprovalRequested", "ActionApproved", "ApprovalRejected");
        assertThat(written).filteredOn(e -> e.getReason().equals("ApprovalRequested")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getSeries().getCount()).isEqualTo(2);
                    assertThat(e.getRegarding().getName()).isEqualTo("scale-checkout");
                });
        assertThat(written).filteredOn(e -> e.getReason().equals("ActionApproved")).singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Normal"));
    }
}
