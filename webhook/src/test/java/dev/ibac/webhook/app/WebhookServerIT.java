package dev.ibac.webhook.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.webhook.audit.AuditChain;
import dev.ibac.webhook.audit.AuditVerifier;
import dev.ibac.webhook.cli.DemoAgent;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real server over TLS, with AdmissionReview fixtures shaped as the API server sends them. */
class WebhookServerIT {
    @TempDir
    static Path state;
    static WebhookApp app;
    static HttpClient http;
    static Path auditLog;

    @BeforeAll
    static void start() throws Exception {
        Path missions = TestMissions.directory(state, "shop.yaml", "lab.yaml");
        auditLog = state.resolve("audit.jsonl");
        app = WebhookApp.start(ServeSettings.defaults(missions, state));
        http = HttpClient.newBuilder().sslContext(DemoAgent.trusting(app.caCertificate())).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void health_and_readiness() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
    }

    @Test
    void a_human_is_allowed_with_the_same_uid() throws Exception {
        JsonNode review = validate(Fixtures.review("human-update-configmap"));
        assertThat(review.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
        assertThat(review.at("/response/uid").asText()).isEqualTo("11111111-2222-4333-8444-555555555555");
        assertThat(review.at("/response/allowed").asBoolean()).isTrue();
        assertThat(review.at("/response").has("auditAnnotations")).as("humans' requests carry no verdict").isFalse();
    }

    @Test
    void an_allowed_agent_write_carries_the_verdict_and_its_reasoning_into_the_cluster_audit_log() throws Exception {
        JsonNode review = validate(Fixtures.review("create-deployment", r -> r.put("uid", "annotated-allow")));
        assertThat(review.at("/response/allowed").asBoolean()).isTrue();
        JsonNode annotations = review.at("/response/auditAnnotations");
        assertThat(annotations.path("decision").asText()).isEqualTo("allow");
        assertThat(annotations.path("stage").asText()).isEqualTo("judge");
        assertThat(annotations.path("mission").asText()).isEqualTo("shop/scale-checkout");
        assertThat(annotations.path("reason").asText()).isNotBlank();
        assertThat(annotations.path("audit-id").asText()).isEqualTo("annotated-allow");
    }

    @Test
    void an_out_of_scope_agent_write_is_denied_with_403_and_an_actionable_message() throws Exception {
        ObjectNode request = Fixtures.review("create-deployment", r -> {
            r.put("uid", "a1b2c3d4-0000-4000-8000-000000000001");
            r.put("name", "payments");
        });
        JsonNode review = validate(request);
        assertThat(review.at("/response/uid").asText()).isEqualTo("a1b2c3d4-0000-4000-8000-000000000001");
        assertThat(review.at("/response/allowed").asBoolean()).isFalse();
        assertThat(review.at("/response/status/code").asInt()).isEqualTo(403);
        assertThat(review.at("/response/status/message").asText())
                .startsWith("ibac: denied (scope): deployments \"payments\" is outside mission shop/scale-checkout — allowed names: checkout*, redis-*")
                .endsWith("[audit a1b2c3d4-000…]");
        JsonNode annotations = review.at("/response/auditAnnotations");
        assertThat(annotations.path("decision").asText()).isEqualTo("deny");
        assertThat(annotations.path("stage").asText()).isEqualTo("scope");
        assertThat(annotations.path("mission").asText()).isEqualTo("shop/scale-checkout");
        assertThat(annotations.path("reason").asText()).startsWith("deployments \"payments\" is outside mission shop/scale-checkout");
        assertThat(annotations.path("audit-id").asText()).isEqualTo("a1b2c3d4-0000-4000-8000-000000000001");
    }

    @Test
    void agent_decisions_are_audited_in_a_verifiable_chain_and_humans_are_not() throws Exception {
        validate(Fixtures.review("create-deployment", r -> r.put("uid", "audit-me-1")));
        validate(Fixtures.review("human-update-configmap", r -> r.put("uid", "human-not-audited")));
        validate(Fixtures.review("delete-pvc", r -> r.put("uid", "audit-me-2")));
        app.close();
        try {
            List<String> lines = Files.readAllLines(auditLog);
            assertThat(lines).anyMatch(l -> l.contains("\"auditId\":\"audit-me-1\"")).anyMatch(l -> l.contains("\"auditId\":\"audit-me-2\""))
                    .noneMatch(l -> l.contains("human-not-audited"));
            assertThat(new AuditVerifier().verify(auditLog, AuditChain.GENESIS).intact()).isTrue();
            JsonNode entry = Fixtures.MAPPER.readTree(lines.stream().filter(l -> l.contains("audit-me-1")).findFirst().orElseThrow());
            assertThat(entry.path("mission").asText()).isEqualTo("shop/scale-checkout");
            assertThat(entry.at("/agent/username").asText()).isEqualTo("system:serviceaccount:shop:shop-agent");
            assertThat(entry.at("/resource/group").asText()).isEqualTo("apps");
            assertThat(entry.path("latencyMicros").isIntegralNumber()).isTrue();
            assertThat(entry.path("prevHash").asText()).hasSize(64);
        } finally {
            start();
        }
    }

    @Test
    void a_warn_mission_admits_a_denial_and_returns_it_as_a_warning() throws Exception {
        JsonNode review = validate(Fixtures.review("create-deployment", r -> {
            r.put("namespace", "lab");
            ((ObjectNode) r.get("userInfo")).put("username", "system:serviceaccount:lab:lab-agent");
        }));
        assertThat(review.at("/response/allowed").asBoolean()).isTrue();
        assertThat(review.at("/response").has("status")).isFalse();
        assertThat(review.at("/response/warnings/0").asText()).startsWith("ibac: would deny (scope): deployments \"checkout\" is outside mission lab/try-things — allowed resources: configmaps");
        assertThat(review.at("/response/auditAnnotations/decision").asText()).isEqualTo("deny (not enforced)");
    }

    @Test
    void metrics_count_requests_by_stage_and_decision() throws Exception {
        validate(Fixtures.review("human-update-configmap"));
        validate(Fixtures.review("create-deployment", r -> r.put("name", "payments")));
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("ibac_requests_total{decision=\"allow\",enforced=\"true\",stage=\"identity\"}")
                .contains("ibac_requests_total{decision=\"deny\",enforced=\"true\",stage=\"scope\"}")
                .contains("ibac_decision_latency_seconds_bucket{stage=\"scope\"");
    }

    @Test
    void malformed_json_is_400_with_a_message_and_no_stack_trace() throws Exception {
        HttpResponse<String> response = post("{\"apiVersion\": \"admission.k8s.io/v1\", ".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("malformed JSON").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(validate(Fixtures.review("human-update-configmap")).at("/response/allowed").asBoolean()).isTrue();
    }

    @Test
    void wrong_api_version_missing_uid_and_wrong_types_are_400() throws Exception {
        assertThat(post(Fixtures.review("create-deployment").put("apiVersion", "v1")).body()).contains("apiVersion must be");
        assertThat(post(Fixtures.review("create-deployment", r -> r.remove("uid"))).statusCode()).isEqualTo(400);
        assertThat(post(Fixtures.review("create-deployment", r -> r.put("uid", 7))).body()).contains("request.uid must be a string");
        assertThat(post(Fixtures.review("create-deployment").without("request")).body()).contains("no request");
        assertThat(post(new byte[0]).statusCode()).isEqualTo(400);
    }

    @Test
    void bodies_over_3_mib_are_400_and_the_server_keeps_serving() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse<String> response = post(big);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("exceeds the limit of 3145728 bytes");
        assertThat(validate(Fixtures.review("human-update-configmap")).at("/response/allowed").asBoolean()).isTrue();
    }

    @Test
    void plain_http_is_refused() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/healthz"))
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    private static JsonNode validate(ObjectNode review) throws Exception {
        HttpResponse<String> response = post(review);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Fixtures.MAPPER.readTree(response.body());
    }

    private static HttpResponse<String> post(ObjectNode review) throws Exception {
        return post(Fixtures.MAPPER.writeValueAsBytes(review));
    }

    private static HttpResponse<String> post(byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + "/validate"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
