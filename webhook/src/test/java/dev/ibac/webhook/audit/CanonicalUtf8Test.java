package dev.ibac.webhook.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Jackson's UTF-8 output must be {@link CanonicalJson}'s text, encoded, byte for byte (issue #19). */
class CanonicalUtf8Test {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void every_character_but_surrogates_is_written_as_canonical_json_writes_it_in_keys_and_values() {
        for (int c = 0; c <= 0xFFFF; c++) {
            if (Character.isSurrogate((char) c)) {
                continue;
            }
            String text = "a" + (char) c + "b" + (char) c;
            ObjectNode object = mapper.createObjectNode();
            object.put(text, text).putArray("x").add(text);
            assertThat(utf8(object)).as("U+%04X", c).isEqualTo(canonical(object));
        }
    }

    @Test
    void random_trees_are_written_byte_for_byte_as_canonical_json() {
        Random random = new Random(19);
        for (int i = 0; i < 2_000; i++) {
            ObjectNode object = mapper.createObjectNode();
            fill(object, random, 0);
            assertThat(utf8(object)).as(object.toString()).isEqualTo(canonical(object));
        }
    }

    @Test
    void a_surrogate_anywhere_is_left_to_canonical_json() {
        for (String text : new String[] {"\ud83d\ude00", "lone \ud800 high", "lone \udc00 low", "end \ud83d"}) {
            ObjectNode inValue = mapper.createObjectNode();
            inValue.putObject("a").putArray("b").add(text);
            ObjectNode inKey = mapper.createObjectNode();
            inKey.putObject("a").put(text, 1);
            assertThat(CanonicalUtf8.members(CanonicalJson.sortedMembers(inValue))).isNull();
            assertThat(CanonicalUtf8.members(CanonicalJson.sortedMembers(inKey))).isNull();
        }
    }

    @Test
    void refuses_fractions_as_canonical_json_does() throws Exception {
        JsonNode fraction = mapper.readTree("{\"x\":{\"y\":0.5}}");
        assertThatThrownBy(() -> CanonicalUtf8.members(CanonicalJson.sortedMembers(fraction)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("audit entries hold integers only, got 0.5");
    }

    private static byte[] utf8(ObjectNode object) {
        byte[] members = CanonicalUtf8.members(CanonicalJson.sortedMembers(object));
        byte[] out = new byte[members.length + 2];
        System.arraycopy(members, 0, out, 1, members.length);
        out[0] = '{';
        out[out.length - 1] = '}';
        return out;
    }

    private static byte[] canonical(JsonNode node) {
        return CanonicalJson.write(node).getBytes(StandardCharsets.UTF_8);
    }

    private void fill(ObjectNode object, Random random, int depth) {
        int members = random.nextInt(5);
        for (int i = 0; i < members; i++) {
            String key = text(random);
            switch (random.nextInt(depth < 4 ? 7 : 5)) {
                case 0 -> object.put(key, text(random));
                case 1 -> object.put(key, random.nextLong());
                case 2 -> object.put(key, random.nextBoolean());
                case 3 -> object.putNull(key);
                case 4 -> object.put(key, new java.math.BigInteger(80, random));
                case 5 -> fill(object.putObject(key), random, depth + 1);
                default -> {
                    ArrayNode array = object.putArray(key);
                    array.add(text(random)).add(random.nextInt());
                    fill(array.addObject(), random, depth + 1);
                }
            }
        }
    }

    /** ASCII, controls, Latin-1, the BMP beyond it (no surrogates), in runs of any length. */
    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            char c = switch (random.nextInt(4)) {
                case 0 -> (char) (0x20 + random.nextInt(0x5F));
                case 1 -> (char) random.nextInt(0x20);
                case 2 -> (char) (0x80 + random.nextInt(0x180));
                default -> (char) (0x800 + random.nextInt(0xD800 - 0x800));
            };
            text.append(c);
        }
        return text.toString();
    }
}
