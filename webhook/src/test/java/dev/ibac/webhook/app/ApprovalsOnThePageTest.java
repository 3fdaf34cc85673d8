package dev.ibac.webhook.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.crd.Approval;
import dev.ibac.crd.ApprovalSpec;
import dev.ibac.crd.ApprovalSpec.ApprovalAction;
import dev.ibac.crd.ApprovalStatus;
import dev.ibac.webhook.approval.ApprovalStore;
import dev.ibac.webhook.auditor.PendingApprovals.PendingApproval;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApprovalsOnThePageTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    private static Approval approval(String id, String expiresAt, ApprovalStatus status) {
        Approval approval = new Approval();
        approval.setMetadata(new ObjectMetaBuilder().withName(id).withNamespace("shop").build());
        approval.setSpec(new ApprovalSpec("scale-checkout", 1L, "f", new ApprovalAction("UPDATE", "apps", "v1", "deployments", "",
                "Deployment", "shop", "checkout", "system:serviceaccount:shop:shop-agent", "UPDATE deployments shop/checkout"),
                List.of(), "uncertain: …", "semantic", "2026-12-01T09:00:00Z", expiresAt, "1h", null, null, null, null));
        approval.setStatus(status);
        return approval;
    }

    @Test
    void lists_only_what_is_pending_now_with_its_action_and_requester() {
        List<Approval> held = List.of(approval("ap-aaaaaa", "2026-12-01T11:00:00Z", ApprovalStatus.PENDING),
                approval("ap-bbbbbb", "2026-12-01T09:30:00Z", ApprovalStatus.PENDING),
                approval("ap-cccccc", "2026-12-01T11:00:00Z", new ApprovalStatus(ApprovalStatus.State.Rejected, null, null, null, null,
                        null, null)));
        ApprovalStore store = new ApprovalStore() {
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
        };

        List<PendingApproval> shown = new ApprovalsOnThePage(store, CLOCK).pending();

        assertThat(shown).containsExactly(new PendingApproval("ap-aaaaaa", "shop/scale-checkout", "UPDATE deployments shop/checkout",
                "system:serviceaccount:shop:shop-agent", Instant.parse("2026-12-01T09:00:00Z"), null));
    }
}
