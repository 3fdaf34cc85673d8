package dev.ibac.webhook.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.action.Action;
import dev.ibac.webhook.Main;
import dev.ibac.webhook.cli.DemoAgent;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code serve} logged, {@code replay} decides the same way: traffic through the real server
 * over TLS, the audit log it wrote, then {@code ibac replay} against the same and a changed mission.
 */
class ReplayIT {
    @TempDir
    Path state;

    @Test
    void replay_of_served_traffic_changes_nothing_against_the_same_missions_and_lists_what_a_narrower_scope_denies() throws Exception {
        Path missions = TestMissions.directory(state, "shop.yaml");
        Path log = state.resolve("audit.jsonl");
        String checkout;
        try (WebhookApp app = WebhookApp.start(ServeSettings.defaults(missions, state))) {
            HttpClient http = HttpClient.newBuilder().sslContext(DemoAgent.trusting(app.caCertificate()))
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            checkout = send(http, app, Fixtures.review("create-deployment"));
            send(http, app, Fixtures.review("create-deployment", r -> {
                r.put("uid", "a1b2c3d4-0000-4000-8000-000000000002");
                r.put("name", "payments");
                ((ObjectNode) r.at("/object/metadata")).put("name", "payments");
            }));
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(2);
        JsonNode first = Fixtures.MAPPER.readTree(lines.get(0));
        assertThat(first.at("/request/object/metadata/name").asText()).isEqualTo("checkout");
        assertThat(first.at("/request/object/metadata/annotations").path(Action.TOKENS_ANNOTATION).asText()).isEqualTo("1200");
        assertThat(first.at("/request/oldObject").isNull()).isTrue();

        Run same = replay(log, missions);
        assertThat(same.exit()).as(same.out + same.err).isZero();
        assertThat(same.out).contains("replayed 2, changed 0, not replayable 0");

        Path narrowed = Files.createDirectories(state.resolve("narrowed"));
        Files.writeString(narrowed.resolve("shop.yaml"), Files.readString(missions.resolve("shop.yaml"))
                .replace("names: [\"checkout*\", \"redis-*\"]", "names: [\"redis-*\"]"));
        Run changed = replay(log, narrowed);
        assertThat(checkout).as("the webhook admitted the checkout deployment").isEqualTo("allow");
        assertThat(changed.exit()).as(changed.out + changed.err).isEqualTo(1);
        assertThat(changed.out).contains("CREATE deployments shop/checkout  allow → deny")
                .containsPattern("after +scope +deployments \"checkout\" is outside mission shop/scale-checkout")
                .contains("replayed 2, changed 1, not replayable 0");
    }

    private static String send(HttpClient http, WebhookApp app, ObjectNode review) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + "/validate"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.MAPPER.writeValueAsBytes(review))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Fixtures.MAPPER.readTree(response.body()).at("/response/allowed").asBoolean() ? "allow" : "deny";
    }

    private record Run(int exit, String out, String err) {}

    private static Run replay(Path log, Path missions) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "replay", "--log", log.toString(), "--missions",
                missions.toString());
        return new Run(exit, out.toString(), err.toString());
    }
}
