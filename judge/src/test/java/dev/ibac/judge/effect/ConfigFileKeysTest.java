package dev.ibac.judge.effect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigFileKeysTest {
    @Test
    void yaml_keys_are_dotted_paths_by_indentation_and_lists_of_maps_are_numbered() {
        String yaml = "domain: public-api  # the API's domain\n"
                + "descriptors:\n"
                + "  - key: header_match\n"
                + "    rate_limit:\n"
                + "      requests_per_unit: 100\n"
                + "  - key: remote_address\n"
                + "    rate_limit:\n"
                + "      requests_per_unit: 20\n"
                + "regions:\n"
                + "  - eu-west-1\n"
                + "  - us-east-1\n"
                + "color: '#ff0000'\n";

        assertThat(ConfigFileKeys.of(yaml))
                .containsEntry("domain", "public-api")
                .containsEntry("descriptors.0.key", "header_match")
                .containsEntry("descriptors.0.rate_limit.requests_per_unit", "100")
                .containsEntry("descriptors.1.rate_limit.requests_per_unit", "20")
                .containsEntry("regions", "eu-west-1, us-east-1")
                .containsEntry("color", "'#ff0000'");
    }

    @Test
    void toml_and_ini_keys_are_under_their_section() {
        String toml = "concurrent = 4\n[[runners]]\n  name = \"k8s\"\n  [runners.kubernetes]\n    privileged = false\n";

        assertThat(ConfigFileKeys.of(toml)).containsEntry("concurrent", "4").containsEntry("runners.name", "\"k8s\"")
                .containsEntry("runners.kubernetes.privileged", "false");
        assertThat(ConfigFileKeys.looksLikeConfig(toml)).isTrue();
        assertThat(ConfigFileKeys.looksLikeConfig("{\"a\": 1}\n")).isFalse();
        assertThat(ConfigFileKeys.looksLikeConfig("just one line: here")).isFalse();
    }

    @Test
    void fluent_bit_keys_parted_from_their_values_by_blanks_are_keys_of_their_section() {
        String conf = "[OUTPUT]\n    Name          opentelemetry\n    tls.verify    Off\n[FILTER]\n    Regex log ^kube-probe\n"
                + "    Key = value\n";

        assertThat(ConfigFileKeys.of(conf)).containsEntry("OUTPUT.tls.verify", "Off").containsEntry("OUTPUT.Name", "opentelemetry")
                .containsEntry("FILTER.Regex", "log ^kube-probe").containsEntry("FILTER.Key", "value");
        // outside a section a line of words is prose, not a key
        assertThat(ConfigFileKeys.of("just some words\nkey: value\n")).containsOnlyKeys("key");
    }

    @Test
    void the_walk_is_bounded_whatever_the_text() {
        StringBuilder huge = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            huge.append("k").append(i).append(": ").append(i).append('\n');
        }
        assertThat(ConfigFileKeys.of(huge.toString())).hasSizeLessThanOrEqualTo(ConfigFileKeys.MAX_KEYS);
    }

    @Test
    void random_text_never_makes_it_throw() {
        java.util.Random random = new java.util.Random(20261202);
        String alphabet = "ab:=-[] #\n\t\"'.,_0";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int j = random.nextInt(400); j > 0; j--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(ConfigFileKeys.of(text.toString())).hasSizeLessThanOrEqualTo(ConfigFileKeys.MAX_KEYS);
        }
    }
}
