package dev.ibac.budget.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibac.action.Action;
import dev.ibac.action.Requester;
import dev.ibac.action.ResourceId;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceCostEstimatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HOUR = Duration.ofHours(1);
    /** 500m cpu x $0.04 = $0.02 and 512Mi x $0.005/GiB = $0.0025 per pod-hour. */
    private static final String POD = "{\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":{\"cpu\":\"500m\",\"memory\":\"512Mi\"}}}]}";
    private final ResourceCostEstimator estimator = new ResourceCostEstimator(4);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // kind        | workload spec wrapping the pod spec                                                    | expected USD over 1h
        "Pod           | %s                                                                                     | 0.0225",
        "Deployment    | {\"replicas\":3,\"template\":{\"spec\":%s}}                                            | 0.0675",
        "Deployment    | {\"replicas\":0,\"template\":{\"spec\":%s}}                                            | 0",
        "StatefulSet   | {\"replicas\":2,\"template\":{\"spec\":%s}}                                            | 0.045",
        "ReplicaSet    | {\"template\":{\"spec\":%s}}                                                           | 0.0225",
        "DaemonSet     | {\"template\":{\"spec\":%s}}                                                           | 0.09",
        "Job           | {\"parallelism\":2,\"template\":{\"spec\":%s}}                                         | 0.045",
        "Job           | {\"parallelism\":5,\"completions\":1,\"template\":{\"spec\":%s}}                       | 0.0225",
        "Job           | {\"suspend\":true,\"template\":{\"spec\":%s}}                                          | 0",
        "CronJob       | {\"jobTemplate\":{\"spec\":{\"template\":{\"spec\":%s}}}}                              | 0.0225",
        "CronJob       | {\"jobTemplate\":{\"spec\":{\"parallelism\":3,\"template\":{\"spec\":%s}}}}            | 0.0675",
        "ConfigMap     | {}                                                                                     | 0"
    })
    void prices_requests_times_replicas_times_horizon(String kind, String wrapper, String usd) {
        JsonNode object = obj("{\"kind\":\"" + kind + "\",\"spec\":" + wrapper.formatted(POD) + "}");
        CostEstimate cost = estimator.cost(action("CREATE", object, null), PriceTable.DEFAULT, HOUR);
        assertThat(cost.problem()).isEmpty();
        assertThat(cost.resourceUSD()).isEqualByComparingTo(usd);
        assertThat(cost.charge().usd()).isEqualByComparingTo(usd);
    }

    @ParameterizedTest(name = "replicas {0}")
    @ValueSource(strings = {"9223372036854775808", "9223372036854775807", "2147483648", "-1", "1.5"})
    void a_count_past_int32_or_negative_or_fractional_is_unpriceable_instead_of_wrapping_to_nothing(String replicas) {
        JsonNode object = obj("{\"kind\":\"Deployment\",\"spec\":{\"replicas\":" + replicas + ",\"template\":{\"spec\":" + POD + "}}}");
        CostEstimate cost = estimator.cost(action("CREATE", object, null), PriceTable.DEFAULT, HOUR);
        assertThat(cost.problem()).hasValueSatisfying(p -> assertThat(p).contains("a replica or pod count must be a whole number from 0 to 2147483647"));
    }

    @Test
    void the_largest_int32_count_is_priced_exactly() {
        JsonNode object = obj("{\"kind\":\"Deployment\",\"spec\":{\"replicas\":2147483647,\"template\":{\"spec\":" + POD + "}}}");
        CostEstimate cost = estimator.cost(action("CREATE", object, null), PriceTable.DEFAULT, HOUR);
        assertThat(cost.resourceUSD()).isEqualByComparingTo(new BigDecimal("0.0225").multiply(BigDecimal.valueOf(Integer.MAX_VALUE)));
    }

    @Test
    void the_breakdown_says_requests_times_replicas_times_horizon_times_price() {
        JsonNode object = obj("{\"kind\":\"Deployment\",\"spec\":{\"replicas\":3,\"template\":{\"spec\":" + POD + "}}}");
        CostEstimate cost = estimator.cost(action("CREATE", object, null), PriceTable.DEFAULT, HOUR);
        assertThat(cost.breakdown()).containsExactly(
                org.assertj.core.api.Assertions.entry("cpu", "0.5 cores x 3 replicas x 1h x $0.04/core-hour = $0.06"),
                org.assertj.core.api.Assertions.entry("memory", "0.5 GiB x 3 replicas x 1h x $0.005/GiB-hour = $0.0075"));
        JsonNode daemonSet = obj("{\"kind\":\"DaemonSet\",\"spec\":{\"template\":{\"spec\":" + POD + "}}}");
        assertThat(estimator.cost(action("CREATE", daemonSet, null), PriceTable.DEFAULT, HOUR).breakdown().get("cpu"))
                .isEqualTo("0.5 cores x 4 nodes x 1h x $0.04/core-hour = $0.08");
    }

    @Test
    void gpus_are_priced_from_requests_or_limits_and_the_breakdown_explains_it() {
        JsonNode deployment = obj("{\"kind\":\"Deployment\",\"spec\":{\"replicas\":2,\"template\":{\"spec\":{\"containers\":["
                + "{\"name\":\"a\",\"resources\":{\"requests\":{\"cpu\":\"4\",\"memory\":\"16Gi\",\"nvidia.com/gpu\":\"4\"}}},"
                + "{\"name\":\"b\",\"resources\":{\"limits\":{\"nvidia.com/gpu\":\"1\"}}}]}}}}");
        ResourceCost cost = estimator.estimate(action("CREATE", deployment, null), PriceTable.DEFAULT, Duration.ofHours(2));
        // cpu 8 x 0.04 x 2 = 0.64; memory 32 x 0.005 x 2 = 0.32; gpu 10 x 2.50 x 2 = 50
        assertThat(cost.usd()).isEqualByComparingTo("50.96");
        assertThat(cost.breakdown().get("nvidia.com/gpu")).isEqualTo("5 x 2 replicas x 2h x $2.5/hour = $50.00");
        assertThat(cost.breakdown().get("cpu")).isEqualTo("4 cores x 2 replicas x 2h x $0.04/core-hour = $0.64");
        assertThat(cost.breakdown().get("memory")).isEqualTo("16 GiB x 2 replicas x 2h x $0.005/GiB-hour = $0.32");
        assertThat(List.copyOf(cost.breakdown().keySet())).containsExactly("cpu", "memory", "nvidia.com/gpu");
    }

    @Test
    void a_limit_without_a_request_is_the_request_as_kubernetes_defaults_it() {
        JsonNode pod = pod("{\"containers\":[{\"name\":\"c\",\"resources\":{\"limits\":{\"cpu\":\"2\",\"memory\":\"1Gi\"},"
                + "\"requests\":{\"memory\":\"256Mi\"}}}]}");
        // cpu falls back to its limit (2 x 0.04); memory keeps its request (0.25 x 0.005)
        assertThat(usd(pod)).isEqualByComparingTo("0.08125");
    }

    @Test
    void init_containers_sidecars_and_overhead_count_as_the_scheduler_counts_them() {
        JsonNode initHeavy = pod("{\"initContainers\":[{\"name\":\"i\",\"resources\":{\"requests\":{\"cpu\":\"4\"}}}],"
                + "\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":{\"cpu\":\"1\"}}}]}");
        assertThat(usd(initHeavy)).isEqualByComparingTo("0.16"); // max(init 4, app 1) cores
        JsonNode sidecar = pod("{\"initContainers\":[{\"name\":\"s\",\"restartPolicy\":\"Always\",\"resources\":{\"requests\":{\"cpu\":\"500m\"}}},"
                + "{\"name\":\"i\",\"resources\":{\"requests\":{\"cpu\":\"2\"}}}],"
                + "\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":{\"cpu\":\"1\"}}}],\"overhead\":{\"cpu\":\"250m\"}}");
        // max(app 1 + sidecar 0.5, init 2 + sidecar 0.5) + overhead 0.25 = 2.75 cores
        assertThat(usd(sidecar)).isEqualByComparingTo("0.11");
    }

    @Test
    void decimal_and_binary_memory_units_are_priced_exactly() {
        JsonNode pod = pod("{\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":{\"memory\":\"1G\"}}}]}");
        // 10^9 bytes = 0.931322574615478515625 GiB, exactly
        assertThat(usd(pod)).isEqualTo(new BigDecimal("0.004656612873077392578125"));
        CostEstimate halfHour = estimator.cost(action("CREATE", deployment(1), null), PriceTable.DEFAULT, Duration.ofMinutes(30));
        assertThat(halfHour.resourceUSD()).isEqualByComparingTo("0.02");
        assertThat(halfHour.breakdown().get("cpu")).isEqualTo("1 core x 1 replica x 30m x $0.04/core-hour = $0.02");
    }

    @Test
    void an_update_is_charged_only_the_increase_and_never_negative() {
        JsonNode three = deployment(3);
        JsonNode five = deployment(5);
        CostEstimate up = estimator.cost(action("UPDATE", five, three), PriceTable.DEFAULT, HOUR);
        assertThat(up.resourceUSD()).isEqualByComparingTo("0.08");
        assertThat(up.breakdown().get("cpu")).isEqualTo("+2 cores (1 core x 5 replicas, was 1 core x 3 replicas) x 1h x $0.04/core-hour = $0.08");
        CostEstimate down = estimator.cost(action("UPDATE", three, five), PriceTable.DEFAULT, HOUR);
        assertThat(down.resourceUSD()).isEqualByComparingTo("0");
        assertThat(down.breakdown()).isEmpty();
    }

    @Test
    void an_update_that_trades_cpu_for_a_gpu_pays_for_the_gpu_only() {
        JsonNode before = pod("{\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":{\"cpu\":\"4\"}}}]}");
        JsonNode after = pod("{\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":{\"cpu\":\"1\",\"nvidia.com/gpu\":\"1\"}}}]}");
        assertThat(estimator.cost(action("UPDATE", after, before), PriceTable.DEFAULT, HOUR).resourceUSD()).isEqualByComparingTo("2.50");
    }

    @Test
    void deletes_cost_nothing() {
        CostEstimate delete = estimator.cost(action("DELETE", null, deployment(3)), PriceTable.DEFAULT, HOUR);
        assertThat(delete.totalUSD()).isEqualByComparingTo("0");
        assertThat(delete.breakdown()).isEmpty();
    }

    @Test
    void a_scale_up_is_priced_from_the_workload_template_the_lookup_reads() {
        List<String> asked = new ArrayList<>();
        WorkloadLookup lookup = (resource, namespace, name) -> {
            asked.add(resource.qualifiedResource() + " " + namespace + "/" + name);
            return Optional.of(deployment(2));
        };
        ResourceCostEstimator withCluster = new ResourceCostEstimator(4, lookup);
        CostEstimate up = withCluster.cost(scale("UPDATE", 2, 5), PriceTable.DEFAULT, HOUR);
        assertThat(up.resourceUSD()).isEqualByComparingTo("0.12"); // 3 more replicas of 1 core
        assertThat(asked).containsExactly("deployments shop/w");
        assertThat(withCluster.cost(scale("UPDATE", 5, 2), PriceTable.DEFAULT, HOUR).resourceUSD()).isEqualByComparingTo("0");
    }

    @Test
    void a_scale_up_without_a_readable_workload_is_not_charged_and_says_so() {
        CostEstimate up = estimator.cost(scale("UPDATE", 2, 5), PriceTable.DEFAULT, HOUR);
        assertThat(up.resourceUSD()).isEqualByComparingTo("0");
        assertThat(up.breakdown().get("scale")).isEqualTo("replicas 2 -> 5; the pod template of deployments shop/w could not be read"
                + " to price scaling it from 2 to 5 replicas, so the added replicas are not charged");
        assertThat(up.unpriced()).contains("the pod template of deployments shop/w could not be read to price scaling it from 2 to 5 replicas");
        assertThat(estimator.cost(scale("UPDATE", 5, 2), PriceTable.DEFAULT, HOUR).unpriced()).isEmpty(); // scaling down costs nothing
    }

    @Test
    void budget_prices_override_the_default_table() {
        PriceTable custom = PriceTable.DEFAULT.overriddenBy(new dev.ibac.crd.BudgetSpec.Prices(null, null, "1.00", null, null));
        assertThat(estimator.estimate(action("CREATE", deployment(1), null), custom, HOUR).usd()).isEqualByComparingTo("1.00");
        assertThat(custom.tokens(1_000_000, 1_000_000)).isEqualByComparingTo("0.75");
    }

    @Test
    void reported_tokens_are_charged_as_input_tokens() {
        JsonNode object = obj("{\"kind\":\"ConfigMap\",\"metadata\":{\"annotations\":{\"ibac.io/tokens\":\"5000\"}}}");
        CostEstimate cost = estimator.cost(action("CREATE", object, null), PriceTable.DEFAULT, HOUR);
        assertThat(cost.reportedTokens()).isEqualTo(5000);
        assertThat(cost.tokensUSD()).isEqualByComparingTo("0.00075");
        assertThat(cost.charge()).isEqualTo(new Charge(5000, cost.tokensUSD()));
        assertThat(cost.breakdown().get("agentTokens")).isEqualTo("5000 reported (ibac.io/tokens) x $0.15/1M input tokens = $0.00075");
    }

    @Test
    void an_update_that_keeps_the_earlier_token_report_is_not_charged_it_again() {
        JsonNode old = obj("{\"kind\":\"ConfigMap\",\"metadata\":{\"annotations\":{\"ibac.io/tokens\":\"5000\"}},\"data\":{\"a\":\"1\"}}");
        JsonNode same = obj("{\"kind\":\"ConfigMap\",\"metadata\":{\"annotations\":{\"ibac.io/tokens\":\"5000\"}},\"data\":{\"a\":\"2\"}}");
        JsonNode fresh = obj("{\"kind\":\"ConfigMap\",\"metadata\":{\"annotations\":{\"ibac.io/tokens\":\"700\"}}}");
        assertThat(estimator.cost(action("UPDATE", same, old), PriceTable.DEFAULT, HOUR).reportedTokens()).isZero();
        assertThat(estimator.cost(action("UPDATE", fresh, old), PriceTable.DEFAULT, HOUR).reportedTokens()).isEqualTo(700);
        assertThat(estimator.cost(action("DELETE", null, old), PriceTable.DEFAULT, HOUR).reportedTokens()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "lots", "1e3", "12.5", "1000000001", "99999999999999999999", ""})
    void an_invalid_token_report_is_a_problem_not_an_exception(String value) {
        JsonNode object = obj("{\"kind\":\"ConfigMap\",\"metadata\":{\"annotations\":{\"ibac.io/tokens\":\"" + value + "\"}}}");
        CostEstimate cost = estimator.cost(action("CREATE", object, null), PriceTable.DEFAULT, HOUR);
        assertThat(cost.problem()).contains("cannot price this action: annotation ibac.io/tokens must be a whole number of tokens "
                + "from 0 to 1000000000, got \"" + value + "\"");
        assertThat(cost.charge().tokens()).isZero();
        assertThat(cost.charge().usd()).isEqualByComparingTo("0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lots    | spec.template.spec.containers[0].resources.requests.cpu: \"lots\" is not a Kubernetes quantity like 500m, 2, 512Mi or 1Gi",
        "-1      | spec.template.spec.containers[0].resources.requests.cpu: \"-1\" is negative; a request cannot be",
        "1e999   | spec.template.spec.containers[0].resources.requests.cpu: \"1e999\" is too large to be a resource request",
        "5 m     | spec.template.spec.containers[0].resources.requests.cpu: \"5 m\" is not a Kubernetes quantity like 500m, 2, 512Mi or 1Gi"
    })
    void a_malformed_quantity_is_a_problem_naming_the_field(String quantity, String message) {
        JsonNode bad = obj("{\"kind\":\"Deployment\",\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"resources\":{\"requests\":{\"cpu\":\""
                + quantity + "\"}}}]}}}}");
        assertThat(estimator.cost(action("CREATE", bad, null), PriceTable.DEFAULT, HOUR).problem()).contains("cannot price this action: " + message);
        assertThatThrownBy(() -> estimator.estimate(action("CREATE", bad, null), PriceTable.DEFAULT, HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"500m,0.5", "2,2", "1Gi,1073741824", "1G,1000000000", "512Mi,536870912", "1e3,1000", "1E3,1000", "1E,1e18",
        "1.5k,1500", "100u,0.0001", ".5,0.5", "+1,1", "2n,0.000000002"})
    void parses_kubernetes_quantities_exactly(String quantity, String expected) {
        assertThat(Quantities.parse(quantity)).isEqualByComparingTo(new BigDecimal(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1Ki2", "1e", "Mi", "1KiB", "0x10"})
    void rejects_what_is_not_a_quantity(String quantity) {
        assertThatThrownBy(() -> Quantities.parse(quantity)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a Kubernetes quantity");
    }

    private BigDecimal usd(JsonNode object) {
        CostEstimate cost = estimator.cost(action("CREATE", object, null), PriceTable.DEFAULT, HOUR);
        assertThat(cost.problem()).isEmpty();
        return cost.resourceUSD();
    }

    private static JsonNode pod(String spec) {
        return obj("{\"kind\":\"Pod\",\"spec\":" + spec + "}");
    }

    private static JsonNode deployment(int replicas) {
        return obj("{\"kind\":\"Deployment\",\"spec\":{\"replicas\":" + replicas
                + ",\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":{\"cpu\":\"1\"}}}]}}}}");
    }

    private static Action scale(String op, int from, int to) {
        JsonNode before = obj("{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"spec\":{\"replicas\":" + from + "}}");
        JsonNode after = obj("{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"spec\":{\"replicas\":" + to + "}}");
        return new Action("uid", op, new ResourceId("apps", "v1", "deployments", "scale"), "Scale", "shop", "w", false,
                new Requester("agent", "", List.of()), after, before);
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
