package dev.ibac.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibac.webhook.app.ServeSettings;
import dev.ibac.webhook.auditor.Auditor;
import dev.ibac.webhook.http.WebhookServer;
import dev.ibac.webhook.problem.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
    @TempDir
    Path dir;

    private ServeSettings settings(String config) throws Exception {
        ServeCommand serve = new ServeCommand();
        serve.missions = dir;
        serve.state = dir;
        serve.config = Files.writeString(dir.resolve("config.yaml"), config);
        return serve.settings(Map.of(), Clock.systemUTC());
    }

    @Test
    void audit_objects_are_on_by_default_and_off_with_false() throws Exception {
        assertThat(settings("{}").auditObjects()).isTrue();
        ServeCommand serve = new ServeCommand();
        new picocli.CommandLine(serve).parseArgs("--missions", dir.toString(), "--state", dir.toString(), "--audit-objects=false");
        assertThat(serve.settings(Map.of(), Clock.systemUTC()).auditObjects()).isFalse();
    }

    @Test
    void the_audit_tokens_holder_is_read_only_by_default_and_named_with_auditor_name_and_groups_in_embedded_mode() {
        ServeCommand serve = new ServeCommand();
        new picocli.CommandLine(serve).parseArgs("--missions", dir.toString(), "--state", dir.toString());
        assertThat(serve.settings(Map.of(), Clock.systemUTC()).tokenHolder()).isEqualTo(new Auditor("ibac:audit-token", List.of()));
        ServeCommand named = new ServeCommand();
        new picocli.CommandLine(named).parseArgs("--missions", dir.toString(), "--state", dir.toString(), "--auditor-name", "alice",
                "--auditor-group", "shop-owners", "--auditor-group", "sre");
        assertThat(named.settings(Map.of(), Clock.systemUTC()).tokenHolder()).isEqualTo(new Auditor("alice", List.of("shop-owners", "sre")));

        ServeCommand cluster = new ServeCommand();
        new picocli.CommandLine(cluster).parseArgs("--state", dir.toString(), "--auditor-name", "alice");
        assertThatThrownBy(() -> cluster.settings(Map.of(), Clock.systemUTC())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--auditor-name and --auditor-group are for embedded mode");
        ServeCommand blank = new ServeCommand();
        new picocli.CommandLine(blank).parseArgs("--missions", dir.toString(), "--auditor-name", " ");
        assertThatThrownBy(() -> blank.settings(Map.of(), Clock.systemUTC())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("must not be blank");
    }

    @Test
    void the_shipped_example_config_loads_with_the_defaults_it_documents() throws Exception {
        ServeCommand serve = new ServeCommand();
        serve.missions = dir;
        serve.state = dir;
        serve.config = Path.of("..", "deploy", "examples", "ibac-config.yaml");
        ServeSettings settings = serve.settings(Map.of(), Clock.systemUTC());
        assertThat(settings.agentUsernames()).startsWith(dev.ibac.webhook.pipeline.AgentSelector.DEFAULT_USERNAMES.toArray(new String[0]))
                .contains("agent:*");
        assertThat(settings.agentGroups()).isEqualTo(dev.ibac.webhook.pipeline.AgentSelector.DEFAULT_GROUPS);
        assertThat(settings.maxBodyBytes()).isEqualTo(WebhookServer.DEFAULT_MAX_BODY);
        assertThat(settings.daemonSetNodes()).isEqualTo(3);
    }

    @Test
    void the_replica_is_named_by_the_flag_else_the_pod_else_the_host() throws Exception {
        ServeCommand serve = new ServeCommand();
        serve.missions = dir;
        serve.state = dir;
        assertThat(serve.settings(Map.of("POD_NAME", "ibac-1", "HOSTNAME", "node"), Clock.systemUTC()).replica().name()).isEqualTo("ibac-1");
        assertThat(serve.settings(Map.of("HOSTNAME", "node"), Clock.systemUTC()).replica().name()).isEqualTo("node");
        assertThat(serve.settings(Map.of(), Clock.systemUTC()).replica().name()).isEqualTo("local");
        serve.replica = "ibac-0";
        serve.auditStdout = true;
        serve.peers = List.of("ibac-1=https://ibac-1.ibac-peers:8443", "service:ibac-peers");
        ServeSettings.Replica replica = serve.settings(Map.of("POD_NAME", "other"), Clock.systemUTC()).replica();
        assertThat(replica).isEqualTo(new ServeSettings.Replica("ibac-0", true, serve.peers));
        serve.replica = "ibac 0; rm";
        assertThatThrownBy(() -> serve.settings(Map.of(), Clock.systemUTC())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--replica must be a name");
        serve.replica = null;
        serve.peers = List.of("http://ibac-1:8443");
        assertThatThrownBy(() -> serve.settings(Map.of(), Clock.systemUTC())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--peers: \"http://ibac-1:8443\" is neither");
    }

    @Test
    void every_documented_key_is_read() throws Exception {
        ServeSettings settings = settings("""
                agents:
                  usernames: ["system:serviceaccount:*:bot"]
                  groups: [agents]
                maxBodyBytes: 1048576
                daemonSetNodes: 0
                """);
        assertThat(settings.agentUsernames()).containsExactly("system:serviceaccount:*:bot");
        assertThat(settings.agentGroups()).containsExactly("agents");
        assertThat(settings.maxBodyBytes()).isEqualTo(1048576);
        assertThat(settings.daemonSetNodes()).isZero();
        assertThat(settings("{}").maxBodyBytes()).isEqualTo(WebhookServer.DEFAULT_MAX_BODY);
        assertThat(settings("agents: {usernames: []}").agentUsernames()).isEmpty();
    }

    @Test
    void unknown_keys_and_bad_values_are_each_named() {
        assertThatThrownBy(() -> settings("""
                agentz: {usernames: [a]}
                agents: {usernames: bot, groupz: [a]}
                maxBodyBytes: -1
                daemonSetNodes: many
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key \"agentz\"")
                .hasMessageContaining("unknown key \"agents.groupz\"")
                .hasMessageContaining("agents.usernames: must be a list of non-empty strings")
                .hasMessageContaining("maxBodyBytes: must be a whole number of bytes, at least 1")
                .hasMessageContaining("daemonSetNodes: must be a whole number of nodes")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        for (String bad : List.of("maxBodyBytes: 0", "maxBodyBytes: \"3MiB\"", "maxBodyBytes: 1.5", "daemonSetNodes: -1",
                "agents: [a]", "agents: {groups: [\"\"]}")) {
            assertThatThrownBy(() -> settings(bad)).as(bad).isInstanceOf(ConfigException.class);
        }
    }

    @Test
    void yaml_errors_are_one_line_with_the_position() {
        assertThatThrownBy(() -> settings("agents:\n  usernames: [a\n b: c\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML: line 3, column 3:")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> settings("maxBodyBytes: 1\nmaxBodyBytes: 2\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2").hasMessageContaining("maxBodyBytes");
        assertThatThrownBy(() -> settings("- a\n")).isInstanceOf(ConfigException.class).hasMessageContaining("expected a YAML mapping");
    }
}
