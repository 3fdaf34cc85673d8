package dev.ibac.webhook.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditChainTest {
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * The writer links entries serialised ahead of time (issue #19); the line and hash must be the ones
     * the entry with its prevHash and hash set gives: its canonical JSON, and SPEC §8's hash of it.
     */
    @Test
    void an_entry_serialised_before_it_is_linked_gives_the_line_and_hash_of_the_entry_linked() throws Exception {
        for (String json : List.of("{}", "{\"a\":1}", "{\"z\":1}", "{\"i\":1}", "{\"a\":1,\"i\":\"x\",\"z\":[2,\"x\"]}",
                "{\"hash\":\"old\",\"prevHash\":\"older\",\"a\":{\"hash\":3}}", "{\"hasi\":1,\"hasj\":2,\"prevHasi\":3,\"prevHasj\":4}",
                "{\"kind\":\"Pod\",\"agent\":{\"u\":\"q\\\"\\n\\u0001 → \\ud83d\\ude00 \\ud800 lone\"},\"\\u20ac\":\"€\"}")) {
            ObjectNode entry = (ObjectNode) mapper.readTree(json);
            String prevHash = "ab".repeat(32);
            AuditChain.Linked linked = AuditChain.link(AuditChain.Unlinked.of(entry), prevHash);

            ObjectNode expected = entry.deepCopy();
            expected.remove("hash");
            expected.put("prevHash", prevHash);
            String hash = AuditChain.hash(expected);
            expected.put("hash", hash);
            assertThat(linked.hash()).as(json).isEqualTo(hash);
            assertThat(new String(linked.line(), StandardCharsets.UTF_8)).as(json).isEqualTo(
                    new String((CanonicalJson.write(expected) + "\n").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
            assertThat(linked.line()).as(json).isEqualTo((CanonicalJson.write(expected) + "\n").getBytes(StandardCharsets.UTF_8));
            assertThat(AuditChain.hashProblem(expected)).isNull();
        }
    }
}
