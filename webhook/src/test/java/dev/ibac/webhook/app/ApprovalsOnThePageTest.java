package dev.ibac.webhook.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.ibac.crd.Approval;
import dev.ibac.crd.ApprovalSpec;
import dev.ibac.crd.ApprovalSpec.ApprovalAction;
import dev.ibac.crd.ApprovalStatus;
import dev.ibac.crd.Mission;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.TokenUsage;
import dev.ibac.webhook.approval.ApprovalStore;
import dev.ibac.webhook.approval.Approvals;
import dev.ibac.webhook.approval.DeciderRecorder;
import dev.ibac.webhook.approval.FileApprovalStore;
import dev.ibac.webhook.approval.HowToApprove;
import dev.ibac.webhook.approval.KubernetesApprovalStore;
import dev.ibac.webhook.auditor.Auditor;
import dev.ibac.webhook.auditor.PendingApprovals.Outcome;
import dev.ibac.webhook.auditor.PendingApprovals.PendingApproval;
import dev.ibac.webhook.pipeline.ApprovalGate;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overview's approvals: who sees the buttons is the approvals engine's rule (the mission's
 * approvers by name or group, never its agent), and a decision goes where {@code ibac approve}
 * puts it — the files of --state, or spec.decision of the Approval resource written with the
 * auditor's own token, the decider then in its status.
 */
class ApprovalsOnThePageTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private static final String AGENT = "system:serviceaccount:shop:shop-agent";
    private static final Auditor ALICE = new Auditor("alice", List.of());
    private static final Auditor CAROL = new Auditor("carol", List.of("shop-owners"));
    private static final Auditor DAVE = new Auditor("dave", List.of("auditors"));
    /** Listed by name, but the mission's own agent: never an approver. */
    private static final Auditor THE_AGENT = new Auditor(AGENT, List.of("system:serviceaccounts"));
    private static final Mission MISSION = TestMissions.scaleCheckout("  judge: {onUncertain: Approve}\n"
            + "  approval: {approvers: {usernames: [alice, \"" + AGENT + "\"], groups: [shop-owners]}}\n");
    private static final JudgeVerdict DOUBT = new JudgeVerdict(JudgeVerdict.Decision.UNCERTAIN, "uncertain: image changes",
            JudgeVerdict.Risk.MEDIUM, 0.5, TokenUsage.NONE, "semantic", null, false);

    private static String ask(ApprovalStore store, String uid) {
        ApprovalGate.Outcome outcome = new Approvals(store, CLOCK, HowToApprove.cluster()).consult(MISSION,
                Fixtures.action("create-deployment", r -> r.put("uid", uid).put("name", "checkout-" + uid)), List.of(), DOUBT);
        return ((ApprovalGate.Outcome.Pending) outcome).id();
    }

    private static boolean mayDecide(ApprovalsOnThePage page, Auditor who) {
        return page.pending(who).stream().allMatch(PendingApproval::mayDecide);
    }

    @Nested
    class Embedded {
        @TempDir
        Path state;

        @Test
        void the_buttons_are_for_the_missions_approvers_by_name_or_group_never_its_agent_nor_a_mere_auditor() {
            FileApprovalStore store = FileApprovalStore.inStateDir(state);
            ask(store, "u1");
            ApprovalsOnThePage page = ApprovalsOnThePage.embedded(store, CLOCK);
            assertThat(mayDecide(page, ALICE)).isTrue();
            assertThat(mayDecide(page, CAROL)).as("by group").isTrue();
            assertThat(mayDecide(page, DAVE)).isFalse();
            assertThat(mayDecide(page, THE_AGENT)).isFalse();
            assertThat(page.pending(DAVE)).singleElement().satisfies(p -> {
                assertThat(p.action()).isEqualTo("CREATE deployments shop/checkout-u1");
                assertThat(p.requestedBy()).isEqualTo(AGENT);
            });
        }

        @Test
        void an_approver_decides_into_the_files_the_cli_reads_and_the_rest_are_told_why_not() {
            FileApprovalStore store = FileApprovalStore.inStateDir(state);
            String id = ask(store, "u1");
            ApprovalsOnThePage page = ApprovalsOnThePage.embedded(store, CLOCK);

            Outcome dave = page.decide(id, true, DAVE, "token", "");
            assertThat(dave).isEqualTo(new Outcome(Outcome.Kind.FORBIDDEN, "dave is not an approver of mission shop/scale-checkout"
                    + " (spec.approval.approvers: users alice, " + AGENT + "; groups shop-owners)"));
            assertThat(page.decide(id, true, THE_AGENT, "token", "").kind()).isEqualTo(Outcome.Kind.FORBIDDEN);
            assertThat(page.decide(id, true, THE_AGENT, "token", "").message()).contains("an agent never decides its own approvals");
            assertThat(page.decide("ap-00000000", true, ALICE, "token", "")).isEqualTo(new Outcome(Outcome.Kind.NOT_FOUND,
                    "no approval ap-00000000; the overview lists the pending ones"));
            assertThat(page.decide("../../audit-token", true, ALICE, "token", "").kind()).isEqualTo(Outcome.Kind.NOT_FOUND);
            assertThat(store.find(null, id).orElseThrow().state(CLOCK.instant())).isEqualTo(ApprovalStatus.State.Pending);

            assertThat(page.decide(id, false, CAROL, "token", "too risky")).isEqualTo(new Outcome(Outcome.Kind.DECIDED, id));
            Approval decided = store.find(null, id).orElseThrow();
            assertThat(decided.getSpec().decision()).isEqualTo(ApprovalSpec.Decision.Reject);
            assertThat(decided.getStatus().state()).isEqualTo(ApprovalStatus.State.Rejected);
            assertThat(decided.getStatus().decidedBy()).isEqualTo("carol");
            assertThat(decided.getStatus().reason()).isEqualTo("too risky");
            assertThat(page.describe(id)).contains("rejected " + id + " (CREATE deployments shop/checkout-u1) by carol: the agent's"
                    + " retries are denied");
            assertThat(page.pending(CAROL)).isEmpty();

            Outcome again = page.decide(id, true, ALICE, "token", "");
            assertThat(again.kind()).isEqualTo(Outcome.Kind.CONFLICT);
            assertThat(again.message()).isEqualTo("approval " + id + " was already rejected by carol at 2026-12-01T10:00:00Z: a decision is final");
            assertThat(page.decide(id, true, DAVE, "token", "").kind()).as("not an approver, whatever the state").isEqualTo(Outcome.Kind.FORBIDDEN);
        }

        @Test
        void an_approval_approved_from_the_page_admits_the_agents_retry_once() {
            FileApprovalStore store = FileApprovalStore.inStateDir(state);
            String id = ask(store, "u1");
            assertThat(ApprovalsOnThePage.embedded(store, CLOCK).decide(id, true, ALICE, "token", null).kind()).isEqualTo(Outcome.Kind.DECIDED);
            ApprovalGate.Outcome retry = new Approvals(store, CLOCK, HowToApprove.cluster()).consult(MISSION,
                    Fixtures.action("create-deployment", r -> r.put("uid", "u2").put("name", "checkout-u1")), List.of(), DOUBT);
            assertThat(retry).isEqualTo(new ApprovalGate.Outcome.Approved(id, "alice"));
        }

        @Test
        void lists_only_what_is_pending_now() {
            List<Approval> held = List.of(approval("ap-aaaaaa", "2026-12-01T11:00:00Z", ApprovalStatus.PENDING),
                    approval("ap-bbbbbb", "2026-12-01T09:30:00Z", ApprovalStatus.PENDING),
                    approval("ap-cccccc", "2026-12-01T11:00:00Z", new ApprovalStatus(ApprovalStatus.State.Rejected, null, null, null, null,
                            null, null)));
            ApprovalStore store = new HeldApprovals(held);
            assertThat(ApprovalsOnThePage.embedded(store, CLOCK).pending(DAVE)).containsExactly(new PendingApproval("ap-aaaaaa",
                    "shop/scale-checkout", "UPDATE deployments shop/checkout", AGENT, Instant.parse("2026-12-01T09:00:00Z"), null, false));
        }
    }

    /** Cluster mode on fabric8's CRUD mock (expectations answer what the mock cannot store). */
    @Nested
    @EnableKubernetesMockClient(crud = true)
    class Cluster {
        KubernetesMockServer server;
        KubernetesClient client;

        private ApprovalsOnThePage page(KubernetesApprovalStore store) {
            return ApprovalsOnThePage.cluster(store, client, new DeciderRecorder(store, CLOCK, Ticker.systemTicker()), CLOCK);
        }

        @Test
        void an_approver_sets_spec_decision_with_their_own_token_and_is_recorded_as_the_decider() throws Exception {
            KubernetesApprovalStore store = new KubernetesApprovalStore(client);
            String id = ask(store, "u1");
            ApprovalsOnThePage page = page(store);
            assertThat(mayDecide(page, CAROL)).isTrue();
            assertThat(mayDecide(page, DAVE)).isFalse();
            int before = server.getRequestCount();

            assertThat(page.decide(id, true, CAROL, "carols-own-token", "planned")).isEqualTo(new Outcome(Outcome.Kind.DECIDED, id));

            Approval stored = client.resources(Approval.class).inNamespace("shop").withName(id).get();
            assertThat(stored.getSpec().decision()).isEqualTo(ApprovalSpec.Decision.Approve);
            assertThat(stored.getSpec().reason()).isEqualTo("planned");
            assertThat(stored.getStatus().state()).isEqualTo(ApprovalStatus.State.Approved);
            assertThat(stored.getStatus().decidedBy()).isEqualTo("carol");
            assertThat(page.describe(id).orElseThrow()).startsWith("approved " + id + " (CREATE deployments shop/checkout-u1) by carol");
            List<RecordedRequest> writes = requestsSince(before).stream().filter(r -> !r.getMethod().equals("GET")).toList();
            assertThat(writes).extracting(r -> r.getMethod() + " " + r.getPath().replaceAll("\\?.*", "")).containsExactly(
                    "PATCH /apis/ibac.io/v1alpha1/namespaces/shop/approvals/" + id,
                    "PUT /apis/ibac.io/v1alpha1/namespaces/shop/approvals/" + id + "/status");
            assertThat(writes.get(0).getHeader("Authorization")).as("spec.decision is written as the auditor, not as IBAC")
                    .isEqualTo("Bearer carols-own-token");
            assertThat(writes.get(1).getHeader("Authorization")).as("the status is IBAC's").isNotEqualTo("Bearer carols-own-token");
        }

        @Test
        void a_non_approver_writes_nothing_and_the_api_servers_refusal_is_shown() throws Exception {
            KubernetesApprovalStore store = new KubernetesApprovalStore(client);
            String id = ask(store, "u1");
            ApprovalsOnThePage page = page(store);
            int before = server.getRequestCount();
            assertThat(page.decide(id, true, DAVE, "daves-token", "").kind()).isEqualTo(Outcome.Kind.FORBIDDEN);
            assertThat(requestsSince(before)).allMatch(r -> r.getMethod().equals("GET"));

            // the approver RBAC has not been granted: the API server says so, and the page passes it on
            server.expect().patch().withPath("/apis/ibac.io/v1alpha1/namespaces/shop/approvals/" + id).andReturn(403, new StatusBuilder()
                    .withCode(403).withReason("Forbidden").withMessage("approvals.ibac.io \"" + id + "\" is forbidden: User \"carol\""
                            + " cannot patch resource \"approvals\" in API group \"ibac.io\" in the namespace \"shop\"").build()).once();
            Outcome refused = page.decide(id, true, CAROL, "carols-own-token", "");
            assertThat(refused.kind()).isEqualTo(Outcome.Kind.FORBIDDEN);
            assertThat(refused.message()).startsWith("the API server refused the decision: ").contains("cannot patch resource \"approvals\"");
            assertThat(client.resources(Approval.class).inNamespace("shop").withName(id).get().getSpec().decision()).isNull();
        }

        private List<RecordedRequest> requestsSince(int before) throws InterruptedException {
            List<RecordedRequest> all = new ArrayList<>();
            for (int i = 0; i < server.getRequestCount(); i++) {
                RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
                if (i >= before && request != null) {
                    all.add(request);
                }
            }
            return all;
        }
    }

    private static Approval approval(String id, String expiresAt, ApprovalStatus status) {
        Approval approval = new Approval();
        approval.setMetadata(new ObjectMetaBuilder().withName(id).withNamespace("shop").build());
        approval.setSpec(new ApprovalSpec("scale-checkout", 1L, "f", new ApprovalAction("UPDATE", "apps", "v1", "deployments", "",
                "Deployment", "shop", "checkout", AGENT, "UPDATE deployments shop/checkout"),
                List.of(), "uncertain: …", "semantic", "2026-12-01T09:00:00Z", expiresAt, "1h", null, null, null, null));
        approval.setStatus(status);
        return approval;
    }

    private record HeldApprovals(List<Approval> held) implements ApprovalStore {
        @Override
        public List<Approval> all() {
            return held;
        }

        @Override
        public Optional<Approval> find(String namespace, String id) {
            return Optional.empty();
        }

        @Override
        public List<Approval> withFingerprint(String namespace, String fingerprint) {
            return List.of();
        }

        @Override
        public boolean create(Approval approval) {
            return false;
        }

        @Override
        public boolean replace(Approval current, Approval next) {
            return false;
        }
    }
}
