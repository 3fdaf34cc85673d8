package dev.ibac.webhook.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.webhook.Main;
import dev.ibac.webhook.audit.AuditLogFiles;
import dev.ibac.webhook.auditor.Auditor;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        HttpResponse<String> all = get("/audit/verdicts", token);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).contains("tokens in ").contains("Enforce · enforced").contains("3 verdicts").contains("allowed names: checkout*, redis-*").contains("allowDestructive");
        JsonNode denied = Fixtures.MAPPER.readTree(get("/audit/entries?decision=deny", token).body());
        assertThat(denied).hasSize(2);
        assertThat(denied.get(0).path("auditId").asText()).isEqualTo("denied-0003");
        assertThat(get("/audit/verdicts?since=yesterday", token).statusCode()).isEqualTo(400);
    }

    @Test
    void agent_controlled_text_is_rendered_inert() throws Exception {
        String body = get("/audit/verdicts", token).body();
        assertThat(body).doesNotContain("<script>alert(1)</script>").contains("payments&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(get("/audit/entries/denied-0002", token).body()).doesNotContain("<script>alert(1)</script>")
                .contains("payments&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(get("/audit", token).body()).doesNotContain("<script>alert(1)</script>");
    }

    @Test
    void a_person_follows_the_token_link_reads_the_overview_narrows_the_list_and_opens_a_verdict() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium and chromedriver are not installed (.ci/run installs them)");
        Path shots = Files.createDirectories(Path.of("target", "auditor-screenshots"));
        try (HeadlessChromium browser = HeadlessChromium.start(Files.createTempDirectory(state, "profile"))) {
            browser.open(base + "/audit?token=" + token);
            assertThat(browser.url()).isEqualTo(base + "/audit");
            JsonNode cookie = browser.cookie("ibac_audit");
            assertThat(cookie.path("httpOnly").asBoolean()).isTrue();
            assertThat(cookie.path("secure").asBoolean()).isTrue();
            assertThat(cookie.path("sameSite").asText()).isEqualTo("Strict");
            overview(browser, shots);

            browser.click("header a[href='/audit/verdicts']");
            browser.awaitUrlContaining("/audit/verdicts");
            assertThat(browser.text("#count")).isEqualTo("3 verdicts");
            browser.click("select[name=decision] option[value=deny]");
            browser.click("#filter");
            browser.awaitUrlContaining("decision=deny");
            assertThat(browser.text("#count")).isEqualTo("2 verdicts");
            assertThat(browser.texts("tbody .decision")).containsOnly("deny");
            assertThat(browser.texts("tbody td.reason")).satisfiesExactly(
                    newest -> assertThat(newest).contains("deleting persistentvolumeclaims \"data-redis-0\" is protected")
                            .contains("add persistentvolumeclaims to spec.scope.allowDestructive"),
                    older -> assertThat(older).contains("\"" + HOSTILE_NAME + "\" is outside mission shop/scale-checkout")
                            .contains("allowed names: checkout*, redis-*"));
            assertThat(browser.texts("tbody .mode")).containsOnly("Enforce · enforced");
            atBothWidths(browser, shots, "verdicts-denied");

            browser.click("tbody tr:first-child a.id");
            browser.awaitUrlContaining("/audit/entries/denied-0003");
            assertThat(browser.text("#audit-id")).isEqualTo("denied-0003");
            assertThat(browser.text("#summary")).contains("protect").contains("data-redis-0");
            browser.click("#prev");
            browser.awaitUrlContaining("/audit/entries/denied-0002");
            assertThat(browser.text("#next")).contains("denied-0003");
            assertThat(browser.text("#judge")).contains("Not judged");
            atBothWidths(browser, shots, "verdict-page");

            browser.open(base + "/audit/verdicts");
            browser.type("input[name=since]", "yesterday");
            browser.click("#filter");
            browser.awaitUrlContaining("since=yesterday");
            assertThat(browser.text("#filter-error")).contains("since must be an RFC 3339 time");
            assertThat(browser.texts("input[name=since]")).hasSize(1);
            atBothWidths(browser, shots, "bad-filter");

            browser.deleteCookies();
            browser.open(base + "/audit");
            assertThat(browser.text("h1")).isEqualTo("401: an auditor's bearer token is required");
        }
    }

    /**
     * Approving from the overview, end to end in embedded mode: the token's holder is named alice
     * ({@code serve --auditor-name alice}), whom the mission lists as an approver; she sees Approve
     * on the pending approval, clicks it, and the agent's retry is admitted. Started again with the
     * default holder, a read-only auditor, the next pending approval shows no button.
     */
    @Test
    void an_approver_approves_from_the_overview_and_a_read_only_auditor_sees_no_button() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium and chromedriver are not installed (.ci/run installs them)");
        Path approvalState = Files.createDirectories(state.resolve("approving"));
        ServeSettings settings = ServeSettings.defaults(TestMissions.directory(approvalState, "approve.yaml"), approvalState);
        Path shots = Files.createDirectories(Path.of("target", "auditor-screenshots"));
        WebhookApp approving = WebhookApp.start(settings.withTokenHolder(new Auditor("alice", List.of())));
        try (HeadlessChromium browser = HeadlessChromium.start(Files.createTempDirectory(state, "profile"))) {
            String id = pendingApproval(approving, "e2e-0001");
            String root = "https://127.0.0.1:" + approving.port();
            String holderToken = Files.readString(approvalState.resolve("audit-token")).trim();
            browser.open(root + "/audit?token=" + holderToken);
            assertThat(browser.text("header .who")).isEqualTo("approver: alice");
            assertThat(browser.text("#approvals")).contains(id).contains("UPDATE deployments shop/checkout").contains("Approve")
                    .contains("Reject");
            browser.evaluate("document.getElementById('approvals').scrollIntoView()");
            atBothWidths(browser, shots, "approval-pending");
            browser.type("form[action$='/" + id + "/approve'] input[name=reason]", "planned rollout");
            browser.click("form[action$='/" + id + "/approve'] button");
            browser.awaitUrlContaining("decided=" + id);
            assertThat(browser.text("#decided")).startsWith("approved " + id + " (UPDATE deployments shop/checkout) by alice: "
                    + "the agent's next identical request until ");
            assertThat(browser.text("#approvals")).contains("No action is waiting for approval");
            browser.evaluate("document.getElementById('approvals').scrollIntoView()");
            atBothWidths(browser, shots, "approval-approved");
            assertThat(approving.approvals().find("shop", id)).hasValueSatisfying(a -> {
                assertThat(a.getStatus().decidedBy()).isEqualTo("alice");
                assertThat(a.getStatus().reason()).isEqualTo("planned rollout");
            });
            assertThat(review(approving, Fixtures.imageChange("e2e-0002")).at("/response/allowed").asBoolean())
                    .as("the agent's retry is admitted once").isTrue();

            approving.close();
            approving = WebhookApp.start(settings); // the same token, now held by the default read-only auditor
            String next = pendingApproval(approving, "e2e-0003");
            browser.open("https://127.0.0.1:" + approving.port() + "/audit?token=" + holderToken);
            assertThat(browser.text("header .who")).isEqualTo("read-only, as ibac:audit-token");
            assertThat(browser.text("#approvals")).contains(next).doesNotContain("Approve");
            assertThat(browser.texts("#approvals form")).isEmpty();
            browser.evaluate("document.getElementById('approvals').scrollIntoView()");
            atBothWidths(browser, shots, "approval-read-only");
        } finally {
            approving.close();
        }
    }

    /** Sends the agent's image change, which the judge is unsure of, and returns the approval its denial names. */
    private static String pendingApproval(WebhookApp target, String uid) throws Exception {
        String message = review(target, Fixtures.imageChange(uid)).at("/response/status/message").asText();
        Matcher pending = Pattern.compile("approval (ap-[0-9a-f]+) is pending").matcher(message);
        assertThat(pending.find()).as(message).isTrue();
        return pending.group(1);
    }

    private static JsonNode review(WebhookApp target, com.fasterxml.jackson.databind.node.ObjectNode review) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(DemoAgent.trusting(target.caCertificate())).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + target.port() + "/validate"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.MAPPER.writeValueAsBytes(review))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Fixtures.MAPPER.readTree(response.body());
    }

    private static void overview(HeadlessChromium browser, Path shots) throws Exception {
        assertThat(browser.text("#chain")).startsWith("Hash chain intact through entry 3");
        assertThat(browser.text("#missions")).contains("shop/scale-checkout").contains("Scale the checkout service for Black Friday")
                .contains("mission tokens").contains("of 200000 tokens").contains("namespace shop cost").contains("of $100.00")
                .contains("1 allowed").contains("2 denied");
        assertThat(browser.text("#tile-denied")).startsWith("2");
        assertThat(browser.text("#approvals")).contains("No action is waiting for approval");
        assertThat(browser.text("#reasons")).contains("protect").contains("scope");
        assertThat(browser.text("#chart-verdicts-24h")).contains("Verdicts per hour, last 24 hours").contains("hour starting (UTC)")
                .contains("allowed").contains("denied");
        assertThat(browser.text("#chart-spend-7d")).contains("USD").contains("shop/scale-checkout");
        atBothWidths(browser, shots, "overview");
        browser.evaluate("document.getElementById('chart-verdicts-24h').scrollIntoView()");
        atBothWidths(browser, shots, "overview-charts");
        browser.evaluate("window.scrollTo(0, 0)");
    }

    /**
     * Screenshots at 1400×1000 and 800×1000 (looked at by a person when the layout changes), and what
     * can be checked without looking: the page is never wider than the window, so nothing is cut off
     * or needs the whole page scrolled sideways (wide tables scroll inside their card).
     */
    private static void atBothWidths(HeadlessChromium browser, Path shots, String name) throws Exception {
        for (int width : new int[] {1400, 800}) {
            browser.resize(width, 1000);
            assertThat(browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth").asBoolean())
                    .as(name + " fits a " + width + " px window").isTrue();
            browser.screenshot(shots.resolve(name + "-" + width + ".png"));
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
