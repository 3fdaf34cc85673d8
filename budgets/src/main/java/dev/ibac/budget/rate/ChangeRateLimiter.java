package dev.ibac.budget.rate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Stage 5 (SPEC §5): deny when a mission already had {@code maxChangesPerMinute} in-scope change
 * attempts in the last minute, whatever their later verdict. A sliding window counted per second:
 * an attempt counts until 60–61 s after it was made, so no 60 s span ever holds more than the
 * limit (the 1 s granularity errs on the strict side). Memory is 61 counters per mission, whatever
 * the limit; missions idle for two minutes are forgotten (bounded map).
 *
 * <p>Not a token bucket: a bucket of capacity N refilling N per minute admits up to 2N−1 in a
 * sliding minute (a full burst, then the refill), and SPEC counts the last minute.
 */
public final class ChangeRateLimiter {
    static final int SLOTS = 61;
    private static final long SECOND = 1_000_000_000L;
    private final LongSupplier nanoTime;
    private final Cache<String, Window> windows = Caffeine.newBuilder()
            .maximumSize(50_000).expireAfterAccess(Duration.ofMinutes(2)).build();

    /** {@code nanoTime}: a monotonic clock in nanoseconds ({@code System::nanoTime}; tests inject their own). */
    public ChangeRateLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Counts one attempt; empty when admitted, else how long until an attempt would be admitted. A refused attempt is not counted. */
    public Optional<Duration> attempt(String missionKey, int perMinute) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("maxChangesPerMinute must be at least 1, got " + perMinute);
        }
        Window window = windows.get(missionKey, k -> new Window());
        synchronized (window) {
            return window.attempt(nanoTime.getAsLong(), perMinute);
        }
    }

    /** Attempts per second for the last {@link #SLOTS} seconds, in a ring indexed by second. */
    private static final class Window {
        private final long[] second = new long[SLOTS];
        private final long[] count = new long[SLOTS];

        Window() {
            Arrays.fill(second, Long.MIN_VALUE);
        }

        Optional<Duration> attempt(long now, int limit) {
            long current = Math.floorDiv(now, SECOND);
            long total = 0;
            for (int i = 0; i < SLOTS; i++) {
                total += live(i, current) ? count[i] : 0;
            }
            if (total >= limit) {
                return Optional.of(retryAfter(now, current, total - limit + 1));
            }
            int slot = (int) Math.floorMod(current, (long) SLOTS);
            if (second[slot] != current) {
                second[slot] = current;
                count[slot] = 0;
            }
            count[slot]++;
            return Optional.empty();
        }

        private boolean live(int slot, long current) {
            return second[slot] > current - SLOTS;
        }

        /** When the oldest attempts have aged out so that {@code excess} fewer are counted: a slot leaves SLOTS s after its second began. */
        private Duration retryAfter(long now, long current, long excess) {
            long freed = 0;
            for (long s = current - SLOTS + 1; s <= current; s++) {
                int slot = (int) Math.floorMod(s, (long) SLOTS);
                if (second[slot] == s) {
                    freed += count[slot];
                    if (freed >= excess) {
                        return Duration.ofNanos((s + SLOTS) * SECOND - now);
                    }
                }
            }
            return Duration.ofSeconds(SLOTS); // not reached: the counted attempts are all in these slots
        }
    }
}
