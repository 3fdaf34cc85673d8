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
        AuditorAuthenticator oneToken = token -> TOKEN.equals(token) ? Optional.of("alice") : Optional.empty();
        AuditorPage page = new AuditorPage(oneToken, log, 100, "the token is in /state/audit-token", CLOCK);
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            page.register(config.routes);
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void without_a_valid_token_it_is_401_with_a_short_message_and_a_bearer_challenge() throws Exception {
        for (HttpResponse<String> refused : List.of(get("/audit", null), get("/audit", "wrong"), get("/audit/entries", null),
                get("/audit?token=wrong", null), withAuthorization("/audit", "Basic " + TOKEN))) {
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
        HttpResponse<String> page = get("/audit", TOKEN);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        String body = page.body();
        assertThat(body).contains("3 verdicts").contains("read-only, as alice").contains("outside mission lab/train");
        assertThat(body.indexOf("outside mission lab/train")).isLessThan(body.indexOf("fits the goal"));
        assertThat(body).doesNotContain("<script").doesNotContain("<img");
    }

    @Test
    void agent_controlled_text_in_a_reason_is_rendered_inert() throws Exception {
        String body = get("/audit", TOKEN).body();
        assertThat(body).contains("agent said: &lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
        HttpResponse<String> reflected = get("/audit?mission=%22%3E%3Cscript%3Ex%3C%2Fscript%3E", TOKEN);
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
        String denials = get("/audit?decision=deny&namespace=shop", TOKEN).body();
        assertThat(denials).contains("1 verdict<").contains("agent said").doesNotContain("lab/train").doesNotContain("fits the goal");
        assertThat(denials).contains("<option value=\"deny\" selected>").contains("name=\"namespace\" placeholder=\"namespace\" value=\"shop\"");
        assertThat(get("/audit?since=24h", TOKEN).body()).contains("2 verdicts").doesNotContain("fits the goal");
        assertThat(get("/audit?agent=*:lab-agent", TOKEN).body()).contains("1 verdict<").contains("lab/train");
    }

    @Test
    void a_filter_it_cannot_read_is_400_saying_what_it_expects() throws Exception {
        HttpResponse<String> bad = get("/audit?since=yesterday", TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("since must be an RFC 3339 time").contains("24h");
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
        HttpResponse<String> withCookie = http.send(request("/audit?decision=deny")
                .header("Cookie", AuditorPage.COOKIE + "=" + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withCookie.statusCode()).isEqualTo(200);
        assertThat(withCookie.body()).contains("2 verdicts");
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
