package dev.ibac.webhook.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.ibac.action.Action;
import dev.ibac.action.Requester;
import dev.ibac.action.ResourceId;
import dev.ibac.crd.Budget;
import dev.ibac.crd.JudgeSettings;
import dev.ibac.crd.Mission;
import dev.ibac.judge.Judge;
import dev.ibac.judge.JudgeException;
import dev.ibac.judge.JudgeFactory;
import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.TokenUsage;
import dev.ibac.judge.cache.CachingJudge;
import dev.ibac.judge.guard.ProtectGuard;
import dev.ibac.judge.guard.ScopeGuard;
import dev.ibac.webhook.record.AuditEntries;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class DecisionPipelineTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    private final MissionIndex index = new MissionIndex();
    private final FakeJudge judge = new FakeJudge();
    private final List<String> settled = new ArrayList<>();
    private RateGate rate = RateGate.UNLIMITED;
    private BudgetGate.Outcome budgetOutcome = new BudgetGate.Outcome.Reserved(Decision.Cost.NONE, new Decision.BudgetLeft(100L, "1.00"));
    private boolean exhausted;

    private DecisionPipeline pipeline() {
        return pipeline(judge);
    }

    private DecisionPipeline pipeline(Judge judge) {
        AgentSelector agents = new AgentSelector(AgentSelector.DEFAULT_USERNAMES, AgentSelector.DEFAULT_GROUPS, index);
        return new DecisionPipeline(agents, index, new MissionPhases(CLOCK, m -> exhausted), new ProtectGuard(),
                new ScopeGuard(), m -> rate.attempt(m), new RecordingBudget(), judge, new RecentVerdicts());
    }

    private void missions(Mission... missions) {
        index.replace(List.of(missions), List.of());
    }

    @Test
    void humans_are_allowed_at_once_without_a_judge() {
        missions(TestMissions.scaleCheckout());
        Decision decision = pipeline().decide(Fixtures.action("human-update-configmap"));
        assertThat(decision.stage()).isEqualTo(Stage.IDENTITY);
        assertThat(decision.admitted()).isTrue();
        assertThat(decision.isAgentTraffic()).isFalse();
        assertThat(judge.calls).hasValue(0);
    }

    @Test
    void a_request_read_as_a_humans_is_decided_as_one_even_if_a_mission_names_the_requester_since() {
        Action read = Fixtures.action("human-update-configmap");
        boolean agent = pipeline().isAgent(read.requester());
        missions(TestMissions.parse("""
                apiVersion: ibac.io/v1alpha1
                kind: Mission
                metadata: {name: ops, namespace: shop}
                spec:
                  goal: tidy config
                  agent: {usernames: ["alice@example.com"]}
                  scope: {resources: [{apiGroups: [""], resources: [configmaps], operations: [UPDATE]}]}
                """));
        assertThat(pipeline().isAgent(read.requester())).isTrue();
        Decision decision = pipeline().decide(read, agent);
        assertThat(decision.stage()).isEqualTo(Stage.IDENTITY);
        assertThat(judge.calls).hasValue(0);
    }

    @Test
    void an_agent_without_a_mission_is_denied_never_waved_through() {
        Decision decision = pipeline().decide(Fixtures.action("create-deployment"));
        assertThat(decision.stage()).isEqualTo(Stage.MISSION);
        assertThat(decision.admitted()).isFalse();
        assertThat(decision.reason()).contains("has no mission").contains("spec.agent");
    }

    @Test
    void identities_named_only_by_a_mission_are_agents_too() {
        missions(TestMissions.parse("""
                apiVersion: ibac.io/v1alpha1
                kind: Mission
                metadata: {name: ops, namespace: shop}
                spec:
                  goal: tidy config
                  agent: {usernames: ["alice@example.com"]}
                  scope: {resources: [{apiGroups: [""], resources: [secrets], operations: [CREATE]}]}
                """));
        Decision decision = pipeline().decide(Fixtures.action("human-update-configmap"));
        assertThat(decision.stage()).isEqualTo(Stage.SCOPE);
        assertThat(decision.admitted()).isFalse();
    }

    @Test
    void an_action_a_pod_security_exception_let_through_names_the_exception_in_its_reason() throws Exception {
        missions(TestMissions.parse("""
                apiVersion: ibac.io/v1alpha1
                kind: Mission
                metadata: {name: ship-logs, namespace: logging}
                spec:
                  goal: ship node logs
                  agent: {serviceAccount: shop-agent}
                  scope:
                    namespaces: [logging]
                    resources: [{apiGroups: [apps], resources: [daemonsets], operations: [CREATE]}]
                    podSecurityExceptions: [{control: hostPath, paths: [/var/log], readOnly: true}]
                """));
        Action shipper = new Action("u-1", "CREATE", new ResourceId("apps", "v1", "daemonsets", ""), "DaemonSet", "logging", "shipper",
                false, new Requester("system:serviceaccount:logging:shop-agent", "u", List.of()), new ObjectMapper().readTree(
                        "{\"kind\":\"DaemonSet\",\"metadata\":{\"name\":\"shipper\"},\"spec\":{\"template\":{\"spec\":{"
                        + "\"volumes\":[{\"name\":\"logs\",\"hostPath\":{\"path\":\"/var/log\"}}],\"containers\":[{\"name\":\"s\","
                        + "\"image\":\"fluent/fluent-bit:3.1\",\"volumeMounts\":[{\"name\":\"logs\",\"mountPath\":\"/var/log\",\"readOnly\":true}]}]}}}}"),
                null);

        Decision decision = pipeline().decide(shipper);

        assertThat(decision.admitted()).isTrue();
        assertThat(decision.reason()).contains("[Pod Security: ", "spec.scope.podSecurityExceptions[0]", "logging/ship-logs");
    }

    @Test
    void in_scope_action_goes_to_the_judge_and_is_allowed() {
        missions(TestMissions.scaleCheckout());
        Decision decision = pipeline().decide(Fixtures.action("create-deployment"));
        assertThat(decision.stage()).isEqualTo(Stage.JUDGE);
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.mission().key()).isEqualTo("shop/scale-checkout");
        assertThat(judge.calls).hasValue(1);
        assertThat(settled).containsExactly("settle admitted=true tokens=30");
    }

    @Test
    void out_of_scope_name_is_denied_naming_the_allowed_names() {
        missions(TestMissions.scaleCheckout());
        Decision decision = pipeline().decide(Fixtures.action("create-deployment", r -> r.put("name", "payments")));
        assertThat(decision.stage()).isEqualTo(Stage.SCOPE);
        assertThat(decision.admitted()).isFalse();
        assertThat(DenialMessages.denial(decision)).isEqualTo(
                "ibac: denied (scope): deployments \"payments\" is outside mission shop/scale-checkout — allowed names: "
                        + "checkout*, redis-*; to widen it, ask the mission's owner to extend spec.scope [audit 7f3c9a1e-2b4…]");
        assertThat(judge.calls).hasValue(0);
    }

    @Test
    void suspended_and_expired_missions_deny_with_what_to_do() {
        missions(TestMissions.scaleCheckout("  suspended: true\n"));
        assertThat(pipeline().decide(Fixtures.action("create-deployment")).reason()).contains("suspended").contains("resume");
        missions(TestMissions.scaleCheckout("  expiresAt: \"2026-11-01T00:00:00Z\"\n"));
        Decision expired = pipeline().decide(Fixtures.action("create-deployment"));
        assertThat(expired.stage()).isEqualTo(Stage.MISSION);
        assertThat(expired.reason()).contains("expired at 2026-11-01T00:00:00Z").contains("spec.expiresAt");
        exhausted = true;
        missions(TestMissions.scaleCheckout());
        assertThat(pipeline().decide(Fixtures.action("create-deployment")).reason()).contains("spent its budget");
    }

    @Test
    void the_mission_annotation_picks_the_mission_and_must_name_one_of_the_agents() {
        missions(TestMissions.scaleCheckout());
        Decision decision = pipeline().decide(Fixtures.action("create-deployment", r -> annotate(r, "other")));
        assertThat(decision.stage()).isEqualTo(Stage.MISSION);
        assertThat(decision.reason()).contains("ibac.io/mission names \"other\"").contains("shop/scale-checkout");
        assertThat(pipeline().decide(Fixtures.action("create-deployment", r -> annotate(r, "scale-checkout"))).allowed()).isTrue();
    }

    @Test
    void rules_no_mission_can_open_are_recorded_on_the_mission_the_agent_acts_under() {
        missions(TestMissions.scaleCheckout());
        Decision privileged = pipeline().decide(Fixtures.action("create-deployment", r -> ((com.fasterxml.jackson.databind.node.ObjectNode)
                r.at("/object/spec/template/spec/containers/0")).putObject("securityContext").put("privileged", true)));
        assertThat(privileged.stage()).isEqualTo(Stage.PROTECT);
        assertThat(privileged.mission().key()).isEqualTo("shop/scale-checkout"); // in scope: its mission
        Decision escalation = pipeline().decide(Fixtures.action("create-deployment", r -> {
            r.putObject("resource").put("group", "ibac.io").put("version", "v1alpha1").put("resource", "missions");
            r.put("name", "mine-now");
        }));
        assertThat(escalation.stage()).isEqualTo(Stage.PROTECT);
        assertThat(escalation.mission().key()).isEqualTo("shop/scale-checkout"); // out of scope: the closest mission
        assertThat(judge.calls).hasValue(0);
    }

    @Test
    void two_covering_missions_without_annotation_are_ambiguous() {
        Mission second = TestMissions.scaleCheckout();
        second.getMetadata().setName("also-checkout");
        missions(TestMissions.scaleCheckout(), second);
        Decision decision = pipeline().decide(Fixtures.action("create-deployment"));
        assertThat(decision.stage()).isEqualTo(Stage.SCOPE);
        assertThat(decision.reason()).contains("set annotation ibac.io/mission");
    }

    @Test
    void throttled_attempts_are_denied_with_retry_after() {
        missions(TestMissions.scaleCheckout());
        rate = m -> Optional.of(Duration.ofMillis(1500));
        Decision decision = pipeline().decide(Fixtures.action("create-deployment"));
        assertThat(decision.stage()).isEqualTo(Stage.RATE);
        assertThat(decision.reason()).contains("retry after 2s").contains("maxChangesPerMinute");
    }

    @Test
    void budget_refusal_denies_before_the_judge() {
        missions(TestMissions.scaleCheckout());
        budgetOutcome = new BudgetGate.Outcome.Refused("namespace budget shop/default cost exhausted", Decision.Cost.NONE);
        Decision decision = pipeline().decide(Fixtures.action("create-deployment"));
        assertThat(decision.stage()).isEqualTo(Stage.BUDGET);
        assertThat(decision.reason()).contains("shop/default");
        assertThat(judge.calls).hasValue(0);
    }

    @Test
    void judge_denial_releases_the_reservation_but_charges_judge_tokens() {
        missions(TestMissions.scaleCheckout());
        judge.decision = JudgeVerdict.Decision.DENY;
        Decision decision = pipeline().decide(Fixtures.action("create-deployment"));
        assertThat(decision.stage()).isEqualTo(Stage.JUDGE);
        assertThat(decision.admitted()).isFalse();
        assertThat(decision.reason()).isEqualTo("fake reasoning");
        assertThat(settled).containsExactly("settle admitted=false tokens=30");
    }

    @Test
    void warn_mode_admits_a_denial_and_dry_run_only_records_it() {
        judge.decision = JudgeVerdict.Decision.DENY;
        missions(TestMissions.scaleCheckout("  judge: {mode: Warn}\n"));
        Decision warn = pipeline().decide(Fixtures.action("create-deployment"));
        assertThat(warn.allowed()).isFalse();
        assertThat(warn.enforced()).isFalse();
        assertThat(warn.admitted()).isTrue();
        assertThat(warn.mode()).isEqualTo(JudgeSettings.Mode.Warn);
        missions(TestMissions.scaleCheckout("  judge: {mode: DryRun}\n"));
        Decision dry = pipeline().decide(Fixtures.action("create-deployment", r -> r.put("name", "payments")));
        assertThat(dry.stage()).isEqualTo(Stage.SCOPE);
        assertThat(dry.admitted()).isTrue();
        assertThat(dry.enforced()).isFalse();
    }

    @Test
    void judge_failure_follows_on_error() {
        judge.fail = true;
        missions(TestMissions.scaleCheckout());
        Decision denied = pipeline().decide(Fixtures.action("create-deployment"));
        assertThat(denied.admitted()).isFalse();
        assertThat(denied.reason()).contains("judge fake failed (provider down)").contains("onError is Deny");
        assertThat(denied.verdict().model()).isEqualTo("judge-model");
        assertThat(new AuditEntries(Fixtures.MAPPER, CLOCK).entry(denied).at("/judge/model").asText()).isEqualTo("judge-model");
        // the failed call's tokens were spent: they are in the audit entry, not only in the charge
        assertThat(new AuditEntries(Fixtures.MAPPER, CLOCK).entry(denied).at("/judge/tokens/input").asLong()).isEqualTo(10);
        missions(TestMissions.scaleCheckout("  judge: {onError: Allow}\n"));
        assertThat(pipeline().decide(Fixtures.action("create-deployment")).admitted()).isTrue();
    }

    @Test
    void an_unreachable_llm_judge_is_one_warning_line_and_an_audit_entry_that_says_why_and_names_the_model() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        missions(TestMissions.scaleCheckout());
        // SLF4J (slf4j-simple) writes to whatever System.err is at the time; Caffeine logs through
        // System.Logger, i.e. JUL, which is watched at the root
        List<LogRecord> julRecords = new CopyOnWriteArrayList<>();
        Handler jul = new Handler() {
            @Override
            public void publish(LogRecord record) {
                julRecords.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        Decision denied;
        Decision overridden;
        root.addHandler(jul);
        try (CachingJudge llm = JudgeFactory.create("llm", Map.of("IBAC_LLM_BASE_URL", "http://127.0.0.1:" + closed + "/v1",
                "IBAC_LLM_MODEL", "x", "IBAC_LLM_TIMEOUT", "9s"), Ticker.systemTicker())) {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                denied = pipeline(llm).decide(Fixtures.action("create-deployment"));
            } finally {
                System.setErr(originalErr);
            }
            missions(TestMissions.scaleCheckout("  judge: {model: fine-tuned-judge-7b}\n"));
            overridden = pipeline(llm).decide(Fixtures.action("create-deployment"));
        } finally {
            root.removeHandler(jul);
        }

        assertThat(denied.admitted()).isFalse();
        assertThat(denied.reason()).isEqualTo("judge llm failed (llm judge: cannot connect to the provider: connection refused"
                + " (check IBAC_LLM_BASE_URL)); spec.judge.onError is Deny");
        ObjectNode entry = new AuditEntries(Fixtures.MAPPER, CLOCK).entry(denied);
        assertThat(entry.at("/judge/name").asText()).isEqualTo("llm");
        assertThat(entry.at("/judge/model").asText()).isEqualTo("x");
        assertThat(new AuditEntries(Fixtures.MAPPER, CLOCK).entry(overridden).at("/judge/model").asText())
                .isEqualTo("fine-tuned-judge-7b");
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).singleElement().asString()
                .contains("WARN", "judge llm failed on " + denied.action().uid(), "mission shop/scale-checkout", "model x",
                        "connection refused");
        assertThat(julRecords).extracting(LogRecord::getMessage).isEmpty();
    }

    @Test
    void dry_run_requests_are_not_rate_counted() {
        missions(TestMissions.scaleCheckout());
        AtomicInteger attempts = new AtomicInteger();
        rate = m -> {
            attempts.incrementAndGet();
            return Optional.empty();
        };
        pipeline().decide(Fixtures.action("create-deployment", r -> r.put("dryRun", true)));
        assertThat(attempts).hasValue(0);
        pipeline().decide(Fixtures.action("create-deployment"));
        assertThat(attempts).hasValue(1);
    }

    private static void annotate(com.fasterxml.jackson.databind.node.ObjectNode request, String mission) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) request.get("object").get("metadata").get("annotations"))
                .put(Action.MISSION_ANNOTATION, mission);
    }

    private final class RecordingBudget implements BudgetGate {
        @Override
        public Outcome reserve(Action action, Mission mission, Optional<Budget> namespaceBudget) {
            return budgetOutcome;
        }

        @Override
        public Decision.Cost settle(Action action, Mission mission, Optional<Budget> budget, Decision.Cost reserved,
                TokenUsage tokens, boolean admitted) {
            settled.add("settle admitted=" + admitted + " tokens=" + tokens.total());
            return reserved;
        }

        @Override
        public String describeRemaining(Mission mission, Optional<Budget> namespaceBudget) {
            return "plenty";
        }

        @Override
        public boolean exhausted(Mission mission) {
            return exhausted;
        }
    }

    private static final class FakeJudge implements Judge {
        final AtomicInteger calls = new AtomicInteger();
        volatile JudgeVerdict.Decision decision = JudgeVerdict.Decision.ALLOW;
        volatile boolean fail;

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public JudgeVerdict judge(JudgeRequest request) throws JudgeException {
            calls.incrementAndGet();
            if (fail) {
                throw new JudgeException("provider down", new TokenUsage(10, 0), "judge-model", null);
            }
            return new JudgeVerdict(decision, "fake reasoning", JudgeVerdict.Risk.LOW, 0.9, new TokenUsage(20, 10), "fake", null, false);
        }
    }
}
