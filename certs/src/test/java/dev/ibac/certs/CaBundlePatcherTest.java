package dev.ibac.certs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class CaBundlePatcherTest {
    private static final String OLD = "-----BEGIN CERTIFICATE-----\nold\n-----END CERTIFICATE-----\n";
    private static final String NEW = "-----BEGIN CERTIFICATE-----\nnew\n-----END CERTIFICATE-----\n";
    KubernetesClient client;

    @BeforeEach
    void webhookConfiguration() {
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata().withName("ibac").endMetadata()
                .addNewWebhook().withName("validate.ibac.io").withNewClientConfig().withCaBundle("").endClientConfig().endWebhook()
                .addNewWebhook().withName("second.ibac.io").withNewClientConfig().withCaBundle("").endClientConfig().endWebhook()
                .build()).create();
    }

    private List<String> bundles() {
        return client.admissionRegistration().v1().validatingWebhookConfigurations().withName("ibac").get().getWebhooks().stream()
                .map(w -> new String(Base64.getDecoder().decode(w.getClientConfig().getCaBundle()), StandardCharsets.US_ASCII))
                .toList();
    }

    @Test
    void sets_the_bundle_of_every_webhook_and_reports_a_change_only_once() {
        CaBundlePatcher patcher = new CaBundlePatcher(client, "ibac");
        assertThat(patcher.patch(NEW)).isTrue();
        assertThat(patcher.patch(NEW)).isFalse();
        assertThat(bundles()).containsExactly(NEW, NEW);
    }

    @Test
    void a_missing_configuration_is_left_alone() {
        assertThat(new CaBundlePatcher(client, "missing").patch(NEW)).isFalse();
    }

    @Test
    void a_replica_with_a_stale_view_never_overwrites_a_newer_bundle() {
        AtomicInteger asked = new AtomicInteger();
        Supplier<String> staleThenFresh = () -> {
            if (asked.getAndIncrement() == 0) {
                new CaBundlePatcher(client, "ibac").patch(NEW); // the other replica rotates between our read and write
                return OLD;
            }
            return NEW;
        };
        new CaBundlePatcher(client, "ibac").patch(staleThenFresh);
        assertThat(bundles()).containsExactly(NEW, NEW);
        assertThat(asked).hasValue(2);
    }
}
