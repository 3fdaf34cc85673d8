package dev.ibac.webhook.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.action.Action;
import dev.ibac.crd.Approval;
import dev.ibac.crd.ApprovalSpec;
import dev.ibac.crd.ApprovalStatus;
import dev.ibac.crd.Mission;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.TokenUsage;
import dev.ibac.webhook.pipeline.ApprovalGate.Outcome;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The approval stage over the embedded store, with an injected clock. */
class ApprovalsTest {
    private static final JudgeVerdict DOUBT = new JudgeVerdict(JudgeVerdict.Decision.UNCERTAIN, "uncertain: image changes",
            JudgeVerdict.Risk.MEDIUM, 0.5, TokenUsage.NONE, "semantic", null, false);
    private static final ApprovalDecisions.Decider ALICE = new ApprovalDecisions.Decider("alice", List.of());

    @TempDir
    Path state;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final Mission mission = TestMissions.scaleCheckout(
            "  judge: {onUncertain: Approve}\n  approval: {approvers: {usernames: [alice], groups: [shop-owners]}, ttl: 30m}\n");

    private Approvals approvals() {
        return new Approvals(FileApprovalStore.inStateDir(state), clock, HowToApprove.embedded(state));
    }

    private static Action request(String uid) {
        return Fixtures.action("create-deployment", r -> r.put("uid", uid));
    }

    private static Action dryRun(String uid) {
        return Fixtures.action("create-deployment", r -> r.put("uid", uid).put("dryRun", true));
    }

    private String pendingId(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Pending.class);
        return ((Outcome.Pending) outcome).id();
    }

    private ApprovalDecisions.Result decide(String id, ApprovalSpec.Decision decision, ApprovalDecisions.Decider by) {
        return ApprovalDecisions.decide(FileApprovalStore.inStateDir(state), null, id, decision, by, "ok", clock.instant());
    }

    @Test
    void a_pending_approval_records_the_action_effects_and_reasoning_and_expires_after_the_ttl() {
        Approvals approvals = approvals();
        String id = pendingId(approvals.consult(mission, request("u1"), List.of(), DOUBT));
        Approval stored = approvals.store().find("shop", id).orElseThrow();
        assertThat(stored.getSpec().action().summary()).isEqualTo("CREATE deployments shop/checkout");
        assertThat(stored.getSpec().action().requester()).isEqualTo("system:serviceaccount:shop:shop-agent");
        assertThat(stored.getSpec().reasoning()).isEqualTo("uncertain: image changes");
        assertThat(stored.getSpec().expiresAt()).isEqualTo("2026-11-23T10:30:00Z");
        assertThat(approvals.store().pending(clock.instant())).hasSize(1);

        clock.advance(Duration.ofMinutes(30));
        assertThat(stored.state(clock.instant())).isEqualTo(ApprovalStatus.State.Expired);
        assertThat(approvals.store().pending(clock.instant())).isEmpty();
        assertThat(decide(id, ApprovalSpec.Decision.Approve, ALICE)).isEqualTo(new ApprovalDecisions.Result.Refused(
                "approval " + id + " expired at 2026-11-23T10:30:00Z: the agent's next identical request asks for a new one"));
        assertThat(pendingId(approvals.consult(mission, request("u2"), List.of(), DOUBT))).as("a new question").isNotEqualTo(id);
    }

    @Test
    void an_approval_admits_one_request_within_the_ttl_and_then_a_new_one_is_asked() {
        Approvals approvals = approvals();
        String id = pendingId(approvals.consult(mission, request("u1"), List.of(), DOUBT));
        assertThat(decide(id, ApprovalSpec.Decision.Approve, ALICE)).isInstanceOf(ApprovalDecisions.Result.Decided.class);
        assertThat(approvals.consult(mission, dryRun("u2"), List.of(), DOUBT))
                .as("a dry run is told it would pass, without using the approval").isEqualTo(new Outcome.Approved(id, "alice"));
        assertThat(approvals.consult(mission, request("u3"), List.of(), DOUBT)).isEqualTo(new Outcome.Approved(id, "alice"));
        assertThat(approvals.store().find(null, id).orElseThrow().getStatus().usedBy()).isEqualTo("u3");
        assertThat(pendingId(approvals.consult(mission, request("u4"), List.of(), DOUBT))).isNotEqualTo(id);
    }

    @Test
    void an_approval_not_used_within_the_ttl_expires() {
        Approvals approvals = approvals();
        String id = pendingId(approvals.consult(mission, request("u1"), List.of(), DOUBT));
        clock.advance(Duration.ofMinutes(20));
        decide(id, ApprovalSpec.Decision.Approve, ALICE);
        clock.advance(Duration.ofMinutes(30));
        assertThat(pendingId(approvals.consult(mission, request("u2"), List.of(), DOUBT))).isNotEqualTo(id);
    }

    @Test
    void a_rejection_answers_every_retry_with_who_and_why() {
        Approvals approvals = approvals();
        String id = pendingId(approvals.consult(mission, request("u1"), List.of(), DOUBT));
        decide(id, ApprovalSpec.Decision.Reject, new ApprovalDecisions.Decider("bob", List.of("shop-owners")));
        assertThat(approvals.consult(mission, request("u2"), List.of(), DOUBT)).isEqualTo(new Outcome.Rejected(id, "bob", "ok"));
        assertThat(decide(id, ApprovalSpec.Decision.Approve, ALICE)).isInstanceOf(ApprovalDecisions.Result.Refused.class)
                .hasToString("Refused[message=approval " + id + " was already rejected by bob at 2026-11-23T10:00:00Z: a decision is final]");
    }

    @Test
    void a_runaway_agent_cannot_fill_the_store_with_pending_approvals() {
        Approvals approvals = new Approvals(FileApprovalStore.inStateDir(state), clock, HowToApprove.embedded(state), 2);
        pendingId(approvals.consult(mission, Fixtures.action("create-deployment", r -> r.put("name", "checkout-a")), List.of(), DOUBT));
        pendingId(approvals.consult(mission, Fixtures.action("create-deployment", r -> r.put("name", "checkout-b")), List.of(), DOUBT));
        assertThat(approvals.consult(mission, Fixtures.action("create-deployment", r -> r.put("name", "checkout-c")), List.of(), DOUBT))
                .isEqualTo(new Outcome.Unavailable("2 approvals are pending in namespace shop already; ask an approver to decide them"));
        clock.advance(Duration.ofHours(1));
        assertThat(approvals.consult(mission, Fixtures.action("create-deployment", r -> r.put("name", "checkout-c")), List.of(), DOUBT))
                .as("expired ones no longer count").isInstanceOf(Outcome.Pending.class);
    }

    @Test
    void a_dry_run_asks_for_no_approval() {
        assertThat(approvals().consult(mission, dryRun("u1"), List.of(), DOUBT)).isInstanceOf(Outcome.Unavailable.class);
        assertThat(FileApprovalStore.inStateDir(state).all()).isEmpty();
    }

    @Test
    void identical_requests_at_once_ask_once() throws Exception {
        Approvals approvals = approvals();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 16; i++) {
            String uid = "u" + i;
            pool.submit(() -> {
                go.await();
                ids.add(pendingId(approvals.consult(mission, request(uid), List.of(), DOUBT)));
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ids).hasSize(1);
        assertThat(approvals.store().all()).hasSize(1);
    }

    @Test
    void unknown_ids_a_broken_file_and_a_decision_raced_by_another_writer_leave_the_store_intact() throws Exception {
        Approvals approvals = approvals();
        String id = pendingId(approvals.consult(mission, request("u1"), List.of(), DOUBT));
        assertThat(decide("ap-ffffffff", ApprovalSpec.Decision.Approve, ALICE)).isEqualTo(new ApprovalDecisions.Result.Refused(
                "no approval ap-ffffffff; \"ibac approvals list\" shows them"));
        assertThat(decide("../../etc/passwd", ApprovalSpec.Decision.Approve, ALICE)).isInstanceOf(ApprovalDecisions.Result.Refused.class);
        assertThat(ApprovalDecisions.decide(approvals.store(), "other", id, ApprovalSpec.Decision.Approve, ALICE, null, clock.instant()))
                .isEqualTo(new ApprovalDecisions.Result.Refused("approval " + id + " belongs to mission shop/scale-checkout, not to namespace other"));
        Files.writeString(state.resolve("approvals/ap-deadbeef.json"), "{not json");
        assertThat(approvals.store().all()).extracting(Approval::id).containsExactly(id);
        Approval read = approvals.store().find(null, id).orElseThrow();
        assertThat(decide(id, ApprovalSpec.Decision.Approve, ALICE)).isInstanceOf(ApprovalDecisions.Result.Decided.class);
        assertThat(approvals.store().replace(read, ApprovalDecisions.decided(read, ApprovalSpec.Decision.Reject,
                new ApprovalDecisions.Decider("bob", List.of("shop-owners")), "late", clock.instant())))
                .as("a write based on what was read before the decision").isFalse();
        assertThat(approvals.store().find(null, id).orElseThrow().getStatus().state()).isEqualTo(ApprovalStatus.State.Approved);
    }

    @Test
    void only_listed_approvers_decide_and_never_the_agent() {
        String id = pendingId(approvals().consult(mission, request("u1"), List.of(), DOUBT));
        assertThat(decide(id, ApprovalSpec.Decision.Approve, new ApprovalDecisions.Decider("mallory", List.of("devs"))))
                .isEqualTo(new ApprovalDecisions.Result.Refused("mallory is not an approver of mission shop/scale-checkout "
                        + "(spec.approval.approvers: users alice; groups shop-owners)"));
        assertThat(decide(id, ApprovalSpec.Decision.Approve, new ApprovalDecisions.Decider("system:serviceaccount:shop:shop-agent",
                List.of("shop-owners")))).isEqualTo(new ApprovalDecisions.Result.Refused("system:serviceaccount:shop:shop-agent "
                        + "acts as an agent of mission shop/scale-checkout: an agent never decides its own approvals"));
        assertThat(decide(id, ApprovalSpec.Decision.Approve, new ApprovalDecisions.Decider("carol", List.of("shop-owners"))))
                .isInstanceOf(ApprovalDecisions.Result.Decided.class);
    }
}
