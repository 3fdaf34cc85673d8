package dev.ibac.webhook.app;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} after real traffic: the webhook over TLS, its LLM judge talking to a model
 * server on loopback that speaks the OpenAI wire protocol and reports 812 input / 41 output tokens.
 */
class MetricsIT {
    private static final String VERDICT = "{\"decision\":\"allow\",\"reasoning\":\"more checkout replicas serve the goal\","
            + "\"risk\":\"low\",\"confidence\":0.9}";
    @TempDir
    static Path state;
    static HttpServer model;
    static final AtomicInteger modelCalls = new AtomicInteger();
    static WebhookApp app;
    static HttpClient http;
    static String metrics;

    @BeforeAll
    static void trafficThenScrape() throws Exception {
        model = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        model.createContext("/v1/chat/completions", MetricsIT::answer);
        model.start();
        Map<String, String> env = Map.of("IBAC_LLM_BASE_URL", "http://127.0.0.1:" + model.getAddress().getPort() + "/v1",
                "IBAC_LLM_API_KEY", "test-key", "IBAC_LLM_MODEL", "judge-mini");
        app = WebhookApp.start(ServeSettings.defaults(TestMissions.directory(state, "shop.yaml"), state).withEnv(env).withJudge("llm"));
        http = HttpClient.newBuilder().sslContext(DemoAgent.trusting(app.caCertificate())).build();
        validate(Fixtures.review("human-update-configmap"));
        validate(Fixtures.review("create-deployment", r -> r.put("uid", "out-of-scope").put("name", "payments")));
        validate(Fixtures.review("create-deployment", r -> r.put("uid", "judged")));
        validate(Fixtures.review("create-deployment", r -> r.put("uid", "judged-again")));
        metrics = get("/metrics");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (model != null) {
            model.stop(0);
        }
    }

    @Test
    void counts_requests_by_deciding_stage_and_decision() {
        assertThat(value("ibac_requests_total{decision=\"allow\",enforced=\"true\",stage=\"identity\"}")).isEqualTo(1);
        assertThat(value("ibac_requests_total{decision=\"deny\",enforced=\"true\",stage=\"scope\"}")).isEqualTo(1);
        assertThat(value("ibac_requests_total{decision=\"allow\",enforced=\"true\",stage=\"judge\"}")).isEqualTo(2);
    }

    @Test
    void has_a_decision_latency_histogram_per_stage() {
        assertThat(metrics).contains("# TYPE ibac_decision_latency_seconds histogram");
        for (String stage : new String[] {"identity", "scope", "judge"}) {
            assertThat(metrics).containsPattern(Pattern.quote("ibac_decision_latency_seconds_bucket{stage=\"" + stage + "\",le=\""));
            assertThat(value("ibac_decision_latency_seconds_bucket{stage=\"" + stage + "\",le=\"+Inf\"}"))
                    .isEqualTo(value("ibac_decision_latency_seconds_count{stage=\"" + stage + "\"}"));
        }
        assertThat(value("ibac_decision_latency_seconds_count{stage=\"judge\"}")).isEqualTo(2);
    }

    @Test
    void counts_the_tokens_the_model_reported_once_even_when_a_verdict_is_served_from_the_cache() {
        assertThat(modelCalls.get()).isEqualTo(1);
        assertThat(value("ibac_judge_tokens_total{direction=\"input\",judge=\"llm\"}")).isEqualTo(812);
        assertThat(value("ibac_judge_tokens_total{direction=\"output\",judge=\"llm\"}")).isEqualTo(41);
        assertThat(value("ibac_judge_cache_hits_total")).isEqualTo(1);
        assertThat(value("ibac_judge_cache_misses_total")).isEqualTo(1);
    }

    @Test
    void has_a_judge_latency_histogram_by_outcome() {
        assertThat(metrics).contains("# TYPE ibac_judge_latency_seconds histogram");
        assertThat(value("ibac_judge_latency_seconds_count{judge=\"llm\",outcome=\"allow\"}")).isEqualTo(1);
        assertThat(value("ibac_judge_latency_seconds_count{judge=\"llm\",outcome=\"cached\"}")).isEqualTo(1);
        assertThat(metrics).containsPattern(Pattern.quote("ibac_judge_latency_seconds_bucket{judge=\"llm\",outcome=\"allow\",le=\""));
    }

    @Test
    void counts_budget_spend_by_namespace() {
        assertThat(value("ibac_budget_spend_usd_total{namespace=\"shop\"}")).isPositive();
    }

    /** The value of one series; fails naming the series when it is absent. */
    private static double value(String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series + " in\n" + metrics));
    }

    private static void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        modelCalls.incrementAndGet();
        ObjectNode reply = Fixtures.MAPPER.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                .put("created", 1_700_000_000).put("model", "judge-mini");
        ObjectNode choice = reply.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", VERDICT);
        reply.putObject("usage").put("prompt_tokens", 812).put("completion_tokens", 41).put("total_tokens", 853);
        byte[] bytes = reply.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void validate(ObjectNode review) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + "/validate"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.MAPPER.writeValueAsBytes(review)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        return response.body();
    }
}
