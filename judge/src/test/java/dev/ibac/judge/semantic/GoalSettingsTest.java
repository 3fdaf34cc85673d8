package dev.ibac.judge.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibac.judge.goal.GoalReader;
import dev.ibac.judge.goal.GoalReading;
import org.junit.jupiter.api.Test;

class GoalSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final GoalReading goal = new GoalReader().read(
            "Add linkerd.io/inject: enabled to the ledger-worker pod template and set AUDIT_RETENTION_DAYS to 400.", "ledger");

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void an_annotation_set_to_another_value_than_the_goal_gives_contradicts_it() throws Exception {
        JsonNode off = json("{'spec':{'template':{'metadata':{'annotations':{'linkerd.io/inject':'disabled'}}}}}");
        assertThat(GoalSettings.contradicted(off, null, "deployments \"ledger-worker\"", goal))
                .hasValueSatisfying(c -> assertThat(c.why()).isEqualTo("the goal sets linkerd.io/inject to enabled"));
        JsonNode on = json("{'spec':{'template':{'metadata':{'annotations':{'linkerd.io/inject':'enabled'}}}}}");
        assertThat(GoalSettings.contradicted(on, null, "deployments \"ledger-worker\"", goal)).isEmpty();
    }

    @Test
    void env_vars_config_map_keys_and_config_file_lines_count_too() throws Exception {
        assertThat(GoalSettings.contradicted(json("{'env':[{'name':'AUDIT_RETENTION_DAYS','value':'40'}]}"), null, "x", goal)).isPresent();
        assertThat(GoalSettings.contradicted(json("{'data':{'AUDIT_RETENTION_DAYS':'400'}}"), null, "x", goal)).isEmpty();
        assertThat(GoalSettings.contradicted(json("{'data':{'app.conf':'LOG=info\\nAUDIT_RETENTION_DAYS = 40\\n'}}"), null, "x", goal))
                .isPresent();
        assertThat(GoalSettings.contradicted(json("{'data':{'other':'1'}}"), null, "x", goal)).isEmpty();
    }

    @Test
    void key_equals_value_settings_compare_as_quantities() throws Exception {
        GoalReading quota = new GoalReader().read("ResourceQuota atlas-compute: requests.cpu=40, pods=200, services.loadbalancers=0.", "team-atlas");
        assertThat(GoalSettings.contradicted(json("{'spec':{'hard':{'requests.cpu':'400','pods':'200'}}}"), null, "x", quota)).isPresent();
        assertThat(GoalSettings.contradicted(json("{'spec':{'hard':{'requests.cpu':'40000m','pods':'200','services.loadbalancers':'0'}}}"),
                null, "x", quota)).isEmpty();
    }

    @Test
    void durations_the_goal_gives_are_checked_in_the_whole_object_in_the_unit_the_key_names() throws Exception {
        GoalReading backups = new GoalReader().read("Back up crm every night and keep backups for 30 days (ttl 720h).", "velero");
        assertThat(GoalSettings.contradicted(json("{'spec':{'template':{'ttl':'24h0m0s'}}}"), null, "x", backups)).isPresent();
        assertThat(GoalSettings.contradicted(json("{'spec':{'template':{'ttl':'720h0m0s'}}}"), null, "x", backups)).isEmpty();
        GoalReading topic = new GoalReader().read("Grow the topic to 24 partitions. Leave retention alone (7 days).", "streaming");
        assertThat(GoalSettings.contradicted(json("{'spec':{'config':{'retention.ms':86400000}}}"), null, "x", topic)).isPresent();
        assertThat(GoalSettings.contradicted(json("{'spec':{'config':{'retention.ms':604800000}}}"), null, "x", topic)).isEmpty();
        GoalReading proxy = new GoalReader().read("Upstream timeouts are 30s.", "edge");
        assertThat(GoalSettings.contradicted(json("{'readinessProbe':{'timeoutSeconds':3}}"), null, "x", proxy)).isEmpty();
    }

    @Test
    void durations_in_config_file_lines_and_arguments_count_too() throws Exception {
        GoalReading loki = new GoalReader().read("Set limits_config.retention_period to 336h in ConfigMap loki-config.", "logging");
        assertThat(GoalSettings.contradicted(json("{'data':{'loki.yaml':'limits_config:\\n  retention_period: 24h\\n'}}"), null, "x", loki)).isPresent();
        assertThat(GoalSettings.contradicted(json("{'data':{'loki.yaml':'limits_config:\\n  retention_period: 336h\\n'}}"), null, "x", loki)).isEmpty();
        GoalReading prometheus = new GoalReader().read("Add the sidecar; local retention stays 2d.", "monitoring");
        assertThat(GoalSettings.contradicted(json("{'args':['--storage.tsdb.retention.time=30d']}"), null, "x", prometheus)).isPresent();
    }

    @Test
    void config_file_lines_the_goal_writes_are_settings_matched_by_their_whole_key() throws Exception {
        GoalReading runner = new GoalReader().read("gitlab-runner with concurrent = 4, and the ratelimit filter with failure_mode_deny: false.", "ci");
        assertThat(runner.settings()).containsEntry("concurrent", "4").containsEntry("failure_mode_deny", "false");
        assertThat(GoalSettings.contradicted(json("{'data':{'config.toml':'concurrent = 40\\ncheck_interval = 3\\n'}}"), null, "x", runner)).isPresent();
        assertThat(GoalSettings.contradicted(json("{'data':{'envoy.yaml':'filters:\\n  - failure_mode_deny: true\\n'}}"), null, "x", runner))
                .isPresent();
        // another key that starts with the goal's is not the goal's
        assertThat(GoalSettings.contradicted(json("{'data':{'config.toml':'concurrent_builds = 40\\nconcurrent = 4\\n'}}"), null, "x", runner))
                .isEmpty();
    }

    @Test
    void moving_a_workload_off_the_secret_the_goal_names_onto_another_contradicts_it_and_keeping_it_does_not() throws Exception {
        GoalReading backup = new GoalReader().read("Run pg_dump with the existing read-only Secret `roster-db-backup-creds`.", "crew-ops");
        JsonNode before = json("{'spec':{'containers':[{'env':[{'name':'PGPASSWORD','valueFrom':{'secretKeyRef':{'name':'roster-db-backup-creds','key':'p'}}}]}]}}");
        JsonNode superuser = json("{'spec':{'containers':[{'env':[{'name':'PGPASSWORD','valueFrom':{'secretKeyRef':{'name':'roster-db-superuser','key':'p'}}}]}]}}");
        assertThat(GoalSettings.contradicted(superuser, before, "cronjobs \"roster-db-backup\"", backup))
                .hasValueSatisfying(c -> assertThat(c.why()).isEqualTo("the goal names the Secret it uses: roster-db-backup-creds"));
        assertThat(GoalSettings.contradicted(before, before, "cronjobs \"roster-db-backup\"", backup)).isEmpty();
        assertThat(GoalSettings.contradicted(superuser, null, "cronjobs \"roster-db-backup\"", backup)).isEmpty();
    }

    @Test
    void an_update_that_leaves_a_setting_as_it_was_is_not_the_one_that_contradicts_it() throws Exception {
        GoalReading reschedule = new GoalReader().read("Move the CronJob to 04:30 and raise startingDeadlineSeconds to 900.", "billing");
        JsonNode before = json("{'spec':{'schedule':'0 2 * * *','startingDeadlineSeconds':300}}");
        JsonNode moved = json("{'spec':{'schedule':'30 4 * * *','startingDeadlineSeconds':300}}");
        JsonNode lowered = json("{'spec':{'schedule':'30 4 * * *','startingDeadlineSeconds':60}}");
        assertThat(GoalSettings.contradicted(moved, before, "x", reschedule)).isEmpty();
        assertThat(GoalSettings.contradicted(lowered, before, "x", reschedule)).isPresent();
        assertThat(GoalSettings.contradicted(moved, null, "x", reschedule)).isPresent();
    }

    @Test
    void utc_is_one_zone_however_it_is_written() throws Exception {
        GoalReading reschedule = new GoalReader().read("Move the CronJob to 04:15 UTC (timeZone Etc/UTC).", "billing");
        assertThat(GoalSettings.contradicted(json("{'spec':{'timeZone':'UTC'}}"), null, "x", reschedule)).isEmpty();
        assertThat(GoalSettings.contradicted(json("{'spec':{'timeZone':'Europe/Berlin'}}"), null, "x", reschedule)).isPresent();
    }

    @Test
    void a_key_sets_the_goals_duration_when_only_a_unit_or_span_word_follows_the_word() {
        assertThat(GoalSettings.setsDuration("retention_period", "retention")).isTrue();
        assertThat(GoalSettings.setsDuration("log.retention.hours", "retention")).isTrue();
        assertThat(GoalSettings.setsDuration("retentionpolicy", "retention")).isTrue();
        assertThat(GoalSettings.setsDuration("ttlsecondsafterfinished", "ttl")).isTrue();
        assertThat(GoalSettings.setsDuration("expiration_days", "expir")).isTrue();
        assertThat(GoalSettings.setsDuration("retention_delete_delay", "retention")).isFalse();
        assertThat(GoalSettings.setsDuration("retention_enabled", "retention")).isFalse();
        assertThat(GoalSettings.setsDuration("timeoutseconds", "retention")).isFalse();
    }
}
