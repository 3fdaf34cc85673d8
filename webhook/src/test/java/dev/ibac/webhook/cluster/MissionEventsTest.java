package dev.ibac.webhook.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.crd.JudgeSettings;
import dev.ibac.crd.Mission;
import dev.ibac.webhook.pipeline.Decision;
import dev.ibac.webhook.pipeline.Outcomes;
import dev.ibac.webhook.pipeline.Stage;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class MissionEventsTest {
    KubernetesClient client;
    private final Mission mission = TestMissions.scaleCheckout();
    private Instant now = Instant.parse("2026-11-23T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    private MissionEvents events() {
        return new MissionEvents(client, clock, "ibac-0", 4);
    }

    private List<Event> written() {
        return client.events().v1().events().inNamespace("shop").list().getItems();
    }

    @Test
    void a_denial_is_a_warning_event_regarding_the_mission_and_related_to_the_target() {
        events().emit(denied(Stage.SCOPE, "out of scope"));
        Event event = written().get(0);
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getReason()).isEqualTo("ActionDenied");
        assertThat(event.getAction()).isEqualTo("CREATE");
        assertThat(event.getRegarding().getKind()).isEqualTo("Mission");
        assertThat(event.getRegarding().getName()).isEqualTo("scale-checkout");
        assertThat(event.getRelated().getKind()).isEqualTo("Deployment");
        assertThat(event.getRelated().getName()).isEqualTo("checkout");
        assertThat(event.getRelated().getApiVersion()).isEqualTo("apps/v1");
        assertThat(event.getNote()).isEqualTo("CREATE deployments shop/checkout: out of scope");
        assertThat(event.getReportingController()).isEqualTo("ibac.io/webhook");
        assertThat(event.getReportingInstance()).isEqualTo("ibac-0");
    }

    @Test
    void reasons_follow_the_stage_and_allowed_is_normal() {
        assertThat(MissionEvents.reason(denied(Stage.BUDGET, "x"))).isEqualTo("BudgetExhausted");
        assertThat(MissionEvents.reason(denied(Stage.RATE, "x"))).isEqualTo("ActionThrottled");
        Decision allowed = new Decision(Fixtures.action("create-deployment"), Stage.JUDGE, true, true, JudgeSettings.Mode.Enforce,
                "fine", mission, null, Decision.Cost.NONE, null, 0);
        events().emit(allowed);
        assertThat(written().get(0).getType()).isEqualTo("Normal");
        assertThat(written().get(0).getReason()).isEqualTo("ActionAllowed");
        Decision warned = Outcomes.denyByMode(Fixtures.action("create-deployment"), Stage.JUDGE, "meh",
                TestMissions.scaleCheckout("  judge: {mode: Warn}\n"));
        assertThat(MissionEvents.reason(warned)).isEqualTo("ActionWarned");
    }

    @Test
    void repeats_aggregate_into_one_event_series_written_at_most_every_few_seconds() {
        MissionEvents events = events();
        for (int i = 0; i < 5; i++) {
            events.emit(denied(Stage.SCOPE, "out of scope"));
        }
        assertThat(written()).hasSize(1);
        assertThat(written().get(0).getSeries()).isNull();
        now = now.plus(Duration.ofSeconds(6));
        events.emit(denied(Stage.SCOPE, "out of scope"));
        assertThat(written()).hasSize(1);
        assertThat(written().get(0).getSeries().getCount()).isEqualTo(6);
        events.emit(denied(Stage.SCOPE, "out of scope"));
        events.flushAll();
        assertThat(written().get(0).getSeries().getCount()).isEqualTo(7);
    }

    @Test
    void notes_are_cut_to_1_kib_and_dry_runs_and_humans_leave_no_event() {
        Decision huge = denied(Stage.JUDGE, "é".repeat(2000));
        assertThat(MissionEvents.note(huge).getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(1024);
        MissionEvents events = events();
        events.record(Outcomes.deny(Fixtures.action("create-deployment", r -> r.put("dryRun", true)), Stage.SCOPE, "x", mission, true));
        events.record(Outcomes.notAgent(Fixtures.action("human-update-configmap")));
        events.record(Outcomes.deny(Fixtures.action("create-deployment"), Stage.MISSION, "no mission", null, true));
        assertThat(events.dropped()).isZero();
        for (int i = 0; i < 6; i++) {
            events.record(denied(Stage.SCOPE, "queued " + i));
        }
        assertThat(events.dropped()).isEqualTo(2); // the queue holds 4; nothing blocks the request
    }

    @Test
    void a_burst_is_counted_one_interval_later_without_waiting_for_another_repeat() {
        MissionEvents events = events();
        for (int i = 0; i < 3; i++) {
            events.emit(denied(Stage.SCOPE, "out of scope"));
        }
        events.flushDue();
        assertThat(written().get(0).getSeries()).isNull(); // the create was the write of this interval
        now = now.plus(MissionEvents.MIN_UPDATE_INTERVAL);
        events.flushDue();
        assertThat(written().get(0).getSeries().getCount()).isEqualTo(3);
        events.flushDue();
        assertThat(written()).hasSize(1);
    }

    @Test
    void when_the_event_is_gone_the_next_repeat_starts_a_new_one() {
        MissionEvents events = events();
        events.emit(denied(Stage.SCOPE, "out of scope"));
        client.events().v1().events().inNamespace("shop").withName(written().get(0).getMetadata().getName()).delete();
        now = now.plus(MissionEvents.MIN_UPDATE_INTERVAL);
        events.emit(denied(Stage.SCOPE, "out of scope")); // its update finds no Event
        assertThat(written()).isEmpty();
        events.emit(denied(Stage.SCOPE, "out of scope"));
        assertThat(written()).hasSize(1);
        assertThat(written().get(0).getSeries()).isNull();
    }

    @Test
    void the_sender_thread_survives_a_decision_it_cannot_turn_into_an_event() {
        Mission broken = TestMissions.scaleCheckout();
        broken.setMetadata(null);
        try (MissionEvents events = events().start()) {
            events.record(Outcomes.deny(Fixtures.action("create-deployment"), Stage.SCOPE, "x", broken, true));
            events.record(denied(Stage.SCOPE, "out of scope"));
            ClusterMissionSourceTest.await(() -> written().size() == 1);
        }
        assertThat(written().get(0).getReason()).isEqualTo("ActionDenied");
    }

    @Test
    void a_flood_of_distinct_verdicts_is_held_to_the_write_rate_and_the_rest_counted_as_dropped() {
        io.github.bucket4j.TimeMeter time = new io.github.bucket4j.TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return now.toEpochMilli() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        MissionEvents events = new MissionEvents(client, clock, "ibac-0", 4, time);
        for (int i = 0; i < MissionEvents.WRITE_BURST + 10; i++) {
            String name = "checkout-" + i; // a new action each time: no series to aggregate into
            events.emit(Outcomes.deny(Fixtures.action("create-deployment", r -> r.put("name", name)), Stage.SCOPE, "x", mission, true));
        }
        assertThat(written()).hasSize(MissionEvents.WRITE_BURST);
        assertThat(events.dropped()).isEqualTo(10);
        now = now.plusSeconds(1);
        for (int i = 0; i < 10; i++) {
            String name = "later-" + i;
            events.emit(Outcomes.deny(Fixtures.action("create-deployment", r -> r.put("name", name)), Stage.SCOPE, "x", mission, true));
        }
        assertThat(written()).hasSize(MissionEvents.WRITE_BURST + MissionEvents.WRITES_PER_SECOND);
    }

    private Decision denied(Stage stage, String reason) {
        return Outcomes.deny(Fixtures.action("create-deployment"), stage, reason, mission, true);
    }
}
