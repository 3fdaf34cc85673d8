package dev.ibac.webhook.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.crd.Approval;
import dev.ibac.crd.ApprovalSpec;
import dev.ibac.crd.ApprovalStatus;
import dev.ibac.crd.Mission;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.TokenUsage;
import dev.ibac.webhook.pipeline.ApprovalGate.Outcome;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cluster mode's approvals as Approval custom resources, on fabric8's CRUD mock server. */
@EnableKubernetesMockClient(crud = true)
class KubernetesApprovalStoreTest {
    private static final JudgeVerdict DOUBT = new JudgeVerdict(JudgeVerdict.Decision.UNCERTAIN, "uncertain: image changes",
            JudgeVerdict.Risk.MEDIUM, 0.5, TokenUsage.NONE, "semantic", null, false);
    KubernetesClient client;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final Mission mission = TestMissions.scaleCheckout(
            "  judge: {onUncertain: Approve}\n  approval: {approvers: {usernames: [alice]}}\n");

    @Test
    void a_pending_approval_is_one_approval_resource_in_the_missions_namespace_found_again_by_fingerprint() {
        Approvals approvals = new Approvals(new KubernetesApprovalStore(client), clock, HowToApprove.cluster());
        Outcome first = approvals.consult(mission, Fixtures.action("create-deployment", r -> r.put("uid", "u1")), List.of(), DOUBT);
        Outcome retry = approvals.consult(mission, Fixtures.action("create-deployment", r -> r.put("uid", "u2")), List.of(), DOUBT);
        assertThat(retry).isEqualTo(first);
        List<Approval> stored = client.resources(Approval.class).inNamespace("shop").list().getItems();
        assertThat(stored).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo(((Outcome.Pending) first).id());
            assertThat(a.getMetadata().getLabels()).containsKey(Approvals.FINGERPRINT_LABEL);
            assertThat(a.getSpec().action().summary()).isEqualTo("CREATE deployments shop/checkout");
            assertThat(a.state(clock.instant())).isEqualTo(ApprovalStatus.State.Pending);
        });
        assertThat(((Outcome.Pending) first).howToApprove()).contains("an approver of mission shop/scale-checkout (users alice)",
                "ibac approve " + stored.get(0).id() + " -n shop", "kubectl patch approval " + stored.get(0).id() + " -n shop");
    }

    @Test
    void a_status_written_by_the_approvals_webhook_admits_once() {
        KubernetesApprovalStore store = new KubernetesApprovalStore(client);
        Approvals approvals = new Approvals(store, clock, HowToApprove.cluster());
        String id = ((Outcome.Pending) approvals.consult(mission, Fixtures.action("create-deployment"), List.of(), DOUBT)).id();
        Approval current = store.find("shop", id).orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        assertThat(store.replace(current, ApprovalDecisions.decided(current, ApprovalSpec.Decision.Approve,
                new ApprovalDecisions.Decider("alice", List.of()), "ok", clock.instant()))).isTrue();
        assertThat(approvals.consult(mission, Fixtures.action("create-deployment", r -> r.put("uid", "u9")), List.of(), DOUBT))
                .isEqualTo(new Outcome.Approved(id, "alice"));
        assertThat(store.find("shop", id).orElseThrow().getStatus().usedBy()).isEqualTo("u9");
        assertThat(approvals.consult(mission, Fixtures.action("create-deployment", r -> r.put("uid", "u10")), List.of(), DOUBT))
                .isInstanceOf(Outcome.Pending.class);
        assertThat(store.pending(clock.instant())).hasSize(1);
        assertThat(store.all()).hasSize(2);
    }
}
