package dev.ibac.webhook.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
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
}
