package dev.ibac.budget.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.budget.cost.Charge;
import dev.ibac.budget.store.FileBudgetStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetLedgerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

    private static BudgetLimits limits(Long missionTokens, String missionUsd, Long nsTokens, String nsUsd) {
        return new BudgetLimits("shop/m", missionTokens, missionUsd == null ? null : new BigDecimal(missionUsd), "shop",
                nsTokens, Duration.ofHours(24), nsUsd == null ? null : new BigDecimal(nsUsd), Duration.ofHours(24));
    }

    private static Charge usd(String amount) {
        return new Charge(0, new BigDecimal(amount));
    }

    @Test
    void concurrent_requests_against_a_budget_that_covers_k_admit_exactly_k() throws Exception {
        BudgetLedger ledger = new BudgetLedger(clock, BudgetStore.IN_MEMORY);
        BudgetLimits limits = limits(null, null, null, "10.00"); // covers exactly 7 actions of $1.40
        int threads = 16;
        int requests = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<BudgetDecision>> results = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String uid = "uid-" + i;
            results.add(pool.submit(() -> {
                start.await();
                return ledger.reserve(uid, limits, usd("1.40"));
            }));
        }
        start.countDown();
        int charged = 0;
        for (Future<BudgetDecision> result : results) {
            charged += result.get(30, TimeUnit.SECONDS) instanceof BudgetDecision.Charged ? 1 : 0;
        }
        pool.shutdown();
        assertThat(charged).isEqualTo(7);
        assertThat(ledger.snapshot(limits).costLeftUSD()).isEqualByComparingTo("0.20");
    }

    @Test
    void spent_reports_the_mission_and_the_namespace_window_apart() throws Exception {
        BudgetLedger ledger = new BudgetLedger(clock, BudgetStore.IN_MEMORY);
        BudgetLimits limits = limits(1000L, "5.00", 800L, "3.00");
        ledger.reserve("a", limits, new Charge(300, new BigDecimal("1.25")));
        ledger.settle("a", new Charge(20, BigDecimal.ZERO));
        BudgetLedger.Spent spent = ledger.spent(limits);
        assertThat(spent.mission().tokens()).isEqualTo(320);
        assertThat(spent.mission().usd()).isEqualByComparingTo("1.25");
        assertThat(spent.namespace().tokens()).isEqualTo(320);
        assertThat(spent.costWindow()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        clock.set(Instant.parse("2026-11-24T00:00:01Z"));
        BudgetLedger.Spent nextDay = ledger.spent(limits);
        assertThat(nextDay.namespace().tokens()).as("a new window").isZero();
        assertThat(nextDay.mission().tokens()).as("mission caps never refill").isEqualTo(320);
    }

    @Test
    void a_request_is_charged_once_per_uid_whatever_the_retries() throws Exception {
        BudgetLedger ledger = new BudgetLedger(clock, BudgetStore.IN_MEMORY);
        BudgetLimits limits = limits(1000L, null, null, null);
        for (int retry = 0; retry < 5; retry++) {
            assertThat(ledger.reserve("same-uid", limits, new Charge(300, BigDecimal.ZERO))).isInstanceOf(BudgetDecision.Charged.class);
            ledger.settle("same-uid", new Charge(10, BigDecimal.ZERO));
        }
        assertThat(ledger.missionSpent("shop/m").tokens()).isEqualTo(310);
    }

    @Test
    void check_changes_nothing() throws Exception {
        BudgetLedger ledger = new BudgetLedger(clock, BudgetStore.IN_MEMORY);
        BudgetLimits limits = limits(100L, null, null, null);
        for (int i = 0; i < 10; i++) {
            assertThat(ledger.check(limits, new Charge(60, BigDecimal.ZERO))).isInstanceOf(BudgetDecision.Charged.class);
        }
        assertThat(ledger.missionSpent("shop/m").tokens()).isZero();
    }

    @Test
    void the_tighter_of_mission_and_namespace_wins_and_the_message_names_it() throws Exception {
        BudgetLedger ledger = new BudgetLedger(clock, BudgetStore.IN_MEMORY);
        BudgetLimits missionTighter = limits(null, "2.00", null, "100.00");
        ledger.reserve("a", missionTighter, usd("1.50"));
        BudgetDecision.Exhausted exhausted = (BudgetDecision.Exhausted) ledger.reserve("b", missionTighter, usd("1.00"));
        assertThat(exhausted.budget()).isEqualTo("mission shop/m");
        assertThat(exhausted.message()).contains("cost budget would be exceeded: spent $1.50 of $2.00").contains("does not refill").contains("spec.budget.costUSD");
        assertThat(exhausted.refillsAt()).isNull();
        assertThat(ledger.check(missionTighter, usd("1.00"))).isEqualTo(exhausted); // alone, no talk of other replicas

        BudgetLedger other = new BudgetLedger(clock, BudgetStore.IN_MEMORY);
        BudgetLimits namespaceTighter = limits(null, "100.00", 500L, null);
        other.reserve("a", namespaceTighter, new Charge(400, BigDecimal.ZERO));
        BudgetDecision.Exhausted ns = (BudgetDecision.Exhausted) other.reserve("b", namespaceTighter, new Charge(200, BigDecimal.ZERO));
        assertThat(ns.message()).isEqualTo("namespace budget shop/default tokens would be exceeded: spent 400 of 500 tokens this 24h window, "
                + "this action needs 200 tokens; refills at 2026-11-24T00:00:00Z — retry then, or ask the namespace's owner to raise "
                + "spec.tokens.limit");
        assertThat(other.snapshot(namespaceTighter).tokensLeft()).isEqualTo(100);
    }

    @Test
    void namespace_budgets_refill_at_the_end_of_the_window_mission_caps_never() throws Exception {
        BudgetLedger ledger = new BudgetLedger(clock, BudgetStore.IN_MEMORY);
        BudgetLimits limits = limits(1000L, null, 500L, null);
        ledger.reserve("a", limits, new Charge(500, BigDecimal.ZERO));
        BudgetDecision.Exhausted used = (BudgetDecision.Exhausted) ledger.reserve("b", limits, new Charge(1, BigDecimal.ZERO));
        assertThat(used.message()).startsWith("namespace budget shop/default tokens exhausted: spent 500 of 500 tokens");
        clock.set(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(ledger.reserve("c", limits, new Charge(500, BigDecimal.ZERO))).isInstanceOf(BudgetDecision.Charged.class);
        clock.set(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(ledger.reserve("d", limits, new Charge(1, BigDecimal.ZERO))).isInstanceOf(BudgetDecision.Exhausted.class);
        assertThat(ledger.missionExhausted(limits)).isTrue();
    }

    @Test
    void release_refunds_the_estimate_but_keeps_judge_tokens() throws Exception {
        BudgetLedger ledger = new BudgetLedger(clock, BudgetStore.IN_MEMORY);
        BudgetLimits limits = limits(10_000L, "10.00", null, null);
        ledger.reserve("a", limits, new Charge(1000, new BigDecimal("3.00")));
        ledger.release("a", new Charge(50, new BigDecimal("0.01")));
        ledger.release("a", new Charge(50, new BigDecimal("0.01")));
        assertThat(ledger.missionSpent("shop/m").tokens()).isEqualTo(50);
        assertThat(ledger.missionSpent("shop/m").usd()).isEqualByComparingTo("0.01");
    }

    @Test
    void a_release_after_the_window_rolled_refunds_the_mission_but_not_the_new_window() throws Exception {
        BudgetLedger ledger = new BudgetLedger(clock, BudgetStore.IN_MEMORY);
        BudgetLimits limits = limits(null, "100.00", null, "10.00");
        clock.set(Instant.parse("2026-11-23T23:59:59Z"));
        ledger.reserve("late", limits, usd("4.00"));
        clock.set(Instant.parse("2026-11-24T00:00:01Z")); // the judge answered after midnight
        ledger.reserve("early", limits, usd("3.00"));
        ledger.release("late", Charge.ZERO);
        // the $4.00 was charged to yesterday's window; refunding it from today's would let $14 through today
        assertThat(ledger.snapshot(limits).costLeftUSD()).isEqualByComparingTo("7.00");
        assertThat(ledger.missionSpent("shop/m").usd()).isEqualByComparingTo("3.00");
    }

    @Test
    void a_retried_uid_gets_its_first_answer_until_it_is_forgotten_after_15_minutes() throws Exception {
        BudgetLedger ledger = new BudgetLedger(clock, BudgetStore.IN_MEMORY);
        BudgetLimits limits = limits(null, null, null, "10.00");
        ledger.reserve("big", limits, usd("8.00"));
        BudgetDecision denied = ledger.reserve("retried", limits, usd("5.00"));
        assertThat(denied).isInstanceOf(BudgetDecision.Exhausted.class);
        ledger.release("big", Charge.ZERO); // room again, but a retry of the same request is answered the same
        assertThat(ledger.reserve("retried", limits, usd("5.00"))).isEqualTo(denied);
        clock.set(clock.instant().plus(Duration.ofMinutes(16)));
        assertThat(ledger.reserve("retried", limits, usd("5.00"))).isInstanceOf(BudgetDecision.Charged.class);
    }

    @Test
    void spend_survives_a_restart(@TempDir Path state) throws Exception {
        BudgetLimits limits = limits(1000L, "5.00", 5000L, "50.00");
        try (BudgetLedger first = new BudgetLedger(clock, new FileBudgetStore(state))) {
            first.reserve("a", limits, new Charge(600, new BigDecimal("4.50")));
            first.settle("a", new Charge(100, new BigDecimal("0.25")));
        }
        BudgetLedger second = new BudgetLedger(clock, new FileBudgetStore(state));
        assertThat(second.missionSpent("shop/m").tokens()).isEqualTo(700);
        assertThat(second.missionSpent("shop/m").usd()).isEqualByComparingTo("4.75");
        assertThat(second.reserve("b", limits, usd("0.50"))).isInstanceOf(BudgetDecision.Exhausted.class);
        assertThat(second.snapshot(limits).tokensLeft()).isEqualTo(300);
    }

    @Test
    void an_unreadable_state_file_refuses_to_start(@TempDir Path state) throws Exception {
        java.nio.file.Files.writeString(state.resolve("budgets.json"), "{not json");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BudgetLedger(clock, new FileBudgetStore(state)))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("refusing to start");
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
