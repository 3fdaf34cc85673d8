package dev.ibac.judge.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.judge.Effect;
import dev.ibac.judge.JudgeVerdict.Risk;
import dev.ibac.judge.goal.GoalReader;
import dev.ibac.judge.goal.GoalReading;
import dev.ibac.judge.semantic.Assessment.Contradicted;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrantListTest {
    private static Effect grant(String grant) {
        return new Effect(Effect.Family.PERMISSIONS, Risk.MEDIUM, "roles \"deployer\" grants " + grant, "roles \"deployer\"", "", grant,
                Map.of("grant", grant, "role", "", "subject", ""));
    }

    private final GoalReading exactly = new GoalReader().read("Create a Role `deployer` that allows exactly: `get`, `list`, `watch`, `patch` on"
            + " `deployments`; `get` on `pods/log`. No access to Secrets, no other verbs.", "ci");

    @Test
    void a_verb_or_resource_beyond_a_list_the_goal_says_is_all_is_more_than_it_grants() {
        assertThat(BoundaryRules.permissions(grant("get, list, watch, patch, delete on deployments"), exactly))
                .isInstanceOfSatisfying(Contradicted.class, c -> assertThat(c.why()).contains("delete is not one of them"));
        assertThat(BoundaryRules.permissions(grant("create on pods/exec"), exactly))
                .isInstanceOfSatisfying(Contradicted.class, c -> assertThat(c.why()).contains("pods/exec is not one of them"));
        assertThat(BoundaryRules.permissions(grant("get, list on deployments"), exactly)).isNotInstanceOf(Contradicted.class);
    }

    @Test
    void a_list_not_said_to_be_all_or_an_exactly_about_something_else_bounds_nothing() {
        GoalReading scaler = new GoalReader().read("Give them a ServiceAccount that can only get/patch shop-web and its scale subresource."
                + " Leave checkout-api exactly as it is.", "storefront");
        assertThat(BoundaryRules.permissions(grant("get, patch, update on deployments/scale"), scaler)).isNotInstanceOf(Contradicted.class);
    }

    @Test
    void a_kind_in_the_list_counts_in_any_spelling_the_goal_gives_it_and_a_subresource_by_its_own_word() {
        GoalReading policies = new GoalReader().read("A Role that allows exactly get, list, watch on network policies and Ingresses, "
                + "and get on the pods' logs; nothing else.", "edge");
        assertThat(BoundaryRules.permissions(grant("get, list, watch on networkpolicies, ingresses"), policies)).isNotInstanceOf(Contradicted.class);
        assertThat(BoundaryRules.permissions(grant("get on pods/log"), policies)).isNotInstanceOf(Contradicted.class);
        assertThat(BoundaryRules.permissions(grant("get on services"), policies))
                .isInstanceOfSatisfying(Contradicted.class, c -> assertThat(c.why()).contains("services is not one of them"));
    }
}
