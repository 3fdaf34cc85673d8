package dev.ibac.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.crd.Approval;
import dev.ibac.crd.ApprovalSpec;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.TokenUsage;
import dev.ibac.webhook.approval.Approvals;
import dev.ibac.webhook.approval.HowToApprove;
import dev.ibac.webhook.approval.KubernetesApprovalStore;
import dev.ibac.webhook.pipeline.ApprovalGate;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ibac approve|reject} in cluster mode, on fabric8's CRUD mock: it sets spec.decision; the webhook judges the user. */
@EnableKubernetesMockClient(crud = true)
class ApprovalsClusterCommandTest {
    KubernetesClient client;

    private String pending() {
        Approvals approvals = new Approvals(new KubernetesApprovalStore(client), Clock.systemUTC(), HowToApprove.cluster());
        return ((ApprovalGate.Outcome.Pending) approvals.consult(TestMissions.scaleCheckout(""), Fixtures.action("create-deployment"),
                List.of(), new JudgeVerdict(JudgeVerdict.Decision.UNCERTAIN, "doubt", JudgeVerdict.Risk.MEDIUM, 0.5, TokenUsage.NONE,
                        "semantic", null, false))).id();
    }

    @Test
    void approve_sets_the_decision_and_the_reason() {
        String id = pending();
        String outcome = ApprovalsCommand.decideInCluster(client, "shop", id, ApprovalSpec.Decision.Approve, "planned");
        assertThat(outcome).startsWith("ok:approved " + id + " (CREATE deployments shop/checkout)");
        ApprovalSpec spec = client.resources(Approval.class).inNamespace("shop").withName(id).get().getSpec();
        assertThat(spec.decision()).isEqualTo(ApprovalSpec.Decision.Approve);
        assertThat(spec.reason()).isEqualTo("planned");
    }

    @Test
    void unknown_ids_and_other_namespaces_are_named() {
        String id = pending();
        assertThat(ApprovalsCommand.decideInCluster(client, "shop", "ap-00000000", ApprovalSpec.Decision.Approve, null))
                .isEqualTo("no approval ap-00000000 in namespace shop; \"ibac approvals list\" shows them");
        assertThat(ApprovalsCommand.decideInCluster(client, "lab", id, ApprovalSpec.Decision.Reject, null))
                .isEqualTo("approval " + id + " belongs to mission shop/scale-checkout, not to namespace lab");
    }
}
