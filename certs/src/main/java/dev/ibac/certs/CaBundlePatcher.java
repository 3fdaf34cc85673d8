package dev.ibac.certs;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Keeps the caBundle of every webhook in IBAC's ValidatingWebhookConfiguration equal to the CA bundle in use. */
public final class CaBundlePatcher {
    private final KubernetesClient client;
    private final String configuration;

    public CaBundlePatcher(KubernetesClient client, String configuration) {
        this.client = client;
        this.configuration = configuration;
    }

    /** Returns true when something changed; false when already current or the configuration does not exist. */
    public boolean patch(String caBundlePem) {
        String encoded = Base64.getEncoder().encodeToString(caBundlePem.getBytes(StandardCharsets.US_ASCII));
        var resource = client.admissionRegistration().v1().validatingWebhookConfigurations().withName(configuration);
        ValidatingWebhookConfiguration current = resource.get();
        if (current == null || current.getWebhooks().stream().allMatch(w -> encoded.equals(w.getClientConfig().getCaBundle()))) {
            return false;
        }
        resource.edit(c -> {
            for (ValidatingWebhook webhook : c.getWebhooks()) {
                webhook.getClientConfig().setCaBundle(encoded);
            }
            return c;
        });
        return true;
    }
}
