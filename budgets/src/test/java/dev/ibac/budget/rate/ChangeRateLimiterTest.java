package dev.ibac.budget.rate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChangeRateLimiterTest {
    private final AtomicLong nanos = new AtomicLong(Duration.ofHours(5).toNanos());
    private final ChangeRateLimiter limiter = new ChangeRateLimiter(nanos::get);

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void admits_the_limit_in_a_minute_then_says_when_the_oldest_attempt_ages_out() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.attempt("shop/m", 3)).isEmpty();
            advance(Duration.ofSeconds(10));
        }
        // attempts at 0 s, 10 s, 20 s; now 30 s: the first counts until 61 s
        Optional<Duration> retry = limiter.attempt("shop/m", 3);
        assertThat(retry).contains(Duration.ofSeconds(31));
        advance(retry.get());
        assertThat(limiter.attempt("shop/m", 3)).isEmpty();
        assertThat(limiter.attempt("shop/m", 3)).contains(Duration.ofSeconds(10)); // the 10 s one leaves at 71 s
    }

    @Test
    void a_burst_after_a_full_minute_is_not_admitted_twice_over() {
        for (int i = 0; i < 30; i++) {
            assertThat(limiter.attempt("shop/m", 30)).isEmpty();
        }
        advance(Duration.ofSeconds(30));
        int admitted = 0;
        for (int i = 0; i < 30; i++) {
            admitted += limiter.attempt("shop/m", 30).isEmpty() ? 1 : 0;
        }
        assertThat(admitted).isZero(); // a token bucket refilling 30/min would admit 15 more here
        advance(Duration.ofSeconds(31));
        assertThat(limiter.attempt("shop/m", 30)).isEmpty();
    }

    @Test
    void no_sixty_second_span_ever_holds_more_than_the_limit() {
        Random random = new Random(42);
        Deque<Long> admitted = new ArrayDeque<>();
        for (int i = 0; i < 20_000; i++) {
            advance(Duration.ofMillis(random.nextInt(400)));
            if (limiter.attempt("shop/m", 7).isEmpty()) {
                admitted.addLast(nanos.get());
                while (admitted.peekFirst() <= nanos.get() - Duration.ofSeconds(60).toNanos()) {
                    admitted.removeFirst();
                }
                assertThat(admitted).as("admitted in the 60 s up to now").hasSizeLessThanOrEqualTo(7);
            }
        }
    }

    @Test
    void missions_are_limited_separately_and_a_new_limit_takes_effect() {
        assertThat(limiter.attempt("shop/a", 1)).isEmpty();
        assertThat(limiter.attempt("shop/a", 1)).isPresent();
        assertThat(limiter.attempt("shop/b", 1)).isEmpty();
        assertThat(limiter.attempt("shop/a", 5)).isEmpty();
    }
}
