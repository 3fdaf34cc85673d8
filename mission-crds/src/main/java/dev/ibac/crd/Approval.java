package dev.ibac.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import java.time.Instant;

/**
 * An agent's action a judge was uncertain about, waiting for a human (SPEC §5a). Embedded mode keeps
 * it as a JSON file in {@code --state}; cluster mode as this custom resource in the mission's
 * namespace. Its name is its id ({@code ap-…}).
 */
@Group(Mission.GROUP)
@Version(Mission.VERSION)
@Plural("approvals")
@ShortNames("apv")
public class Approval extends CustomResource<ApprovalSpec, ApprovalStatus> implements Namespaced {
    private static final long serialVersionUID = 1L;

    public String id() {
        return getMetadata().getName();
    }

    /** "namespace/mission": the mission's key. */
    public String missionKey() {
        return getMetadata().getNamespace() + "/" + getSpec().mission();
    }

    /**
     * The state as of {@code now}: a pending approval past its {@code expiresAt}, and an approval not
     * used before its {@code approvedUntil}, are Expired whatever the stored state says.
     */
    public ApprovalStatus.State state(Instant now) {
        ApprovalStatus status = getStatus();
        ApprovalStatus.State stored = status == null || status.state() == null ? ApprovalStatus.State.Pending : status.state();
        if (stored == ApprovalStatus.State.Pending && past(getSpec().expiresAt(), now)) {
            return ApprovalStatus.State.Expired;
        }
        if (stored == ApprovalStatus.State.Approved && status.usedAt() == null && past(status.approvedUntil(), now)) {
            return ApprovalStatus.State.Expired;
        }
        return stored;
    }

    /** True once an approval has admitted its one request. */
    public boolean used() {
        return getStatus() != null && getStatus().usedAt() != null;
    }

    private static boolean past(String time, Instant now) {
        return time != null && !now.isBefore(Instant.parse(time));
    }
}
