package dev.ibac.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibac.action.Action;
import dev.ibac.action.Requester;
import dev.ibac.action.ResourceId;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceCostEstimatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ResourceCostEstimator estimator = new ResourceCostEstimator(4);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // kind        | workload spec wrapping the pod spec                                  | expected USD over 1h
        "Pod           | %s                                                                   | 0.0225",
        "Deployment    | {\"replicas\":3,\"template\":{\"spec\":%s}}                          | 0.0675",
        "StatefulSet   | {\"replicas\":2,\"template\":{\"spec\":%s}}                          | 0.045",
        "ReplicaSet    | {\"template\":{\"spec\":%s}}                                         | 0.0225",
        "DaemonSet     | {\"template\":{\"spec\":%s}}                                         | 0.09",
        "Job           | {\"parallelism\":2,\"template\":{\"spec\":%s}}                       | 0.045",
        "CronJob       | {\"jobTemplate\":{\"spec\":{\"template\":{\"spec\":%s}}}}            | 0.0225",
        "ConfigMap     | {}                                                                   | 0"
    })
    void prices_requests_times_replicas_times_horizon(String kind, String wrapper, String usd) {
        // 500m cpu x $0.04 = $0.02 and 512Mi x $0.005/GiB = $0.0025 per pod-hour
        String pod = "{\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":{\"cpu\":\"500m\",\"memory\":\"512Mi\"}}}]}";
        JsonNode object = obj("{\"kind\":\"" + kind + "\",\"spec\":" + wrapper.formatted(pod) + "}");
        ResourceCost cost = estimator.estimate(action("CREATE", object, null), PriceTable.DEFAULT, Duration.ofHours(1));
        assertThat(cost.usd()).isEqualByComparingTo(usd);
    }

    @Test
    void gpus_are_priced_from_requests_or_limits_and_the_breakdown_explains_it() {
        JsonNode deployment = obj("{\"kind\":\"Deployment\",\"spec\":{\"replicas\":2,\"template\":{\"spec\":{\"containers\":["
                + "{\"name\":\"a\",\"resources\":{\"requests\":{\"cpu\":\"4\",\"memory\":\"16Gi\",\"nvidia.com/gpu\":\"4\"}}},"
                + "{\"name\":\"b\",\"resources\":{\"limits\":{\"nvidia.com/gpu\":\"1\"}}}]}}}}");
        ResourceCost cost = estimator.estimate(action("CREATE", deployment, null), PriceTable.DEFAULT, Duration.ofHours(2));
        // cpu 8 x 0.04 x 2 = 0.64; memory 32 x 0.005 x 2 = 0.32; gpu 10 x 2.50 x 2 = 50
        assertThat(cost.usd()).isEqualByComparingTo("50.96");
        assertThat(cost.breakdown().get("nvidia.com/gpu")).isEqualTo("10 x 2h x $2.5/hour = $50.00");
        assertThat(cost.breakdown().get("cpu")).isEqualTo("8 cores x 2h x $0.04/core-hour = $0.64");
        assertThat(cost.breakdown().get("memory")).isEqualTo("32 GiB x 2h x $0.005/GiB-hour = $0.32");
    }

    @Test
    void an_update_is_charged_only_the_increase_and_never_negative() {
        JsonNode three = deployment(3);
        JsonNode five = deployment(5);
        assertThat(estimator.estimate(action("UPDATE", five, three), PriceTable.DEFAULT, Duration.ofHours(1)).usd())
                .isEqualByComparingTo("0.08");
        assertThat(estimator.estimate(action("UPDATE", three, five), PriceTable.DEFAULT, Duration.ofHours(1)).usd())
                .isEqualByComparingTo("0");
    }

    @Test
    void deletes_cost_nothing() {
        assertThat(estimator.estimate(action("DELETE", null, deployment(3)), PriceTable.DEFAULT, Duration.ofHours(1))).isEqualTo(ResourceCost.NONE);
    }

    @Test
    void budget_prices_override_the_default_table() {
        PriceTable custom = PriceTable.DEFAULT.overriddenBy(new dev.ibac.crd.BudgetSpec.Prices(null, null, "1.00", null, null));
        assertThat(estimator.estimate(action("CREATE", deployment(1), null), custom, Duration.ofHours(1)).usd()).isEqualByComparingTo("1.00");
        assertThat(custom.tokens(1_000_000, 1_000_000)).isEqualByComparingTo("0.75");
    }

    @Test
    void malformed_quantities_are_a_clear_error() {
        JsonNode bad = obj("{\"kind\":\"Pod\",\"spec\":{\"containers\":[{\"resources\":{\"requests\":{\"cpu\":\"lots\"}}}]}}");
        assertThatThrownBy(() -> estimator.estimate(action("CREATE", bad, null), PriceTable.DEFAULT, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"lots\" is not a Kubernetes quantity");
    }

    @ParameterizedTest
    @CsvSource({"500m,0.5", "2,2", "1Gi,1073741824", "1G,1000000000", "512Mi,536870912", "1e3,1000", "1.5k,1500", "100u,0.0001"})
    void parses_kubernetes_quantities_exactly(String quantity, String expected) {
        assertThat(Quantities.parse(quantity)).isEqualByComparingTo(new BigDecimal(expected));
    }

    private static JsonNode deployment(int replicas) {
        return obj("{\"kind\":\"Deployment\",\"spec\":{\"replicas\":" + replicas
                + ",\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":{\"cpu\":\"1\"}}}]}}}}");
    }

    private static JsonNode obj(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static Action action(String op, JsonNode object, JsonNode oldObject) {
        return new Action("uid", op, new ResourceId("apps", "v1", "deployments", ""), "Deployment", "shop", "w", false,
                new Requester("agent", "", List.of()), object, oldObject);
    }
}
