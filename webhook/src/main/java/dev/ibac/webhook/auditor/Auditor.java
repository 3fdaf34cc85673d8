package dev.ibac.webhook.auditor;

import java.util.List;
import java.util.Objects;

/**
 * Who reads the pages, as the authenticator vouches for them: the username the pages show, and
 * the groups an approval's {@code spec.approval.approvers} may list. Cluster mode: the TokenReview's
 * user; embedded mode: the static token's holder as {@code serve --auditor-name/--auditor-group} name it.
 */
public record Auditor(String username, List<String> groups) {
    public Auditor {
        Objects.requireNonNull(username, "username");
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
