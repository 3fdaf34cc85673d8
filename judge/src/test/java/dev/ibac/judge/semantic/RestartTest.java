package dev.ibac.judge.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode workload(String checksum, int replicas, String image) throws Exception {
        return JSON.readTree(("{'metadata':{'name':'loki','resourceVersion':'%s'},'spec':{'replicas':%d,'template':{'metadata':"
                + "{'labels':{'app':'loki'},'annotations':{'checksum/config':'%s'}},'spec':{'containers':[{'name':'loki','image':'%s'}]}}}}")
                .formatted(checksum, replicas, checksum, image).replace('\'', '"'));
    }

    @Test
    void only_the_pod_templates_annotations_changing_is_a_restart() throws Exception {
        assertThat(Restart.only(workload("b2", 3, "loki:3.1"), workload("a1", 3, "loki:3.1"))).isTrue();
        assertThat(Restart.only(workload("b2", 1, "loki:3.1"), workload("a1", 3, "loki:3.1"))).isFalse();
        assertThat(Restart.only(workload("b2", 3, "loki:3.2"), workload("a1", 3, "loki:3.1"))).isFalse();
        assertThat(Restart.only(workload("a1", 3, "loki:3.1"), workload("a1", 3, "loki:3.1"))).isFalse();
        assertThat(Restart.only(workload("b2", 3, "loki:3.1"), null)).isFalse();
    }
}
