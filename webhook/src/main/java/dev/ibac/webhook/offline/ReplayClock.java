package dev.ibac.webhook.offline;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock {@code replay} decides by: set to each entry's logged time before it is decided, so
 * expiry, budget windows and the change rate read as they did then. Entries written a few
 * milliseconds out of order (concurrent requests) never move it back: the rate window and budget
 * windows only go forward, as they did in the webhook. Single-threaded.
 */
final class ReplayClock extends Clock {
    private Instant now = Instant.EPOCH;

    void advanceTo(Instant time) {
        if (time.isAfter(now)) {
            now = time;
        }
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("replay decides in UTC");
    }
}
