package dev.ibac.webhook.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.action.Action;
import dev.ibac.action.Requester;
import dev.ibac.action.ResourceId;
import dev.ibac.crd.JudgeSettings;
import dev.ibac.judge.describe.Redactor;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.TokenUsage;
import dev.ibac.webhook.pipeline.Decision;
import dev.ibac.webhook.pipeline.Outcomes;
import dev.ibac.webhook.pipeline.Stage;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditEntriesTest {
    private final AuditEntries entries = new AuditEntries(Fixtures.MAPPER,
            Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void an_entry_has_every_field_of_the_spec() {
        ObjectNode entry = entries.entry(judged());
        assertThat(fieldNames(entry)).containsExactlyInAnyOrder("time", "auditId", "replica", "agent", "mission", "operation",
                "resource", "kind", "namespace", "name", "dryRun", "decision", "enforced", "mode", "stage", "reason", "judge",
                "effects", "cost", "budget", "request", "latencyMicros");
        assertThat(entry.path("time").asText()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(entry.path("auditId").asText()).isEqualTo("7f3c9a1e-2b4d-4c5e-9f60-1a2b3c4d5e6f");
        assertThat(entry.at("/agent/groups").isArray()).isTrue();
        assertThat(entry.path("mission").asText()).isEqualTo("shop/scale-checkout");
        assertThat(entry.at("/resource/subresource").asText()).isEmpty();
        assertThat(entry.path("decision").asText()).isEqualTo("deny");
        assertThat(entry.path("stage").asText()).isEqualTo("judge");
        assertThat(entry.path("mode").asText()).as("the mission's mode, which the auditor page shows").isEqualTo("Enforce");
        assertThat(entry.at("/judge/confidence").asLong()).isEqualTo(87);
        assertThat(entry.at("/judge/risk").asText()).isEqualTo("high");
        assertThat(entry.at("/judge/tokens/input").asLong()).isEqualTo(812);
        assertThat(entry.at("/cost/tokensUSD").asText()).isEqualTo("0.0002");
        assertThat(entry.at("/cost/breakdown/cpu").asText()).isEqualTo("3 cores x 1h x $0.04 = $0.12");
        assertThat(entry.at("/budget/tokensLeft").asLong()).isEqualTo(199000);
        assertThat(entry.at("/budget/costLeftUSD").asText()).isEqualTo("24.88");
    }

    @Test
    void an_entry_names_the_replica_whose_chain_it_joins() {
        AuditEntries replica = new AuditEntries(Fixtures.MAPPER, Clock.systemUTC(), true, "ibac-1");
        assertThat(replica.entry(judged()).path("replica").asText()).isEqualTo("ibac-1");
        assertThat(entries.entry(judged()).path("replica").asText()).isEqualTo("local");
    }

    @Test
    void every_number_is_an_integer_and_money_is_a_string() {
        List<JsonNode> numbers = new ArrayList<>();
        collectNumbers(entries.entry(judged()), numbers);
        assertThat(numbers).isNotEmpty().allMatch(JsonNode::isIntegralNumber);
        assertThat(entries.entry(judged()).at("/cost/resourceUSD").isTextual()).isTrue();
    }

    @Test
    void decisions_before_the_judge_have_a_null_judge_and_mission() {
        Decision noMission = Outcomes.deny(Fixtures.action("create-deployment"), Stage.MISSION, "no mission", null, true);
        ObjectNode entry = entries.entry(noMission);
        assertThat(entry.get("judge").isNull()).isTrue();
        assertThat(entry.get("mission").isNull()).isTrue();
        assertThat(entry.at("/budget/tokensLeft").isNull()).isTrue();
    }

    @Test
    void the_request_keeps_the_objects_redacted_as_for_the_llm_without_managed_fields() {
        Action secret = secretUpdate(Fixtures.MAPPER.createObjectNode().put("password", "hunter2"));
        ObjectNode entry = entries.entry(Outcomes.deny(secret, Stage.MISSION, "no mission", null, true));
        assertThat(entry.at("/request/object/kind").asText()).isEqualTo("Secret");
        assertThat(entry.at("/request/object/data/password").asText()).isEqualTo(Redactor.REDACTED);
        assertThat(entry.at("/request/oldObject/data/password").asText()).isEqualTo(Redactor.REDACTED);
        assertThat(entry.at("/request/object/metadata").has("managedFields")).isFalse();
        assertThat(entry.toString()).doesNotContain("hunter2");
    }

    @Test
    void the_agent_reported_token_count_survives_so_replay_charges_it() {
        Action action = update("ConfigMap", "configmaps", Fixtures.MAPPER.createObjectNode().put("mode", "fast"));
        ObjectNode annotations = ((ObjectNode) action.object().get("metadata")).putObject("annotations");
        annotations.put(Action.TOKENS_ANNOTATION, "1200").put("example.com/api-token", "1200");
        ObjectNode entry = entries.entry(Outcomes.deny(action, Stage.MISSION, "no mission", null, true));
        assertThat(entry.at("/request/object/metadata/annotations").get(Action.TOKENS_ANNOTATION).asText()).isEqualTo("1200");
        assertThat(entry.at("/request/object/metadata/annotations").get("example.com/api-token").asText()).isEqualTo(Redactor.REDACTED);
    }

    @Test
    void a_create_has_a_null_old_object_and_a_delete_a_null_object() {
        ObjectNode created = entries.entry(judged());
        assertThat(created.at("/request/object/kind").asText()).isEqualTo("Deployment");
        assertThat(created.at("/request/oldObject").isNull()).isTrue();
        ObjectNode deleted = entries.entry(Outcomes.deny(Fixtures.action("delete-pvc"), Stage.PROTECT, "protected", null, true));
        assertThat(deleted.at("/request/object").isNull()).isTrue();
    }

    @Test
    void an_object_over_32_kib_is_left_out_and_marked() {
        ObjectNode big = Fixtures.MAPPER.createObjectNode();
        big.put("notes", "scale the checkout service. ".repeat(AuditEntries.MAX_OBJECT_BYTES / 20));
        Action secret = update("ConfigMap", "configmaps", big);
        ObjectNode entry = entries.entry(Outcomes.deny(secret, Stage.MISSION, "no mission", null, true));
        assertThat(entry.at("/request/object").isNull()).isTrue();
        assertThat(entry.at("/request/objectOmitted").asText()).matches("too large \\(\\d+ bytes > 32768\\)");
        assertThat(entry.at("/request/oldObjectOmitted").asText()).startsWith("too large");
    }

    @Test
    void an_object_just_under_32_kib_is_kept_even_where_the_quick_bound_is_over() {
        ObjectNode fits = Fixtures.MAPPER.createObjectNode();
        fits.put("notes", "x".repeat(AuditEntries.MAX_OBJECT_BYTES - 200));
        assertThat(AuditEntries.mostBytes(fits, AuditEntries.MAX_OBJECT_BYTES)).isGreaterThan(AuditEntries.MAX_OBJECT_BYTES);
        ObjectNode entry = entries.entry(Outcomes.deny(update("ConfigMap", "configmaps", fits), Stage.MISSION, "no mission", null, true));
        assertThat(entry.at("/request/object/data/notes").asText()).hasSize(AuditEntries.MAX_OBJECT_BYTES - 200);
        assertThat(entry.has("request") && !entry.get("request").has("objectOmitted")).isTrue();
    }

    @Test
    void the_quick_bound_is_never_below_the_bytes_written() throws Exception {
        ObjectNode node = Fixtures.MAPPER.createObjectNode();
        node.put("plain", "checkout").put("controls", "\u0000\u001f\t\"\\").put("accents", "é ü 中文").put("emoji", "\uD83D\uDE80 ok")
                .put("lone", "\uD800").put("big", Long.MIN_VALUE).put("yes", true).putNull("none");
        node.putObject("nested").putArray("list").add(1).add("two").addObject().put("k\u0001ey", -7);
        node.put("huge", new java.math.BigInteger("123456789012345678901234567890"));
        node.putArray("empty");
        node.putObject("nothing");
        long written = Fixtures.MAPPER.writeValueAsBytes(node).length;
        assertThat(AuditEntries.mostBytes(node, Long.MAX_VALUE)).isGreaterThanOrEqualTo(written);
        for (var it = node.properties().iterator(); it.hasNext(); ) {
            JsonNode value = it.next().getValue();
            assertThat(AuditEntries.mostBytes(value, Long.MAX_VALUE)).isGreaterThanOrEqualTo(Fixtures.MAPPER.writeValueAsBytes(value).length);
        }
    }

    @Test
    void an_object_with_a_fraction_is_left_out_since_entries_hold_integers_only() {
        ObjectNode data = Fixtures.MAPPER.createObjectNode();
        Action action = secretUpdate(data);
        ((ObjectNode) action.object()).putObject("spec").put("ratio", 0.5);
        ObjectNode entry = entries.entry(Outcomes.deny(action, Stage.MISSION, "no mission", null, true));
        assertThat(entry.at("/request/objectOmitted").asText()).contains(".spec.ratio");
        assertThat(entry.at("/request/oldObject/kind").asText()).isEqualTo("Secret");
        List<JsonNode> numbers = new ArrayList<>();
        collectNumbers(entry, numbers);
        assertThat(numbers).allMatch(JsonNode::isIntegralNumber);
    }

    @Test
    void audit_objects_off_leaves_the_request_out() {
        AuditEntries without = new AuditEntries(Fixtures.MAPPER, Clock.systemUTC(), false);
        assertThat(without.entry(judged()).has("request")).isFalse();
    }

    private static Action secretUpdate(ObjectNode data) {
        return update("Secret", "secrets", data);
    }

    private static Action update(String kind, String resource, ObjectNode data) {
        ObjectNode object = Fixtures.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", kind);
        ObjectNode metadata = object.putObject("metadata").put("name", "db").put("namespace", "shop");
        metadata.putArray("managedFields").addObject().put("manager", "kubectl");
        object.set("data", data.deepCopy());
        return new Action("uid-1", "UPDATE", new ResourceId("", "v1", resource, ""), kind, "shop", "db", false,
                new Requester("system:serviceaccount:shop:shop-agent", "", List.of()), object, object.deepCopy());
    }

    private static Decision judged() {
        JudgeVerdict verdict = new JudgeVerdict(JudgeVerdict.Decision.DENY, "unrelated to the goal", JudgeVerdict.Risk.HIGH,
                0.871, new TokenUsage(812, 64), "llm", "gpt-4o-mini", false);
        return new Decision(Fixtures.action("create-deployment"), Stage.JUDGE, false, true, JudgeSettings.Mode.Enforce,
                "unrelated to the goal", TestMissions.scaleCheckout(), verdict,
                new Decision.Cost("0.0002", "0.12", Map.of("cpu", "3 cores x 1h x $0.04 = $0.12")),
                new Decision.BudgetLeft(199000L, "24.88"), 1234);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static void collectNumbers(JsonNode node, List<JsonNode> numbers) {
        if (node.isNumber()) {
            numbers.add(node);
        }
        node.forEach(child -> collectNumbers(child, numbers));
    }
}
