package dev.ibac.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** {@code Budget.spec}; see SPEC §2. Periods and horizons are Go-style durations ("24h", "30m"). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BudgetSpec(TokenLimit tokens, CostLimit cost, Prices prices, String costHorizon) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenLimit(Long limit, String period) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CostLimit(String limitUSD, String period) {}

    /** Prices as decimal strings in USD. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prices(
            String inputTokensPer1M,
            String outputTokensPer1M,
            String cpuCoreHour,
            String memoryGiBHour,
            Map<String, String> extendedResourceHour) {}
}
