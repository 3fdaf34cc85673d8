package dev.ibac.webhook.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.ibac.crd.Approval;
import dev.ibac.crd.ApprovalSpec;
import dev.ibac.crd.ApprovalStatus;
import dev.ibac.webhook.http.AdmissionCodec;
import dev.ibac.webhook.testing.Fixtures;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The approvals webhook fed AdmissionReviews as the API server sends them for a change of an
 * Approval, with the decider recorded into status on fabric8's CRUD mock.
 */
@EnableKubernetesMockClient(crud = true)
class ApprovalAdmissionTest {
    KubernetesClient client;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:05:00Z"));
    private final AdmissionCodec codec = new AdmissionCodec();
    private DeciderRecorder deciders;
    private ApprovalAdmission admission;

    @BeforeEach
    void setUp() {
        deciders = new DeciderRecorder(new KubernetesApprovalStore(client), clock, Ticker.systemTicker());
        admission = new ApprovalAdmission(codec, deciders, clock);
        // the stored Approval, as IBAC created it
        Approval stored = new KubernetesSerialization().unmarshal(
                Fixtures.review("approve-approval").get("request").get("oldObject").toString(), Approval.class);
        stored.getMetadata().setResourceVersion(null);
        stored.getMetadata().setUid(null);
        client.resources(Approval.class).inNamespace("shop").resource(stored).create();
    }

    private JsonNode review(Consumer<ObjectNode> edit) {
        ObjectNode review = Fixtures.review("approve-approval", edit);
        return admission.review(codec.decode(review.toString().getBytes()));
    }

    private static ObjectNode spec(ObjectNode request, String which) {
        return (ObjectNode) request.get(which).get("spec");
    }

    @Test
    void a_listed_approver_is_admitted_and_recorded_as_the_decider_once_the_change_is_stored() {
        JsonNode answer = review(r -> {});
        assertThat(answer.at("/response/uid").asText()).isEqualTo("5e1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b");
        assertThat(answer.at("/response/allowed").asBoolean()).isTrue();
        deciders.flush();
        assertThat(status().state()).as("not stored yet: nothing recorded").isNotEqualTo(ApprovalStatus.State.Approved);
        // the API server stores the admitted change
        client.resources(Approval.class).inNamespace("shop").withName("ap-1a2b3c4d")
                .edit(a -> {
                    a.setSpec(a.getSpec().decided(ApprovalSpec.Decision.Approve, "planned rollout"));
                    return a;
                });
        deciders.flush();
        ApprovalStatus status = status();
        assertThat(status.state()).isEqualTo(ApprovalStatus.State.Approved);
        assertThat(status.decidedBy()).isEqualTo("alice");
        assertThat(status.reason()).isEqualTo("planned rollout");
        assertThat(status.approvedUntil()).isEqualTo("2026-11-23T11:05:00Z");
        assertThat(deciders.waiting()).isZero();
    }

    @Test
    void an_unlisted_user_is_refused_naming_the_approvers() {
        JsonNode answer = review(r -> ((ObjectNode) r.get("userInfo")).put("username", "bob").putArray("groups").add("devs"));
        assertThat(answer.at("/response/allowed").asBoolean()).isFalse();
        assertThat(answer.at("/response/status/code").asInt()).isEqualTo(403);
        assertThat(answer.at("/response/status/message").asText()).isEqualTo("ibac: approval refused: bob is not an approver of "
                + "mission shop/scale-checkout (spec.approval.approvers: users alice; groups shop-owners)");
        assertThat(deciders.waiting()).isZero();
    }

    @Test
    void the_missions_agent_is_refused_even_in_an_approver_group() {
        JsonNode answer = review(r -> ((ObjectNode) r.get("userInfo")).put("username", "system:serviceaccount:shop:shop-agent"));
        assertThat(answer.at("/response/status/message").asText()).contains("an agent never decides its own approvals");
    }

    @Test
    void deciding_twice_is_refused() {
        JsonNode answer = review(r -> {
            spec(r, "oldObject").put("decision", "Reject");
            ((ObjectNode) r.get("oldObject")).putObject("status").put("state", "Rejected").put("decidedBy", "carol")
                    .put("decidedAt", "2026-11-23T10:01:00Z");
        });
        assertThat(answer.at("/response/status/message").asText())
                .isEqualTo("ibac: approval refused: approval ap-1a2b3c4d was already rejected by carol at 2026-11-23T10:01:00Z: a decision is final");
    }

    @Test
    void an_expired_approval_cannot_be_decided() {
        clock.advance(java.time.Duration.ofHours(1));
        assertThat(review(r -> {}).at("/response/status/message").asText()).contains("expired at 2026-11-23T11:00:00Z");
    }

    @Test
    void a_malformed_decision_or_a_changed_question_is_refused() {
        assertThat(review(r -> spec(r, "object").put("decision", "Maybe")).at("/response/status/message").asText())
                .isEqualTo("ibac: approval refused: spec.decision must be Approve or Reject, got \"Maybe\"");
        assertThat(review(r -> spec(r, "object").put("decision", 1)).at("/response/allowed").asBoolean()).isFalse();
        assertThat(review(r -> ((ObjectNode) spec(r, "object").get("approvers")).putArray("usernames").add("bob"))
                .at("/response/status/message").asText())
                .isEqualTo("ibac: approval refused: only spec.decision and spec.reason of approval ap-1a2b3c4d may change");
        assertThat(review(r -> {
            spec(r, "object").remove("decision");
            spec(r, "oldObject").put("decision", "Approve");
            ((ObjectNode) r.get("oldObject")).remove("status");
        }).at("/response/status/message").asText()).contains("cannot be taken back");
    }

    @Test
    void approvals_are_created_undecided_and_label_changes_pass() {
        assertThat(review(r -> {
            r.put("operation", "CREATE");
            r.remove("oldObject");
        }).at("/response/status/message").asText()).contains("an Approval is created undecided");
        assertThat(review(r -> {
            spec(r, "object").remove("decision");
            spec(r, "object").remove("reason");
            ((ObjectNode) r.get("object").get("metadata")).putObject("annotations").put("note", "x");
        }).at("/response/allowed").asBoolean()).isTrue();
    }

    private ApprovalStatus status() {
        Approval approval = client.resources(Approval.class).inNamespace("shop").withName("ap-1a2b3c4d").get();
        return approval.getStatus() == null ? ApprovalStatus.PENDING : approval.getStatus();
    }
}
