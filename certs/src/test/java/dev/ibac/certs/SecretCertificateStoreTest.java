package dev.ibac.certs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
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
    KubernetesClient client;

    private SecretCertificateStore store(Instant now) {
        return new SecretCertificateStore(client, "ibac-system", "ibac-tls", "ibac", Clock.fixed(now, ZoneOffset.UTC),
                Duration.ofDays(300), Duration.ofDays(30));
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
    void two_replicas_starting_together_end_up_with_one_pair() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Callable<TlsBundle> ensure = () -> store(START).ensure();
        List<Future<TlsBundle>> results = pool.invokeAll(List.of(ensure, ensure));
        pool.shutdown();
        assertThat(results.get(0).get()).isEqualTo(results.get(1).get());
    }

    @Test
    void patches_the_ca_bundle_of_every_webhook() {
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata().withName("ibac").endMetadata()
                .addNewWebhook().withName("validate.ibac.io").withNewClientConfig().withCaBundle("").endClientConfig().endWebhook()
                .build()).create();
        TlsBundle bundle = store(START).ensure();
        CaBundlePatcher patcher = new CaBundlePatcher(client, "ibac");
        assertThat(patcher.patch(bundle.caPem())).isTrue();
        assertThat(patcher.patch(bundle.caPem())).isFalse();
        String caBundle = client.admissionRegistration().v1().validatingWebhookConfigurations().withName("ibac").get()
                .getWebhooks().get(0).getClientConfig().getCaBundle();
        assertThat(new String(Base64.getDecoder().decode(caBundle), StandardCharsets.US_ASCII)).isEqualTo(bundle.caPem());
        assertThat(new CaBundlePatcher(client, "missing").patch(bundle.caPem())).isFalse();
    }
}
