package dev.ibac.webhook.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.crd.JudgeSettings;
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
        assertThat(fieldNames(entry)).containsExactlyInAnyOrder("time", "auditId", "agent", "mission", "operation",
                "resource", "kind", "namespace", "name", "dryRun", "decision", "enforced", "stage", "reason", "judge",
                "effects", "cost", "budget", "latencyMicros");
        assertThat(entry.path("time").asText()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(entry.path("auditId").asText()).isEqualTo("7f3c9a1e-2b4d-4c5e-9f60-1a2b3c4d5e6f");
        assertThat(entry.at("/agent/groups").isArray()).isTrue();
        assertThat(entry.path("mission").asText()).isEqualTo("shop/scale-checkout");
        assertThat(entry.at("/resource/subresource").asText()).isEmpty();
        assertThat(entry.path("decision").asText()).isEqualTo("deny");
        assertThat(entry.path("stage").asText()).isEqualTo("judge");
        assertThat(entry.at("/judge/confidence").asLong()).isEqualTo(87);
        assertThat(entry.at("/judge/risk").asText()).isEqualTo("high");
        assertThat(entry.at("/judge/tokens/input").asLong()).isEqualTo(812);
        assertThat(entry.at("/cost/tokensUSD").asText()).isEqualTo("0.0002");
        assertThat(entry.at("/cost/breakdown/cpu").asText()).isEqualTo("3 cores x 1h x $0.04 = $0.12");
        assertThat(entry.at("/budget/tokensLeft").asLong()).isEqualTo(199000);
        assertThat(entry.at("/budget/costLeftUSD").asText()).isEqualTo("24.88");
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
