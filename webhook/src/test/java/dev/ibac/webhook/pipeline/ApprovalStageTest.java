package dev.ibac.webhook.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.action.Action;
import dev.ibac.crd.Budget;
import dev.ibac.crd.Mission;
import dev.ibac.judge.Judge;
import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.TokenUsage;
import dev.ibac.judge.guard.ProtectGuard;
import dev.ibac.judge.guard.ScopeGuard;
import dev.ibac.webhook.record.AuditEntries;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The approval stage of the pipeline (SPEC §5a) with a fake judge and a recording approval gate. */
class ApprovalStageTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private static final String APPROVE = "  judge: {onUncertain: Approve}\n  approval: {approvers: {usernames: [alice]}}\n";

    private final MissionIndex index = new MissionIndex();
    private final List<String> settled = new ArrayList<>();
    private final List<String> consulted = new ArrayList<>();
    private final AtomicReference<ApprovalGate.Outcome> outcome = new AtomicReference<>();
    private JudgeVerdict.Decision verdict = JudgeVerdict.Decision.UNCERTAIN;

    private DecisionPipeline pipeline() {
        AgentSelector agents = new AgentSelector(AgentSelector.DEFAULT_USERNAMES, AgentSelector.DEFAULT_GROUPS, index);
        Judge judge = new Judge() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public JudgeVerdict judge(JudgeRequest request) {
                return new JudgeVerdict(verdict, "uncertain: image of deployments \"checkout\" is not asked for",
                        JudgeVerdict.Risk.MEDIUM, 0.5, new TokenUsage(20, 10), "fake", null, false);
            }
        };
        ApprovalGate gate = (mission, action, effects, v) -> {
            consulted.add(mission.key() + " " + action.uid());
            return outcome.get();
        };
        return new DecisionPipeline(agents, index, new MissionPhases(CLOCK, m -> false), new ProtectGuard(), new ScopeGuard(),
                RateGate.UNLIMITED, new Budget(), judge, new RecentVerdicts(), gate);
    }

    private void mission(String extra) {
        index.replace(List.of(TestMissions.scaleCheckout(extra)), List.of());
    }

    @Test
    void a_pending_approval_denies_at_stage_approval_with_the_phrase_agents_parse() {
        mission(APPROVE);
        outcome.set(new ApprovalGate.Outcome.Pending("ap-1234abcd", "an approver of mission shop/scale-checkout runs \"ibac approve ap-1234abcd\", then retry"));
        Decision decision = pipeline().decide(Fixtures.action("create-deployment"));
        assertThat(decision.stage()).isEqualTo(Stage.APPROVAL);
        assertThat(decision.admitted()).isFalse();
        assertThat(DenialMessages.denial(decision)).startsWith("ibac: approval needed (judge): uncertain: image of deployments")
                .contains("approval ap-1234abcd is pending — an approver of mission shop/scale-checkout runs \"ibac approve ap-1234abcd\"")
                .endsWith("[audit 7f3c9a1e-2b4…]");
        assertThat(settled).containsExactly("admitted=false");
        assertThat(new AuditEntries(Fixtures.MAPPER, CLOCK).entry(decision).has("approval")).isFalse();
    }

    @Test
    void an_approval_admits_at_stage_approval_charged_as_usual_with_approval_in_the_audit_entry() {
        mission(APPROVE);
        outcome.set(new ApprovalGate.Outcome.Approved("ap-1234abcd", "alice"));
        Decision decision = pipeline().decide(Fixtures.action("create-deployment"));
        assertThat(decision.stage()).isEqualTo(Stage.APPROVAL);
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.reason()).startsWith("approved by alice (approval ap-1234abcd)");
        assertThat(settled).containsExactly("admitted=true");
        var entry = new AuditEntries(Fixtures.MAPPER, CLOCK).entry(decision);
        assertThat(entry.path("stage").asText()).isEqualTo("approval");
        assertThat(entry.at("/approval/id").asText()).isEqualTo("ap-1234abcd");
        assertThat(entry.at("/approval/by").asText()).isEqualTo("alice");
    }

    @Test
    void a_rejection_says_by_whom_and_why() {
        mission(APPROVE);
        outcome.set(new ApprovalGate.Outcome.Rejected("ap-1234abcd", "alice", "not during the freeze"));
        Decision decision = pipeline().decide(Fixtures.action("create-deployment"));
        assertThat(DenialMessages.denial(decision)).startsWith(
                "ibac: denied (approval): approval ap-1234abcd of this action was rejected by alice: not during the freeze");
    }

    @Test
    void onUncertain_deny_warn_mode_and_sure_verdicts_never_ask_for_approval() {
        outcome.set(new ApprovalGate.Outcome.Approved("ap-1234abcd", "alice"));
        mission("");
        assertThat(pipeline().decide(Fixtures.action("create-deployment")).stage()).isEqualTo(Stage.JUDGE);
        mission("  judge: {onUncertain: Approve, mode: Warn}\n");
        Decision warned = pipeline().decide(Fixtures.action("create-deployment"));
        assertThat(warned.stage()).isEqualTo(Stage.JUDGE);
        assertThat(warned.admitted()).isTrue();
        mission(APPROVE);
        verdict = JudgeVerdict.Decision.DENY;
        assertThat(pipeline().decide(Fixtures.action("create-deployment")).stage()).isEqualTo(Stage.JUDGE);
        verdict = JudgeVerdict.Decision.ALLOW;
        assertThat(pipeline().decide(Fixtures.action("create-deployment")).stage()).isEqualTo(Stage.JUDGE);
        assertThat(consulted).isEmpty();
    }

    @Test
    void a_pipeline_built_without_approvals_denies_uncertain_verdicts_saying_why() {
        mission(APPROVE);
        AgentSelector agents = new AgentSelector(AgentSelector.DEFAULT_USERNAMES, AgentSelector.DEFAULT_GROUPS, index);
        Judge uncertain = new Judge() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public JudgeVerdict judge(JudgeRequest request) {
                return new JudgeVerdict(JudgeVerdict.Decision.UNCERTAIN, "doubt", JudgeVerdict.Risk.MEDIUM, 0.5, TokenUsage.NONE,
                        "fake", null, false);
            }
        };
        Decision decision = new DecisionPipeline(agents, index, new MissionPhases(CLOCK, m -> false), new ProtectGuard(),
                new ScopeGuard(), RateGate.UNLIMITED, new Budget(), uncertain, new RecentVerdicts())
                .decide(Fixtures.action("create-deployment"));
        assertThat(decision.admitted()).isFalse();
        assertThat(decision.reason()).isEqualTo("doubt; no approval can be asked: no approval store is configured");
    }

    private final class Budget implements BudgetGate {
        @Override
        public Outcome reserve(Action action, Mission mission, Optional<dev.ibac.crd.Budget> namespaceBudget) {
            return new Outcome.Reserved(Decision.Cost.NONE, new Decision.BudgetLeft(100L, "1.00"));
        }

        @Override
        public Decision.Cost settle(Action action, Mission mission, Optional<dev.ibac.crd.Budget> budget, Decision.Cost reserved,
                TokenUsage tokens, boolean admitted) {
            settled.add("admitted=" + admitted);
            return reserved;
        }

        @Override
        public String describeRemaining(Mission mission, Optional<dev.ibac.crd.Budget> namespaceBudget) {
            return "plenty";
        }

        @Override
        public boolean exhausted(Mission mission) {
            return false;
        }
    }
}
