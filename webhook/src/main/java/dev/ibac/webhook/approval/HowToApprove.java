package dev.ibac.webhook.approval;

import dev.ibac.crd.Approval;
import dev.ibac.crd.MissionApproval;
import java.nio.file.Path;

/** What a pending approval's denial tells the agent to pass on: who may approve, and the command. */
public interface HowToApprove {
    String howTo(Approval approval);

    /** Embedded mode: the CLI against the server's {@code --state}. */
    static HowToApprove embedded(Path stateDir) {
        return approval -> approvers(approval) + " runs \"ibac approve " + approval.id() + " --state " + stateDir
                + " --by NAME --reason TEXT\", then retry";
    }

    /** Cluster mode: the CLI through kubeconfig, or kubectl setting spec.decision. */
    static HowToApprove cluster() {
        return approval -> approvers(approval) + " runs \"ibac approve " + approval.id() + " -n "
                + approval.getMetadata().getNamespace() + " --reason TEXT\" (or kubectl patch approval " + approval.id() + " -n "
                + approval.getMetadata().getNamespace() + " --type merge -p '{\"spec\":{\"decision\":\"Approve\"}}'), then retry";
    }

    /** "an approver of mission shop/scale-checkout (users alice; groups shop-owners)". */
    static String approvers(Approval approval) {
        MissionApproval.Approvers who = approval.getSpec().approvers() == null ? new MissionApproval.Approvers(null, null)
                : approval.getSpec().approvers();
        return "an approver of mission " + approval.missionKey() + " (" + describe(who) + ")";
    }

    static String describe(MissionApproval.Approvers who) {
        if (who.listNobody()) {
            return "spec.approval.approvers lists nobody: add approvers to the mission";
        }
        String users = who.usernames().isEmpty() ? "" : "users " + String.join(", ", who.usernames());
        String groups = who.groups().isEmpty() ? "" : "groups " + String.join(", ", who.groups());
        return users.isEmpty() ? groups : groups.isEmpty() ? users : users + "; " + groups;
    }
}
