package dev.ibac.webhook.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.crd.Approval;
import dev.ibac.crd.ApprovalSpec;
import dev.ibac.crd.ApprovalStatus;
import dev.ibac.crd.Mission;
import dev.ibac.webhook.cli.DemoAgent;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode's approval flow over HTTPS on fabric8's CRUD mock: the uncertain request makes one
 * Approval resource; the approvals webhook (/validate/approvals) refuses an unlisted user and
 * admits a listed one, whose name reaches the status; the agent's retry is then admitted once.
 */
@EnableKubernetesMockClient(crud = true)
class ApprovalClusterIT {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    KubernetesClient client;

    /**
     * The mock server's shutdown (the extension's afterEach, which runs after this) waits for every
     * open connection. A watch of an informer the app has just stopped may still be closing on a
     * loaded machine, so the client goes first (a fresh-clone CI run timed out there once).
     */
    @org.junit.jupiter.api.AfterEach
    void closeTheClientBeforeTheMockServer() {
        client.close();
    }
    KubernetesMockServer server;
    @TempDir
    Path state;

    @Test
    void an_approver_decides_through_the_api_server_and_the_retry_is_admitted_once() throws Exception {
        Mission mission = TestMissions.scaleCheckout("  judge: {onUncertain: Approve}\n  approval: {approvers: {groups: [shop-owners]}}\n");
        client.resources(Mission.class).inNamespace("shop").resource(mission).create();
        try (WebhookApp app = WebhookApp.start(ServeSettings.defaults(null, state), client)) {
            HttpClient http = HttpClient.newBuilder().sslContext(DemoAgent.trusting(app.caCertificate()))
                    .version(HttpClient.Version.HTTP_1_1).build();
            await(() -> get(http, app, "/readyz").statusCode() == 200);
            String message = post(http, app, "/validate", Fixtures.imageChange("c-1")).at("/response/status/message").asText();
            assertThat(message).contains("is pending", "kubectl patch approval");
            Approval stored = client.resources(Approval.class).inNamespace("shop").list().getItems().get(0);
            assertThat(message).contains("approval " + stored.id() + " is pending");

            JsonNode refused = post(http, app, "/validate/approvals", decisionReview(stored, "mallory", List.of("devs")));
            assertThat(refused.at("/response/allowed").asBoolean()).isFalse();
            assertThat(refused.at("/response/status/message").asText()).contains("mallory is not an approver");
            JsonNode admitted = post(http, app, "/validate/approvals", decisionReview(stored, "alice", List.of("shop-owners")));
            assertThat(admitted.at("/response/allowed").asBoolean()).as(admitted.toString()).isTrue();
            // the API server stores the change it admitted
            client.resources(Approval.class).inNamespace("shop").withName(stored.id()).edit(a -> {
                a.setSpec(a.getSpec().decided(ApprovalSpec.Decision.Approve, "fine"));
                return a;
            });
            await(() -> {
                ApprovalStatus status = client.resources(Approval.class).inNamespace("shop").withName(stored.id()).get().getStatus();
                return status != null && "alice".equals(status.decidedBy());
            });
            assertThat(post(http, app, "/validate", Fixtures.imageChange("c-2")).at("/response/allowed").asBoolean()).isTrue();
            assertThat(post(http, app, "/validate", Fixtures.imageChange("c-3")).at("/response/allowed").asBoolean()).isFalse();
        }
    }

    /**
     * The auditor page in cluster mode: an approver (by group, from the TokenReview) sees Approve,
     * the POST sets spec.decision as that approver and records them as the decider; a read-only
     * auditor sees no button; the agent's retry is admitted once.
     */
    @Test
    void an_approver_approves_from_the_auditor_page_as_themselves() throws Exception {
        Mission mission = TestMissions.scaleCheckout("  judge: {onUncertain: Approve}\n  approval: {approvers: {groups: [shop-owners]}}\n");
        client.resources(Mission.class).inNamespace("shop").resource(mission).create();
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(201, request -> {
            String token = JSON.unmarshal(request.getUtf8Body(), TokenReview.class).getSpec().getToken();
            var status = new TokenReviewBuilder().withNewStatus().withAuthenticated(!token.equals("stranger"));
            return switch (token) {
                case "carols-token" -> status.withNewUser().withUsername("carol").withGroups("shop-owners").endUser().endStatus().build();
                case "daves-token" -> status.withNewUser().withUsername("dave").withGroups("auditors").endUser().endStatus().build();
                default -> status.endStatus().build();
            };
        }).always();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews")
                .andReturn(201, new SubjectAccessReviewBuilder().withNewStatus().withAllowed(true).endStatus().build()).always();
        try (WebhookApp app = WebhookApp.start(ServeSettings.defaults(null, state), client)) {
            HttpClient http = HttpClient.newBuilder().sslContext(DemoAgent.trusting(app.caCertificate()))
                    .version(HttpClient.Version.HTTP_1_1).build();
            await(() -> get(http, app, "/readyz").statusCode() == 200);
            post(http, app, "/validate", Fixtures.imageChange("c-1"));
            String id = client.resources(Approval.class).inNamespace("shop").list().getItems().get(0).id();

            String forCarol = page(http, app, "GET", "/audit", "carols-token", null).body();
            assertThat(forCarol).contains("approver: carol").contains("action=\"/audit/approvals/" + id + "/approve\"");
            assertThat(page(http, app, "GET", "/audit", "daves-token", null).body()).contains(id).contains("read-only, as dave")
                    .doesNotContain("method=\"post\"");
            String csrf = forCarol.replaceFirst("(?s).*name=\"csrf\" value=\"([0-9a-f]{64})\".*", "$1");

            HttpResponse<String> approved = page(http, app, "POST", "/audit/approvals/" + id + "/approve", "carols-token",
                    "csrf=" + csrf + "&reason=planned+rollout");
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(303);
            assertThat(approved.headers().firstValue("Location")).contains("/audit?decided=" + id + "#approvals");
            Approval decided = client.resources(Approval.class).inNamespace("shop").withName(id).get();
            assertThat(decided.getSpec().decision()).isEqualTo(ApprovalSpec.Decision.Approve);
            assertThat(decided.getSpec().reason()).isEqualTo("planned rollout");
            assertThat(decided.getStatus().decidedBy()).isEqualTo("carol");
            assertThat(page(http, app, "GET", "/audit?decided=" + id, "carols-token", null).body())
                    .contains("approved " + id + " (UPDATE deployments shop/checkout) by carol");
            assertThat(page(http, app, "POST", "/audit/approvals/" + id + "/reject", "carols-token", "csrf=" + csrf).statusCode())
                    .as("a decision is final").isEqualTo(409);

            assertThat(post(http, app, "/validate", Fixtures.imageChange("c-2")).at("/response/allowed").asBoolean()).isTrue();
        }
    }

    private static HttpResponse<String> page(HttpClient http, WebhookApp app, String method, String path, String token, String form)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + path))
                .header("Authorization", "Bearer " + token);
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        return http.send(request.method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ObjectNode decisionReview(Approval stored, String user, List<String> groups) throws Exception {
        JsonNode old = Fixtures.MAPPER.readTree(JSON.asJson(stored));
        ObjectNode next = old.deepCopy();
        ((ObjectNode) next.get("spec")).put("decision", "Approve").put("reason", "fine");
        ObjectNode review = Fixtures.review("approve-approval", r -> {
            r.put("name", stored.id());
            r.set("object", next);
            r.set("oldObject", old);
            ObjectNode userInfo = ((ObjectNode) r.get("userInfo")).put("username", user);
            groups.forEach(userInfo.putArray("groups")::add);
        });
        return review;
    }

    private static void await(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos(); // tells a hang from an answer
        while (!condition.call()) {
            assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static JsonNode post(HttpClient http, WebhookApp app, String path, ObjectNode review) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.MAPPER.writeValueAsBytes(review))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Fixtures.MAPPER.readTree(response.body());
    }

    private static HttpResponse<String> get(HttpClient http, WebhookApp app, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
