package dev.ibac.certs;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

/** Keeps the caBundle of every webhook in IBAC's ValidatingWebhookConfiguration equal to the CA bundle in use. */
public final class CaBundlePatcher {
    private final KubernetesClient client;
    private final String configuration;

    /** @param configuration the ValidatingWebhookConfiguration's name ("ibac" in deploy/base) */
    public CaBundlePatcher(KubernetesClient client, String configuration) {
        this.client = client;
        this.configuration = configuration;
    }

    /** Sets every webhook's caBundle to this PEM bundle; see {@link #patch(Supplier)}. */
    public boolean patch(String caBundlePem) {
        return patch(() -> caBundlePem);
    }

    /**
     * Sets every webhook's caBundle to the PEM bundle {@code latest} supplies, asked only after the
     * configuration was read and written under its resourceVersion: a replica whose view of the
     * certificate Secret is stale can then never overwrite a newer bundle written by another — pass
     * {@code () -> store.ensure().caPem()}. Returns true when something changed; false when already
     * current or the configuration does not exist.
     */
    public boolean patch(Supplier<String> latest) {
        return WebhookConfigurations.update(client, configuration, current -> {
            String encoded = Base64.getEncoder().encodeToString(latest.get().getBytes(StandardCharsets.US_ASCII));
            if (current.getWebhooks().stream().allMatch(w -> encoded.equals(w.getClientConfig().getCaBundle()))) {
                return false;
            }
            current.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(encoded));
            return true;
        }) == WebhookConfigurations.Result.UPDATED;
    }
}
