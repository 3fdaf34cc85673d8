package dev.ibac.judge.cache;

/**
 * Counters of the verdict cache for metrics. A hit is a request answered by an earlier or
 * concurrent identical request (no model call, no tokens); a miss made a judge call.
 */
public record VerdictCacheStats(long hits, long misses, long size) {
    public double hitRate() {
        long total = hits + misses;
        return total == 0 ? 0 : (double) hits / total;
    }
}
