package dev.ibac.webhook.auditor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.webhook.audit.AuditLogs;
import dev.ibac.webhook.audit.HashChainedAuditLog;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page's HTTP contract on a plain loopback server (TLS and the browser are AuditorPageIT's). */
class AuditorPageTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    private static final String HOSTILE = "<script>alert('pwned')</script><img src=x onerror=alert(1)>";
    @TempDir
    Path dir;
    Javalin server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        AuditLogs.write(log, HashChainedAuditLog.Rotation.DEFAULT, List.of(
                AuditLogs.entry("old-allow", "2026-11-20T09:00:00Z", "allow", "shop", "fits the goal"),
                AuditLogs.entry("lab-deny", "2026-11-23T11:00:00Z", "deny", "lab", "outside mission lab/train"),
                AuditLogs.entry("hostile-deny", "2026-11-23T11:30:00Z", "deny", "shop", "agent said: " + HOSTILE)));
        AuditorAuthenticator oneToken = token -> TOKEN.equals(token) ? Optional.of(new Auditor("alice", List.of())) : Optional.empty();
        MissionSummaries missions = () -> List.of(new MissionSummaries.MissionSummary("shop/scale-checkout",
                "Scale checkout for the sale", "Active", "Enforce", List.of(
                        new MissionSummaries.Limit("mission tokens", "320 tokens", "1000 tokens", 0.32, "lifetime"),
                        new MissionSummaries.Limit("namespace shop cost", "$2.50", "$2.00", 1.25, "24h window since 2026-11-23T00:00:00Z"))));
        PendingApprovals approvals = who -> List.of(new PendingApprovals.PendingApproval("appr-1", "shop/scale-checkout",
                "DELETE persistentvolumeclaims shop/data-0", "system:serviceaccount:shop:shop-agent", Instant.parse("2026-11-23T11:45:00Z"),
                "hostile-deny", false));
        AuditorPage page = new AuditorPage(oneToken, log, 100, "the token is in /state/audit-token", CLOCK,
                new AuditorPage.Sources(missions, approvals));
        server = serve(page);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void without_a_valid_token_it_is_401_with_a_short_message_and_a_bearer_challenge() throws Exception {
        for (HttpResponse<String> refused : List.of(get("/audit", null), get("/audit", "wrong"), get("/audit/entries", null),
                get("/audit?token=wrong", null), withAuthorization("/audit", "Basic " + TOKEN), get("/audit/verdicts", null),
                get("/audit/entries/lab-deny", null), get("/audit/export.csv", "wrong"), get("/audit/export.jsonl", null))) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"ibac-audit\"");
            assertThat(refused.body()).contains("the token is in /state/audit-token")
                    .doesNotContain("verdicts").doesNotContain("Exception").doesNotContain("\tat ").hasSizeLessThan(600);
        }
    }

    @Test
    void a_wrong_token_is_told_apart_from_none() throws Exception {
        assertThat(get("/audit", null).body()).contains("an auditor's bearer token is required");
        assertThat(get("/audit", "wrong").body()).contains("this bearer token is not accepted");
        assertThat(get("/audit?token=wrong", null).body()).contains("this bearer token is not accepted");
        assertThat(get("/audit/entries", null).body()).contains("bearer token required: ");
        assertThat(get("/audit/entries", "wrong").body()).contains("bearer token not accepted: ");
    }

    @Test
    void with_the_bearer_token_it_lists_verdicts_newest_first_with_their_reasoning() throws Exception {
        HttpResponse<String> page = get("/audit/verdicts", TOKEN);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        String body = page.body();
        assertThat(body).contains("3 verdicts").contains("read-only, as alice").contains("outside mission lab/train");
        assertThat(body.indexOf("outside mission lab/train")).isLessThan(body.indexOf("fits the goal"));
        assertThat(body).doesNotContain("<script").doesNotContain("<img");
    }

    @Test
    void agent_controlled_text_in_a_reason_is_rendered_inert() throws Exception {
        String body = get("/audit/verdicts", TOKEN).body();
        assertThat(body).contains("agent said: &lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
        HttpResponse<String> reflected = get("/audit/verdicts?mission=%22%3E%3Cscript%3Ex%3C%2Fscript%3E", TOKEN);
        assertThat(reflected.body()).contains("value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\"").doesNotContain("<script");
    }

    @Test
    void responses_forbid_caching_framing_scripts_and_referers() throws Exception {
        HttpResponse<String> page = get("/audit", TOKEN);
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'").contains("frame-ancestors 'none'").doesNotContain("script-src"));
    }

    @Test
    void filters_narrow_the_list_and_show_in_the_form() throws Exception {
        String denials = get("/audit/verdicts?decision=deny&namespace=shop", TOKEN).body();
        assertThat(denials).contains("1 verdict<").contains("agent said").doesNotContain("lab/train").doesNotContain("fits the goal");
        assertThat(denials).contains("<option value=\"deny\" selected>").contains("name=\"namespace\" placeholder=\"namespace\" value=\"shop\"");
        assertThat(get("/audit/verdicts?since=24h", TOKEN).body()).contains("2 verdicts").doesNotContain("fits the goal");
        assertThat(get("/audit/verdicts?agent=*:lab-agent", TOKEN).body()).contains("1 verdict<").contains("lab/train");
    }

    @Test
    void a_filter_it_cannot_read_is_400_saying_what_it_expects() throws Exception {
        HttpResponse<String> bad = get("/audit/verdicts?since=yesterday", TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(bad.body()).contains("id=\"filter-error\"").contains("since must be an RFC 3339 time").contains("24h")
                .contains("<form").contains("value=\"yesterday\"").doesNotContain("<tbody>").doesNotContain("Exception");
        assertThat(get("/audit/entries?decision=maybe", TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void entries_gives_the_same_filtered_list_as_json() throws Exception {
        HttpResponse<String> response = get("/audit/entries?decision=deny", TOKEN);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode entries = AuditLogs.MAPPER.readTree(response.body());
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).path("auditId").asText()).isEqualTo("hostile-deny");
        assertThat(entries.get(0).path("hash").asText()).hasSize(64);
    }

    @Test
    void a_token_link_becomes_a_strict_http_only_cookie_and_a_redirect_without_the_token() throws Exception {
        HttpResponse<String> link = get("/audit?decision=deny&token=" + TOKEN + "&since=24h", null);
        assertThat(link.statusCode()).isEqualTo(303);
        assertThat(link.headers().firstValue("Location")).contains("/audit?decision=deny&since=24h");
        String cookie = link.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(AuditorPage.COOKIE + "=" + TOKEN + ";").contains("Path=/audit").contains("Secure")
                .contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
        HttpResponse<String> withCookie = http.send(request("/audit/verdicts?decision=deny")
                .header("Cookie", AuditorPage.COOKIE + "=" + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withCookie.statusCode()).isEqualTo(200);
        assertThat(withCookie.body()).contains("2 verdicts");
    }

    @Test
    void the_overview_shows_the_chain_missions_spend_verdicts_approvals_and_denial_reasons() throws Exception {
        HttpResponse<String> page = get("/audit", TOKEN);
        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(body).contains("Hash chain intact</strong> through entry 3").contains("from the genesis hash")
                .contains(AuditLogs.line(dir.resolve("audit.jsonl"), -1).path("hash").asText());
        assertThat(body).contains("id=\"tile-allowed\"><div class=\"n\">1<").contains("id=\"tile-denied\"><div class=\"n\">2<")
                .contains("id=\"tile-denied-24h\"><div class=\"n\">2<").contains("id=\"tile-pending\"><div class=\"n\">1<");
        assertThat(body).contains("shop/scale-checkout").contains("Scale checkout for the sale").contains("mission tokens: <strong>320 tokens</strong> of 1000 tokens")
                .contains("$2.50</strong> of $2.00").contains("125 % spent");
        assertThat(body).contains("lab/scale-checkout").contains("(no longer loaded)");
        assertThat(body).contains("appr-1").contains("DELETE persistentvolumeclaims shop/data-0");
        assertThat(body).as("alice reads, she does not approve").doesNotContain("method=\"post\"").doesNotContain("Approve");
        assertThat(body).contains("<svg class=\"chart\"").contains("Verdicts per hour, last 24 hours").contains("Spend per 6 hours by mission")
                .contains(">verdicts</text>").contains(">hour starting (UTC)</text>");
        assertThat(body).contains("Top denial reasons by stage").contains("outside mission lab/train");
        assertThat(body).doesNotContain("<script").doesNotContain("<img");
    }

    @Test
    void the_old_filtered_address_of_the_list_leads_to_the_list() throws Exception {
        HttpResponse<String> old = get("/audit?decision=deny", TOKEN);
        assertThat(old.statusCode()).isEqualTo(303);
        assertThat(old.headers().firstValue("Location")).contains("/audit/verdicts?decision=deny");
    }

    @Test
    void the_list_shows_the_audit_id_mode_and_labelled_tokens_and_finds_a_denial_message_s_prefix() throws Exception {
        String body = get("/audit/verdicts", TOKEN).body();
        assertThat(body).contains("<th>time (UTC) · audit id</th>").contains("href=\"/audit/entries/lab-deny?hash=")
                .contains("<th>decision · stage · mode</th>").contains("class=\"time\">2026-11-23 11:30:00Z<")
                .contains("class=\"mode nowrap\">— · enforced<").contains("not judged");
        assertThat(get("/audit/verdicts?id=lab-", TOKEN).body()).contains("1 verdict<").contains("lab/train");
        assertThat(get("/audit/verdicts?id=hostile%E2%80%A6", TOKEN).body()).as("pasted with the ellipsis of the message")
                .contains("1 verdict<").contains("agent said");
    }

    @Test
    void a_verdict_page_shows_the_entry_and_links_to_its_neighbours_in_the_chain() throws Exception {
        HttpResponse<String> page = get("/audit/entries/lab-deny", TOKEN);
        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(body).contains("id=\"audit-id\">lab-deny<").contains("outside mission lab/train").contains("Not judged")
                .contains("No approval was involved").contains(AuditLogs.line(dir.resolve("audit.jsonl"), 1).path("hash").asText());
        assertThat(body).contains("id=\"prev\" href=\"/audit/entries/old-allow?hash=").contains("id=\"next\" href=\"/audit/entries/hostile-deny?hash=");
        assertThat(get("/audit/entries/old-allow", TOKEN).body()).contains("first kept entry");
        HttpResponse<String> missing = get("/audit/entries/nope", TOKEN);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("No kept audit entry has this id").doesNotContain("Exception");
    }

    @Test
    void a_verdict_page_renders_effects_approval_and_the_redacted_request_inert() throws Exception {
        Path log = dir.resolve("rich/audit.jsonl");
        var rich = AuditLogs.entry("rich-1", "2026-11-23T11:00:00Z", "allow", "shop", "approved by a person");
        rich.putArray("effects").addObject().put("family", "availability").put("risk", "high").put("sentence", "deletes <b>data</b>");
        rich.putObject("approval").put("id", "appr-9").put("by", "alice");
        var request = rich.putObject("request");
        request.putObject("object").put("kind", "Deployment").putObject("metadata").put("name", "x</pre><script>");
        request.putNull("oldObject").put("oldObjectOmitted", "larger than 32 KiB");
        rich.putObject("judge").put("name", "semantic").put("risk", "low").put("confidence", 91).putObject("tokens").put("input", 812).put("output", 40);
        rich.with("cost").with("breakdown").put("cpu", "3 cores x 1h x $0.04 = $0.12");
        rich.put("futureField", "shown too");
        AuditLogs.write(log, HashChainedAuditLog.Rotation.DEFAULT, List.of(rich));
        AuditorPage page = new AuditorPage(token -> Optional.of(new Auditor("bob", List.of())), log, 10, "hint", CLOCK);
        Javalin other = serve(page);
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + "/audit/entries/rich-1"))
                    .header("Authorization", "Bearer any").build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).contains("availability").contains("deletes &lt;b&gt;data&lt;/b&gt;").contains("appr-9").contains("alice")
                    .contains("Request (redacted)").contains("x&lt;/pre&gt;&lt;script&gt;").contains("left out of the entry: larger than 32 KiB").contains("input tokens</dt><dd>812")
                    .contains("3 cores x 1h x $0.04 = $0.12").contains("futureField").contains("shown too");
            assertThat(body).doesNotContain("<script").doesNotContain("<b>data");
        } finally {
            other.stop();
        }
    }

    @Test
    void the_filtered_list_exports_as_json_lines_and_csv() throws Exception {
        HttpResponse<String> jsonl = get("/audit/export.jsonl?decision=deny", TOKEN);
        assertThat(jsonl.statusCode()).isEqualTo(200);
        assertThat(jsonl.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"ibac-audit.jsonl\"");
        List<String> lines = jsonl.body().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(AuditLogs.MAPPER.readTree(lines.get(0)).path("auditId").asText()).isEqualTo("hostile-deny");
        HttpResponse<String> csv = get("/audit/export.csv?namespace=lab", TOKEN);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        String[] rows = csv.body().split("\r\n");
        assertThat(rows).hasSize(2);
        assertThat(rows[0]).startsWith("time,auditId,decision,enforced,mode,stage,mission");
        assertThat(csv.body()).contains("lab-deny").contains("outside mission lab/train");
        assertThat(get("/audit/export.csv?since=later", TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void csv_cells_are_quoted_and_never_a_formula() {
        assertThat(Exports.cell("plain")).isEqualTo("plain");
        assertThat(Exports.cell("a,b \"c\"")).isEqualTo("\"a,b \"\"c\"\"\"");
        assertThat(Exports.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(Exports.cell("@SUM(1)")).isEqualTo("'@SUM(1)");
    }

    @Test
    void the_list_shows_a_hundred_rows_a_page_with_links_to_older_and_newer_pages_that_keep_the_filters() throws Exception {
        Path log = dir.resolve("many.jsonl");
        AuditLogs.write(log, HashChainedAuditLog.Rotation.DEFAULT, java.util.stream.IntStream.range(0, 230).mapToObj(i -> AuditLogs.entry(
                "many-%03d".formatted(i), "2026-11-23T10:00:00Z", i % 2 == 0 ? "deny" : "allow", "shop", "r")).toList());
        AuditorPage page = new AuditorPage(token -> Optional.of(new Auditor("bob", List.of())), log, 1000, "hint", CLOCK);
        Javalin other = serve(page);
        try {
            String root = "http://127.0.0.1:" + other.port();
            String first = send(root + "/audit/verdicts?decision=deny", "t", null).body();
            assertThat(first).contains("115 verdicts; 1–100 shown").contains(">many-228<").doesNotContain(">many-028<")
                    .contains("href=\"/audit/verdicts?decision=deny&amp;page=2\"").doesNotContain("id=\"newer\"");
            String second = send(root + "/audit/verdicts?decision=deny&page=2", "t", null).body();
            assertThat(second).contains("115 verdicts; 101–115 shown").contains(">many-028<").contains(">many-000<")
                    .doesNotContain(">many-030<").contains("id=\"newer\" href=\"/audit/verdicts?decision=deny\"").doesNotContain("id=\"older\"");
            assertThat(send(root + "/audit/verdicts?page=0", "t", null).statusCode()).isEqualTo(400);
            assertThat(send(root + "/audit/verdicts?page=9", "t", null).body()).contains("page 9 is past the oldest");
        } finally {
            other.stop();
        }
    }

    @Test
    void only_an_approver_of_the_approval_sees_approve_and_reject_and_only_a_form_with_its_csrf_token_decides() throws Exception {
        String approver = "approver-token-0123456789abcdef";
        String reader = "reader-token-0123456789abcdef0";
        List<String> decided = new java.util.ArrayList<>();
        PendingApprovals approvals = new PendingApprovals() {
            @Override
            public List<PendingApproval> pending(Auditor who) {
                // carol approves shop's actions through her group; lab's are not hers
                boolean shopOwner = who.groups().contains("shop-owners");
                return List.of(new PendingApproval("appr-7", "shop/scale-checkout", "DELETE pvc shop/data-0", "agent", null, null, shopOwner),
                        new PendingApproval("appr-8", "lab/train", "DELETE pvc lab/data-0", "agent", null, null, false));
            }

            @Override
            public Outcome decide(String id, boolean approve, Auditor who, String bearerToken, String reason) {
                return switch (id) {
                    case "appr-7" -> {
                        if (!who.groups().contains("shop-owners")) {
                            yield new Outcome(Outcome.Kind.FORBIDDEN, who.username() + " is not an approver of mission shop/scale-checkout");
                        }
                        decided.add(id + " " + (approve ? "approved" : "rejected") + " by " + who.username() + " with "
                                + (bearerToken.equals(approver) ? "her own token" : "another token") + ": " + reason);
                        yield new Outcome(Outcome.Kind.DECIDED, id);
                    }
                    case "appr-6" -> new Outcome(Outcome.Kind.CONFLICT, "approval appr-6 was already rejected by bob");
                    default -> new Outcome(Outcome.Kind.NOT_FOUND, "no approval " + id);
                };
            }

            @Override
            public Optional<String> describe(String id) {
                return id.equals("appr-7") ? Optional.of("rejected appr-7 (DELETE pvc shop/data-0) by carol") : Optional.empty();
            }
        };
        AuditorAuthenticator two = token -> approver.equals(token) ? Optional.of(new Auditor("carol", List.of("shop-owners")))
                : reader.equals(token) ? Optional.of(new Auditor("dave", List.of("auditors"))) : Optional.empty();
        AuditorPage page = new AuditorPage(two, dir.resolve("audit.jsonl"), 10, "hint", CLOCK, new AuditorPage.Sources(MissionSummaries.NONE, approvals));
        Javalin other = serve(page);
        try {
            String root = "http://127.0.0.1:" + other.port();
            String forApprover = send(root + "/audit", approver, null).body();
            assertThat(forApprover).contains("approver: carol").contains("action=\"/audit/approvals/appr-7/approve\"").contains("action=\"/audit/approvals/appr-7/reject\"")
                    .doesNotContain("/audit/approvals/appr-8/").contains("not an approver of this mission").doesNotContain(approver);
            String csrf = forApprover.replaceFirst("(?s).*name=\"csrf\" value=\"([0-9a-f]{64})\".*", "$1");
            assertThat(csrf).hasSize(64);
            String forReader = send(root + "/audit", reader, null).body();
            assertThat(forReader).doesNotContain("method=\"post\"").doesNotContain("name=\"csrf\"").contains("appr-7").contains("read-only, as dave");

            assertThat(send(root + "/audit/approvals/appr-7/approve", approver, "reason=ok").statusCode()).as("no CSRF token").isEqualTo(403);
            assertThat(send(root + "/audit/approvals/appr-7/approve", approver, "csrf=" + "0".repeat(64)).statusCode()).isEqualTo(403);
            assertThat(send(root + "/audit/approvals/appr-7/approve", reader, "csrf=" + csrf).statusCode())
                    .as("another auditor's CSRF token").isEqualTo(403);
            HttpResponse<String> notAnApprover = send(root + "/audit/approvals/appr-7/approve", reader, "csrf=" + Csrf.token(reader));
            assertThat(notAnApprover.statusCode()).as("a reader's own valid token: still not an approver").isEqualTo(403);
            assertThat(notAnApprover.body()).contains("dave is not an approver of mission shop/scale-checkout").contains("id=\"notice\"")
                    .contains("Back to the overview");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(root + "/audit/approvals/appr-7/approve"))
                    .header("Authorization", "Bearer " + approver).header("Origin", "https://evil.example")
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("another site's form").isEqualTo(403);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(root + "/audit/approvals/appr-7/approve"))
                    .header("Authorization", "Bearer " + approver).header("Sec-Fetch-Site", "cross-site")
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("the browser says: another site").isEqualTo(403);
            assertThat(send(root + "/audit/approvals/appr-7/approve", null, "csrf=" + csrf).statusCode()).isEqualTo(401);
            assertThat(decided).isEmpty();

            HttpResponse<String> rejected = send(root + "/audit/approvals/appr-7/reject", approver, "csrf=" + csrf + "&reason=too+risky");
            assertThat(rejected.statusCode()).isEqualTo(303);
            assertThat(rejected.headers().firstValue("Location")).contains("/audit?decided=appr-7#approvals");
            assertThat(decided).containsExactly("appr-7 rejected by carol with her own token: too risky");
            assertThat(send(root + "/audit?decided=appr-7", approver, null).body())
                    .contains("id=\"decided\" role=\"status\">rejected appr-7 (DELETE pvc shop/data-0) by carol</p>");
            assertThat(send(root + "/audit?decided=%3Cb%3Eforged", approver, null).body()).as("the notice is the store's, never the URL's")
                    .doesNotContain("id=\"decided\"").doesNotContain("forged");
            HttpResponse<String> unknown = send(root + "/audit/approvals/appr-9/approve", approver, "csrf=" + csrf);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("no approval appr-9").doesNotContain("Exception");
            HttpResponse<String> decidedAlready = send(root + "/audit/approvals/appr-6/approve", approver, "csrf=" + csrf);
            assertThat(decidedAlready.statusCode()).isEqualTo(409);
            assertThat(decidedAlready.body()).contains("409: not approved").contains("already rejected by bob");
        } finally {
            other.stop();
        }
    }

    /** The page on a plain loopback server of its own. */
    private static Javalin serve(AuditorPage page) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            page.register(config.routes);
        }).start("127.0.0.1", 0);
    }

    /** GET without a form, POST (urlencoded) with one. */
    private HttpResponse<String> send(String url, String bearer, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        return withAuthorization(path, bearer == null ? null : "Bearer " + bearer);
    }

    private HttpResponse<String> withAuthorization(String path, String authorization) throws Exception {
        HttpRequest.Builder request = request(path);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }
}
