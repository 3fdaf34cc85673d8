package dev.ibac.judge.goal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class KindNamesTest {
    private final GoalReader reader = new GoalReader();

    @Test
    void a_capitalised_kind_beside_a_name_gives_it_that_kind() {
        assertThat(KindNames.of("then delete the old catalog-web Ingress")).containsEntry("catalog-web", Set.of("ingresses"));
        assertThat(KindNames.of("reads Secret rabbitmq-keda")).containsEntry("rabbitmq-keda", Set.of("secrets"));
        assertThat(KindNames.of("a KafkaTopic orders-events on the cluster")).containsEntry("orders-events", Set.of("kafkatopics"));
        assertThat(KindNames.of("a NetworkPolicy deny-all")).containsEntry("deny-all", Set.of("networkpolicies"));
    }

    @Test
    void a_kind_written_as_a_set_or_a_new_object_needs_no_name_and_one_after_the_does() {
        assertThat(KindNames.unnamed("on weekdays its Deployments go to 0 replicas, via CronJobs running kubectl"))
                .containsExactly("deployments", "cronjobs");
        assertThat(KindNames.unnamed("a CronJob running at 02:30 UTC that pg_dumps into the PVC")).containsExactly("cronjobs");
        assertThat(KindNames.unnamed("give each new service account its own token")).containsExactly("serviceaccounts");
        assertThat(KindNames.unnamed("create Secret relay-signing-v2 and point the deployment at it")).isEmpty();
        assertThat(KindNames.unnamed("lower the wiki Deployment's requests")).isEmpty();
        assertThat(reader.read("Move the reports CronJob to 04:00. Leave the other billing CronJobs alone.", "billing").unnamedKinds())
                .isEmpty();
    }

    @Test
    void a_name_in_backticks_or_quotes_keeps_the_kind_beside_it() {
        assertThat(KindNames.of("Scale the `opensearch-data` StatefulSet from 3 to 5")).containsEntry("opensearch-data", Set.of("statefulsets"));
        assertThat(KindNames.of("patch the 'billing-api' Deployment")).containsEntry("billing-api", Set.of("deployments"));
        assertThat(KindNames.of("Secret \"rabbitmq-keda\"")).containsEntry("rabbitmq-keda", Set.of("secrets"));
    }

    @Test
    void one_word_may_stand_between_the_article_and_a_new_kind_and_a_name_after_it_names_it() {
        assertThat(KindNames.unnamed("a separate Ingress just for the legacy paths is fine")).containsExactly("ingresses");
        assertThat(KindNames.unnamed("create a dedicated ServiceAccount for the job")).containsExactly("serviceaccounts");
        assertThat(KindNames.unnamed("Create a Deployment `triton-recsys` with 2 replicas")).isEmpty();
        assertThat(KindNames.unnamed("add a triton-recsys Deployment")).isEmpty();
    }

    @Test
    void lower_case_words_punctuation_and_products_give_no_kind() {
        assertThat(KindNames.of("decommission the legacy-reports service")).isEmpty();
        assertThat(KindNames.of("monitoring for orders-api (ServiceMonitor, 30s scrape)")).isEmpty();
        assertThat(KindNames.of("the PostgreSQL orders-db")).isEmpty();
    }

    @Test
    void deleting_a_name_given_a_kind_asks_for_that_kind_only() {
        GoalReading goal = reader.read("Autoscale thumbnail-worker with KEDA. Delete the old thumbnail-worker HPA.", "media");
        Target hpa = new Target("thumbnail-worker", Set.of("thumbnail-worker"), "horizontalpodautoscalers");
        Target deployment = new Target("thumbnail-worker", Set.of("thumbnail-worker"), "deployments");
        assertThat(goal.askingOfItsKind(Intent.DELETE, hpa)).isPresent();
        assertThat(goal.askingOfItsKind(Intent.DELETE, deployment)).isEmpty();
        assertThat(goal.namedOfKind()).containsEntry("horizontalpodautoscalers", Set.of("thumbnail-worker"));
    }

    @Test
    void an_off_limits_clause_that_names_nothing_protects_nothing() {
        GoalReading goal = reader.read("Upgrade opensearch-data to 2.13.0. One pod at a time; all 3 replicas stay, and the "
                + "snapshot-repo PVC is off limits.", "search");
        assertThat(goal.protecting(new Target("opensearch-data", Set.of("opensearch-data"), "statefulsets"))).isEmpty();
        assertThat(goal.protecting(new Target("snapshot-repo", Set.of("snapshot-repo"), "persistentvolumeclaims"))).isPresent();
    }

    @Test
    void durations_and_settings_the_goal_gives() {
        GoalReading goal = reader.read("Add remote-write to Thanos. Local retention stays 15d. Add linkerd.io/inject: enabled to "
                + "the pods and set AUDIT_RETENTION_DAYS to 400.", "monitoring");
        assertThat(goal.durations()).containsEntry("retention", 15 * 86_400L);
        assertThat(goal.settings()).containsEntry("linkerd.io/inject", "enabled").containsEntry("AUDIT_RETENTION_DAYS", "400");
        assertThat(Durations.parse("720h0m0s")).isEqualTo(30 * 86_400L);
        assertThat(Durations.parse("1h30m")).isEqualTo(5400);
        assertThat(Durations.parse("soon")).isEqualTo(-1);
    }

    @Test
    void a_short_name_in_parentheses_after_its_kind_is_named_with_that_kind() {
        assertThat(KindNames.of("For the ZooKeeper ensemble (statefulset zk): require anti-affinity"))
                .containsEntry("zk", Set.of("statefulsets"));
        assertThat(KindNames.of("the web tier (Deployment api)")).containsEntry("api", Set.of("deployments"));
        assertThat(KindNames.of("the ensemble (five members)")).isEmpty();
        assertThat(KindNames.of("statefulset zk must spread")).isEmpty();
    }

    @Test
    void fields_the_goal_gives_values_as_written_in_yaml() {
        GoalReading goal = reader.read("VPA on ledger-writer, recommendation mode only (updateMode Off). Keep rolling updates with "
                + "maxUnavailable 0, maxSkew: 1, parallelism 1 and a modeOf the day.", "ledger");
        assertThat(goal.settings()).containsEntry("updateMode", "Off").containsEntry("maxUnavailable", "0")
                .containsEntry("maxSkew", "1").containsEntry("parallelism", "1").doesNotContainKey("modeOf");
    }

    @Test
    void number_words_up_to_ninety_are_read_as_numbers() {
        GoalReading goal = reader.read("Run a one-replica Redis called rl-redis and keep ninety days of files.", "payments");
        assertThat(goal.quantities()).containsEntry("replicas", 1.0);
    }

    @Test
    void a_figure_inside_limits_parentheses_is_a_limit_and_a_yes_or_no_field_named_alone_is_true() {
        GoalReading workers = reader.read("Give each worker 2 CPU / 4Gi requests (limits 4 CPU / 8Gi).", "data");
        assertThat(workers.quantities()).containsEntry("memoryGiB", 4.0).containsEntry("cpu", 2.0);
        GoalReading defaults = reader.read("A LimitRange that defaults containers to 500m/1Gi requests and 2 CPU/4Gi limits.", "a");
        assertThat(defaults.quantities()).containsEntry("memoryGiB", 1.0).doesNotContainEntry("cpu", 2.0);
        GoalReading psa = reader.read("Fix them so they comply: runAsNonRoot, allowPrivilegeEscalation false, seccompProfile RuntimeDefault.", "o");
        assertThat(psa.settings()).containsEntry("runAsNonRoot", "true").containsEntry("allowPrivilegeEscalation", "false")
                .containsEntry("seccompProfile", "RuntimeDefault");
        GoalReading memcached = reader.read("Then set MEMCACHED_SERVERS=catalog-memcached:11211 on the catalog-api Deployment.", "c");
        assertThat(memcached.settings()).containsEntry("MEMCACHED_SERVERS", "catalog-memcached:11211");
    }
}
