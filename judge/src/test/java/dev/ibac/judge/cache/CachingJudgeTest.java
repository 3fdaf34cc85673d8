package dev.ibac.judge.cache;

import static dev.ibac.judge.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.ibac.action.Action;
import dev.ibac.crd.Mission;
import dev.ibac.judge.Fixtures;
import dev.ibac.judge.Judge;
import dev.ibac.judge.JudgeException;
import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CachingJudgeTest {
    private static final JudgeVerdict ALLOW = new JudgeVerdict(JudgeVerdict.Decision.ALLOW, "serves the goal",
            JudgeVerdict.Risk.LOW, 0.9, new TokenUsage(800, 40), "llm", "m", false);
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private final ExecutorService threads = Executors.newFixedThreadPool(32);

    /** Counts calls; can hold every call until released, and fail the first ones. */
    static final class CountingJudge implements Judge {
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean holding;
        volatile int failuresLeft;

        @Override
        public String name() {
            return "llm";
        }

        @Override
        public JudgeVerdict judge(JudgeRequest request) throws JudgeException {
            calls.incrementAndGet();
            try {
                if (holding && !release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new JudgeException("llm judge: provider failed (HTTP 5xx)", new TokenUsage(10, 0), "m", null);
            }
            return ALLOW;
        }
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private CachingJudge cache(Judge delegate, long size, Duration ttl) {
        return new CachingJudge(delegate, new VerdictCacheSettings(size, ttl), ticker);
    }

    private static Action scale(String uid, int replicas) {
        return new Action(uid, "UPDATE", new dev.ibac.action.ResourceId("apps", "v1", "deployments", ""), "Deployment", "shop",
                "checkout", false, Fixtures.AGENT, json("{'kind':'Deployment','spec':{'replicas':" + replicas + "}}"),
                json("{'kind':'Deployment','spec':{'replicas':3}}"));
    }

    private static JudgeRequest request(Mission mission, Action action) {
        return new JudgeRequest(mission, action, List.of(), "");
    }

    private static Mission mission(long generation) {
        return Fixtures.mission("shop", "scale-checkout", "Scale checkout", generation);
    }

    @Test
    void a_repeated_request_is_answered_from_the_cache_without_tokens() throws JudgeException {
        CountingJudge delegate = new CountingJudge();
        CachingJudge judge = cache(delegate, 100, Duration.ofMinutes(10));

        JudgeVerdict first = judge.judge(request(mission(1), scale("uid-1", 10)));
        JudgeVerdict again = judge.judge(request(mission(1), scale("uid-2", 10)));

        assertThat(first).isEqualTo(ALLOW);
        assertThat(again).isEqualTo(ALLOW.asCached());
        assertThat(again.tokens()).isEqualTo(TokenUsage.NONE);
        assertThat(delegate.calls).hasValue(1);
        assertThat(judge.stats()).isEqualTo(new VerdictCacheStats(1, 1, 1));
        assertThat(judge.name()).isEqualTo("llm");
    }

    @Test
    void a_hit_is_answered_without_analysing_the_action_and_carries_the_first_requests_effects() throws JudgeException {
        CachingJudge judge = cache(new EffectsReadingJudge(), 100, Duration.ofMinutes(10));
        AtomicInteger analysed = new AtomicInteger();
        List<dev.ibac.judge.Effect> effects = new JudgeRequest(mission(1), scale("uid-1", 10), List.of(), "").effects();
        java.util.function.Supplier<List<dev.ibac.judge.Effect>> analyse = () -> {
            analysed.incrementAndGet();
            return effects;
        };

        judge.judge(JudgeRequest.analysingOnDemand(mission(1), scale("uid-1", 10), List.of(), "", analyse));
        JudgeRequest repeat = JudgeRequest.analysingOnDemand(mission(1), scale("uid-2", 10), List.of(), "", analyse);
        JudgeVerdict cached = judge.judge(repeat);

        assertThat(cached.cached()).isTrue();
        assertThat(repeat.effects()).isEqualTo(effects).isNotEmpty();
        assertThat(analysed).hasValue(1);
    }

    @Test
    void what_the_api_server_sets_per_write_is_no_new_question_but_any_other_difference_is() throws JudgeException {
        CountingJudge delegate = new CountingJudge();
        CachingJudge judge = cache(delegate, 100, Duration.ofMinutes(10));
        String padding = "'spec':{'replicas':3,'template':{'spec':{'containers':[" + "{'name':'c','image':'i'},".repeat(60);

        judge.judge(request(mission(1), create("uid-1", "{'metadata':{'name':'checkout','uid':'1','resourceVersion':'7',"
                + "'creationTimestamp':'2026-01-01T00:00:00Z','managedFields':[{'time':'a'}]}," + padding
                + "{'name':'last','image':'ok'}]}}},'status':{'replicas':1}}")));
        judge.judge(request(mission(1), create("uid-2", "{'metadata':{'name':'checkout','uid':'2','resourceVersion':'8',"
                + "'creationTimestamp':'2026-01-02T00:00:00Z','managedFields':[{'time':'b'}]}," + padding
                + "{'name':'last','image':'ok'}]}}},'status':{'replicas':2}}")));
        assertThat(delegate.calls).as("server-set metadata and status differ only").hasValue(1);

        judge.judge(request(mission(1), create("uid-3", "{'metadata':{'name':'checkout'}," + padding
                + "{'name':'last','image':'evil'}]}}}}")));
        judge.judge(request(mission(1), create("uid-4", "{'metadata':{'name':'checkout','annotations':{'ibac.io/tokens':'9'}},"
                + padding + "{'name':'last','image':'ok'}]}}}}")));
        assertThat(delegate.calls).as("the 61st container's image, an annotation").hasValue(3);
    }

    /** A judge that reads the effects, as the semantic and LLM judges do. */
    static final class EffectsReadingJudge implements Judge {
        @Override
        public String name() {
            return "semantic";
        }

        @Override
        public JudgeVerdict judge(JudgeRequest request) {
            request.effects();
            return ALLOW;
        }
    }

    private static Action create(String uid, String object) {
        return new Action(uid, "CREATE", new dev.ibac.action.ResourceId("apps", "v1", "deployments", ""), "Deployment", "shop",
                "checkout", false, Fixtures.AGENT, json(object), null);
    }

    @Test
    void a_new_mission_generation_or_different_content_is_judged_again() throws JudgeException {
        CountingJudge delegate = new CountingJudge();
        CachingJudge judge = cache(delegate, 100, Duration.ofMinutes(10));

        judge.judge(request(mission(1), scale("a", 10)));
        judge.judge(request(mission(2), scale("a", 10)));
        judge.judge(request(mission(2), scale("a", 11)));

        assertThat(delegate.calls).hasValue(3);
        assertThat(judge.stats().misses()).isEqualTo(3);
    }

    @Test
    void verdicts_expire_after_the_ttl_on_the_injected_ticker() throws JudgeException {
        CountingJudge delegate = new CountingJudge();
        CachingJudge judge = cache(delegate, 100, Duration.ofMinutes(10));
        judge.judge(request(mission(1), scale("a", 10)));

        nanos.addAndGet(Duration.ofMinutes(9).toNanos());
        judge.judge(request(mission(1), scale("a", 10)));
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        judge.judge(request(mission(1), scale("a", 10)));

        assertThat(delegate.calls).hasValue(2);
    }

    @Test
    void the_cache_stays_within_its_maximum_size() throws JudgeException {
        CachingJudge judge = cache(new CountingJudge(), 5, Duration.ofMinutes(10));

        for (int replicas = 0; replicas < 50; replicas++) {
            judge.judge(request(mission(1), scale("a", replicas)));
        }

        assertThat(judge.stats().size()).isLessThanOrEqualTo(5);
    }

    @Test
    void concurrent_identical_requests_make_exactly_one_judge_call() throws Exception {
        CountingJudge delegate = new CountingJudge();
        delegate.holding = true;
        CachingJudge judge = cache(delegate, 100, Duration.ofMinutes(10));

        List<Future<JudgeVerdict>> results = submitConcurrently(32, () -> judge.judge(request(mission(1), scale("a", 10))));
        awaitWaiting(judge, 31);
        delegate.release.countDown();

        List<JudgeVerdict> verdicts = new ArrayList<>();
        for (Future<JudgeVerdict> result : results) {
            verdicts.add(result.get(30, TimeUnit.SECONDS));
        }
        assertThat(delegate.calls).hasValue(1);
        assertThat(verdicts).allMatch(JudgeVerdict::allowed);
        assertThat(verdicts.stream().filter(v -> !v.cached())).containsExactly(ALLOW);
        assertThat(verdicts.stream().mapToLong(v -> v.tokens().total()).sum()).isEqualTo(840);
    }

    @Test
    void a_failure_is_shared_by_waiters_but_never_cached() throws Exception {
        CountingJudge delegate = new CountingJudge();
        delegate.holding = true;
        delegate.failuresLeft = 1;
        CachingJudge judge = cache(delegate, 100, Duration.ofMinutes(10));

        List<Future<JudgeVerdict>> results = submitConcurrently(8, () -> judge.judge(request(mission(1), scale("a", 10))));
        awaitWaiting(judge, 7);
        delegate.release.countDown();

        List<JudgeException> failures = new ArrayList<>();
        for (Future<JudgeVerdict> result : results) {
            failures.add(catchThrowableOfType(java.util.concurrent.ExecutionException.class, () -> result.get(30, TimeUnit.SECONDS))
                    .getCause() instanceof JudgeException e ? e : null);
        }
        assertThat(failures).allSatisfy(e -> assertThat(e).hasMessage("llm judge: provider failed (HTTP 5xx)"));
        assertThat(failures.stream().mapToLong(e -> e.tokens().total()).sum()).isEqualTo(10);
        assertThat(failures).allSatisfy(e -> assertThat(e.model()).isEqualTo("m"));
        assertThat(judge.judge(request(mission(1), scale("a", 10)))).isEqualTo(ALLOW);
        assertThat(delegate.calls).hasValue(2);
    }

    @Test
    void a_failure_is_a_handled_outcome_that_caffeine_never_logs() throws Exception {
        // Caffeine logs (System.Logger, JUL here) a WARNING with the stack trace of every cached future that
        // completes exceptionally; a judge failure is an expected outcome, so nothing may reach that log
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger caffeine = Logger.getLogger("com.github.benmanes.caffeine");
        Level before = caffeine.getLevel();
        caffeine.setLevel(Level.ALL);
        caffeine.addHandler(capture);
        try {
            CountingJudge delegate = new CountingJudge();
            delegate.holding = true;
            delegate.failuresLeft = 1;
            CachingJudge judge = cache(delegate, 100, Duration.ofMinutes(10));
            List<Future<JudgeVerdict>> results = submitConcurrently(4, () -> judge.judge(request(mission(1), scale("a", 10))));
            awaitWaiting(judge, 3);
            delegate.release.countDown();
            for (Future<JudgeVerdict> result : results) {
                assertThat(catchThrowableOfType(java.util.concurrent.ExecutionException.class, () -> result.get(30, TimeUnit.SECONDS)))
                        .hasCauseInstanceOf(JudgeException.class);
            }
            JudgeException unchecked = catchThrowableOfType(JudgeException.class, () -> cache(new Judge() {
                @Override
                public String name() {
                    return "llm";
                }

                @Override
                public JudgeVerdict judge(JudgeRequest request) {
                    throw new IllegalStateException("bug");
                }
            }, 10, Duration.ofMinutes(1)).judge(request(mission(1), scale("b", 1))));
            assertThat(unchecked).isNotNull();

            assertThat(logged).extracting(LogRecord::getMessage).isEmpty();
        } finally {
            caffeine.removeHandler(capture);
            caffeine.setLevel(before);
        }
    }

    @Test
    void a_judge_that_throws_unchecked_still_fails_as_a_judge() {
        Judge broken = new Judge() {
            @Override
            public String name() {
                return "semantic";
            }

            @Override
            public JudgeVerdict judge(JudgeRequest request) {
                throw new IllegalStateException("bug");
            }
        };

        JudgeException error = catchThrowableOfType(JudgeException.class,
                () -> cache(broken, 10, Duration.ofMinutes(1)).judge(request(mission(1), scale("a", 1))));

        assertThat(error).hasMessage("judge failed (IllegalStateException)");
    }

    private <T> List<Future<T>> submitConcurrently(int count, Callable<T> task) {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(threads.submit(task));
        }
        return futures;
    }

    /** Hits are counted before a request starts waiting, so this sees every waiter arrive. */
    private static void awaitWaiting(CachingJudge judge, long waiters) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (judge.stats().hits() < waiters && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(judge.stats().hits()).isEqualTo(waiters);
    }
}
