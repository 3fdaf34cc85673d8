package dev.ibac.budget.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.action.ResourceId;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesWorkloadLookupTest {
    KubernetesClient client;

    @Test
    void reads_the_workload_behind_a_scale_request_and_reports_a_missing_one_as_unknown() {
        client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder()
                .withNewMetadata().withName("checkout").endMetadata()
                .withNewSpec().withReplicas(2).withNewTemplate().withNewSpec().addNewContainer().withName("c").withNewResources()
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("750m")).endResources().endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        KubernetesWorkloadLookup lookup = new KubernetesWorkloadLookup(client);
        ResourceId deployments = new ResourceId("apps", "v1", "deployments", "");

        assertThat(lookup.find(deployments, "shop", "checkout")).hasValueSatisfying(json -> assertThat(
                json.at("/spec/template/spec/containers/0/resources/requests/cpu").asText()).isEqualTo("750m"));
        assertThat(lookup.find(deployments, "shop", "absent")).isEmpty();
    }
}
