package dev.ibac.webhook.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class PeerAuditClientTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    KubernetesClient client;

    @Test
    void the_merge_is_newest_first_and_keeps_each_replicas_own_order() {
        List<JsonNode> a = List.of(entry("a3", "2026-11-23T10:00:05Z"), entry("a2", "2026-11-23T10:00:01.5Z"), entry("a1", "2026-11-23T10:00:00Z"));
        // b's clock stepped back between b2 and b1: its chain order still holds in the view
        List<JsonNode> b = List.of(entry("b2", "2026-11-23T10:00:02Z"), entry("b1", "2026-11-23T10:00:03Z"));
        assertThat(PeerAuditClient.newestFirst(List.of(a, b))).extracting(e -> e.path("auditId").asText())
                .containsExactly("a3", "b2", "b1", "a2", "a1");
        assertThat(PeerAuditClient.newestFirst(List.of(List.of(), b))).hasSize(2);
    }

    @Test
    void chain_state_says_whether_the_newest_entries_link_up() {
        JsonNode first = entry("e1", "2026-11-23T10:00:00Z");
        JsonNode second = entry("e2", "2026-11-23T10:00:01Z").put("prevHash", "e1-hash");
        JsonNode third = entry("e3", "2026-11-23T10:00:02Z").put("prevHash", "e2-hash");
        assertThat(ReplicaState.answered("ibac-0", List.of(third, second, first), false).chain()).isEqualTo(ReplicaState.LINKED);
        ReplicaState gap = ReplicaState.answered("ibac-0", List.of(third, first), false);
        assertThat(gap.chain()).startsWith("broken: e3 does not follow e1");
        assertThat(gap.newestHash()).isEqualTo("e3-hash");
        assertThat(gap.entries()).isEqualTo(2);
        assertThat(ReplicaState.answered("ibac-0", List.of(third, first), true).chain()).isEqualTo(ReplicaState.FILTERED);
        assertThat(ReplicaState.answered("ibac-0", List.of(), false).newestHash()).isNull();
    }

    @Test
    void a_statefulset_names_every_pod_at_its_stable_address_behind_the_headless_service() throws IOException {
        client.apps().statefulSets().inNamespace("ibac-system").resource(new StatefulSetBuilder().withNewMetadata().withName("ibac")
                .endMetadata().withNewSpec().withReplicas(3).withServiceName("ibac-peers").endSpec().build()).create();
        StatefulSetPeers peers = new StatefulSetPeers(client, "ibac-system", "ibac-1", "ibac-peers", 8443);
        assertThat(peers.peers()).containsExactly(
                new Peer("ibac-0", URI.create("https://ibac-0.ibac-peers.ibac-system.svc:8443")),
                new Peer("ibac-1", URI.create("https://ibac-1.ibac-peers.ibac-system.svc:8443")),
                new Peer("ibac-2", URI.create("https://ibac-2.ibac-peers.ibac-system.svc:8443")));
        assertThatThrownBy(() -> new StatefulSetPeers(client, "other", "ibac-0", "ibac-peers", 8443).peers())
                .isInstanceOf(IOException.class).hasMessage("StatefulSet other/ibac not found");
        assertThatThrownBy(() -> new StatefulSetPeers(client, "ibac-system", "ibac", "ibac-peers", 8443))
                .hasMessageContaining("needs a StatefulSet pod name as --replica");
    }

    @Test
    void a_fixed_list_is_name_equals_https_url() {
        assertThat(PeerDirectory.parse(List.of("ibac-1=https://10.0.0.2:8443")))
                .containsExactly(new Peer("ibac-1", URI.create("https://10.0.0.2:8443")));
        assertThatThrownBy(() -> PeerDirectory.parse(List.of("ibac-1=http://10.0.0.2:8443"))).hasMessageContaining("https://host:port");
        assertThatThrownBy(() -> PeerDirectory.parse(List.of("https://10.0.0.2:8443"))).hasMessageContaining("NAME=https://host:port");
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode entry(String id, String time) {
        return MAPPER.createObjectNode().put("auditId", id).put("time", time).put("hash", id + "-hash");
    }
}
