package dev.ibac.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code --expect-head}: a bare hash, or a head as kubectl prints a Mission's status.auditHeads. */
class ExpectedHeadTest {
    private static final String A = "a".repeat(64);
    private static final String ITEM = "{\"entries\":42,\"lastHash\":\"" + A + "\",\"replica\":\"ibac-0\",\"startHash\":\"" + "0".repeat(64)
            + "\",\"time\":\"2026-11-23T10:00:05Z\"}";

    @Test
    void a_bare_hash_is_the_head() {
        assertThat(ExpectedHead.parse(A)).isEqualTo(new ExpectedHead(A, null));
        assertThat(ExpectedHead.parse(" " + A + "\n").hash()).isEqualTo(A);
    }

    @Test
    void one_status_head_or_a_list_of_one_is_its_last_hash_and_says_where_it_came_from() {
        ExpectedHead head = ExpectedHead.parse(ITEM);
        assertThat(head.hash()).isEqualTo(A);
        assertThat(head.from()).isEqualTo("the Mission status head of replica ibac-0, 42 entries, recorded 2026-11-23T10:00:05Z");
        assertThat(ExpectedHead.parse("[" + ITEM + "]")).isEqualTo(head);
        assertThat(ExpectedHead.parse("{\"lastHash\":\"" + A + "\"}").from()).isEqualTo("the Mission status head");
    }

    @Test
    void the_heads_of_several_replicas_ask_for_the_one_whose_log_this_is() {
        String two = "[" + ITEM + "," + ITEM.replace("ibac-0", "ibac-1") + "]";
        assertThatThrownBy(() -> ExpectedHead.parse(two)).hasMessageContaining("2 replicas [ibac-0, ibac-1]")
                .hasMessageContaining("@.replica==\"ibac-0\"");
    }

    @Test
    void anything_else_is_refused_saying_what_is_taken() {
        for (String bad : new String[] {"xyz", A.toUpperCase(), "{\"lastHash\":\"abc\"}", "{not json", "[]", "{}"}) {
            assertThatThrownBy(() -> ExpectedHead.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--expect-head takes");
        }
    }
}
