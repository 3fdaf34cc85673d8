package dev.ibac.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.crd.Budget;
import dev.ibac.crd.Mission;
import dev.ibac.crd.MissionSpec;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster mode end to end on fabric8's CRUD mock server: informers, verdicts, Events, status. */
@EnableKubernetesMockClient(crud = true)
class ClusterModeIT {
    KubernetesClient client;
    @TempDir
    Path state;

    @Test
    void missions_come_from_the_cluster_and_verdicts_go_back_as_events_and_status() throws Exception {
        client.resources(Mission.class).inNamespace("shop").resource(TestMissions.scaleCheckout()).create();
        ServeSettings settings = new ServeSettings(null, state, "127.0.0.1", 0, null, null, state.resolve("audit.jsonl"), "semantic",
                AgentSelector.DEFAULT_USERNAMES, AgentSelector.DEFAULT_GROUPS, WebhookServer.DEFAULT_MAX_BODY, 3, Map.of(),
                Clock.systemUTC(), 1L << 20);
        try (WebhookApp app = WebhookApp.start(settings, client)) {
            HttpClient http = HttpClient.newBuilder().sslContext(DemoAgent.trusting(app.caCertificate())).build();
            assertThat(get(http, app, "/readyz").statusCode()).isEqualTo(200);
            JsonNode out = validate(http, app, Fixtures.review("create-deployment", r -> r.put("name", "payments")));
            assertThat(out.at("/response/status/message").asText()).contains("outside mission shop/scale-checkout");

            // the owner widens the scope: the informer brings it in without a restart
            client.resources(Mission.class).inNamespace("shop").withName("scale-checkout").edit(m -> {
                MissionSpec s = m.getSpec();
                m.setSpec(new MissionSpec(s.goal(), s.agent(), new dev.ibac.crd.MissionScope(null, List.of(
                        new dev.ibac.crd.ResourceRule(List.of("apps"), List.of("deployments"), List.of("CREATE"), List.of("*"))), null, null),
                        s.budget(), s.limits(), s.judge(), s.expiresAt(), true));
                return m;
            });
            await(() -> validate(http, app, Fixtures.review("create-deployment", r -> r.put("uid", "after-edit")))
                    .at("/response/status/message").asText().contains("suspended"));
        }
        List<Event> events = client.events().v1().events().inNamespace("shop").list().getItems();
        assertThat(events).extracting(Event::getReason).contains("ActionDenied");
        assertThat(events).allSatisfy(e -> assertThat(e.getRegarding().getName()).isEqualTo("scale-checkout"));
        Mission mission = client.resources(Mission.class).inNamespace("shop").withName("scale-checkout").get();
        assertThat(mission.getStatus().verdicts().denied()).isGreaterThanOrEqualTo(2);
        assertThat(mission.getStatus().phase()).isEqualTo("Suspended");
        assertThat(client.resources(Budget.class).inAnyNamespace().list().getItems()).isEmpty();
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.call()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static JsonNode validate(HttpClient http, WebhookApp app, com.fasterxml.jackson.databind.node.ObjectNode review) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + "/validate"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.MAPPER.writeValueAsBytes(review))).build(),
                HttpResponse.BodyHandlers.ofString());
        return Fixtures.MAPPER.readTree(response.body());
    }

    private static HttpResponse<String> get(HttpClient http, WebhookApp app, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
