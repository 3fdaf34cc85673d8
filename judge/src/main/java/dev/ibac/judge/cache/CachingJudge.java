package dev.ibac.judge.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.ibac.judge.Judge;
import dev.ibac.judge.JudgeException;
import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.TokenUsage;
import dev.ibac.judge.Effect;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * A verdict cache in front of a judge, keyed by mission generation and normalised action (see
 * {@link VerdictKey}), bounded in size and age. The key is computed from the raw action before
 * anything is described, redacted or analysed, and a hit hands the request the effects the first
 * identical request was judged on, so a cached decision costs a hash of the object and a lookup. Single-flight: concurrent identical requests wait
 * for one judge call and share its verdict. A repeated verdict comes back
 * {@link JudgeVerdict#asCached() as cached}, with no tokens to charge again. Failures are never
 * cached; requests that waited on a failed call fail too, with no tokens charged to them.
 *
 * <p>The shared futures always complete normally, with an {@link Outcome}: a failure is an
 * expected, handled result (the mission's {@code onError} decides), and Caffeine logs a stack trace
 * for every future in the cache that completes exceptionally.
 */
public final class CachingJudge implements Judge, AutoCloseable {
    private final Judge delegate;
    private final AsyncCache<VerdictKey, Outcome> verdicts;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public CachingJudge(Judge delegate, VerdictCacheSettings settings, Ticker ticker) {
        this.delegate = delegate;
        this.verdicts = Caffeine.newBuilder()
                .maximumSize(settings.maximumSize())
                .expireAfterWrite(settings.ttl())
                .ticker(ticker)
                .executor(Runnable::run)
                .buildAsync();
    }

    /** The judge behind the cache (for its own metrics, such as the cascade's escalations). */
    public Judge inner() {
        return delegate;
    }

    /** The wrapped judge's name: a cached verdict is still that judge's verdict. */
    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public JudgeVerdict judge(JudgeRequest request) throws JudgeException {
        VerdictKey key = VerdictKey.of(request.mission(), request.action());
        CompletableFuture<Outcome> mine = new CompletableFuture<>();
        CompletableFuture<Outcome> earlier = verdicts.asMap().putIfAbsent(key, mine);
        if (earlier != null) {
            hits.increment();
            return awaitShared(earlier, request).asCached();
        }
        misses.increment();
        return decide(request, key, mine);
    }

    private JudgeVerdict decide(JudgeRequest request, VerdictKey key, CompletableFuture<Outcome> mine) throws JudgeException {
        try {
            JudgeVerdict verdict = delegate.judge(request);
            mine.complete(new Outcome(verdict, request.effects(), null));
            return verdict;
        } catch (JudgeException e) {
            throw failed(key, mine, e);
        } catch (RuntimeException e) {
            // a judge that breaks its contract still fails like a judge: the caller applies onError
            throw failed(key, mine, new JudgeException("judge failed (" + e.getClass().getSimpleName() + ")", TokenUsage.NONE, e));
        }
    }

    /** Takes the failed call out of the cache first, then hands its failure to the requests waiting on it. */
    private JudgeException failed(VerdictKey key, CompletableFuture<Outcome> mine, JudgeException failure) {
        verdicts.asMap().remove(key, mine);
        mine.complete(new Outcome(null, List.of(), failure));
        return failure;
    }

    private static JudgeVerdict awaitShared(CompletableFuture<Outcome> shared, JudgeRequest request) throws JudgeException {
        Outcome outcome;
        try {
            outcome = shared.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JudgeException("judge interrupted while waiting for an identical request", TokenUsage.NONE, e);
        } catch (ExecutionException e) {
            // not reached: shared futures complete normally (see the class comment)
            throw new JudgeException("judge failed (" + e.getCause().getClass().getSimpleName() + ")", TokenUsage.NONE, e.getCause());
        }
        if (outcome.failure() != null) {
            // the tokens of a failed call are charged to the request that made it, not to those that waited
            JudgeException failure = outcome.failure();
            throw new JudgeException(failure.getMessage(), TokenUsage.NONE, failure.model(), failure);
        }
        request.reuseEffects(outcome.effects());
        return outcome.verdict();
    }

    /**
     * What one judge call came to: a verdict and the effects it was reached on, or the failure (never
     * cached: removed before it is set).
     */
    private record Outcome(JudgeVerdict verdict, List<Effect> effects, JudgeException failure) {}

    public VerdictCacheStats stats() {
        return new VerdictCacheStats(hits.sum(), misses.sum(), verdicts.synchronous().estimatedSize());
    }

    /** Closes the wrapped judge if it holds resources (the LLM judge's workers). */
    @Override
    public void close() {
        if (delegate instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the " + delegate.name() + " judge failed", e);
            }
        }
    }
}
