package dev.ibac.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChangeRateLimiterTest {
    private final AtomicLong nanos = new AtomicLong();
    private final ChangeRateLimiter limiter = new ChangeRateLimiter(new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    });

    @Test
    void admits_the_limit_per_minute_then_says_when_to_retry() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.attempt("shop/m", 3)).isEmpty();
        }
        Duration retry = limiter.attempt("shop/m", 3).orElseThrow();
        assertThat(retry).isEqualTo(Duration.ofSeconds(20));
        nanos.addAndGet(Duration.ofSeconds(20).toNanos());
        assertThat(limiter.attempt("shop/m", 3)).isEmpty();
        assertThat(limiter.attempt("shop/m", 3)).isPresent();
    }

    @Test
    void missions_are_limited_separately_and_a_new_limit_takes_effect() {
        assertThat(limiter.attempt("shop/a", 1)).isEmpty();
        assertThat(limiter.attempt("shop/a", 1)).isPresent();
        assertThat(limiter.attempt("shop/b", 1)).isEmpty();
        assertThat(limiter.attempt("shop/a", 5)).isEmpty();
    }
}
