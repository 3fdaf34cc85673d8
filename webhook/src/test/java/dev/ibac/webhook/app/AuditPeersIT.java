package dev.ibac.webhook.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.certs.CertificateAuthority;
import dev.ibac.certs.TlsBundle;
import dev.ibac.webhook.auditor.AuditorPage;
import dev.ibac.webhook.auditor.StaticTokenAuthenticator;
import dev.ibac.webhook.cli.DemoAgent;
import dev.ibac.webhook.problem.ConfigException;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One view of all replicas: two real webhooks on loopback, each with its own state and audit log,
 * sharing what a StatefulSet's pods share (the serving certificate and the auditors' credentials).
 * Replica ibac-0 merges ibac-1's entries into its own by time, forwarding the caller's token; a
 * third peer that does not exist is named as not answering. The certificate names only
 * {@code localhost}: peers are dialled by IP, as pods are by names the certificate does not list.
 */
class AuditPeersIT {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    @TempDir
    static Path dir;
    static WebhookApp zero;
    static WebhookApp one;
    static WebhookApp stranger;
    static HttpClient http;
    static int closedPort;

    @BeforeAll
    static void start() throws Exception {
        Path missions = TestMissions.directory(dir, "shop.yaml");
        Path tls = dir.resolve("tls");
        CertificateAuthority.create("test-ca", Duration.ofDays(2), Clock.systemUTC())
                .issue(List.of("localhost"), List.of(), Duration.ofDays(1)).writeTo(tls);
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        one = WebhookApp.start(replica(missions, tls, "ibac-1", List.of(), TOKEN));
        stranger = WebhookApp.start(replica(missions, tls, "ibac-3", List.of(), "a-token-this-auditor-does-not-hold"));
        zero = WebhookApp.start(replica(missions, tls, "ibac-0", List.of("ibac-0=https://127.0.0.1:1",
                "ibac-1=https://127.0.0.1:" + one.port(), "ibac-2=https://127.0.0.1:" + closedPort,
                "ibac-3=https://127.0.0.1:" + stranger.port()), TOKEN));
        http = HttpClient.newBuilder().sslContext(DemoAgent.trusting(tls.resolve(TlsBundle.CERT_FILE))).build();
        validate(zero, "zero-1");
        validate(one, "one-1");
        validate(zero, "zero-2");
        validate(one, "one-2");
    }

    private static ServeSettings replica(Path missions, Path tls, String name, List<String> peers, String token) throws Exception {
        Path state = Files.createDirectories(dir.resolve(name));
        Files.writeString(state.resolve(StaticTokenAuthenticator.FILE), token + "\n");
        return ServeSettings.defaults(missions, state).withTls(tls.resolve(TlsBundle.CERT_FILE), tls.resolve(TlsBundle.KEY_FILE))
                .withReplica(new ServeSettings.Replica(name, false, peers));
    }

    @AfterAll
    static void stop() {
        for (WebhookApp app : new WebhookApp[] {zero, one, stranger}) {
            if (app != null) {
                app.close();
            }
        }
    }

    @Test
    void the_entries_of_both_replicas_are_merged_newest_first_and_the_silent_peer_is_named() throws Exception {
        HttpResponse<String> response = get(zero, "/audit/entries", TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode entries = Fixtures.MAPPER.readTree(response.body());
        assertThat(entries).extracting(e -> e.path("auditId").asText()).containsExactly("one-2", "zero-2", "one-1", "zero-1");
        assertThat(entries).extracting(e -> e.path("replica").asText()).containsExactly("ibac-1", "ibac-0", "ibac-1", "ibac-0");
        assertThat(response.headers().firstValue(AuditorPage.NOT_ANSWERING))
                .hasValue("ibac-2 (connection refused), ibac-3 (refused the auditor's credentials (HTTP 401))");
        // each replica's log holds its own entries only, and serves them alone when asked as a peer
        assertThat(Fixtures.MAPPER.readTree(get(one, "/audit/entries", TOKEN).body())).extracting(e -> e.path("auditId").asText())
                .containsExactly("one-2", "one-1");
        assertThat(Files.readString(dir.resolve("ibac-0/audit.jsonl"))).contains("zero-1").doesNotContain("one-1");
    }

    @Test
    void the_filters_reach_every_replica() throws Exception {
        JsonNode entries = Fixtures.MAPPER.readTree(get(zero, "/audit/entries?agent=nobody", TOKEN).body());
        assertThat(entries).isEmpty();
        JsonNode all = Fixtures.MAPPER.readTree(get(zero, "/audit/entries", TOKEN).body());
        JsonNode denied = Fixtures.MAPPER.readTree(get(zero, "/audit/entries?decision=deny", TOKEN).body());
        JsonNode allowed = Fixtures.MAPPER.readTree(get(zero, "/audit/entries?decision=allow", TOKEN).body());
        assertThat(denied.size() + allowed.size()).isEqualTo(all.size()).isEqualTo(4);
        assertThat(allowed).allSatisfy(e -> assertThat(e.path("decision").asText()).isEqualTo("allow"));
    }

    @Test
    void the_verdict_list_shows_the_chain_state_of_every_replica_and_names_the_one_not_answering() throws Exception {
        String page = get(zero, "/audit/verdicts", TOKEN).body();
        assertThat(page).contains("4 verdicts of every replica that answered")
                .containsPattern("ibac-0: 2 entries, newest hash <span class=\"mono\">[0-9a-f]{64}</span>, chain linked")
                .containsPattern("ibac-1: 2 entries, newest hash <span class=\"mono\">[0-9a-f]{64}</span>, chain linked")
                .contains("ibac-2: <strong>not answering</strong> (connection refused); its entries are missing from this view")
                .contains("ibac-3: <strong>not answering</strong> (refused the auditor&#39;s credentials (HTTP 401))")
                .contains("one-2", "zero-2", "one-1", "zero-1");
        String oneHead = Fixtures.MAPPER.readTree(get(one, "/audit/entries", TOKEN).body()).get(0).path("hash").asText();
        assertThat(page).contains("ibac-1: 2 entries, newest hash <span class=\"mono\">" + oneHead);
        assertThat(get(zero, "/audit/verdicts?decision=allow", TOKEN).body()).contains("chain not checked in a filtered view");
    }

    @Test
    void the_overview_counts_every_replica_and_shows_each_chain() throws Exception {
        HttpResponse<String> response = get(zero, "/audit", TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        String page = response.body();
        assertThat(page).contains("<strong>ibac-0:</strong> <strong>Hash chain intact</strong> through entry 2")
                .contains("<strong>ibac-1:</strong> <strong>Hash chain intact</strong> through entry 2")
                .contains("<strong>ibac-2: not answering</strong> (connection refused); its entries are missing from this overview")
                .contains("<strong>ibac-3: not answering</strong> (refused the auditor&#39;s credentials (HTTP 401))");
        JsonNode merged = Fixtures.MAPPER.readTree(get(zero, "/audit/entries", TOKEN).body());
        long allowed = 0;
        for (JsonNode e : merged) {
            allowed += "allow".equals(e.path("decision").asText()) ? 1 : 0;
        }
        assertThat(page).contains("id=\"tile-allowed\"><div class=\"n\">" + allowed + "</div>")
                .contains("id=\"tile-denied\"><div class=\"n\">" + (4 - allowed) + "</div>");
        // a replica's own aggregates, as a peer reads them
        JsonNode own = Fixtures.MAPPER.readTree(get(one, "/audit/overview.json", TOKEN).body());
        assertThat(own.path("entries").asLong()).isEqualTo(2);
        assertThat(own.at("/chain/state").asText()).isEqualTo("intact");
        assertThat(get(one, "/audit/overview.json", "a-token-this-auditor-does-not-hold").statusCode()).isEqualTo(401);
    }

    @Test
    void a_verdict_page_opens_on_any_replica_and_a_missing_one_names_the_silent_replicas() throws Exception {
        HttpResponse<String> theirs = get(zero, "/audit/entries/one-1", TOKEN);
        assertThat(theirs.statusCode()).isEqualTo(200);
        assertThat(theirs.body()).contains("id=\"audit-id\">one-1</span>").contains("ibac-1 (whose hash chain holds this entry)")
                .contains("/audit/entries/one-2?hash="); // its neighbour in ibac-1's chain
        HttpResponse<String> missing = get(zero, "/audit/entries/nowhere", TOKEN);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("ibac-2 (connection refused)").contains("ibac-3 (refused the auditor");
    }

    @Test
    void the_exports_hold_every_replica() throws Exception {
        HttpResponse<String> jsonl = get(zero, "/audit/export.jsonl", TOKEN);
        assertThat(jsonl.body().lines()).hasSize(4);
        assertThat(jsonl.headers().firstValue(AuditorPage.NOT_ANSWERING)).isPresent();
    }

    @Test
    void a_caller_the_serving_replica_refuses_sees_nothing_of_any_replica() throws Exception {
        HttpResponse<String> refused = get(zero, "/audit/entries", "a-token-this-auditor-does-not-hold");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).doesNotContain("zero-1", "one-1");
    }

    @Test
    void peers_from_a_statefulset_need_cluster_mode_and_a_pod_name() throws Exception {
        Path state = Files.createDirectories(dir.resolve("misconfigured"));
        ServeSettings embedded = ServeSettings.defaults(TestMissions.directory(dir, "shop.yaml"), state)
                .withReplica(new ServeSettings.Replica("ibac-0", false, List.of("service:ibac-peers")));
        assertThatThrownBy(() -> WebhookApp.start(embedded).close()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--peers service:SERVICE is for cluster mode");
    }

    private static void validate(WebhookApp app, String uid) throws Exception {
        byte[] review = Fixtures.MAPPER.writeValueAsBytes(Fixtures.review("create-deployment", r -> r.put("uid", uid)));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + app.port() + "/validate"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(review)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> get(WebhookApp app, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + app.port() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}
