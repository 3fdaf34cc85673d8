package dev.ibac.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GlobTest {
    @Test
    void star_matches_any_run_and_question_mark_one_character() {
        assertThat(Glob.compile("checkout*").matches("checkout")).isTrue();
        assertThat(Glob.compile("checkout*").matches("checkout-v2")).isTrue();
        assertThat(Glob.compile("redis-?").matches("redis-0")).isTrue();
        assertThat(Glob.compile("redis-?").matches("redis-10")).isFalse();
        assertThat(Glob.compile("system:serviceaccount:*:*-agent").matches("system:serviceaccount:shop:shop-agent")).isTrue();
        assertThat(Glob.compile("system:serviceaccount:*:*-agent").matches("system:serviceaccount:shop:builder")).isFalse();
    }

    @Test
    void matches_the_whole_string_case_sensitively_with_other_characters_literal() {
        assertThat(Glob.compile("checkout").matches("checkout-v2")).isFalse();
        assertThat(Glob.compile("Checkout").matches("checkout")).isFalse();
        assertThat(Glob.compile("a.b").matches("axb")).isFalse();
        assertThat(Glob.compile("(x)[y]+").matches("(x)[y]+")).isTrue();
        assertThat(Glob.compile("*").matches(null)).isFalse();
    }

    @Test
    void only_star_and_question_mark_are_glob_syntax_users_should_write() {
        assertThat(Glob.syntaxProblem("checkout-?-*")).isEmpty();
        assertThat(Glob.syntaxProblem("system:serviceaccount:*:*-agent")).isEmpty();
        assertThat(Glob.syntaxProblem("")).contains("is empty");
        assertThat(Glob.syntaxProblem(null)).contains("is empty");
        assertThat(Glob.syntaxProblem("web-**")).hasValueSatisfying(p -> assertThat(p).contains("**"));
        for (String other : new String[] {"web-[0-9]", "web-]", "web-{a,b}", "web-}"}) {
            assertThat(Glob.syntaxProblem(other)).as(other).hasValueSatisfying(p -> assertThat(p).contains("[ ] or { }"));
        }
    }

    @Test
    void empty_globs_are_refused() {
        assertThatThrownBy(() -> Glob.compile("")).isInstanceOf(IllegalArgumentException.class);
    }
}
