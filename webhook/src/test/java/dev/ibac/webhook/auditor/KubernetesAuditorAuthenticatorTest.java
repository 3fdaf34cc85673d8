package dev.ibac.webhook.auditor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** TokenReview and SubjectAccessReview are create-only APIs: the mock server answers with expectations. */
@EnableKubernetesMockClient(crud = false)
class KubernetesAuditorAuthenticatorTest {
    private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
    private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
    private static final ObjectMapper JSON = new ObjectMapper();
    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void an_authenticated_user_allowed_to_get_missions_audit_is_an_auditor_with_the_token_reviews_groups() {
        tokenReview(true);
        accessReview(true);
        assertThat(new KubernetesAuditorAuthenticator(client).authenticate("t0ken"))
                .contains(new Auditor("alice@example.com", List.of("auditors")));
    }

    @Test
    void asks_the_api_server_who_holds_the_token_then_whether_they_may_get_missions_audit() throws Exception {
        tokenReview(true);
        accessReview(true);
        new KubernetesAuditorAuthenticator(client).authenticate("t0ken");
        JsonNode review = body(server.takeRequest(5, TimeUnit.SECONDS), TOKEN_REVIEWS);
        assertThat(review.at("/spec/token").asText()).isEqualTo("t0ken");
        JsonNode access = body(server.takeRequest(5, TimeUnit.SECONDS), ACCESS_REVIEWS);
        assertThat(access.at("/spec/user").asText()).isEqualTo("alice@example.com");
        assertThat(access.at("/spec/groups/0").asText()).isEqualTo("auditors");
        JsonNode attributes = access.at("/spec/resourceAttributes");
        assertThat(attributes.path("group").asText()).isEqualTo("ibac.io");
        assertThat(attributes.path("resource").asText()).isEqualTo("missions");
        assertThat(attributes.path("subresource").asText()).isEqualTo("audit");
        assertThat(attributes.path("verb").asText()).isEqualTo("get");
    }

    @Test
    void an_authenticated_user_without_the_permission_is_refused() {
        tokenReview(true);
        accessReview(false);
        assertThat(new KubernetesAuditorAuthenticator(client).authenticate("t0ken")).isEmpty();
    }

    @Test
    void an_unknown_token_or_an_api_error_is_refused() {
        tokenReview(false);
        assertThat(new KubernetesAuditorAuthenticator(client).authenticate("bogus")).isEmpty();
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(500, "boom").once();
        assertThat(new KubernetesAuditorAuthenticator(client).authenticate("t0ken")).isEmpty();
        assertThat(new KubernetesAuditorAuthenticator(client).authenticate("")).isEmpty();
    }

    private static JsonNode body(RecordedRequest request, String path) throws Exception {
        assertThat(request).as("a request to " + path).isNotNull();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo(path);
        return JSON.readTree(request.getUtf8Body());
    }

    private void tokenReview(boolean authenticated) {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, new TokenReviewBuilder().withNewStatus()
                .withAuthenticated(authenticated).withNewUser().withUsername("alice@example.com").withGroups("auditors").endUser()
                .endStatus().build()).once();
    }

    private void accessReview(boolean allowed) {
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(201, new SubjectAccessReviewBuilder().withNewStatus()
                .withAllowed(allowed).endStatus().build()).once();
    }
}
