package dev.ibac.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Who acts under a mission: a ServiceAccount of the mission's namespace, exact usernames, or groups. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentRef(String serviceAccount, List<String> usernames, List<String> groups) {
    public AgentRef {
        usernames = usernames == null ? List.of() : List.copyOf(usernames);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** The API server username of {@link #serviceAccount()} in {@code namespace}, or null. */
    public String serviceAccountUsername(String namespace) {
        return serviceAccount == null || serviceAccount.isBlank()
                ? null
                : "system:serviceaccount:" + namespace + ":" + serviceAccount;
    }

    /** True when the mission names no identity at all. (Not a bean getter: Jackson must not see a field.) */
    public boolean namesNobody() {
        return (serviceAccount == null || serviceAccount.isBlank()) && usernames.isEmpty() && groups.isEmpty();
    }
}
