package dev.ibac.webhook.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void sorts_keys_recursively_and_drops_whitespace() throws Exception {
        String json = "{ \"b\": 1, \"a\": { \"z\": [true, null, -3], \"y\": \"x\" } }";
        assertThat(CanonicalJson.write(mapper.readTree(json))).isEqualTo("{\"a\":{\"y\":\"x\",\"z\":[true,null,-3]},\"b\":1}");
    }

    @Test
    void orders_keys_by_utf16_code_units_as_rfc8785_requires() throws Exception {
        // RFC 8785 §3.2.3: "\u20ac" (euro) sorts before "\ud83d\ude00" (emoji) by UTF-16 code units
        String json = "{\"\\ud83d\\ude00\":1,\"\\u20ac\":2,\"a\":3,\"B\":4}";
        assertThat(CanonicalJson.write(mapper.readTree(json))).isEqualTo("{\"B\":4,\"a\":3,\"€\":2,\"😀\":1}");
    }

    @Test
    void escapes_strings_like_json_stringify() throws Exception {
        String json = "{\"s\":\"q\\\" b\\\\ n\\n t\\t u\\u0001 slash/ é\"}";
        assertThat(CanonicalJson.write(mapper.readTree(json))).isEqualTo("{\"s\":\"q\\\" b\\\\ n\\n t\\t u\\u0001 slash/ é\"}");
    }

    @Test
    void refuses_floating_point() throws Exception {
        assertThatThrownBy(() -> CanonicalJson.write(mapper.readTree("{\"x\":0.5}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("integers only");
    }

    @Test
    void a_member_spliced_into_the_gap_reads_as_the_object_written_with_it() throws Exception {
        for (String json : List.of("{}", "{\"a\":1}", "{\"z\":1}", "{\"a\":1,\"z\":[2,\"x\"]}", "{\"hash\":\"old\",\"a\":{\"hash\":3}}",
                "{\"prevHash\":\"00\",\"kind\":\"Pod\",\"agent\":{\"u\":\"q\\\"\\n\"}}")) {
            ObjectNode object = (ObjectNode) mapper.readTree(json);
            CanonicalJson.Gap gap = CanonicalJson.writeWithGap(object, "hash");
            ObjectNode without = object.deepCopy();
            without.remove("hash");
            assertThat(gap.json()).as(json).isEqualTo(CanonicalJson.write(without));
            assertThat(gap.with("hash", "h\"1")).as(json).isEqualTo(CanonicalJson.write(without.put("hash", "h\"1")));
        }
    }

    @Test
    void writes_numbers_as_their_integer_digits() throws Exception {
        assertThat(CanonicalJson.write(mapper.readTree("{\"a\":-9223372036854775808,\"b\":12345678901234567890123,\"c\":0,\"d\":-7}")))
                .isEqualTo("{\"a\":-9223372036854775808,\"b\":12345678901234567890123,\"c\":0,\"d\":-7}");
    }

    @Test
    void escapes_every_control_character_and_keeps_the_rest_of_a_string_whole() throws Exception {
        StringBuilder all = new StringBuilder();
        StringBuilder expected = new StringBuilder("\"");
        for (char c = 0; c < 0x80; c++) {
            all.append(c).append("ab");
            expected.append(switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
            }).append("ab");
        }
        StringBuilder out = new StringBuilder();
        CanonicalJson.writeString(all.toString(), out);
        assertThat(out.toString()).isEqualTo(expected.append('"').toString());
    }
}
