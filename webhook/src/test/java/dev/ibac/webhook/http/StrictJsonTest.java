package dev.ibac.webhook.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibac.webhook.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Hostile JSON (issue #13): every case is a 400 with one short message, never an exception of another kind. */
class StrictJsonTest {
    private final AdmissionCodec codec = new AdmissionCodec();

    @Test
    void a_duplicated_user_info_is_refused_instead_of_the_last_one_winning() {
        String review = Fixtures.review("create-deployment").toString();
        String human = "\"userInfo\":{\"username\":\"alice\",\"groups\":[\"system:authenticated\"]},";
        String duplicated = review.replace("\"userInfo\":", human + "\"userInfo\":");
        assertThat(duplicated).isNotEqualTo(review);
        assertThatThrownBy(() -> codec.decode(duplicated.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("Duplicate field 'userInfo'");
    }

    @Test
    void nesting_one_hundred_thousand_deep_is_refused_with_the_documented_depth() {
        String deep = "{\"apiVersion\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThatThrownBy(() -> codec.decode(deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("at most " + AdmissionCodec.MAX_DEPTH + " levels")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(600));
    }

    @Test
    void a_million_digit_number_is_refused_without_quoting_it() {
        String big = "{\"apiVersion\":" + "9".repeat(1_000_000) + "}";
        assertThatThrownBy(() -> codec.decode(big.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("exceeds a limit")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(600));
    }

    @Test
    void an_integer_past_int64_is_refused_naming_where_it_is() {
        String review = Fixtures.review("create-deployment").toString().replaceFirst("\"replicas\":\\s*\\d+", "\"replicas\":9223372036854775808");
        assertThat(review).contains("9223372036854775808");
        assertThatThrownBy(() -> codec.decode(review.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("number out of range at /request/object/spec/replicas");
    }

    @Test
    void a_decimal_past_a_double_is_refused() {
        String review = Fixtures.review("create-deployment").toString().replaceFirst("\"replicas\":\\s*\\d+", "\"replicas\":1e400");
        assertThatThrownBy(() -> codec.decode(review.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("number out of range");
    }
}
