package dev.ibac.budget.cost;

import dev.ibac.crd.BudgetSpec;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/** What tokens and provisioned resources cost, in USD. A Budget's prices override the cluster default. */
public record PriceTable(
        BigDecimal inputTokensPer1M,
        BigDecimal outputTokensPer1M,
        BigDecimal cpuCoreHour,
        BigDecimal memoryGiBHour,
        Map<String, BigDecimal> extendedResourceHour) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public static final PriceTable DEFAULT = new PriceTable(new BigDecimal("0.15"), new BigDecimal("0.60"),
            new BigDecimal("0.04"), new BigDecimal("0.005"), Map.of("nvidia.com/gpu", new BigDecimal("2.50")));

    public PriceTable {
        extendedResourceHour = Map.copyOf(extendedResourceHour);
    }

    /** The Budget's prices where it sets them, else this table's. */
    public PriceTable overriddenBy(BudgetSpec.Prices prices) {
        if (prices == null) {
            return this;
        }
        Map<String, BigDecimal> extended = new HashMap<>(extendedResourceHour);
        if (prices.extendedResourceHour() != null) {
            prices.extendedResourceHour().forEach((k, v) -> extended.put(k, Money.parse(v, "prices.extendedResourceHour." + k)));
        }
        return new PriceTable(
                or(prices.inputTokensPer1M(), inputTokensPer1M, "prices.inputTokensPer1M"),
                or(prices.outputTokensPer1M(), outputTokensPer1M, "prices.outputTokensPer1M"),
                or(prices.cpuCoreHour(), cpuCoreHour, "prices.cpuCoreHour"),
                or(prices.memoryGiBHour(), memoryGiBHour, "prices.memoryGiBHour"), extended);
    }

    public BigDecimal tokens(long input, long output) {
        return inputTokensPer1M.multiply(BigDecimal.valueOf(input)).add(outputTokensPer1M.multiply(BigDecimal.valueOf(output)))
                .divide(MILLION);
    }

    private static BigDecimal or(String value, BigDecimal fallback, String field) {
        return value == null ? fallback : Money.parse(value, field);
    }
}
