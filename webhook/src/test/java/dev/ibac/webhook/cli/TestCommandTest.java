package dev.ibac.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ibac test}: SPEC §9's MissionTest files, table, JUnit XML and exit codes. */
class TestCommandTest {
    private static final String MISSION = """
            apiVersion: ibac.io/v1alpha1
            kind: Mission
            metadata: {name: scale-checkout, namespace: shop}
            spec:
              goal: Scale the checkout deployment out for Black Friday with more replicas.
              agent: {serviceAccount: shop-agent}
              scope:
                resources:
                  - {apiGroups: [apps], resources: [deployments], operations: [CREATE, UPDATE], names: ["checkout*"]}
              limits: {maxChangesPerMinute: 2}
              expiresAt: "2026-11-28T10:00:00Z"
            """;
    private static final String AGENT = "{username: \"system:serviceaccount:shop:shop-agent\"}";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private static String test(String now, String cases) {
        return """
                apiVersion: ibac.io/v1alpha1
                kind: MissionTest
                metadata: {name: t}
                missions: [mission.yaml]
                now: "%s"
                cases:
                %s""".formatted(now, cases.indent(2));
    }

    private static String scale(String name, int from, int to, String expect) {
        return """
                - name: %s
                  requester: %s
                  operation: UPDATE
                  object: {apiVersion: apps/v1, kind: Deployment, metadata: {name: checkout, namespace: shop}, spec: {replicas: %d}}
                  oldObjectFile: manifests/checkout.yaml
                  expect: %s
                """.formatted(name, AGENT, to, expect);
    }

    @Test
    void cases_run_in_order_against_one_pipeline_so_the_rate_limit_carries_over() throws Exception {
        write("mission.yaml", MISSION);
        write("manifests/checkout.yaml", "{apiVersion: apps/v1, kind: Deployment, metadata: {name: checkout, namespace: shop}, spec: {replicas: 3}}");
        write("sub/rate.yaml", test("2026-11-28T09:00:00Z", scale("first", 3, 6, "{decision: allow, stage: judge}")
                + scale("second", 3, 8, "{decision: allow}")
                + scale("third is throttled", 3, 9, "{decision: deny, stage: rate, reason: \"retry after \\\\d+s\"}")
                + """
                - name: a custom kind names its resource
                  requester: %s
                  operation: CREATE
                  object: {apiVersion: example.com/v1, kind: Widget, metadata: {name: checkout-widget, namespace: shop}}
                  resource: {resource: widgets}
                  expect: {decision: deny, stage: scope, reason: "widgets"}
                """.formatted(AGENT)
                + scale("a wrong expectation", 3, 10, "{decision: allow}")).replace("[mission.yaml]", "[../mission.yaml]")
                .replace("manifests/checkout.yaml", "../manifests/checkout.yaml"));
        Path junit = dir.resolve("out/junit.xml");

        CliTest.Run run = CliTest.run("test", dir.toString(), "--junit", junit.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).containsPattern("PASS +third is throttled +deny/rate +deny +rate +mission shop/scale-checkout allows 2")
                .containsPattern("FAIL +a wrong expectation +allow +deny +rate")
                .contains("expected allow, got deny").contains("5 cases: 4 passed, 1 failed");
        String xml = Files.readString(junit);
        assertThat(xml).contains("<testsuite name=\"t\"").contains("tests=\"5\"").contains("failures=\"1\"")
                .contains("<testcase classname=\"t\" name=\"third is throttled\"")
                .containsPattern("name=\"a wrong expectation\" time=\"[0-9.]+\"><failure message=\"expected allow, got deny");
    }

    @Test
    void the_fixed_clock_now_decides_expiry_and_all_passing_exits_0() throws Exception {
        write("mission.yaml", MISSION);
        write("manifests/checkout.yaml", "{apiVersion: apps/v1, kind: Deployment, metadata: {name: checkout, namespace: shop}, spec: {replicas: 3}}");
        Path file = write("expired.yaml", test("2026-11-28T11:00:00Z",
                scale("after expiresAt", 3, 6, "{decision: deny, stage: mission, reason: expired}")));

        CliTest.Run run = CliTest.run("test", file.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("1 cases: 1 passed, 0 failed");
    }

    @Test
    void an_unknown_field_is_a_usage_error_naming_the_file_and_the_path() throws Exception {
        write("mission.yaml", MISSION);
        Path file = write("typo.yaml", test("2026-11-28T09:00:00Z", """
                - name: typo
                  requester: %s
                  operation: CREATE
                  object: {apiVersion: apps/v1, kind: Deployment, metadata: {name: checkout, namespace: shop}}
                  expcet: {decision: allow}
                """.formatted(AGENT)));

        CliTest.Run run = CliTest.run("test", file.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(file + ": MissionTest t: cases[0] (typo).expcet: unknown field (known: name, requester,")
                .contains(file + ": MissionTest t: cases[0] (typo).expect: is required");
    }

    @Test
    void no_test_found_is_a_usage_error() throws Exception {
        CliTest.Run empty = CliTest.run("test", dir.toString());
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("no test found in " + dir);
        write("mission.yaml", MISSION);
        assertThat(CliTest.run("test", dir.toString()).exit()).as("a folder of Missions only").isEqualTo(2);
        assertThat(CliTest.run("test", dir.resolve("mission.yaml").toString()).err()).contains("expected apiVersion ibac.io/v1alpha1 and kind MissionTest");
        assertThat(CliTest.run("test", dir.resolve("missing.yaml").toString()).exit()).isEqualTo(2);
    }

    @Test
    void unreadable_object_files_missing_missions_and_kinds_without_a_resource_are_usage_errors() throws Exception {
        Path file = write("bad.yaml", test("2026-11-28T09:00:00Z", """
                - name: missing file
                  requester: %1$s
                  operation: UPDATE
                  objectFile: manifests/nope.yaml
                  expect: {decision: allow}
                - name: custom kind
                  requester: %1$s
                  operation: CREATE
                  object: {apiVersion: example.com/v1, kind: Widget, metadata: {name: w, namespace: shop}}
                  expect: {decision: deny}
                """.formatted(AGENT)));

        CliTest.Run run = CliTest.run("test", file.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("cases[0] (missing file).objectFile: " + dir.resolve("manifests/nope.yaml") + ": no such file")
                .contains("cases[1] (custom kind): kind Widget (example.com/v1) is not a built-in kind: set resource:");

        Path noMissions = write("nomissions.yaml", test("2026-11-28T09:00:00Z", scale("x", 3, 6, "{decision: allow}"))
                .replace("manifests/checkout.yaml", "mission.yaml"));
        write("mission.yaml", MISSION.replace("goal:", "gaol:"));
        CliTest.Run badMission = CliTest.run("test", noMissions.toString());
        assertThat(badMission.exit()).isEqualTo(2);
        assertThat(badMission.err()).contains(dir.resolve("mission.yaml") + ": Mission shop/scale-checkout: spec");
    }
}
