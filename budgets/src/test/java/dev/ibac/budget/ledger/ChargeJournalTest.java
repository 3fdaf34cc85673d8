package dev.ibac.budget.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibac.budget.cost.Charge;
import dev.ibac.budget.store.FileBudgetStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-ahead journal (issue #13): what was awaited survives a crash, i.e. a ledger never closed. */
class ChargeJournalTest {
    private static final Duration WAIT = Duration.ofSeconds(10); // only tells a hang from an answer
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private final BudgetLimits limits = new BudgetLimits("shop/m", null, new BigDecimal("10.00"), "shop", null, Duration.ofHours(24),
            new BigDecimal("100.00"), Duration.ofHours(24));

    private static Charge usd(String amount) {
        return new Charge(0, new BigDecimal(amount));
    }

    @Test
    void charges_that_were_awaited_survive_a_crash_without_a_snapshot(@TempDir Path state) throws Exception {
        BudgetLedger crashed = new BudgetLedger(clock, new FileBudgetStore(state));
        for (int i = 0; i < 3; i++) {
            crashed.reserve("uid-" + i, limits, usd("1.50"));
            crashed.settle("uid-" + i, new Charge(100, new BigDecimal("0.10")));
        }
        crashed.awaitDurable(crashed.mark(), WAIT);
        // never closed, never flushed: as after kill -9
        BudgetLedger restarted = new BudgetLedger(clock, new FileBudgetStore(state));
        assertThat(restarted.missionSpent("shop/m").usd()).isEqualByComparingTo("4.80");
        assertThat(restarted.missionSpent("shop/m").tokens()).isEqualTo(300);
        assertThat(Files.exists(state.resolve("budgets.json"))).isFalse();
    }

    @Test
    void concurrent_charges_are_group_committed_and_all_durable(@TempDir Path state) throws Exception {
        BudgetLedger ledger = new BudgetLedger(clock, new FileBudgetStore(state));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Boolean>> admitted = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String uid = "uid-" + i;
            admitted.add(pool.submit(() -> {
                boolean charged = ledger.reserve(uid, limits, usd("0.07")) instanceof BudgetDecision.Charged;
                if (charged) {
                    ledger.settle(uid, Charge.ZERO);
                    ledger.awaitDurable(ledger.mark(), WAIT);
                }
                return charged;
            }));
        }
        long count = 0;
        for (Future<Boolean> f : admitted) {
            count += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(count).isEqualTo(142); // $10.00 / $0.07
        long lines = Files.readAllLines(state.resolve("budgets.journal")).size();
        assertThat(lines).isBetween(1L, 400L);
        BudgetLedger restarted = new BudgetLedger(clock, new FileBudgetStore(state));
        assertThat(restarted.missionSpent("shop/m").usd()).isEqualByComparingTo("9.94");
        assertThat(restarted.reserve("more", limits, usd("0.07"))).isInstanceOf(BudgetDecision.Exhausted.class);
    }

    @Test
    void a_snapshot_replaces_the_journal_and_later_lines_apply_over_it(@TempDir Path state) throws Exception {
        BudgetLedger ledger = new BudgetLedger(clock, new FileBudgetStore(state));
        ledger.reserve("a", limits, usd("2.00"));
        ledger.settle("a", Charge.ZERO);
        ledger.flush();
        assertThat(Files.size(state.resolve("budgets.journal"))).isZero();
        ledger.reserve("b", limits, usd("3.00"));
        ledger.settle("b", Charge.ZERO);
        ledger.awaitDurable(ledger.mark(), WAIT);
        BudgetLedger restarted = new BudgetLedger(clock, new FileBudgetStore(state));
        assertThat(restarted.missionSpent("shop/m").usd()).isEqualByComparingTo("5.00");
    }

    @Test
    void journal_lines_the_snapshot_already_holds_are_skipped(@TempDir Path state) throws Exception {
        FileBudgetStore store = new FileBudgetStore(state);
        store.append(new LedgerState.Changes(1, java.util.Map.of("shop/m", new LedgerState.MissionSpend(0, new BigDecimal("1.00"))), java.util.Map.of()));
        store.append(new LedgerState.Changes(2, java.util.Map.of("shop/m", new LedgerState.MissionSpend(0, new BigDecimal("2.00"))), java.util.Map.of()));
        // as if a snapshot at seq 2 was saved but the process died before the journal was emptied
        Files.writeString(state.resolve("budgets.json"), "{\"seq\":2,\"missions\":{\"shop/m\":{\"tokens\":0,\"usd\":2.00}},\"namespaces\":{}}");
        Path journal = state.resolve("budgets.journal");
        String lines = Files.readString(journal);
        Files.writeString(journal, lines.lines().findFirst().orElseThrow() + "\n" + lines);
        assertThat(new FileBudgetStore(state).load().missions().get("shop/m").usd()).isEqualByComparingTo("2.00");
    }

    @Test
    void a_torn_last_journal_line_is_ignored_and_a_torn_middle_refuses_to_start(@TempDir Path state) throws Exception {
        BudgetLedger ledger = new BudgetLedger(clock, new FileBudgetStore(state));
        ledger.reserve("a", limits, usd("2.00"));
        ledger.settle("a", Charge.ZERO);
        ledger.awaitDurable(ledger.mark(), WAIT);
        Path journal = state.resolve("budgets.journal");
        Files.writeString(journal, "{\"seq\":99,\"missions\":{\"shop/m\":{\"tok", StandardOpenOption.APPEND);
        assertThat(new BudgetLedger(clock, new FileBudgetStore(state)).missionSpent("shop/m").usd()).isEqualByComparingTo("2.00");
        Files.writeString(journal, "\n{\"seq\":100,\"missions\":{},\"namespaces\":{}}\n", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> new BudgetLedger(clock, new FileBudgetStore(state))).isInstanceOf(IOException.class)
                .hasMessageContaining("budgets.journal").hasMessageContaining("refusing to start");
    }

    @Test
    void a_store_without_a_journal_never_waits() throws Exception {
        BudgetLedger ledger = new BudgetLedger(clock, BudgetStore.IN_MEMORY);
        ledger.reserve("a", limits, usd("2.00"));
        ledger.awaitDurable(ledger.mark(), Duration.ZERO);
    }

    @Test
    void a_uid_seen_again_for_a_different_object_is_refused_and_charged_nothing() throws Exception {
        BudgetLedger ledger = new BudgetLedger(clock, BudgetStore.IN_MEMORY);
        BudgetDecision first = ledger.reserve("uid", "object-a", limits, usd("2.00"));
        assertThat(ledger.reserve("uid", "object-a", limits, usd("2.00"))).isSameAs(first);
        assertThat(ledger.reserve("uid", "object-b", limits, usd("2.00"))).isInstanceOfSatisfying(BudgetDecision.Refused.class,
                r -> assertThat(r.message()).contains("uid uid was already used for a different object"));
        assertThat(ledger.missionSpent("shop/m").usd()).isEqualByComparingTo("2.00");
    }
}
