package dev.ibac.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.certs.Pem;
import dev.ibac.webhook.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes of SPEC §9: 0 success, 1 a finding, 2 usage or configuration error. */
class CliTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void every_command_has_help() {
        List<List<String>> commands = List.of(List.of(), List.of("serve"), List.of("demo"), List.of("check"), List.of("audit"),
                List.of("audit", "query"), List.of("audit", "verify"), List.of("certs"), List.of("certs", "generate"), List.of("test"), List.of("replay"));
        for (List<String> command : commands) {
            List<String> withHelp = new java.util.ArrayList<>(command);
            withHelp.add("--help");
            String[] args = withHelp.toArray(new String[0]);
            Run run = run(args);
            assertThat(run.exit()).as(String.join(" ", command)).isZero();
            assertThat(run.out()).as(String.join(" ", command)).contains("Usage:");
        }
    }

    @Test
    void unknown_commands_and_missing_arguments_are_usage_errors() {
        assertThat(run("frobnicate").exit()).isEqualTo(2);
        assertThat(run().exit()).isEqualTo(2);
        assertThat(run("check").exit()).isEqualTo(2);
        assertThat(run("check", dir.resolve("missing.yaml").toString()).exit()).isEqualTo(2);
        assertThat(run("audit", "verify").exit()).isEqualTo(2);
        assertThat(run("serve", "--tls-cert", "x.pem").exit()).isEqualTo(2);
        Run tinyAudit = run("serve", "--missions", dir.toString(), "--state", dir.toString(), "--audit-max-bytes", "10");
        assertThat(tinyAudit.exit()).isEqualTo(2);
        assertThat(tinyAudit.err()).contains("--audit-max-bytes must be at least 1024");
    }

    @Test
    void check_is_0_for_clean_manifests_and_1_naming_each_problem() throws Exception {
        Run clean = run("check", Path.of("..", "deploy", "examples", "shop-mission.yaml").toString());
        assertThat(clean.exit()).isZero();
        assertThat(clean.out()).contains("shop-mission.yaml: ok");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                apiVersion: ibac.io/v1alpha1
                kind: Mission
                metadata: {name: m, namespace: shop}
                spec:
                  goal: ""
                  agent: {serviceAccount: a}
                  scope: {resources: [{apiGroups: [apps], resources: [deployments], operations: [PATCH]}]}
                """);
        Run findings = run("check", bad.toString());
        assertThat(findings.exit()).isEqualTo(1);
        assertThat(findings.out()).contains("spec.goal: must not be empty").contains("\"PATCH\" is not one of");
    }

    @Test
    void audit_verify_is_0_when_intact_and_1_naming_the_altered_line() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (var audit = dev.ibac.webhook.audit.HashChainedAuditLog.open(log, 16, java.time.Clock.systemUTC())) {
            for (int i = 0; i < 3; i++) {
                var entry = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
                entry.put("time", "2026-11-23T10:00:0" + i + "Z").put("auditId", "u" + i).put("decision", i == 1 ? "deny" : "allow")
                        .put("mission", "shop/m").put("namespace", "shop").put("stage", "judge").put("reason", "r" + i)
                        .put("operation", "CREATE").put("name", "n" + i);
                entry.putObject("agent").put("username", "system:serviceaccount:shop:shop-agent");
                entry.putObject("resource").put("resource", "deployments");
                audit.append(entry);
            }
            audit.flush();
        }
        Run ok = run("audit", "verify", "--log", log.toString());
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).contains("3 entries, chain intact");
        Run denied = run("audit", "query", "--log", log.toString(), "--decision", "deny", "--format", "json");
        assertThat(denied.exit()).isZero();
        assertThat(denied.out().lines()).singleElement().asString().contains("\"auditId\":\"u1\"");
        Run table = run("audit", "query", "--log", log.toString(), "--agent", "*:shop-agent", "--namespace", "shop",
                "--mission", "shop/m", "--since", "2026-11-23T10:00:01Z");
        assertThat(table.out()).contains("2 entries").contains("CREATE deployments shop/n2");
        assertThat(run("audit", "query", "--log", log.toString(), "--since", "yesterday").exit()).isEqualTo(2);
        List<String> lines = Files.readAllLines(log);
        lines.set(1, lines.get(1).replace("\"reason\":\"r1\"", "\"reason\":\"fine\""));
        Files.write(log, lines);
        Run tampered = run("audit", "verify", "--log", log.toString());
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.out()).contains("line 2");
    }

    @Test
    void certs_generate_writes_a_ca_and_a_service_certificate_and_prints_the_ca_bundle() throws Exception {
        Run run = run("certs", "generate", "--service", "ibac", "--namespace", "ibac-system", "--out", dir.toString());
        assertThat(run.exit()).isZero();
        String caBundle = run.out().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(new String(java.util.Base64.getDecoder().decode(caBundle))).isEqualTo(Files.readString(dir.resolve("ca.crt")));
        X509Certificate serving = Pem.certificates(Files.readString(dir.resolve("tls.crt"))).get(0);
        serving.verify(Pem.certificates(Files.readString(dir.resolve("ca.crt"))).get(0).getPublicKey());
        assertThat(serving.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .contains("ibac.ibac-system.svc", "ibac.ibac-system.svc.cluster.local");
        assertThat(run("certs", "generate", "--service", "Bad_Name", "--out", dir.toString()).exit()).isEqualTo(2);
    }

    /** A setup error is exit 2 and one line that names the problem, never a bare path or a stack trace. */
    private static void setupError(Run run, String... fragments) {
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        String line = run.err().lines().filter(l -> l.startsWith("ibac: ")).reduce((a, b) -> b).orElse(run.err());
        for (String fragment : fragments) {
            assertThat(line).contains(fragment);
        }
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void serve_on_a_port_in_use_is_a_setup_error_naming_the_port() throws Exception {
        Path missions = Files.createDirectories(dir.resolve("missions"));
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Run run = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofMinutes(2),
                    () -> run("serve", "--missions", missions.toString(), "--state", dir.resolve("state").toString(),
                            "--host", "127.0.0.1", "--port", String.valueOf(port), "--judge", "semantic"));
            setupError(run, "port " + port + " is in use", "--port");
        }
    }

    @Test
    void serve_names_what_is_wrong_with_state_tls_and_config_paths() throws Exception {
        Path missions = Files.createDirectories(dir.resolve("missions"));
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path missing = dir.resolve("missing");
        setupError(run("serve", "--missions", missions.toString(), "--state", file.toString(), "--judge", "semantic"),
                "cannot create state directory " + file + ": it is a file");
        setupError(run("serve", "--missions", missions.toString(), "--state", dir.toString(),
                "--tls-cert", missing.toString(), "--tls-key", missing.toString()), "--tls-cert " + missing + ": no such file");
        setupError(run("serve", "--missions", missions.toString(), "--state", dir.toString(),
                "--tls-cert", file.toString(), "--tls-key", dir.toString()), "--tls-key " + dir + ": it is a directory");
        setupError(run("serve", "--missions", missions.toString(), "--config", missing.toString()),
                "--config " + missing + ": no such file");
    }

    @Test
    void serve_rejects_a_config_with_unknown_keys_bad_values_or_bad_yaml_naming_each_problem() throws Exception {
        Path missions = Files.createDirectories(dir.resolve("missions"));
        Path config = Files.writeString(dir.resolve("config.yaml"), "agentz:\n  usernames: [a]\nmaxBodyBytes: -1\n");
        Run bad = run("serve", "--missions", missions.toString(), "--config", config.toString());
        setupError(bad, "--config " + config, "unknown key \"agentz\"", "maxBodyBytes: must be a whole number of bytes");
        Files.writeString(config, "agents:\n  usernames: [a\n b: c\n");
        Run syntax = run("serve", "--missions", missions.toString(), "--config", config.toString());
        setupError(syntax, "--config " + config + ": not valid YAML: line 3, column 3: expected ',' or ']'");
        assertThat(syntax.err().lines()).hasSize(1);
    }

    @Test
    void certs_generate_setup_errors_are_exit_2_with_a_reason() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        setupError(run("certs", "generate", "--out", file.toString()), "cannot write the certificates to " + file + ": it is a file");
        Run ip = run("certs", "generate", "--out", dir.resolve("out").toString(), "--ip", "notanip");
        assertThat(ip.exit()).isEqualTo(2);
        assertThat(ip.err()).startsWith("--ip notanip: not an IP address");
        assertThat(dir.resolve("out")).doesNotExist();
        Run withIps = run("certs", "generate", "--out", dir.resolve("ok").toString(), "--ip", "10.0.0.1", "--ip", "::1");
        assertThat(withIps.exit()).isZero();
        assertThat(withIps.out()).contains("serving certificate for ibac, ibac.ibac-system").contains(", 10.0.0.1, ::1 valid until");
    }

    @Test
    void certs_generate_refuses_to_overwrite_a_ca_unless_forced() throws Exception {
        assertThat(run("certs", "generate", "--out", dir.toString()).exit()).isZero();
        String ca = Files.readString(dir.resolve("ca.key"));

        Run again = run("certs", "generate", "--out", dir.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains(dir + " already holds ca.crt, ca.key, tls.crt, tls.key; pass --force");
        assertThat(Files.readString(dir.resolve("ca.key"))).isEqualTo(ca);

        assertThat(run("certs", "generate", "--out", dir.toString(), "--force").exit()).isZero();
        assertThat(Files.readString(dir.resolve("ca.key"))).isNotEqualTo(ca);
    }

    @Test
    void version_is_the_build_version() {
        Run version = run("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out().strip()).matches("ibac \\d+\\.\\d+\\.\\d+.*").doesNotContain("dev");
    }

    @Test
    void an_unknown_judge_is_refused_before_any_mission_is_read() {
        Run magic = run("serve", "--judge", "magic", "--missions", dir.resolve("no-such-dir").toString(), "--state", dir.resolve("state").toString());
        assertThat(magic.exit()).isEqualTo(2);
        assertThat(magic.err()).contains("--judge must be semantic, llm or cascade, got \"magic\"").doesNotContain("no-such-dir");
    }

    @Test
    void check_of_every_example_is_0_skipping_other_kinds_with_a_note() throws Exception {
        List<String> examples;
        try (var files = Files.list(Path.of("..", "deploy", "examples"))) {
            examples = files.filter(f -> f.toString().endsWith(".yaml")).map(Path::toString).sorted().toList();
        }
        List<String> args = new java.util.ArrayList<>(List.of("check"));
        args.addAll(examples);
        Run run = run(args.toArray(new String[0]));
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("Namespace shop: note: skipped: not a Mission or Budget").doesNotContain("?/");
    }

    @Test
    void audit_says_when_a_folder_holds_no_log_and_check_when_a_file_argument_is_a_directory() {
        for (String command : List.of("verify", "query")) {
            Run run = run("audit", command, "--log", dir.toString());
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).startsWith("--log " + dir + ": a folder with no audit log (*.jsonl) in it or its sub-folders")
                    .doesNotContain("no such file");
        }
        Run missing = run("audit", "verify", "--log", dir.resolve("nope.jsonl").toString());
        assertThat(missing.err()).startsWith("--log " + dir.resolve("nope.jsonl") + ": no such file");
        assertThat(run("check", dir.toString()).err()).startsWith(dir + ": it is a directory");
    }
}
