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

    @Test
    void agrees_with_the_equivalent_regular_expression_on_every_small_case() {
        String[] globs = {"*", "?", "a*", "*a", "a*b", "*a*", "a?b", "a*b*c", "*ab*ab", "a**b", "??*", "*?a?", "ab", "a*a*a"};
        String[] alphabet = {"", "a", "b", "c"};
        java.util.List<String> values = new java.util.ArrayList<>(java.util.List.of(""));
        for (int length = 0; length < 5; length++) { // every string over {a, b, c} up to 5 characters
            java.util.List<String> longer = new java.util.ArrayList<>();
            for (String v : values) {
                for (String c : alphabet) {
                    if (!c.isEmpty() && v.length() == length) {
                        longer.add(v + c);
                    }
                }
            }
            values.addAll(longer);
        }
        for (String glob : globs) {
            java.util.regex.Pattern regex = java.util.regex.Pattern.compile(glob.replace("?", ".").replace("*", ".*"));
            for (String value : values) {
                assertThat(Glob.compile(glob).matches(value)).as("%s ~ %s", glob, value).isEqualTo(regex.matcher(value).matches());
            }
        }
        assertThat(Glob.compile("caf?").matches("caf\u00e9")).isTrue(); // ? is one character, not one UTF-16 unit
        assertThat(Glob.compile("?").matches("\ud83d\ude00")).isTrue();
    }

    @Test
    @org.junit.jupiter.api.Timeout(10) // fail rather than hang if matching ever becomes exponential again
    void many_stars_against_a_long_near_miss_stay_fast() {
        String glob = "*a*a*a*a*a*a*a*a*a*a*b";
        String value = "a".repeat(10_000);
        assertThat(Glob.compile(glob).matches(value)).isFalse(); // exponential backtracking would never finish
    }
}
