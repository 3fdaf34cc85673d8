package dev.ibac.budget.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibac.action.ResourceId;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode's {@link WorkloadLookup}: one GET of the workload a {@code /scale} request scales
 * (needs {@code get} on that resource in IBAC's ClusterRole). Any failure reads as "unknown".
 */
public final class KubernetesWorkloadLookup implements WorkloadLookup {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesWorkloadLookup.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesClient client;

    public KubernetesWorkloadLookup(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<JsonNode> find(ResourceId resource, String namespace, String name) {
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                .withGroup(resource.group()).withVersion(resource.version()).withPlural(resource.resource())
                .withNamespaced(!namespace.isEmpty()).build();
        try {
            var resources = client.genericKubernetesResources(context);
            GenericKubernetesResource found = namespace.isEmpty() ? resources.withName(name).get()
                    : resources.inNamespace(namespace).withName(name).get();
            return Optional.ofNullable(found).map(r -> (JsonNode) JSON.valueToTree(r));
        } catch (KubernetesClientException | IllegalArgumentException e) {
            LOG.warn("cannot read {} {}/{} to price a scale request: {}", resource.resource(), namespace, name, e.getMessage());
            return Optional.empty();
        }
    }
}
