package dev.ibac.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** A namespace's token and cost budget; the namespace's budget is the one named {@code default}. */
@Group(Mission.GROUP)
@Version(Mission.VERSION)
@Plural("budgets")
public class Budget extends CustomResource<BudgetSpec, BudgetStatus> implements Namespaced {
    public static final String DEFAULT_NAME = "default";
    private static final long serialVersionUID = 1L;
}
