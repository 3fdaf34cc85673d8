package dev.ibac.budget.cost;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What provisioned resources cost over the horizon, with a line per resource explaining it.
 * {@code unpriced} says why part of the action could not be priced (a scale-up whose pod template
 * could not be read): {@code usd} is then a lower bound.
 */
record ResourceCost(BigDecimal usd, Map<String, String> breakdown, Optional<String> unpriced) {
    public static final ResourceCost NONE = new ResourceCost(BigDecimal.ZERO, Map.of());

    public ResourceCost {
        breakdown = Collections.unmodifiableMap(new LinkedHashMap<>(breakdown));
    }

    public ResourceCost(BigDecimal usd, Map<String, String> breakdown) {
        this(usd, breakdown, Optional.empty());
    }
}
