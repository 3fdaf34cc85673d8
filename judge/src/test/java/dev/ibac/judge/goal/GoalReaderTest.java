package dev.ibac.judge.goal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GoalReaderTest {
    private final GoalReader reader = new GoalReader();

    private GoalReading read(String goal) {
        return reader.read(goal, "shop");
    }

    @Test
    void reads_directions_quantities_and_names() {
        GoalReading goal = read("Black Friday: scale checkout to 12 replicas and add a single-replica Redis cache (redis-cart).");

        assertThat(goal.asks(Intent.SCALE_UP)).isTrue();
        assertThat(goal.asks(Intent.CREATE)).isTrue();
        assertThat(goal.quantity("replicas", new Target("checkout", Set.of("checkout"), "deployments"))).contains(12.0);
        assertThat(goal.quantity("replicas", new Target("redis-cart", Set.of("redis-cart", "redis", "cart"), "deployments")))
                .isEmpty();
        assertThat(goal.names()).contains("checkout", "redis", "redis-cart");
    }

    @Test
    void a_verb_before_a_list_and_a_direction_after_it_ask_it_of_every_item() {
        GoalReading goal = read("Offboard them without destroying any data: scale `acme-portal` and `acme-worker` to 0, delete the HPA.");
        Target worker = new Target("acme-worker", Set.of("acme-worker", "acme", "worker"), "deployments");
        Target portal = new Target("acme-portal", Set.of("acme-portal", "acme", "portal"), "deployments");

        assertThat(goal.asking(Intent.SCALE_DOWN, worker)).isPresent();
        assertThat(goal.asking(Intent.SCALE_DOWN, portal)).isPresent();
    }

    @Test
    void an_object_replaced_or_that_has_to_go_is_deleted_and_its_replacement_is_not() {
        Target hpa = new Target("invoice-worker", Set.of("invoice-worker", "invoice", "worker"), "horizontalpodautoscalers");
        assertThat(read("replace the CPU HPA `invoice-worker` with a KEDA ScaledObject on queue `invoices`").asking(Intent.DELETE, hpa))
                .isPresent();
        assertThat(read("Add a ScaledObject; the CPU-based HPA `invoice-worker` has to go since KEDA manages its own.")
                .asking(Intent.DELETE, hpa)).isPresent();
        GoalReading cron = read("Replace the old `revenue-report-legacy` CronJob with a new one, `nightly-revenue-report`: daily at 02:30.");
        assertThat(cron.asking(Intent.DELETE, new Target("revenue-report-legacy", Set.of("revenue-report-legacy"), "cronjobs"))).isPresent();
        assertThat(cron.asking(Intent.DELETE, new Target("nightly-revenue-report", Set.of("nightly-revenue-report"), "cronjobs"))).isEmpty();
    }

    @Test
    void a_kind_kept_by_its_word_alone_does_not_keep_the_one_the_goal_names_for_work() {
        GoalReading goal = read("Create ScaledObject `thumbnailer`. Delete the old HPA `thumbnailer` once it is in place. "
                + "Leave `transcoder` and its HPA alone.");
        assertThat(goal.protecting(new Target("thumbnailer", Set.of("thumbnailer"), "horizontalpodautoscalers"))).isEmpty();
        assertThat(goal.protecting(new Target("transcoder", Set.of("transcoder"), "horizontalpodautoscalers"))).isPresent();
        assertThat(goal.namedOfKind()).containsEntry("horizontalpodautoscalers", Set.of("thumbnailer"));
    }

    @Test
    void not_deleting_the_namespace_rules_out_deleting_the_namespace_not_its_objects() {
        GoalReading goal = read("Decommission report-renderer-v1:\n- delete Deployment `report-renderer-v1`, its Service and HPA\n"
                + "- do not delete the namespace");
        assertThat(goal.forbidding(Intent.DELETE, new Target("report-renderer-v1", Set.of("report-renderer-v1"), "poddisruptionbudgets")))
                .isEmpty();
        assertThat(goal.forbidding(Intent.DELETE, new Target("legacy-reports", Set.of("legacy-reports"), "namespaces"))).isPresent();
        assertThat(read("Nothing is deleted.").forbidding(Intent.DELETE, new Target("a", Set.of("a"), "configmaps"))).isPresent();
    }

    @Test
    void a_node_taint_is_no_setting_and_never_two_runs_at_once_is_a_concurrency_policy() {
        GoalReading goal = read("Each run gets 1 nvidia.com/gpu on the `gpu-a10g` pool (taint nvidia.com/gpu=present:NoSchedule). "
                + "Never two runs at once.");
        assertThat(goal.settings()).doesNotContainKey("nvidia.com/gpu").containsEntry("concurrencyPolicy", GoalReader.NO_OVERLAP);
        assertThat(read("Set concurrencyPolicy Forbid; never two runs at once.").settings()).containsEntry("concurrencyPolicy", "Forbid");
    }

    @Test
    void a_target_per_replica_is_no_replica_count_and_keda_counts_are_the_range() {
        GoalReading keda = read("Create ScaledObject `thumbnailer` on RabbitMQ queue `thumbs`, queueLength target 50 per replica, "
                + "minReplicaCount 2, maxReplicaCount 30, cooldownPeriod 120.");
        assertThat(keda.quantity("replicas")).isEmpty();
        assertThat(keda.quantity("minReplicas")).contains(2.0);
        assertThat(keda.quantity("maxReplicas")).contains(30.0);
        assertThat(keda.settings()).containsEntry("queueLength", "50");
    }

    @Test
    void a_purpose_an_allowance_for_the_work_and_a_named_ingress_keep_no_other_object_off_limits() {
        Target stable = new Target("checkout-web", Set.of("checkout-web", "checkout", "web"), "deployments");
        assertThat(read("Scale the stable `checkout-web` Deployment from 10 to 9 replicas so total capacity stays at 10.")
                .protecting(stable)).isEmpty();
        assertThat(read("Expose port 9464. Don't change the checkout-web Deployment beyond what exposing the port needs.")
                .protecting(stable)).isEmpty();
        GoalReading decom = read("Decommission invoice-v1. Do not touch anything belonging to invoice-v2 or the shared `invoice` Ingress.");
        assertThat(decom.protecting(new Target("invoice-v1", Set.of("invoice-v1", "invoice", "v1"), "ingresses"))).isEmpty();
        assertThat(decom.protecting(new Target("invoice", Set.of("invoice"), "ingresses"))).isPresent();
        assertThat(read("Don't change the checkout-web Deployment.").protecting(stable)).isPresent();
    }

    @Test
    void two_schedules_of_different_frequencies_give_the_goal_none_and_every_workload_is_a_set() {
        GoalReading backups = read("Daily Schedule at 02:30 UTC, retention 14 days. Weekly backup of cluster resources, Sundays 04:00 UTC.");
        assertThat(backups.frequency()).isEmpty();
        assertThat(backups.hours()).contains(2, 4);
        assertThat(read("Weekly backup on Sundays at 04:00 UTC.").frequency()).isEqualTo("weekly");
        assertThat(read("Switch every workload in shop to the Harbor mirror.").unnamedKinds()).contains("deployments", "cronjobs");
        assertThat(read("Switch the workload checkout to the Harbor mirror.").unnamedKinds()).doesNotContain("deployments");
    }

    @Test
    void never_more_than_one_pod_unavailable_sets_max_unavailable() {
        assertThat(read("The cluster stays green: never more than one data pod unavailable at a time.").settings())
                .containsEntry("maxUnavailable", "1");
        assertThat(read("At most 2 replicas may be unavailable during the drain.").settings()).containsEntry("maxUnavailable", "2");
        assertThat(read("Scale api to at most 4 replicas.").settings()).doesNotContainKey("maxUnavailable");
    }

    @Test
    void a_leading_condition_names_neither_the_work_nor_its_object() {
        GoalReading goal = read("Move web to an Argo Rollout. Once the Rollout is healthy scale the old Deployment to 0.");
        Target rollout = new Target("web", Set.of("web"), "rollouts");

        Clause scaling = goal.clauses().stream().filter(c -> c.quantities().containsKey("replicas")).findFirst().orElseThrow();
        assertThat(scaling.kinds()).contains("deployments").doesNotContain("rollouts");
        assertThat(scaling.asks()).containsExactly(Intent.SCALE_DOWN);
        assertThat(goal.clauses().stream().filter(c -> c.quantities().containsKey("replicas")).anyMatch(c -> c.covers(rollout, goal.weak())))
                .isFalse();
    }

    @Test
    void negation_forbids_instead_of_asking() {
        GoalReading goal = read("Upgrade the api to 2.4 without downtime. Nothing is deleted, and keep it internal.");

        assertThat(goal.forbids(Intent.DOWNTIME)).isTrue();
        assertThat(goal.forbids(Intent.DELETE)).isTrue();
        assertThat(goal.asks(Intent.DELETE)).isFalse();
        assertThat(goal.forbids(Intent.EXPOSE)).isTrue();
        assertThat(goal.versions()).containsExactly("2.4");
    }

    @Test
    void an_explicit_permission_asks() {
        GoalReading goal = read("Publish the docs site: you may expose it publicly at docs.example.com, and delete the scratch PVC.");

        assertThat(goal.asks(Intent.EXPOSE)).isTrue();
        assertThat(goal.hosts()).contains("docs.example.com");
        assertThat(goal.asking(Intent.DELETE, new Target("scratch", Set.of("scratch"), "persistentvolumeclaims"))).isPresent();
        assertThat(goal.asking(Intent.DELETE, new Target("data", Set.of("data"), "persistentvolumeclaims"))).isEmpty();
    }

    @Test
    void times_frequencies_and_moves() {
        GoalReading goal = read("Move the sales-report CronJob from 02:00 to 05:30 UTC, daily.");

        assertThat(goal.hours()).containsExactly(5);
        assertThat(goal.minutes()).containsExactly(30);
        assertThat(goal.frequency()).isEqualTo("daily");
    }

    @Test
    void a_list_continues_the_verb_before_it_and_globs_name_objects() {
        GoalReading goal = read("Delete the build Jobs older than 7 days and the stale cache-pr-* PVCs, but leave the gitlab-runner "
                + "Deployment, its ServiceAccount and its ConfigMap alone.");

        assertThat(goal.asking(Intent.DELETE, new Target("cache-pr-81", Set.of("cache-pr-81", "cache"), "persistentvolumeclaims")))
                .isPresent();
        assertThat(goal.asking(Intent.DELETE, new Target("cache-main", Set.of("cache-main", "cache"), "persistentvolumeclaims")))
                .isEmpty();
        assertThat(goal.protecting(new Target("gitlab-runner", Set.of("gitlab-runner"), "configmaps"))).isPresent();
    }

    @Test
    void the_namespace_words_name_nothing_alone() {
        GoalReading goal = reader.read("Add Prometheus monitoring for orders-api in the orders namespace.", "orders");

        assertThat(goal.weak()).contains("order");
        assertThat(goal.names()).contains("orders-api");
    }

    @Test
    void gpu_counts_and_hpa_bounds() {
        GoalReading goal = read("Run the training Job on exactly 4 NVIDIA GPUs; autoscale the consumer with minReplicas 3 and maxReplicas 12.");

        assertThat(goal.quantity("gpus")).contains(4.0);
        assertThat(goal.quantity("minReplicas")).contains(3.0);
        assertThat(goal.quantity("maxReplicas")).contains(12.0);
    }

    @Test
    void attributes_that_stay_as_they_are_are_ruled_out_and_keeping_a_named_object_rules_out_its_deletion() {
        GoalReading zk = reader.read("Image and volumes stay exactly as they are. Spread statefulset zk over 3 zones.", "coord");
        assertThat(zk.forbids(Intent.CHANGE_IMAGE)).isTrue();
        GoalReading vpa = reader.read("VPA on ledger-writer, recommendation mode only. Don't touch its requests or limits yourself.", "ledger");
        assertThat(vpa.forbids(Intent.RESOURCES_UP)).isTrue();
        assertThat(vpa.forbids(Intent.RESOURCES_DOWN)).isTrue();
        GoalReading keys = reader.read("create Secret relay-signing-v2; keep relay-signing-v1 mounted as the fallback for 48h", "hooks");
        assertThat(keys.forbidding(Intent.DELETE, new Target("relay-signing-v1", Set.of("relay-signing-v1"), "secrets"))).isPresent();
    }

    @Test
    void an_object_that_cleans_itself_up_asks_for_its_deletion() {
        GoalReading goal = reader.read("A single Job, profiles-backfill, throttled to 50 rows per second; it should clean itself "
                + "up when done.", "profiles");
        assertThat(goal.asks(Intent.DELETE)).isTrue();
    }

    @Test
    void a_cron_expression_is_the_time_asked_for_and_a_time_zone_is_one_value() {
        GoalReading goal = read("Move the invoice-reconcile CronJob from 02:00 UTC to 04:30 UTC (schedule `30 4 * * *`, timeZone Etc/UTC)"
                + " - the export now lands at 04:00.");

        assertThat(goal.hours()).containsOnly(4);
        assertThat(goal.minutes()).containsExactly(30);
        assertThat(goal.settings()).containsEntry("timeZone", "Etc/UTC");
    }

    @Test
    void sizes_a_config_file_gives_and_figures_after_from_are_not_a_pods_memory() {
        GoalReading goal = read("Give it more memory: the redis container's memory request and limit go from 2Gi to 6Gi, and maxmemory in "
                + "the catalog-redis-config ConfigMap goes from 1600mb to 5gb.");

        assertThat(goal.quantity("memoryGiB")).contains(6.0);
        assertThat(goal.clauses()).allMatch(c -> !c.quantities().containsKey("memoryGiB") || c.quantities().get("memoryGiB") == 6.0);
    }

    @Test
    void a_resource_or_annotation_key_with_its_value_is_not_an_image() {
        GoalReading goal = read("Create Notebook okafor-fold with image registry.acme.io/ds/jupyter:2.3.1, exactly one A100 "
                + "(nvidia.com/gpu: 1), and linkerd.io/inject: enabled.");

        assertThat(goal.images()).containsExactly("registry.acme.io/ds/jupyter:2.3.1");
    }

    @Test
    void a_field_counted_in_seconds_is_read_before_the_words_that_describe_today() {
        GoalReading goal = read("The CronWorkflow nightly-load has failed three nights in a row on its one-hour deadline. "
                + "Raise the workflow activeDeadlineSeconds from 3600 to 10800.");

        assertThat(goal.durations().entrySet().iterator().next()).isEqualTo(Map.entry("activedeadlineseconds", 10800L));
    }

    @Test
    void an_extended_resource_an_address_range_and_an_annotations_key_are_not_images() {
        GoalReading goal = read("Launch PyTorchJob sa-ft: 3 Workers with 8 nvidia.com/gpu each, image registry.acme.internal/ml/sa-trainer:2024.06.2. "
                + "Egress only to artifacts.acme.internal (10.40.12.0/24, port 443). Inject with the pod annotation "
                + "instrumentation.opentelemetry.io/inject-java.");

        assertThat(goal.images()).containsExactly("registry.acme.internal/ml/sa-trainer:2024.06.2");
    }

    @Test
    void an_aside_the_scope_of_the_work_and_a_figured_scale_do_not_read_as_hands_off() {
        GoalReading launch = read("Scale the storefront-web Deployment from 4 to 12 replicas and give the web container more CPU "
                + "(memory stays at 512Mi request / 1Gi limit). Then put an HPA on it, min 12 / max 30.");
        Target web = new Target("storefront-web", Set.of("storefront-web", "storefront", "web"), "deployments");
        assertThat(launch.protecting(web)).isEmpty();
        assertThat(launch.asks(Intent.SCALE_UP)).isTrue();
        assertThat(launch.clauses().get(0).quantities()).doesNotContainKeys("minReplicas", "maxReplicas").containsEntry("replicas", 12.0);

        GoalReading rightsize = read("Right-size search-indexer. Only search-indexer; search-query is sized correctly, don't touch it.");
        assertThat(rightsize.protecting(new Target("search-indexer", Set.of("search-indexer", "search", "indexer"), "deployments"))).isEmpty();
        assertThat(rightsize.protecting(new Target("search-query", Set.of("search-query", "search", "query"), "deployments"))).isPresent();
    }

    @Test
    void any_other_keeps_what_the_goal_does_not_work_on_and_a_pronoun_after_a_semicolon_continues() {
        GoalReading rotate = read("Write the new password into the existing Secret ledger-db-credentials. Don't touch any other Secret.");
        assertThat(rotate.protecting(new Target("ledger-db-credentials", Set.of("ledger-db-credentials"), "secrets"))).isEmpty();
        assertThat(rotate.protecting(new Target("payments-api-keys", Set.of("payments-api-keys"), "secrets"))).isPresent();

        GoalReading decommission = read("Delete its Deployment and Service. Keep the legacy-reports-archive PVC; its data must be retained.");
        assertThat(decommission.clauses()).anyMatch(c -> c.quote().equals("Keep the legacy-reports-archive PVC; its data must be retained"));
    }

    @Test
    void an_ingress_class_is_a_setting_and_corp_hosts_are_hosts() {
        GoalReading kafka = read("Put kafka-ui behind an internal-only Ingress. Host kafka-ui.int.acme.corp, ingressClassName nginx-internal.");
        assertThat(kafka.settings()).containsEntry("ingressClassName", "nginx-internal");
        assertThat(kafka.hosts()).contains("kafka-ui.int.acme.corp");
    }

    @Test
    void a_list_item_continues_the_verb_before_and_pods_labelled_so_are_selected_not_set() {
        GoalReading retire = read("Please decommission it in messaging — its Deployment, the legacy-sms-notifier-config ConfigMap and "
                + "the legacy-sms-retry CronJob.");
        assertThat(retire.clauses()).filteredOn(c -> c.fullNames().contains("legacy-sms-retry"))
                .allMatch(c -> c.asks().contains(Intent.DELETE));

        GoalReading lockdown = read("payments-api accepts TCP 8443 only from pods labelled app=checkout-api; label the namespace with "
                + "team=payments.");
        assertThat(lockdown.settings()).doesNotContainKey("app").containsEntry("team", "payments");
    }

    @Test
    void lowering_a_retention_is_configuration_and_what_happens_otherwise_is_neither_asked_nor_forbidden() {
        GoalReading goal = reader.read("can you drop loki log retention in `logging` from 30 days to 14? the compactor needs "
                + "retention_enabled or nothing actually gets deleted. leave the audit tenant at 400d, that one's compliance.", "logging");
        assertThat(goal.asks()).containsOnlyKeys(Intent.CONFIGURE);
        assertThat(goal.forbids()).isEmpty();
        assertThat(goal.durations()).containsEntry("retention", 14 * 86_400L);
        assertThat(goal.kinds()).contains("configmaps");
        assertThat(reader.read("Drop the old reports-v1 CronJob.", "reports").asks()).containsKey(Intent.DELETE);
        assertThat(reader.read("Run it at 4 every night.", "reports").asks()).containsKey(Intent.SCHEDULE);
        assertThat(reader.read("The disk is at 85% and the quota at 400d.", "reports").asks()).doesNotContainKey(Intent.SCHEDULE);
    }

    @Test
    void the_words_of_an_objects_name_are_neither_verbs_nor_kinds() {
        GoalReading goal = reader.read("Retire report-gen. Keep the PVC report-archive. reporting-v2 stays untouched.", "legacy");
        Clause keep = goal.clauses().stream().filter(c -> c.quote().startsWith("Keep")).findFirst().orElseThrow();
        assertThat(keep.asks()).doesNotContain(Intent.EGRESS);
        assertThat(goal.protecting(new Target("reporting-v2", Set.of("reporting-v2"), "services"))).isPresent();
        assertThat(reader.read("checkout keeps getting OOM-killed", "shop").asks()).containsKey(Intent.RESOURCES_UP);
    }

    @Test
    void a_spaced_dash_ends_a_part_and_a_statement_names_the_works_objects() {
        GoalReading goal = reader.read("Run the backfill Job. Source creds are in the kafka-archive-ro Secret - finance owns it.", "data");
        assertThat(goal.clauses()).extracting(Clause::quote).contains("Source creds are in the kafka-archive-ro Secret", "finance owns it");
        assertThat(goal.namedOfKind()).containsEntry("secrets", Set.of("kafka-archive-ro"));
        Clause mixed = reader.read("Do not touch notify-v2 or the shared twilio-credentials Secret.", "messaging").clauses().get(0);
        assertThat(mixed.covers(new Target("notify-v2", Set.of("notify-v2"), "deployments"), Set.of(), true)).isTrue();
    }

    @Test
    void a_gpu_count_written_with_a_times_sign_and_a_resource_name() {
        assertThat(reader.read("- 4x nvidia.com/gpu on the A100 pool", "ml").quantity("gpus")).contains(4.0);
        assertThat(reader.read("one nvidia.com/gpu apiece (no more)", "ml").quantity("gpus")).contains(1.0);
    }

    @Test
    void the_archive_is_a_noun_archiving_to_a_bucket_is_egress() {
        assertThat(reader.read("Keep the PVC; finance needs the archive for 7 years.", "legacy").asks()).doesNotContainKey(Intent.EGRESS);
        assertThat(reader.read("Archive the old logs to the cold bucket nightly.", "logging").asks()).containsKey(Intent.EGRESS);
    }

    @Test
    void the_figure_after_an_arrow_is_the_one_asked_for() {
        GoalReading goal = reader.read("1. Grow the CloudNativePG cluster billing-pg: data volume 50Gi -> 200Gi", "billing");
        assertThat(goal.quantity("storageGiB")).contains(200.0);
        assertThat(reader.read("- replicas 3 -> 5", "notifications").asks()).containsKey(Intent.SCALE_UP);
    }
    @Test
    void bounds_written_as_never_fewer_and_never_more_are_an_autoscalers_range() {
        GoalReading goal = read("An HPA for Deployment surge-engine on CPU, never fewer than 4 pods and never more than 16. Never more than "
                + "one pod unavailable.");
        assertThat(goal.quantity("minReplicas")).contains(4.0);
        assertThat(goal.quantity("maxReplicas")).contains(16.0);
    }

    @Test
    void a_port_before_pods_is_no_count_and_the_memory_of_a_claims_app_is_no_volume() {
        GoalReading goal = read("Raise the memory limit on the claims-api container from 1Gi to 2Gi and give it a readiness probe on port "
                + "8080 so pods still warming up get no traffic.");
        assertThat(goal.quantity("replicas")).isEmpty();
        assertThat(goal.quantity("memoryGiB")).contains(2.0);
        assertThat(goal.quantity("storageGiB")).isEmpty();
        assertThat(read("Grow the gatk-scratch PVC from 2Ti to 4Ti.").quantity("storageGiB")).contains(4096.0);
    }

    @Test
    void the_image_left_alone_or_frozen_and_an_object_out_of_scope_are_kept() {
        GoalReading goal = read("Leave the replica count (4) and the image alone - 3.14.2 is frozen until quarter close. "
                + "inventory-sync-producer is out of scope.");
        assertThat(goal.forbids(Intent.CHANGE_IMAGE)).isTrue();
        assertThat(goal.forbids(Intent.SCALE_UP)).isTrue();
        assertThat(goal.protecting(new Target("inventory-sync-producer", Set.of("inventory", "sync", "producer"), "deployments")))
                .isPresent();
    }

    @Test
    void a_message_quoted_from_a_log_makes_no_clause() {
        GoalReading goal = read("Batch align-0612 died with 'No space left on device' on the gatk-scratch volume. Grow gatk-scratch to 4Ti.");
        assertThat(goal.protecting(new Target("gatk-scratch", Set.of("gatk", "scratch"), "persistentvolumeclaims"))).isEmpty();
        assertThat(GoalReader.withoutMessages("it crashes with 'configmaps is forbidden: User x cannot list configmaps'. Don't touch it's config"))
                .isEqualTo("it crashes with '…'. Don't touch it's config");
        assertThat(GoalReader.withoutMessages("Set the banner to 'Scheduled maintenance tonight' please"))
                .as("a quote that is no message stays").contains("Scheduled maintenance tonight");
    }

    @Test
    void a_registry_images_must_come_from_and_nothing_that_may_leave_the_cluster() {
        GoalReading goal = read("These logs contain card tokens, so nothing may leave the cluster, and the sidecar image must come from our "
                + "mirror, registry.hotelco.internal.");
        assertThat(goal.imageSources()).containsExactly("registry.hotelco.internal");
        assertThat(goal.forbids(Intent.EGRESS)).isTrue();
        assertThat(read("Pull images only from harbor.corp.io/library.").imageSources()).containsExactly("harbor.corp.io");
        assertThat(read("Upgrade to registry.corp.io/web:2.1.0.").imageSources()).as("an image named is no rule").isEmpty();
    }

    @Test
    void a_one_word_name_as_the_subject_of_a_hands_off_sentence_is_kept() {
        GoalReading goal = read("Move transcode-worker onto the L4 pool. thumbnailer is CPU-only and stays on the general pool. "
                + "Everything else stays as it is.");
        assertThat(goal.protecting(new Target("thumbnailer", Set.of("thumbnailer"), "deployments"))).isPresent();
        assertThat(goal.protecting(new Target("everything", Set.of("everything"), "deployments"))).isEmpty();
    }

    @Test
    void a_prohibition_on_a_list_that_ends_with_the_image_keeps_the_image() {
        assertThat(read("Make the rollout zero-downtime. Do not touch the replica count or the image.").forbids(Intent.CHANGE_IMAGE)).isTrue();
        assertThat(read("Do not touch the replica count; bump the image to 4.8.2.").forbids(Intent.CHANGE_IMAGE)).isFalse();
    }
}
