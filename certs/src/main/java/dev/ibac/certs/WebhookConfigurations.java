package dev.ibac.certs;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Predicate;

/**
 * Read-modify-write of IBAC's ValidatingWebhookConfiguration under its resourceVersion: the
 * caBundle ({@link CaBundlePatcher}) and the agents-only matchCondition are kept current this way,
 * and an update that lost a race (409) reads again, so replicas never overwrite each other.
 */
public final class WebhookConfigurations {
    static final int ATTEMPTS = 5;

    /** What {@link #update} did. */
    public enum Result { MISSING, CURRENT, UPDATED }

    private WebhookConfigurations() {}

    /**
     * Reads configuration {@code name}, lets {@code change} modify it (true when it changed something)
     * and writes it under the resourceVersion just read. Errors other than a conflict are thrown;
     * IllegalStateException when it kept changing for {@value #ATTEMPTS} attempts.
     */
    public static Result update(KubernetesClient client, String name, Predicate<ValidatingWebhookConfiguration> change) {
        var configurations = client.admissionRegistration().v1().validatingWebhookConfigurations();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ValidatingWebhookConfiguration current = configurations.withName(name).get();
            if (current == null) {
                return Result.MISSING;
            }
            if (!change.test(current)) {
                return Result.CURRENT;
            }
            try {
                configurations.resource(current).update();
                return Result.UPDATED;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("ValidatingWebhookConfiguration " + name + " kept changing under us");
    }
}
