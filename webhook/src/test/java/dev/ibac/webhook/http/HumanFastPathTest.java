package dev.ibac.webhook.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.action.Requester;
import dev.ibac.webhook.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Issue #19: a human's objects are skipped while reading, every refusal stays the one a full read gives. */
class HumanFastPathTest {
    private static final Predicate<Requester> AGENTS = r -> r.username().endsWith("-agent");

    private final AdmissionCodec codec = new AdmissionCodec();

    @Test
    void a_humans_objects_after_user_info_are_not_read() {
        AdmissionCodec.Decoded decoded = codec.decode(bytes(Fixtures.review("human-update-configmap").toString()), AGENTS);
        assertThat(decoded.agent()).isFalse();
        assertThat(decoded.action().object()).isNull();
        assertThat(decoded.action().oldObject()).isNull();
        assertThat(decoded.action().uid()).isEqualTo("11111111-2222-4333-8444-555555555555");
        assertThat(decoded.action().requester().groups()).containsExactly("system:authenticated", "shop-admins");
    }

    @Test
    void an_agents_request_is_read_whole_as_a_tree_reader_reads_it() {
        ObjectNode review = Fixtures.review("create-deployment", r -> r.set("oldObject", r.get("object").deepCopy()));
        AdmissionCodec.Decoded decoded = codec.decode(bytes(review.toString()), AGENTS);
        assertThat(decoded.agent()).isTrue();
        // same node types too: Fixtures reads with a plain ObjectMapper.readTree
        assertThat(decoded.action().object()).isEqualTo(review.get("request").get("object")).isNotNull();
        assertThat(decoded.action().oldObject()).isEqualTo(review.get("request").get("oldObject"));
    }

    @Test
    void an_agents_objects_are_read_without_their_managed_fields() {
        ObjectNode review = Fixtures.review("create-deployment", r -> r.set("oldObject", r.get("object").deepCopy()));
        ObjectNode request = (ObjectNode) review.get("request");
        for (String field : List.of("object", "oldObject")) {
            ((ObjectNode) request.get(field).get("metadata")).putArray("managedFields").addObject().put("manager", "kubectl")
                    .putObject("fieldsV1").putObject("f:spec").putObject("f:replicas");
        }
        AdmissionCodec.Decoded decoded = codec.decode(bytes(review.toString()), AGENTS);
        ObjectNode expected = request.get("object").deepCopy();
        ((ObjectNode) expected.get("metadata")).remove("managedFields");
        assertThat(decoded.action().object()).isEqualTo(expected);
        assertThat(decoded.action().oldObject()).isEqualTo(expected);
        assertThat(decoded.action().object().path("metadata").path("name").asText()).isNotEmpty();
    }

    @Test
    void bad_json_inside_managed_fields_is_still_refused() {
        String agent = Fixtures.review("create-deployment", r -> ((ObjectNode) r.get("object").get("metadata"))
                .putArray("managedFields").addObject().put("manager", "kubectl")).toString();
        assertThat(agent).contains("\"manager\":\"kubectl\"");
        String duplicate = agent.replace("\"manager\":\"kubectl\"", "\"manager\":\"kubectl\",\"manager\":\"helm\"");
        assertThatThrownBy(() -> codec.decode(bytes(duplicate), AGENTS)).hasMessageContaining("Duplicate field 'manager'");
        String malformed = agent.replace("\"manager\":\"kubectl\"", "\"manager\":\"kubectl\",,");
        assertThatThrownBy(() -> codec.decode(bytes(malformed), AGENTS)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void objects_before_user_info_are_read_even_for_a_human() {
        ObjectNode review = Fixtures.review("human-update-configmap", r -> r.set("userInfo", r.remove("userInfo")));
        assertThat(review.toString()).contains("\"dryRun\":false,\"userInfo\"");
        AdmissionCodec.Decoded decoded = codec.decode(bytes(review.toString()), AGENTS);
        assertThat(decoded.agent()).isFalse();
        assertThat(decoded.action().object()).isEqualTo(review.get("request").get("object"));
        assertThat(decoded.action().oldObject()).isEqualTo(review.get("request").get("oldObject"));
    }

    @Test
    void the_identity_rule_is_asked_once_per_request() {
        AtomicInteger asked = new AtomicInteger();
        codec.decode(bytes(Fixtures.review("create-deployment").toString()), r -> asked.incrementAndGet() > 0);
        assertThat(asked).hasValue(1);
    }

    @Test
    void malformed_json_inside_a_skipped_object_is_the_same_400() {
        assertSameRefusal(human().replace("\"mode\":\"busy\"", "\"mode\":\"busy\",,"), "malformed JSON at line 1");
        assertSameRefusal(human().replace("\"mode\":\"busy\"", "\"mode\":\"busy\",\"mode\":\"calm\""), "Duplicate field 'mode'");
        assertSameRefusal(human().replace("\"mode\":\"busy\"", "\"mode\":" + "[".repeat(300) + "]".repeat(300)),
                "at most " + AdmissionCodec.MAX_DEPTH + " levels");
        assertSameRefusal(human().replace("\"mode\":\"busy\"", "\"mode\":" + "9".repeat(1000)), "exceeds a limit");
        assertSameRefusal(human().replace("\"mode\":\"busy\"}}", "\"mode\":\"busy\"}"), "malformed JSON");
        assertSameRefusal(human() + " {}", "Trailing token");
    }

    @Test
    void a_number_out_of_range_in_a_skipped_object_is_not_refused_for_a_human_but_is_for_an_agent() {
        String human = human().replace("\"mode\":\"busy\"", "\"mode\":9223372036854775808");
        assertThat(codec.decode(bytes(human), AGENTS).action().object()).isNull();
        // read whole (an agent's request, or the approval webhook's full decode): refused, naming where
        assertThatThrownBy(() -> codec.decode(bytes(human)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("number out of range at /request/object/data/mode");
        String agent = Fixtures.review("create-deployment").toString().replaceFirst("\"replicas\":\\s*\\d+", "\"replicas\":1e400");
        assertThatThrownBy(() -> codec.decode(bytes(agent), AGENTS))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("number out of range at /request/object/spec/replicas");
    }

    @Test
    void a_number_out_of_range_outside_the_objects_is_refused_for_a_human_too() {
        String human = human().replace("\"dryRun\":false", "\"dryRun\":false,\"extra\":[1,-99999999999999999999]");
        assertThatThrownBy(() -> codec.decode(bytes(human), AGENTS))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("number out of range at /request/extra/1");
    }

    @Test
    void a_humans_object_that_is_not_an_object_is_still_refused() {
        String human = human().replaceFirst("\"object\":\\{[^}]*\\{[^}]*\\},\"data\":\\{[^}]*\\}\\}", "\"object\":\"text\"");
        assertThat(human).contains("\"object\":\"text\"");
        assertSameRefusal(human, "request.object must be an object");
    }

    @Test
    void a_bad_user_info_skips_nothing_and_is_refused_as_before() {
        String human = human().replace("\"groups\":[\"system:authenticated\",\"shop-admins\"]", "\"groups\":\"shop-admins\"");
        assertSameRefusal(human, "request.userInfo.groups must be an array of strings");
    }

    @Test
    void the_answer_is_byte_for_byte_what_the_tree_gave() throws Exception {
        ObjectMapper mapper = codec.mapper();
        ObjectNode allowed = mapper.createObjectNode().put("apiVersion", AdmissionCodec.API_VERSION).put("kind", AdmissionCodec.KIND);
        allowed.putObject("response").put("uid", "u-1").put("allowed", true);
        assertThat(codec.encode("u-1", true, null, List.of())).isEqualTo(mapper.writeValueAsBytes(allowed));
        ObjectNode denied = mapper.createObjectNode().put("apiVersion", AdmissionCodec.API_VERSION).put("kind", AdmissionCodec.KIND);
        ObjectNode response = denied.putObject("response").put("uid", "u-2").put("allowed", false);
        response.putObject("status").put("code", 403).put("reason", "Forbidden").put("message", "no \"quote\" é");
        response.putArray("warnings").add("w1").add("w2");
        response.putObject("auditAnnotations").put("decision", "deny").put("stage", "scope");
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("decision", "deny");
        annotations.put("stage", "scope");
        assertThat(new String(codec.encode("u-2", false, "no \"quote\" é", List.of("w1", "w2"), annotations), StandardCharsets.UTF_8))
                .isEqualTo(new String(mapper.writeValueAsBytes(denied), StandardCharsets.UTF_8));
    }

    private void assertSameRefusal(String body, String expected) {
        String whole = refusal(() -> codec.decode(bytes(body)));
        assertThat(whole).contains(expected);
        assertThat(refusal(() -> codec.decode(bytes(body), AGENTS))).isEqualTo(whole);
    }

    private static String refusal(Runnable decode) {
        try {
            decode.run();
        } catch (BadRequestException e) {
            return e.getMessage();
        }
        throw new AssertionError("not refused");
    }

    private static String human() {
        return Fixtures.review("human-update-configmap").toString();
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
