package dev.ibac.crd;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Optional caps for one mission, for its whole life; {@code costUSD} is a decimal string. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MissionBudget(Long tokens, String costUSD) {}
