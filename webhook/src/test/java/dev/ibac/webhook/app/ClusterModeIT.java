package dev.ibac.webhook.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.crd.Budget;
import dev.ibac.crd.Mission;
import dev.ibac.crd.MissionSpec;
import dev.ibac.crd.MissionStatus;
import dev.ibac.webhook.audit.AuditHead;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster mode end to end on fabric8's CRUD mock server: informers, verdicts, Events, status. */
@EnableKubernetesMockClient(crud = true)
class ClusterModeIT {
    KubernetesClient client;

    /**
     * The mock server's shutdown (the extension's afterEach, which runs after this) waits for every
     * open connection. A watch of an informer the app has just stopped may still be closing on a
     * loaded machine, so the client goes first (a fresh-clone CI run timed out there once).
     */
    @org.junit.jupiter.api.AfterEach
    void closeTheClientBeforeTheMockServer() {
        client.close();
    }
    @TempDir
    Path state;

    @Test
    void missions_come_from_the_cluster_and_verdicts_go_back_as_events_and_status() throws Exception {
        client.resources(Mission.class).inNamespace("shop").resource(TestMissions.scaleCheckout()).create();
        ServeSettings settings = ServeSettings.defaults(null, state).withSelfManagedCerts();
        try (WebhookApp app = WebhookApp.start(settings, client)) {
            // the self-managed certificate names the Service (ibac.ibac-system.svc), not 127.0.0.1: trust the CA, skip the name
            HttpClient http = HttpClient.newBuilder().sslContext(trustingCaOnly(app.caCertificate())).build();
            assertThat(client.secrets().inNamespace("ibac-system").withName("ibac-tls").get().getType()).isEqualTo("kubernetes.io/tls");
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
        List<Event> events = afterClose(() -> client.events().v1().events().inNamespace("shop").list().getItems());
        assertThat(events).extracting(Event::getReason).contains("ActionDenied");
        assertThat(events).allSatisfy(e -> assertThat(e.getRegarding().getName()).isEqualTo("scale-checkout"));
        Mission mission = afterClose(() -> client.resources(Mission.class).inNamespace("shop").withName("scale-checkout").get());
        assertThat(mission.getStatus().verdicts().denied()).isGreaterThanOrEqualTo(2);
        assertThat(mission.getStatus().phase()).isEqualTo("Suspended");
        assertThat(afterClose(() -> client.resources(Budget.class).inAnyNamespace().list().getItems())).isEmpty();
    }

    /**
     * Issue #13: the chain head reaches each Mission's status, and {@code audit verify --expect-head}
     * takes it as kubectl prints it ({@code -o jsonpath='{.status.auditHeads[0]}'}): a log cut short,
     * its head file gone with it, is still found truncated. The head names the replica as its
     * entries do ({@code serve --replica}).
     */
    @Test
    void the_mission_status_carries_the_audit_head_that_audit_verify_checks_the_log_against() throws Exception {
        client.resources(Mission.class).inNamespace("shop").resource(TestMissions.scaleCheckout()).create();
        ServeSettings settings = ServeSettings.defaults(null, state).withSelfManagedCerts()
                .withReplica(new ServeSettings.Replica("ibac-0", false, List.of()));
        try (WebhookApp app = WebhookApp.start(settings, client)) {
            HttpClient http = HttpClient.newBuilder().sslContext(trustingCaOnly(app.caCertificate())).build();
            await(() -> get(http, app, "/readyz").statusCode() == 200);
            for (int i = 0; i < 3; i++) {
                String uid = "head-" + i;
                validate(http, app, Fixtures.review("create-deployment", r -> r.put("uid", uid).put("name", "payments")));
            }
        } // closing flushes the status after the log's last batch
        Path log = state.resolve("audit.jsonl");
        AuditHead onDisk = AuditHead.read(log).orElseThrow();
        MissionStatus.ChainHead head = afterClose(() -> client.resources(Mission.class).inNamespace("shop").withName("scale-checkout").get())
                .getStatus().auditHeads().get(0);
        assertThat(onDisk.entries()).isEqualTo(3);
        assertThat(head.entries()).isEqualTo(onDisk.entries());
        assertThat(head.lastHash()).isEqualTo(onDisk.lastHash());
        assertThat(head.startHash()).isEqualTo(onDisk.startHash());
        // one name for this replica: serve --replica, in its entries and in the head it records
        assertThat(head.replica()).isEqualTo("ibac-0");
        assertThat(java.nio.file.Files.readAllLines(log)).allSatisfy(line ->
                assertThat(Fixtures.MAPPER.readTree(line).path("replica").asText()).isEqualTo("ibac-0"));

        String shown = Fixtures.MAPPER.writeValueAsString(head);
        assertThat(verify(log, shown).exit()).isZero();
        List<String> lines = java.nio.file.Files.readAllLines(log);
        java.nio.file.Files.write(log, lines.subList(0, lines.size() - 1));
        java.nio.file.Files.delete(AuditHead.fileOf(log)); // whoever cut the log removed the head beside it too
        Verify truncated = verify(log, shown);
        assertThat(truncated.exit()).isEqualTo(1);
        assertThat(truncated.out()).startsWith("TRUNCATED:").contains(head.lastHash())
                .contains("the Mission status head of replica " + head.replica() + ", 3 entries");
    }

    private record Verify(int exit, String out) {}

    private static Verify verify(Path log, String expectHead) {
        java.io.StringWriter out = new java.io.StringWriter();
        int exit = dev.ibac.webhook.Main.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(new java.io.StringWriter(), true),
                "audit", "verify", "--log", log.toString(), "--expect-head", expectHead);
        return new Verify(exit, out.toString());
    }

    @Test
    void a_scale_request_is_priced_from_the_workload_read_from_the_cluster() throws Exception {
        client.resources(Mission.class).inNamespace("shop").resource(TestMissions.scaleCheckout()).create();
        client.apps().deployments().inNamespace("shop").resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata().withName("checkout").withNamespace("shop").endMetadata()
                .withNewSpec().withReplicas(6).withNewTemplate().withNewSpec().addNewContainer().withName("app").withImage("shop/checkout:1")
                .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("1"))
                .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("2Gi")).endResources()
                .endContainer().endSpec().endTemplate().endSpec().build()).create();
        try (WebhookApp app = WebhookApp.start(ServeSettings.defaults(null, state).withSelfManagedCerts(), client)) {
            HttpClient http = HttpClient.newBuilder().sslContext(trustingCaOnly(app.caCertificate())).build();
            await(() -> get(http, app, "/readyz").statusCode() == 200);
            JsonNode out = validate(http, app, Fixtures.review("scale-deployment"));
            assertThat(out.at("/response/allowed").asBoolean()).as(out.toString()).isTrue();
        }
        List<String> lines = java.nio.file.Files.readAllLines(state.resolve("audit.jsonl"));
        JsonNode entry = Fixtures.MAPPER.readTree(lines.get(lines.size() - 1));
        // 6 -> 10 replicas: 4 more pods of 1 core ($0.04/h) and 2 GiB ($0.005/GiB-h) for the 1h horizon
        assertThat(entry.at("/cost/resourceUSD").asText()).isEqualTo("0.20");
    }

    @Test
    void the_webhook_configuration_gets_the_ca_bundle_and_the_agents_missions_name() throws Exception {
        try (java.io.InputStream yaml = java.nio.file.Files.newInputStream(Path.of("..", "deploy", "base", "webhook.yaml"))) {
            client.admissionRegistration().v1().validatingWebhookConfigurations()
                    .resource(io.fabric8.kubernetes.client.utils.Serialization.unmarshal(yaml,
                            io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration.class))
                    .create();
        }
        client.resources(Mission.class).inNamespace("shop").resource(TestMissions.parse("""
                apiVersion: ibac.io/v1alpha1
                kind: Mission
                metadata: {name: build, namespace: shop}
                spec:
                  goal: Keep the shop's images built.
                  agent: {serviceAccount: builder}
                """)).create();
        try (WebhookApp app = WebhookApp.start(ServeSettings.defaults(null, state).withSelfManagedCerts(), client)) {
            var webhooks = client.admissionRegistration().v1().validatingWebhookConfigurations().withName("ibac");
            assertThat(webhooks.get().getWebhooks().get(0).getClientConfig().getCaBundle()).isNotEmpty();
            await(() -> webhooks.get().getWebhooks().get(0).getMatchConditions().get(0).getExpression()
                    .contains("request.userInfo.username == 'system:serviceaccount:shop:builder'"));
        }
    }

    /** Verifies the chain against the CA alone, as the API server would, minus the host name it dials. */
    private static javax.net.ssl.SSLContext trustingCaOnly(Path ca) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        trust.load(null, null);
        int i = 0;
        for (var cert : java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(java.nio.file.Files.newInputStream(ca))) {
            trust.setCertificateEntry("ca" + i++, cert);
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        javax.net.ssl.X509TrustManager pkix = (javax.net.ssl.X509TrustManager) tmf.getTrustManagers()[0];
        javax.net.ssl.X509ExtendedTrustManager caOnly = new javax.net.ssl.X509ExtendedTrustManager() {
            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth, javax.net.ssl.SSLEngine e)
                    throws java.security.cert.CertificateException {
                pkix.checkServerTrusted(chain, auth);
                assertThat(chain[0].getSubjectAlternativeNames().toString()).contains("ibac.ibac-system.svc");
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth, java.net.Socket s)
                    throws java.security.cert.CertificateException {
                pkix.checkServerTrusted(chain, auth);
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth) throws java.security.cert.CertificateException {
                pkix.checkServerTrusted(chain, auth);
            }

            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth, java.net.Socket s) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth, javax.net.ssl.SSLEngine e) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return pkix.getAcceptedIssuers();
            }
        };
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {caOnly}, null);
        return context;
    }

    /**
     * A read of the mock server just after the app has closed its informers. The CRUD mock server's event loop can
     * stall for up to a minute while a watch that closed with an event still queued drains: fabric8 7.8's
     * {@code WatchEventsListener.onClosed} awaits its executor (one minute at most) on the event loop, and every
     * request waits behind it (a fresh-clone CI run timed out here at the client's 10 s). A read that times out is
     * retried until two minutes have passed, a deadline that only tells a hang from that stall.
     */
    private static <T> T afterClose(java.util.concurrent.Callable<T> read) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            try {
                return read.call();
            } catch (io.fabric8.kubernetes.client.KubernetesClientException stalled) {
                if (System.nanoTime() > deadline) {
                    throw stalled;
                }
            }
        }
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        // only tells a hang from an answer: informers on a loaded machine may take seconds
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.call()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
            Thread.sleep(50);
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
