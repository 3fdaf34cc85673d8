package dev.ibac.judge.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.judge.goal.GoalReader;
import dev.ibac.judge.goal.GoalReading;
import org.junit.jupiter.api.Test;

class ConfigEchoesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final GoalReading goal = new GoalReader().read("Move the invoice-export CronJob from 01:30 to 04:15 UTC; keep the "
            + "relay-signing-v1 key for 48h and let order-router call us.", "billing");

    private static JsonNode configMap(String key, String value) {
        ObjectNode cm = JSON.createObjectNode();
        cm.putObject("data").put(key, value);
        return cm;
    }

    @Test
    void only_new_or_changed_lines_give_tokens() {
        JsonNode before = configMap("app.yaml", "cache:\n  ttlSeconds: 30\nlog: info\n");
        JsonNode after = configMap("app.yaml", "cache:\n  ttlSeconds: 300\nlog: info\n");
        assertThat(ConfigEchoes.addedTokens(after, before)).containsExactly("300")
                .doesNotContain("cache:", "log:", "info", "ttlseconds");
        assertThat(ConfigEchoes.addedTokens(configMap("checks", "url: /healthz"), configMap("checks", "url: /healthz\nurl: /livez")))
                .isEmpty();
        assertThat(ConfigEchoes.addedTokens(configMap("checks", "url: /readyz"), configMap("checks", "url: /healthz")))
                .containsExactly("readyz");
    }

    @Test
    void figures_times_and_compound_names_the_goal_gives_echo_it_plain_words_do_not() {
        assertThat(ConfigEchoes.echoes("04:15", goal)).isTrue();
        assertThat(ConfigEchoes.echoes("48h", goal)).isTrue();
        assertThat(ConfigEchoes.echoes("v1", goal)).isTrue();
        assertThat(ConfigEchoes.echoes("order-router", goal)).isTrue();
        assertThat(ConfigEchoes.echoes("4:15", goal)).isFalse();
        assertThat(ConfigEchoes.echoes("300", goal)).isFalse();
        assertThat(ConfigEchoes.echoes("invoice", goal)).as("a part of a name").isFalse();
        assertThat(ConfigEchoes.echoes("10800s", goal)).isFalse();
    }

    @Test
    void a_plain_word_or_a_figure_with_its_unit_echoes_a_goal_that_writes_it_on_its_own() {
        GoalReading probes = new GoalReader().read("Fix the probes of feed-renderer: readiness on /readyz every 5s, and raise "
                + "activeDeadlineSeconds from 3600 to 10800. Keep logging enabled.", "podnest");
        assertThat(ConfigEchoes.echoes("readyz", probes)).isTrue();
        assertThat(ConfigEchoes.echoes("10800s", probes)).isTrue();
        assertThat(ConfigEchoes.echoes("feed", probes)).as("a part of a name").isFalse();
        assertThat(ConfigEchoes.echoes("enabled", probes)).as("a word any configuration has").isFalse();
        assertThat(ConfigEchoes.echoes("fix", probes)).as("too short to say anything").isFalse();
    }

    @Test
    void a_huge_value_is_read_only_up_to_the_bound() {
        String huge = "x ".repeat(ConfigEchoes.MAX_CHARS) + "04:15";
        assertThat(ConfigEchoes.addedTokens(configMap("big", huge), configMap("big", ""))).doesNotContain("04:15");
        assertThat(ConfigEchoes.addedTokens(configMap("k", "ab\nab\n"), configMap("k", "cd\ncd\n"))).containsExactly("ab");
    }
}
