package dev.ibac.crd.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestCheckerTest {
    private static final String HEADER = "apiVersion: ibac.io/v1alpha1\nkind: Mission\nmetadata: {name: m, namespace: shop}\n";
    private final ManifestChecker checker = new ManifestChecker(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
    @TempDir
    Path dir;

    @Test
    void the_shipped_examples_are_clean() throws Exception {
        for (String file : List.of("shop-mission.yaml", "ml-mission.yaml", "payments-mission.yaml")) {
            assertThat(checker.check(Path.of("..", "deploy", "examples", file))).as(file).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mission-full.yaml", "mission-minimal.yaml", "budget-default.yaml"})
    void the_model_fixtures_are_clean(String fixture) throws Exception {
        assertThat(checker.check(Path.of("src/test/resources/fixtures", fixture))).isEmpty();
    }

    @Test
    void a_finding_reads_file_object_path_and_what_is_wrong() throws Exception {
        Path file = write("missions.yaml", """
                apiVersion: ibac.io/v1alpha1
                kind: Mission
                metadata: {name: scale-checkout, namespace: shop}
                spec:
                  goal: Scale checkout.
                  agent: {serviceAccount: shop-agent}
                  scope:
                    resources: [{apiGroups: [apps], resources: [deployments], operations: [CREATE, PATCH]}]
                """);
        assertThat(checker.check(file)).map(Finding::toString).containsExactly(file + ": Mission shop/scale-checkout: "
                + "spec.scope.resources[0].operations[1]: \"PATCH\" is not one of CREATE, UPDATE, DELETE, CONNECT, *");
    }

    @Test
    void names_every_problem_with_its_path() throws Exception {
        List<String> findings = messages(HEADER + """
                spec:
                  goal: "   "
                  agent: {}
                  colour: blue
                  scope:
                    resources:
                      - apiGroups: [apps]
                        resources: [Deployment]
                        operations: [CREATE, PATCH]
                        names: ["web-[0-9]", "", "a**"]
                  limits: {maxChangesPerMinute: 0}
                  budget: {costUSD: "ten dollars", tokens: -1}
                  judge: {mode: Loud, onError: Ignore}
                  expiresAt: "2026-11-01T00:00:00Z"
                """);
        assertThat(findings).containsExactlyInAnyOrder(
                "spec.goal: is blank: say in plain language what the agent is sent to do",
                "spec.agent: names nobody: set serviceAccount, usernames or groups",
                "spec.colour: unknown field (known: goal, agent, scope, budget, limits, judge, approval, expiresAt, suspended)",
                "spec.scope.resources[0].operations[1]: \"PATCH\" is not one of CREATE, UPDATE, DELETE, CONNECT, *",
                "spec.scope.resources[0].resources[0]: \"Deployment\" is not a plural resource name (write \"deployments\", not the kind)",
                "spec.scope.resources[0].names[0]: \"web-[0-9]\" uses [ ] or { }, which this glob does not know: use * (any run) and ? (one character) only",
                "spec.scope.resources[0].names[1]: must not be empty",
                "spec.scope.resources[0].names[2]: \"a**\" uses **, which this glob does not know (a single * already matches any run): "
                        + "use * (any run) and ? (one character) only",
                "spec.limits.maxChangesPerMinute: must be at least 1, got 0",
                "spec.budget.costUSD: \"ten dollars\" is not a decimal amount in USD like \"25.00\"",
                "spec.budget.tokens: must be at least 0, got -1",
                "spec.judge.mode: \"Loud\" is not one of Enforce, Warn, DryRun",
                "spec.judge.onError: \"Ignore\" is not one of Deny, Allow",
                "spec.expiresAt: 2026-11-01T00:00:00Z is in the past: every request would be denied");
    }

    @Test
    void required_fields_types_and_lengths_come_from_the_crd_schema() throws Exception {
        assertThat(messages(HEADER + """
                spec:
                  goal: ""
                  scope: {resources: [{apiGroups: [""], resources: [pods]}]}
                  budget: {costUSD: 25.00}
                  suspended: "no"
                """)).containsExactlyInAnyOrder(
                "spec.agent: is required",
                "spec.goal: must not be empty",
                "spec.scope.resources[0].operations: is required",
                "spec.budget.costUSD: must be a string, got number 25.0 (quote it: YAML reads it as a number)",
                "spec.suspended: must be a boolean, got the string \"no\"");
        assertThat(messages(HEADER + "spec: {goal: \"" + "g".repeat(4097) + "\", agent: {groups: [a]}, scope: {resources: "
                + "[{apiGroups: [''], resources: [pods], operations: ['*']}]}}"))
                .containsExactly("spec.goal: is longer than 4096 characters (4097)");
    }

    @Test
    void slips_in_resources_groups_and_identities_are_explained() throws Exception {
        assertThat(messages(HEADER + """
                spec:
                  goal: g
                  agent: {serviceAccount: "system:serviceaccount:shop:shop-agent"}
                  scope:
                    namespaces: ["shop-{a,b}"]
                    resources:
                      - {apiGroups: [apps/v1, Apps], resources: [deployment, NetworkPolicy, ingress, deployments/scale], operations: []}
                """)).containsExactlyInAnyOrder(
                "spec.agent.serviceAccount: \"system:serviceaccount:shop:shop-agent\" is not a valid name (lowercase letters, digits, '-' and '.')",
                "spec.agent.serviceAccount: takes the ServiceAccount's name (\"shop-agent\", in the mission's namespace); "
                        + "full usernames belong in spec.agent.usernames",
                "spec.scope.namespaces[0]: \"shop-{a,b}\" uses [ ] or { }, which this glob does not know: use * (any run) and ? (one character) only",
                "spec.scope.resources[0].apiGroups[0]: \"apps/v1\" is an apiVersion: write the group \"apps\"",
                "spec.scope.resources[0].apiGroups[1]: \"Apps\" is not an API group (groups are lowercase, e.g. apps, batch, \"\" for core)",
                "spec.scope.resources[0].resources[0]: \"deployment\" is singular: write \"deployments\"",
                "spec.scope.resources[0].resources[1]: \"NetworkPolicy\" is not a plural resource name (write \"networkpolicies\", not the kind)",
                "spec.scope.resources[0].resources[2]: \"ingress\" is singular: write \"ingresses\"",
                "spec.scope.resources[0].operations: is empty: the rule allows nothing");
    }

    @Test
    void a_mission_that_can_do_nothing_or_never_expires_correctly_is_reported() throws Exception {
        assertThat(messages(HEADER + "spec: {goal: g, agent: {usernames: [bot]}, expiresAt: next week}"))
                .containsExactlyInAnyOrder(
                        "spec.scope.resources: is empty: the mission allows nothing (list what the agent may change)",
                        "spec.expiresAt: \"next week\" is not an RFC 3339 time like 2026-12-01T00:00:00Z");
    }

    @Test
    void approvals_need_an_approver_who_is_not_the_agent_and_a_non_zero_ttl() throws Exception {
        assertThat(messages(HEADER + """
                spec:
                  goal: g
                  agent: {usernames: [bot], groups: [bots]}
                  scope: {resources: [{apiGroups: [apps], resources: [deployments], operations: [UPDATE]}]}
                  judge: {onUncertain: Approve}
                  approval: {ttl: 0m}
                """)).containsExactlyInAnyOrder(
                "spec.approval.approvers: lists nobody, but spec.judge.onUncertain is Approve: uncertain actions would wait for an "
                        + "approval nobody may give (list usernames or groups)",
                "spec.approval.ttl: \"0m\" is zero: a period must be longer than that");
        assertThat(messages(HEADER + """
                spec:
                  goal: g
                  agent: {usernames: [bot], groups: [bots]}
                  scope: {resources: [{apiGroups: [apps], resources: [deployments], operations: [UPDATE]}]}
                  judge: {onUncertain: Maybe}
                  approval: {approvers: {usernames: [bot, alice], groups: [bots]}, ttl: 1 hour}
                """)).contains(
                "spec.approval.approvers.usernames: \"bot\" is the mission's agent: an agent never approves its own actions",
                "spec.approval.approvers.groups: \"bots\" is also an agent group of the mission: its agents would be refused as "
                        + "approvers; list the humans' group");
    }

    @Test
    void budgets_need_a_limit_valid_money_and_non_zero_periods() throws Exception {
        assertThat(messages("""
                apiVersion: ibac.io/v1alpha1
                kind: Budget
                metadata: {name: team, namespace: shop}
                spec:
                  tokens: {limit: -5, period: 0h0m}
                  cost: {limitUSD: "-1.00", period: 1 day}
                  prices: {cpuCoreHour: "0.04", gpuHour: "2"}
                  costHorizon: 0s
                """)).containsExactlyInAnyOrder(
                "metadata.name: only the Budget named \"default\" applies to its namespace; this one would be ignored",
                "spec.tokens.limit: must be at least 0, got -5",
                "spec.tokens.period: \"0h0m\" is zero: a period must be longer than that",
                "spec.cost.limitUSD: \"-1.00\" is not a decimal amount in USD like \"25.00\"",
                "spec.cost.period: \"1 day\" is not a duration like \"24h\", \"30m\" or \"1h30m\"",
                "spec.prices.gpuHour: unknown field (known: inputTokensPer1M, outputTokensPer1M, cpuCoreHour, memoryGiBHour, "
                        + "extendedResourceHour)",
                "spec.costHorizon: \"0s\" is zero: a period must be longer than that");
        assertThat(messages("apiVersion: ibac.io/v1alpha1\nkind: Budget\nmetadata: {name: default, namespace: shop}\nspec: {}\n"))
                .containsExactly("spec: sets neither tokens nor cost: the budget limits nothing");
    }

    @Test
    void headers_kinds_and_names_are_checked_in_every_document() throws Exception {
        assertThat(findings("""
                apiVersion: ibac.io/v1alpha1
                kind: Mission
                metadata: {name: m}
                spec: {goal: "do things", agent: {serviceAccount: a}, scope: {resources: [{apiGroups: [''], resources: [pods], operations: ['*']}]}}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: x, namespace: y}
                ---
                apiVersion: ibac.io/v1
                kind: Budget
                metadata: {name: Default, namespace: shop}
                spec: {tokens: {limit: 5}}
                spec2: {}
                """)).containsExactly(
                "Mission m: metadata.namespace: is required (Missions and Budgets are namespaced)",
                "ConfigMap y/x: note: skipped: not a Mission or Budget",
                "Budget shop/Default: apiVersion: must be ibac.io/v1alpha1, got \"ibac.io/v1\"",
                "Budget shop/Default: metadata.name: \"Default\" is not a valid name (lowercase letters, digits, '-' and '.')",
                "Budget shop/Default: spec2: unknown field (known: apiVersion, kind, metadata, spec, status)",
                "Budget shop/Default: metadata.name: only the Budget named \"default\" applies to its namespace; this one would be ignored");
    }

    @Test
    void other_kinds_are_skipped_with_a_note_naming_cluster_scoped_objects_without_a_namespace() throws Exception {
        List<Finding> found = checker.check(write("rbac.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata: {name: shop}
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: shop-agent, namespace: shop}
                """));
        assertThat(found).extracting(Finding::level).containsOnly(Finding.Level.NOTE);
        assertThat(found).extracting(f -> f.object()).containsExactly("Namespace shop", "ServiceAccount shop/shop-agent");
    }

    @Test
    void a_serve_config_file_is_skipped_with_a_note_but_a_mission_without_a_kind_is_not() throws Exception {
        assertThat(findings("agents: {usernames: ['system:serviceaccount:*:*-agent']}\nmaxBodyBytes: 3145728\n"))
                .containsExactly("document 1: note: skipped: an `ibac serve --config` file, not a manifest");
        assertThat(findings("metadata: {name: m, namespace: shop}\nspec: {goal: g}\n"))
                .containsExactly("document 1: kind: is required (Mission or Budget)");
    }

    @Test
    void an_unknown_resource_name_is_a_warning_suggesting_the_built_in_one() throws Exception {
        String mission = HEADER + "spec: {goal: g, agent: {groups: [a]}, scope: {resources: [{apiGroups: [apps], resources: [RESOURCES], operations: ['*']}]}}\n";
        List<Finding> typo = checker.check(write("m.yaml", mission.replace("RESOURCES", "deploymnets, deployments/scale")));
        assertThat(typo).singleElement().satisfies(f -> {
            assertThat(f.level()).isEqualTo(Finding.Level.WARNING);
            assertThat(f.path()).isEqualTo("spec.scope.resources[0].resources[0]");
            assertThat(f.message()).startsWith("\"deploymnets\" is no known resource (did you mean \"deployments\"?)");
        });
        String custom = mission.replace("apiGroups: [apps]", "apiGroups: [serving.kserve.io]").replace("RESOURCES", "inferenceservices");
        assertThat(checker.check(write("m.yaml", custom))).isEmpty();
    }

    @Test
    void the_same_object_twice_in_one_file_is_reported() throws Exception {
        String mission = HEADER + "spec: {goal: g, agent: {groups: [a]}, scope: {resources: [{apiGroups: [''], resources: [pods], operations: ['*']}]}}\n";
        assertThat(messages(mission + "---\n" + mission))
                .containsExactly("metadata.name: is also defined by document 1 of this file; the later one would replace it");
        assertThat(messages(mission + "---\n" + mission.replace("name: m,", "name: n,"))).isEmpty();
    }

    @Test
    void broken_yaml_names_the_line_even_in_a_later_document() throws Exception {
        assertThat(findings("kind: Mission\nspec: [unclosed\n"))
                .containsExactly("YAML: line 3, column 1: expected ',' or ']', but got <stream end> (while parsing a flow sequence)");
        assertThat(findings(HEADER + "spec: {goal: g}\n---\nkind: Budget\nspec: {tokens: [1, }\n")).last().asString()
                .startsWith("YAML: line 7, column 20: expected the node content");
    }

    @Test
    void a_key_written_twice_is_a_finding_not_a_silent_overwrite() throws Exception {
        assertThat(findings(HEADER + "spec:\n  goal: a\n  goal: b\n")).singleElement().asString()
                .startsWith("YAML: line 6: ").contains("Duplicate field 'goal'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "---\n", "# only a comment\n"})
    void a_file_without_objects_is_reported(String content) throws Exception {
        assertThat(findings(content)).containsExactly("file: holds no Mission or Budget");
    }

    @Test
    void a_document_that_is_not_a_mapping_is_reported() throws Exception {
        assertThat(findings("- a\n- b\n")).containsExactly("document 1: is not a mapping (expected a Mission or Budget)");
    }

    @Test
    void an_unreadable_file_is_an_io_failure_for_the_cli_to_report_as_usage() {
        assertThatThrownBy(() -> checker.check(dir.resolve("missing.yaml"))).isInstanceOf(NoSuchFileException.class);
    }

    /** Findings without the file name. */
    private List<String> findings(String yaml) throws IOException {
        Path file = write("m.yaml", yaml);
        return checker.check(file).stream().map(f -> f.toString().substring(file.toString().length() + 2)).toList();
    }

    /** Path and message only. */
    private List<String> messages(String yaml) throws IOException {
        return checker.check(write("m.yaml", yaml)).stream()
                .map(f -> f.path().isEmpty() ? f.message() : f.path() + ": " + f.message()).toList();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void podSecurity_is_baseline_or_restricted_and_exceptions_name_a_control_that_exists() throws Exception {
        assertThat(messages(HEADER + """
                spec:
                  goal: g
                  agent: {serviceAccount: a}
                  scope:
                    resources: [{apiGroups: [""], resources: [pods], operations: [CREATE]}]
                    podSecurity: strict
                    podSecurityExceptions:
                      - {control: privileged}
                      - {control: hostNetwork, names: [x]}
                      - {paths: [/var/log]}
                """)).containsExactlyInAnyOrder(
                "spec.scope.podSecurity: \"strict\" is not one of baseline, restricted",
                "spec.scope.podSecurityExceptions[0].control: \"privileged\" is not one of hostPath, capabilities, hostPorts, sysctls",
                "spec.scope.podSecurityExceptions[1].control: \"hostNetwork\" is not one of hostPath, capabilities, hostPorts, sysctls",
                "spec.scope.podSecurityExceptions[2].control: is required");
    }

    @Test
    void each_exception_is_narrowed_by_its_own_field_only() throws Exception {
        assertThat(messages(HEADER + """
                spec:
                  goal: g
                  agent: {serviceAccount: a}
                  scope:
                    resources: [{apiGroups: [""], resources: [pods], operations: [CREATE]}]
                    podSecurityExceptions:
                      - {control: hostPath, readOnly: true}
                      - {control: capabilities, add: [NET_ADMIN], ports: [80]}
                      - {control: hostPorts, ports: [9100, 70000]}
                      - {control: sysctls, names: ["net.core.*"]}
                      - {control: hostPath, paths: [var/log, /var/../etc], readOnly: true}
                """)).containsExactlyInAnyOrder(
                "spec.scope.podSecurityExceptions[0].paths: is empty: the exception opens nothing (list the path prefixes it opens)",
                "spec.scope.podSecurityExceptions[1].ports: does not narrow capabilities (capabilities is narrowed by add only)",
                "spec.scope.podSecurityExceptions[2].ports[1]: must be at most 65535, got 70000",
                "spec.scope.podSecurityExceptions[3].names[0]: \"net.core.*\" is a pattern: name each sysctl exactly",
                "spec.scope.podSecurityExceptions[4].paths[0]: \"var/log\" is not an absolute path (write it from /)",
                "spec.scope.podSecurityExceptions[4].paths[1]: \"/var/../etc\" contains \"..\": write the path it means");
    }

    @Test
    void broad_exceptions_are_warned_about_not_refused() throws Exception {
        Path file = write("broad.yaml", HEADER + """
                spec:
                  goal: g
                  agent: {serviceAccount: a}
                  scope:
                    resources: [{apiGroups: [""], resources: [pods], operations: [CREATE]}]
                    podSecurityExceptions:
                      - {control: hostPath, paths: [/], readOnly: true}
                      - {control: hostPath, paths: [/var/run/, /var/log/app]}
                      - {control: capabilities, add: [SYS_ADMIN, NET_ADMIN]}
                """);
        List<Finding> findings = checker.check(file);
        assertThat(findings).allMatch(Finding::warning).noneMatch(Finding::isError);
        assertThat(findings).map(f -> f.path() + ": " + f.message()).containsExactlyInAnyOrder(
                "spec.scope.podSecurityExceptions[0].paths[0]: \"/\" opens the node's whole filesystem: name the directory the workload needs",
                "spec.scope.podSecurityExceptions[1].paths[0]: \"/var/run/\" opens a large or sensitive part of the node: name the directory the workload needs",
                "spec.scope.podSecurityExceptions[1].readOnly: is not true: the agent's pods may write to the node's files under these paths",
                "spec.scope.podSecurityExceptions[2].add[0]: SYS_ADMIN amounts to root on the node: open a narrower capability if one will do");
        assertThat(findings.get(0).toString()).isEqualTo(file + ": Mission shop/m: spec.scope.podSecurityExceptions[0].paths[0]: warning: "
                + "\"/\" opens the node's whole filesystem: name the directory the workload needs");
    }
}
