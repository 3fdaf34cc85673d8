package dev.ibac.budget;

import java.math.BigDecimal;
import java.util.Map;

/** What provisioned resources cost over the horizon, with a line per resource explaining it. */
public record ResourceCost(BigDecimal usd, Map<String, String> breakdown) {
    public static final ResourceCost NONE = new ResourceCost(BigDecimal.ZERO, Map.of());

    public ResourceCost {
        breakdown = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(breakdown));
    }
}
