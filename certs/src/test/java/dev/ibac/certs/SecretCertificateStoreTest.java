package dev.ibac.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class SecretCertificateStoreTest {
    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final String SECRET_PATH = "/api/v1/namespaces/ibac-system/secrets/ibac-tls";
    KubernetesClient client;
    KubernetesMockServer server;

    private SecretCertificateStore store(Instant now) {
        return store(now, Duration.ofDays(300), Duration.ofDays(30));
    }

    private SecretCertificateStore store(Instant now, Duration caValidity, Duration servingValidity) {
        return new SecretCertificateStore(client, "ibac-system", "ibac-tls", "ibac", Clock.fixed(now, ZoneOffset.UTC),
                caValidity, servingValidity);
    }

    @Test
    void creates_the_secret_once_and_reuses_it() throws Exception {
        TlsBundle first = store(START).ensure();
        Secret secret = client.secrets().inNamespace("ibac-system").withName("ibac-tls").get();
        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(secret.getData()).containsKeys("tls.crt", "tls.key", "ca.crt", "ca.key");
        X509Certificate serving = Pem.certificates(first.certPem()).get(0);
        serving.verify(Pem.certificates(first.caPem()).get(0).getPublicKey());
        assertThat(serving.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .contains("ibac.ibac-system.svc");
        assertThat(store(START.plus(Duration.ofDays(5))).ensure()).isEqualTo(first);
    }

    @Test
    void renews_the_serving_certificate_ahead_of_expiry_with_the_same_ca() {
        TlsBundle first = store(START).ensure();
        TlsBundle renewed = store(START.plus(Duration.ofDays(21))).ensure();
        assertThat(renewed.certPem()).isNotEqualTo(first.certPem());
        assertThat(renewed.caPem()).isEqualTo(first.caPem());
    }

    @Test
    void a_new_ca_keeps_the_old_one_in_the_bundle() throws Exception {
        TlsBundle first = store(START).ensure();
        TlsBundle rotated = store(START.plus(Duration.ofDays(250))).ensure();
        List<X509Certificate> bundle = Pem.certificates(rotated.caPem());
        assertThat(bundle).hasSize(2);
        assertThat(bundle.get(1)).isEqualTo(Pem.certificates(first.caPem()).get(0));
        Pem.certificates(rotated.certPem()).get(0).verify(bundle.get(0).getPublicKey());
    }

    @Test
    void the_ca_is_rotated_when_it_is_due_even_if_the_serving_certificate_is_not() {
        Duration ca = Duration.ofDays(90);
        Duration serving = Duration.ofDays(30);
        TlsBundle first = store(START, ca, serving).ensure();
        TlsBundle renewed = store(START.plus(Duration.ofDays(45)), ca, serving).ensure(); // serving expired, CA fine
        assertThat(renewed.caPem()).isEqualTo(first.caPem());
        TlsBundle rotated = store(START.plus(Duration.ofDays(62)), ca, serving).ensure(); // 28 of 90 CA days left
        assertThat(Pem.certificates(rotated.caPem())).hasSize(2).element(1).isEqualTo(Pem.certificates(first.caPem()).get(0));
        assertThat(rotated.notAfter()).isEqualTo(START.plus(Duration.ofDays(92)));
    }

    @Test
    void two_replicas_starting_together_end_up_with_one_pair() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Callable<TlsBundle> ensure = () -> store(START).ensure();
        List<Future<TlsBundle>> results = pool.invokeAll(List.of(ensure, ensure));
        pool.shutdown();
        assertThat(results.get(0).get()).isEqualTo(results.get(1).get());
    }

    @Test
    void a_replica_that_loses_the_create_race_serves_the_winners_pair() {
        TlsBundle winner = store(START).ensure();
        // the loser looked before the winner's Secret existed
        server.expect().get().withPath(SECRET_PATH).andReturn(404, new StatusBuilder().withCode(404).withReason("NotFound").build()).once();
        assertThat(store(START).ensure()).isEqualTo(winner);
    }

    @Test
    void a_replica_that_loses_the_renewal_race_serves_the_winners_pair() {
        store(START).ensure();
        Secret beforeRenewal = client.secrets().inNamespace("ibac-system").withName("ibac-tls").get();
        Instant renewalDue = START.plus(Duration.ofDays(21));
        TlsBundle winner = store(renewalDue).ensure();
        // the loser read the Secret before the winner's update: its own update must conflict
        server.expect().get().withPath(SECRET_PATH).andReturn(200, beforeRenewal).once();
        assertThat(store(renewalDue).ensure()).isEqualTo(winner);
        String stored = client.secrets().inNamespace("ibac-system").withName("ibac-tls").get().getData().get("tls.crt");
        assertThat(new String(Base64.getDecoder().decode(stored), StandardCharsets.US_ASCII)).isEqualTo(winner.certPem());
    }

    @Test
    void a_foreign_secret_under_the_name_is_never_overwritten() {
        client.secrets().inNamespace("ibac-system").resource(new SecretBuilder().withNewMetadata().withName("ibac-tls").endMetadata()
                .withType("kubernetes.io/tls").addToData("tls.crt", "eA==").addToData("tls.key", "eA==").build()).create();
        assertThatThrownBy(() -> store(START).ensure()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ibac-system/ibac-tls is not one IBAC wrote").hasMessageContaining("ca.crt");
        assertThat(client.secrets().inNamespace("ibac-system").withName("ibac-tls").get().getData()).containsOnlyKeys("tls.crt", "tls.key");
    }
}
