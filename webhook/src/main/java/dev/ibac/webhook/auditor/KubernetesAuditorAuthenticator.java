package dev.ibac.webhook.auditor;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode: the API server says who the token belongs to (TokenReview) and whether they may
 * read the audit log — {@code get} on {@code missions/audit} in group ibac.io, cluster-wide
 * (SubjectAccessReview). Grant it to auditors with a ClusterRole; agents never get it. The auditor
 * is the TokenReview's user with its groups, which an approval's approvers may list.
 */
public final class KubernetesAuditorAuthenticator implements AuditorAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesAuditorAuthenticator.class);
    private final KubernetesClient client;

    public KubernetesAuditorAuthenticator(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<Auditor> authenticate(String bearerToken) {
        if (bearerToken == null || bearerToken.isBlank()) {
            return Optional.empty();
        }
        try {
            TokenReview review = client.authentication().v1().tokenReviews().create(
                    new TokenReviewBuilder().withNewSpec().withToken(bearerToken).endSpec().build());
            if (review.getStatus() == null || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())) {
                return Optional.empty();
            }
            var user = review.getStatus().getUser();
            SubjectAccessReview access = client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                    .withNewSpec().withUser(user.getUsername()).withGroups(user.getGroups()).withUid(user.getUid())
                    .withNewResourceAttributes().withGroup("ibac.io").withResource("missions").withSubresource("audit")
                    .withVerb("get").endResourceAttributes().endSpec().build());
            return access.getStatus() != null && access.getStatus().getAllowed()
                    ? Optional.of(new Auditor(user.getUsername(), user.getGroups())) : Optional.empty();
        } catch (KubernetesClientException e) {
            LOG.warn("auditor authentication failed: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
