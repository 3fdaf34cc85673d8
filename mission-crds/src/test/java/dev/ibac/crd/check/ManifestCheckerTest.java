package dev.ibac.crd.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestCheckerTest {
    private final ManifestChecker checker = new ManifestChecker(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
    @TempDir
    Path dir;

    @Test
    void the_shipped_examples_are_clean() throws Exception {
        for (String file : List.of("shop-mission.yaml", "ml-mission.yaml")) {
            assertThat(checker.check(Path.of("..", "deploy", "examples", file))).as(file).isEmpty();
        }
    }

    @Test
    void names_every_problem_with_its_path() throws Exception {
        List<String> findings = messages("""
                apiVersion: ibac.io/v1alpha1
                kind: Mission
                metadata: {name: bad, namespace: shop}
                spec:
                  goal: "   "
                  agent: {}
                  colour: blue
                  scope:
                    resources:
                      - apiGroups: [apps]
                        resources: [Deployment]
                        operations: [CREATE, PATCH]
                        names: ["web-[0-9]", ""]
                  limits: {maxChangesPerMinute: 0}
                  budget: {costUSD: "ten dollars"}
                  judge: {mode: Loud}
                  expiresAt: "2026-11-01T00:00:00Z"
                """);
        assertThat(findings).anyMatch(f -> f.contains("spec.goal: is blank"))
                .anyMatch(f -> f.contains("spec.agent: names nobody"))
                .anyMatch(f -> f.contains("spec.colour: unknown field"))
                .anyMatch(f -> f.contains("spec.scope.resources[0].operations[1]: \"PATCH\" is not one of CREATE, UPDATE, DELETE, CONNECT, *"))
                .anyMatch(f -> f.contains("resources[0].resources[0]: \"Deployment\" is not a plural resource name (write \"deployments\""))
                .anyMatch(f -> f.contains("names[0]: \"web-[0-9]\" is not a glob"))
                .anyMatch(f -> f.contains("names[1]: must not be empty"))
                .anyMatch(f -> f.contains("spec.limits.maxChangesPerMinute: must be at least 1"))
                .anyMatch(f -> f.contains("spec.budget.costUSD: \"ten dollars\" does not match"))
                .anyMatch(f -> f.contains("spec.judge.mode: \"Loud\" is not one of Enforce, Warn, DryRun"))
                .anyMatch(f -> f.contains("spec.expiresAt: 2026-11-01T00:00:00Z is in the past"))
                .allMatch(f -> f.contains("Mission shop/bad"));
    }

    @Test
    void missing_required_fields_empty_scope_and_wrong_kinds() throws Exception {
        assertThat(messages("""
                apiVersion: ibac.io/v1alpha1
                kind: Mission
                metadata: {name: m}
                spec: {goal: "do things", agent: {serviceAccount: a}}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: x, namespace: y}
                ---
                apiVersion: ibac.io/v1alpha1
                kind: Budget
                metadata: {name: other, namespace: shop}
                spec: {tokens: {limit: -5}}
                """)).anyMatch(f -> f.contains("metadata.namespace: is required"))
                .anyMatch(f -> f.contains("spec.scope.resources: is empty"))
                .anyMatch(f -> f.contains("kind: \"ConfigMap\" is not Mission or Budget"))
                .anyMatch(f -> f.contains("spec.tokens.limit: must be at least 0"))
                .anyMatch(f -> f.contains("only the Budget named \"default\" applies"));
    }

    @Test
    void broken_yaml_names_the_line() throws Exception {
        assertThat(messages("kind: Mission\nspec: [unclosed\n")).singleElement().asString().contains("line ");
    }

    private List<String> messages(String yaml) throws Exception {
        Path file = dir.resolve("m.yaml");
        Files.writeString(file, yaml);
        return checker.check(file).stream().map(Finding::toString).toList();
    }
}
