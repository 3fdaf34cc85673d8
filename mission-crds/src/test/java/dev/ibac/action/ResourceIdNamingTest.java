package dev.ibac.action;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceIdNamingTest {
    @Test
    void a_kind_gets_the_resource_name_of_the_kubernetes_convention_and_back() {
        assertThat(ResourceId.pluralOf("Deployment")).isEqualTo("deployments");
        assertThat(ResourceId.pluralOf("Ingress")).isEqualTo("ingresses");
        assertThat(ResourceId.pluralOf("NetworkPolicy")).isEqualTo("networkpolicies");
        assertThat(ResourceId.pluralOf("Gateway")).isEqualTo("gateways");
        assertThat(ResourceId.pluralOf("pods")).isEqualTo("pods");
        for (String kind : new String[] {"deployment", "ingress", "networkpolicy", "gateway", "secretstore", "issuer", "batch"}) {
            assertThat(ResourceId.singularOf(ResourceId.pluralOf(kind))).as(kind).isEqualTo(kind);
        }
    }
}
