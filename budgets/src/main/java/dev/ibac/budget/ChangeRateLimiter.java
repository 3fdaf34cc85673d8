package dev.ibac.budget;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Optional;

/**
 * Stage 5: at most {@code maxChangesPerMinute} in-scope change attempts per mission per minute,
 * whatever their later verdict. One Bucket4j bucket per mission (bounded map); a changed limit
 * replaces the bucket.
 */
public final class ChangeRateLimiter {
    private final TimeMeter time;
    private final Cache<String, Limited> buckets = Caffeine.newBuilder()
            .maximumSize(50_000).expireAfterAccess(Duration.ofMinutes(10)).build();

    private record Limited(int perMinute, Bucket bucket) {}

    public ChangeRateLimiter(TimeMeter time) {
        this.time = time;
    }

    /** Counts one attempt; empty when admitted, else how long until the next attempt would be. */
    public Optional<Duration> attempt(String missionKey, int perMinute) {
        Limited limited = buckets.asMap().compute(missionKey,
                (k, existing) -> existing != null && existing.perMinute == perMinute ? existing : new Limited(perMinute, bucket(perMinute)));
        ConsumptionProbe probe = limited.bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    private Bucket bucket(int perMinute) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .withCustomTimePrecision(time)
                .build();
    }
}
