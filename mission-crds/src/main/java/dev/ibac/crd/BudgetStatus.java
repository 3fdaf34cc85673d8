package dev.ibac.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** {@code Budget.status}: the current window and what was spent in it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BudgetStatus(String windowStart, Spent spent, List<Condition> conditions) {}
