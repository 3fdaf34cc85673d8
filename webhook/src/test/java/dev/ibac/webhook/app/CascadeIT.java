package dev.ibac.webhook.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ibac.webhook.cli.DemoAgent;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --judge cascade} in the real server (the default with an LLM configured): the semantic
 * judge's uncertain verdict goes to a loopback model server speaking the OpenAI protocol, whose
 * answer decides; the audit entry names both judges, a metric counts the escalation, and with the
 * model down the mission's onError applies.
 */
class CascadeIT {
    private static final String ALLOW = "{\"decision\":\"allow\",\"reasoning\":\"a release candidate of checkout is fine for the sale\","
            + "\"risk\":\"medium\",\"confidence\":0.8}";
    @TempDir
    Path state;
    HttpServer model;
    final AtomicInteger modelCalls = new AtomicInteger();
    WebhookApp app;
    HttpClient http;

    @BeforeEach
    void start() throws Exception {
        model = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        model.createContext("/v1/chat/completions", this::answer);
        model.start();
        Map<String, String> env = Map.of("IBAC_LLM_BASE_URL", "http://127.0.0.1:" + model.getAddress().getPort() + "/v1",
                "IBAC_LLM_API_KEY", "test-key", "IBAC_LLM_MODEL", "judge-mini", "IBAC_LLM_TIMEOUT", "9s");
        app = WebhookApp.start(ServeSettings.defaults(TestMissions.directory(state, "approve.yaml"), state).withEnv(env).withJudge(null));
        http = HttpClient.newBuilder().sslContext(DemoAgent.trusting(app.caCertificate())).version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        model.stop(0);
    }

    @Test
    void the_llm_decides_what_the_semantic_judge_doubts_and_the_audit_entry_names_both() throws Exception {
        assertThat(app.judgeName()).isEqualTo("cascade");
        JsonNode answer = changeImage("cascade-1", "2.0-rc1");
        assertThat(answer.at("/response/allowed").asBoolean()).as(answer.toString()).isTrue();
        assertThat(modelCalls.get()).isEqualTo(1);
        ObjectNode entry = awaitEntry("cascade-1");
        assertThat(entry.at("/judge/name").asText()).isEqualTo("cascade(semantic→llm)");
        assertThat(entry.at("/judge/model").asText()).isEqualTo("judge-mini");
        assertThat(entry.path("stage").asText()).isEqualTo("judge");
        assertThat(metric("ibac_judge_cascade_escalations_total")).isEqualTo(1);
    }

    @Test
    void with_the_llm_down_onError_applies() throws Exception {
        model.stop(0);
        JsonNode answer = changeImage("cascade-2", "2.1-rc1");
        assertThat(answer.at("/response/allowed").asBoolean()).isFalse();
        assertThat(answer.at("/response/status/message").asText()).startsWith("ibac: denied (judge): judge cascade failed")
                .contains("spec.judge.onError is Deny");
    }

    private double metric(String series) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series + " in\n" + metrics));
    }

    private JsonNode changeImage(String uid, String tag) throws Exception {
        ObjectNode review = Fixtures.review("create-deployment", r -> {
            r.put("uid", uid);
            r.put("operation", "UPDATE");
            JsonNode object = r.get("object");
            ObjectNode old = object.deepCopy();
            ((ObjectNode) object.at("/spec/template/spec/containers/0")).put("image", "registry.example/shop/checkout:" + tag);
            r.set("oldObject", old);
        });
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + "/validate"))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(review.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Fixtures.MAPPER.readTree(response.body());
    }

    private ObjectNode awaitEntry(String auditId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos(); // tells a hang from an answer
        while (System.nanoTime() < deadline) {
            var entry = app.auditEntry(auditId);
            if (entry.isPresent()) {
                return entry.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no audit entry for " + auditId);
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        modelCalls.incrementAndGet();
        ObjectNode reply = Fixtures.MAPPER.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                .put("created", 1_700_000_000).put("model", "judge-mini");
        ObjectNode choice = reply.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", ALLOW);
        reply.putObject("usage").put("prompt_tokens", 700).put("completion_tokens", 30).put("total_tokens", 730);
        byte[] bytes = reply.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
