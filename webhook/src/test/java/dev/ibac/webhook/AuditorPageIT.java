package dev.ibac.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auditor page as a person sees it: the real webhook over TLS, read by headless Chromium. */
class AuditorPageIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    @TempDir
    static Path state;
    static WebhookApp app;
    static HttpClient http;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        Path missions = TestMissions.directory(state, "shop.yaml");
        app = WebhookApp.start(ServeSettings.defaults(missions, state));
        http = HttpClient.newBuilder().sslContext(DemoAgent.trusting(app.caCertificate())).build();
        token = Files.readString(state.resolve("audit-token")).trim();
        send(Fixtures.review("create-deployment", r -> r.put("uid", "allowed-0001")));
        send(Fixtures.review("create-deployment", r -> {
            r.put("uid", "denied-0002");
            r.put("name", "payments<script>alert(1)</script>");
        }));
        send(Fixtures.review("delete-pvc", r -> r.put("uid", "denied-0003")));
        app.close(); // flushes the audit log; restart on the same state
        app = WebhookApp.start(ServeSettings.defaults(missions, state));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void without_a_token_the_page_is_401() throws Exception {
        HttpResponse<String> response = get("/audit", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("bearer token is required").contains("audit-token");
        assertThat(get("/audit", "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/audit/entries", null).statusCode()).isEqualTo(401);
    }

    @Test
    void with_the_bearer_token_it_lists_verdicts_and_filters_them() throws Exception {
        HttpResponse<String> all = get("/audit", token);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).contains("3 verdicts").contains("allowed names: checkout*, redis-*").contains("allowDestructive");
        JsonNode denied = Fixtures.MAPPER.readTree(get("/audit/entries?decision=deny", token).body());
        assertThat(denied).hasSize(2);
        assertThat(denied.get(0).path("auditId").asText()).isEqualTo("denied-0003");
        assertThat(get("/audit?since=yesterday", token).statusCode()).isEqualTo(400);
    }

    @Test
    void agent_controlled_text_is_rendered_inert() throws Exception {
        String body = get("/audit", token).body();
        assertThat(body).doesNotContain("<script>alert(1)</script>").contains("payments&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void a_person_with_the_token_link_sees_the_denied_verdicts_in_chromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed (.ci/run installs it)");
        String base = "https://127.0.0.1:" + app.port();
        String dom = chromium("--dump-dom", base + "/audit?decision=deny&token=" + token);
        assertThat(dom).contains("2 verdicts").contains("allowed names: checkout*, redis-*")
                .contains("deleting persistentvolumeclaims").doesNotContain("allowed-0001");
        assertThat(dom).contains("<option value=\"deny\" selected=\"\">deny</option>");
        String refused = chromium("--dump-dom", base + "/audit");
        assertThat(refused).contains("401: an auditor's bearer token is required");
        Path screenshot = state.resolve("auditor.png");
        chromium("--screenshot=" + screenshot, "--window-size=1400,900", base + "/audit?token=" + token);
        assertThat(screenshot).isNotEmptyFile();
        Files.copy(screenshot, Path.of("target", "auditor-page.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String chromium(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--ignore-certificate-errors",
                "--user-data-dir=" + Files.createTempDirectory(state, "chromium")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static void send(com.fasterxml.jackson.databind.node.ObjectNode review) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + "/validate"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.MAPPER.writeValueAsBytes(review))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
