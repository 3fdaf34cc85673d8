package dev.ibac.webhook.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.action.Action;
import dev.ibac.webhook.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionCodecTest {
    private final AdmissionCodec codec = new AdmissionCodec();

    @Test
    void decodes_an_api_server_request_into_an_action() {
        Action action = Fixtures.action("create-deployment");
        assertThat(action.uid()).isEqualTo("7f3c9a1e-2b4d-4c5e-9f60-1a2b3c4d5e6f");
        assertThat(action.operation()).isEqualTo("CREATE");
        assertThat(action.resource().group()).isEqualTo("apps");
        assertThat(action.resource().qualifiedResource()).isEqualTo("deployments");
        assertThat(action.kind()).isEqualTo("Deployment");
        assertThat(action.namespace()).isEqualTo("shop");
        assertThat(action.name()).isEqualTo("checkout");
        assertThat(action.requester().username()).isEqualTo("system:serviceaccount:shop:shop-agent");
        assertThat(action.requester().groups()).contains("system:serviceaccounts:shop");
        assertThat(action.annotation(Action.TOKENS_ANNOTATION)).contains("1200");
        assertThat(action.oldObject()).isNull();
    }

    @Test
    void keeps_the_subresource_and_reads_annotations_of_the_old_object_on_delete() {
        assertThat(Fixtures.action("scale-deployment").resource().qualifiedResource()).isEqualTo("deployments/scale");
        Action delete = Fixtures.action("delete-pvc", r -> ((com.fasterxml.jackson.databind.node.ObjectNode) r.get("oldObject")
                .get("metadata")).putObject("annotations").put("ibac.io/mission", "cleanup"));
        assertThat(delete.object()).isNull();
        assertThat(delete.annotation(Action.MISSION_ANNOTATION)).contains("cleanup");
    }

    @Test
    void uses_generate_name_when_a_create_has_no_name_yet() {
        Action action = Fixtures.action("create-deployment", r -> {
            r.remove("name");
            ((com.fasterxml.jackson.databind.node.ObjectNode) r.get("object").get("metadata")).remove("name");
            ((com.fasterxml.jackson.databind.node.ObjectNode) r.get("object").get("metadata")).put("generateName", "checkout-");
        });
        assertThat(action.name()).isEqualTo("checkout-");
    }

    @Test
    void rejects_malformed_json_naming_the_position() {
        assertThatThrownBy(() -> codec.decode("{\"apiVersion\": ".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("malformed JSON at line 1");
        assertThatThrownBy(() -> codec.decode("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> codec.decode("{} {}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("malformed JSON");
    }

    @Test
    void rejects_wrong_api_version_and_kind() {
        assertThatThrownBy(() -> decode(Fixtures.review("create-deployment").put("apiVersion", "admission.k8s.io/v1beta1")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("apiVersion must be \"admission.k8s.io/v1\"");
        assertThatThrownBy(() -> decode(Fixtures.review("create-deployment").put("kind", "Pod")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("kind must be \"AdmissionReview\"");
    }

    @Test
    void rejects_missing_request_uid_and_wrong_types() {
        assertThatThrownBy(() -> decode(Fixtures.review("create-deployment").without("request")))
                .hasMessageContaining("no request object");
        assertThatThrownBy(() -> decode(Fixtures.review("create-deployment", r -> r.remove("uid"))))
                .hasMessageContaining("request.uid is missing");
        assertThatThrownBy(() -> decode(Fixtures.review("create-deployment", r -> r.put("uid", 42))))
                .hasMessageContaining("request.uid must be a string");
        assertThatThrownBy(() -> decode(Fixtures.review("create-deployment", r -> r.put("operation", "PATCH"))))
                .hasMessageContaining("request.operation must be one of");
        assertThatThrownBy(() -> decode(Fixtures.review("create-deployment", r -> r.put("dryRun", "yes"))))
                .hasMessageContaining("request.dryRun must be a boolean");
        assertThatThrownBy(() -> decode(Fixtures.review("create-deployment", r -> r.put("object", "x"))))
                .hasMessageContaining("request.object must be an object");
        assertThatThrownBy(() -> decode(Fixtures.review("create-deployment", r -> r.remove("userInfo"))))
                .hasMessageContaining("request.userInfo is missing");
    }

    @Test
    void encodes_a_denial_with_the_same_uid_403_and_warnings() throws Exception {
        byte[] bytes = codec.encode("abc", false, "ibac: denied (scope): nope", List.of("careful"));
        JsonNode review = Fixtures.MAPPER.readTree(bytes);
        assertThat(review.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
        assertThat(review.at("/response/uid").asText()).isEqualTo("abc");
        assertThat(review.at("/response/allowed").asBoolean()).isFalse();
        assertThat(review.at("/response/status/code").asInt()).isEqualTo(403);
        assertThat(review.at("/response/status/message").asText()).isEqualTo("ibac: denied (scope): nope");
        assertThat(review.at("/response/warnings/0").asText()).isEqualTo("careful");
    }

    @Test
    void an_allowed_answer_has_no_status() throws Exception {
        JsonNode review = Fixtures.MAPPER.readTree(codec.encode("abc", true, null, List.of()));
        assertThat(review.at("/response/allowed").asBoolean()).isTrue();
        assertThat(review.at("/response").has("status")).isFalse();
        assertThat(review.at("/response").has("warnings")).isFalse();
    }

    @Test
    void audit_annotations_are_written_and_a_long_reason_is_cut_to_1_kib_of_utf8() throws Exception {
        JsonNode review = Fixtures.MAPPER.readTree(codec.encode("abc", true, null, List.of(),
                java.util.Map.of("decision", "allow", "audit-id", "abc")));
        assertThat(review.at("/response/auditAnnotations/decision").asText()).isEqualTo("allow");
        assertThat(review.at("/response/auditAnnotations/audit-id").asText()).isEqualTo("abc");

        String reason = "é—".repeat(600);
        String cut = AdmissionCodec.atMostBytes(reason, AdmissionCodec.MAX_REASON_BYTES);
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
        assertThat(cut).endsWith("…").startsWith("é—é—");
        assertThat(AdmissionCodec.atMostBytes("short", 1024)).isEqualTo("short");
    }

    private void decode(JsonNode review) throws Exception {
        codec.decode(Fixtures.MAPPER.writeValueAsBytes(review));
    }
}
