package dev.ibac.webhook.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.webhook.Main;
import dev.ibac.webhook.audit.AuditLogFiles;
import dev.ibac.webhook.auditor.HeadlessChromium;
import dev.ibac.webhook.cli.DemoAgent;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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

/**
 * The auditor page as a person sees it: the real webhook over TLS on embedded missions, its audit
 * log rotating every few entries, read by headless Chromium. Skipped only where Chromium is not
 * installed (.ci/run installs it, so CI never skips).
 */
class AuditorPageIT {
    private static final String HOSTILE_NAME = "payments<script>alert(1)</script>";
    @TempDir
    static Path state;
    static WebhookApp app;
    static HttpClient http;
    static String token;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        Path missions = TestMissions.directory(state, "shop.yaml");
        ServeSettings settings = ServeSettings.defaults(missions, state).withAuditMaxBytes(2048);
        app = WebhookApp.start(settings);
        http = HttpClient.newBuilder().sslContext(DemoAgent.trusting(app.caCertificate())).build();
        token = Files.readString(state.resolve("audit-token")).trim();
        send(Fixtures.review("create-deployment", r -> r.put("uid", "allowed-0001")));
        send(Fixtures.review("create-deployment", r -> r.put("uid", "denied-0002").put("name", HOSTILE_NAME)));
        send(Fixtures.review("delete-pvc", r -> r.put("uid", "denied-0003")));
        app.close(); // flushes the audit log; restart on the same state, chain and token
        app = WebhookApp.start(settings);
        base = "https://127.0.0.1:" + app.port();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void the_audit_log_rotated_and_the_set_verifies_as_one_chain() throws Exception {
        Path log = state.resolve("audit.jsonl");
        assertThat(AuditLogFiles.oldestFirst(log)).hasSizeGreaterThan(1);
        StringWriter out = new StringWriter();
        int exit = Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "audit", "verify", "--log", log.toString(), "--rotated");
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("3 entries, chain intact from the genesis hash");
    }

    @Test
    void without_a_token_the_page_is_401() throws Exception {
        HttpResponse<String> response = get("/audit", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("bearer token is required").contains("audit-token").doesNotContain("Exception")
                .doesNotContain(state.toString()); // the server's file layout is not the caller's business
        assertThat(get("/audit", "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/audit/entries", null).statusCode()).isEqualTo(401);
    }

    @Test
    void with_the_bearer_token_it_lists_verdicts_across_rotated_files_and_filters_them() throws Exception {
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
    void a_person_follows_the_token_link_then_narrows_the_list_with_the_form() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium and chromedriver are not installed (.ci/run installs them)");
        try (HeadlessChromium browser = HeadlessChromium.start(Files.createTempDirectory(state, "profile"))) {
            browser.open(base + "/audit?token=" + token);
            assertThat(browser.url()).isEqualTo(base + "/audit");
            JsonNode cookie = browser.cookie("ibac_audit");
            assertThat(cookie.path("httpOnly").asBoolean()).isTrue();
            assertThat(cookie.path("secure").asBoolean()).isTrue();
            assertThat(cookie.path("sameSite").asText()).isEqualTo("Strict");
            assertThat(browser.text("#count")).isEqualTo("3 verdicts");

            browser.click("select[name=decision] option[value=deny]");
            browser.click("#filter");
            browser.awaitUrlContaining("decision=deny");
            assertThat(browser.text("#count")).isEqualTo("2 verdicts");
            assertThat(browser.texts("tbody td.decision")).containsOnly("deny");
            assertThat(browser.texts("tbody td.reason")).satisfiesExactly(
                    newest -> assertThat(newest).contains("deleting persistentvolumeclaims \"data-redis-0\" is protected")
                            .contains("add persistentvolumeclaims to spec.scope.allowDestructive"),
                    older -> assertThat(older).contains("\"" + HOSTILE_NAME + "\" is outside mission shop/scale-checkout")
                            .contains("allowed names: checkout*, redis-*"));
            Files.createDirectories(Path.of("target"));
            browser.screenshot(Path.of("target", "auditor-page-denied.png"));

            browser.deleteCookies();
            browser.open(base + "/audit");
            assertThat(browser.text("h1")).isEqualTo("401: an auditor's bearer token is required");
        }
    }

    @Test
    void a_token_link_opened_with_chromium_dump_dom_shows_the_filtered_page() throws Exception {
        assumeTrue(Files.isExecutable(HeadlessChromium.CHROMIUM), "chromium is not installed (.ci/run installs it)");
        String dom = chromium("--dump-dom", base + "/audit?decision=allow&token=" + token);
        assertThat(dom).contains("1 verdict<").contains("serves the goal").doesNotContain("denied-0002")
                .contains("<option value=\"allow\" selected=\"\">allow</option>");
        assertThat(chromium("--dump-dom", base + "/audit")).contains("401: an auditor's bearer token is required");
    }

    private static String chromium(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(HeadlessChromium.CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
