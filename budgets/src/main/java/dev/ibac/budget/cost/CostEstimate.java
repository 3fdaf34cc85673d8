package dev.ibac.budget.cost;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an action costs before the judge runs (SPEC §3): the agent-reported tokens and their price,
 * the provisioned resources' price, and a line per item explaining it (the audit entry's
 * {@code cost.breakdown}). {@code problem} is set when the request cannot be priced (a malformed
 * {@code ibac.io/tokens} annotation or resource quantity): the caller refuses the action with it.
 * {@code unpriced} is set when part of the action has a cost that could not be known (see
 * {@link ResourceCost#unpriced()}): the caller refuses it when a cost limit is in force.
 */
public record CostEstimate(long reportedTokens, BigDecimal tokensUSD, BigDecimal resourceUSD, Map<String, String> breakdown,
        Optional<String> problem, Optional<String> unpriced) {

    public static final CostEstimate NONE = new CostEstimate(0, BigDecimal.ZERO, BigDecimal.ZERO, Map.of(), Optional.empty(),
            Optional.empty());

    public CostEstimate {
        breakdown = Collections.unmodifiableMap(new LinkedHashMap<>(breakdown));
    }

    static CostEstimate unpriceable(String problem) {
        return new CostEstimate(0, BigDecimal.ZERO, BigDecimal.ZERO, Map.of(), Optional.of(problem), Optional.empty());
    }

    /** What the ledger reserves: the reported tokens, and tokens plus resources in USD. */
    public Charge charge() {
        return new Charge(reportedTokens, totalUSD());
    }

    BigDecimal totalUSD() {
        return tokensUSD.add(resourceUSD);
    }
}
