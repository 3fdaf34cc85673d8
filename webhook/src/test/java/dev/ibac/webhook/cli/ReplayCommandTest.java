package dev.ibac.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.action.Action;
import dev.ibac.action.Requester;
import dev.ibac.action.ResourceId;
import dev.ibac.webhook.app.DecisionPaths;
import dev.ibac.webhook.audit.HashChainedAuditLog;
import dev.ibac.webhook.embedded.MissionFiles;
import dev.ibac.webhook.record.AuditEntries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ibac replay}: logged actions decided again against changed Missions (SPEC §9). */
class ReplayCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant LOGGED = Instant.parse("2026-11-28T09:00:00Z");
    private static final String MISSION = """
            apiVersion: ibac.io/v1alpha1
            kind: Mission
            metadata: {name: scale-checkout, namespace: shop}
            spec:
              goal: Scale the checkout deployment out for Black Friday with more replicas.
              agent: {serviceAccount: shop-agent}
              scope:
                resources:
                  - {apiGroups: [apps], resources: [deployments], operations: [CREATE, UPDATE], names: [NAMES]}
            EXPIRY""";

    @TempDir
    Path dir;
    Path log;

    private static String mission(String names, String expiry) {
        return MISSION.replace("NAMES", names).replace("EXPIRY", expiry);
    }

    private Path missions(String name, String content) throws Exception {
        Path missionsDir = Files.createDirectories(dir.resolve(name));
        Files.writeString(missionsDir.resolve("mission.yaml"), content);
        return missionsDir;
    }

    /** Records traffic the way serve does: the pipeline DecisionPaths builds, AuditEntries, the hash-chained log. */
    @BeforeEach
    void record() throws Exception {
        log = dir.resolve("audit.jsonl");
        Path recorded = missions("recorded", mission("\"checkout*\"", ""));
        Clock clock = Clock.fixed(LOGGED, ZoneOffset.UTC);
        AuditEntries entries = new AuditEntries(MAPPER, clock);
        try (DecisionPaths.Offline path = DecisionPaths.offline(MissionFiles.readChecked(MissionFiles.yamlFiles(recorded)), clock,
                "semantic", Map.of());
                HashChainedAuditLog audit = HashChainedAuditLog.open(log, 16, clock)) {
            audit.append(entries.entry(path.pipeline().decide(scale("uid-1", "checkout", 3, 6))));
            audit.append(entries.entry(path.pipeline().decide(scale("uid-2", "checkout-canary", 1, 2))));
            audit.append(entries.entry(path.pipeline().decide(scale("uid-3", "payments", 1, 2))));
        }
    }

    private static Action scale(String uid, String name, int from, int to) {
        return new Action(uid, "UPDATE", new ResourceId("apps", "v1", "deployments", ""), "Deployment", "shop", name, false,
                new Requester("system:serviceaccount:shop:shop-agent", "", List.of("system:serviceaccounts")),
                deployment(name, to), deployment(name, from));
    }

    private static ObjectNode deployment(String name, int replicas) {
        ObjectNode d = MAPPER.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        d.putObject("metadata").put("name", name).put("namespace", "shop");
        d.putObject("spec").put("replicas", replicas);
        return d;
    }

    @Test
    void the_same_missions_change_nothing_and_exit_0() throws Exception {
        CliTest.Run run = CliTest.run("replay", "--log", log.toString(), "--missions", dir.resolve("recorded").toString());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("fresh ledger").contains("replayed 3, changed 0, not replayable 0");
    }

    @Test
    void a_narrowed_scope_lists_each_changed_verdict_before_and_after_and_exits_1() throws Exception {
        Path narrowed = missions("narrowed", mission("checkout", ""));
        CliTest.Run run = CliTest.run("replay", "--log", log.toString(), "--missions", narrowed.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("uid-2  2026-11-28T09:00:00Z  system:serviceaccount:shop:shop-agent  UPDATE deployments shop/checkout-canary  allow → deny")
                .containsPattern("before +judge +allow: ")
                .containsPattern("after +scope +deployments \"checkout-canary\" is outside mission shop/scale-checkout")
                .doesNotContain("uid-1").doesNotContain("uid-3")
                .contains("replayed 3, changed 1, not replayable 0");

        CliTest.Run json = CliTest.run("replay", "--log", log.toString(), "--missions", narrowed.toString(), "--format", "json");
        assertThat(json.exit()).isEqualTo(1);
        JsonNode report = MAPPER.readTree(json.out());
        assertThat(report.path("note").asText()).contains("fresh ledger");
        assertThat(report.path("changes")).hasSize(1);
        assertThat(report.at("/changes/0/auditId").asText()).isEqualTo("uid-2");
        assertThat(report.at("/changes/0/before/decision").asText()).isEqualTo("allow");
        assertThat(report.at("/changes/0/after/stage").asText()).isEqualTo("scope");
        assertThat(report.at("/summary/replayed").asLong()).isEqualTo(3);
        assertThat(report.at("/summary/changed").asLong()).isEqualTo(1);
    }

    @Test
    void the_logged_time_is_the_clock_for_expiry() throws Exception {
        // both expiries are long past today; only the one before the logged time changes anything
        Path later = missions("later", mission("\"checkout*\"", "  expiresAt: \"2026-11-28T10:00:00Z\"\n"));
        assertThat(CliTest.run("replay", "--log", log.toString(), "--missions", later.toString()).exit()).isZero();
        Path earlier = missions("earlier", mission("\"checkout*\"", "  expiresAt: \"2026-11-28T08:00:00Z\"\n"));
        CliTest.Run run = CliTest.run("replay", "--log", log.toString(), "--missions", earlier.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).containsPattern("after +mission +.*expired").contains("changed 2");
    }

    @Test
    void entries_without_objects_are_not_replayable_and_counted_with_why() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        Path edited = dir.resolve("edited.jsonl");
        rewrite(lines, edited, List.of(e -> {
            e.remove("request");
            return e;
        }, e -> {
            ((ObjectNode) e.get("request")).putNull("object").put("objectOmitted", "too large (40123 bytes > 32768)");
            return e;
        }, e -> e));
        CliTest.Run run = CliTest.run("replay", "--log", edited.toString(), "--missions", dir.resolve("recorded").toString());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("replayed 1, changed 0, not replayable 2").contains("no request recorded")
                .contains("object left out of the entry: too large");
    }

    @Test
    void a_broken_chain_is_refused_naming_the_line_unless_ignore_chain() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.set(1, lines.get(1).replace("checkout-canary", "checkout-canarx"));
        Files.write(log, lines);
        CliTest.Run refused = CliTest.run("replay", "--log", log.toString(), "--missions", dir.resolve("recorded").toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains(log + " line 2: hash does not match").contains("--ignore-chain");
        assertThat(refused.out()).doesNotContain("replayed");

        CliTest.Run ignored = CliTest.run("replay", "--log", log.toString(), "--missions", dir.resolve("recorded").toString(),
                "--ignore-chain");
        assertThat(ignored.err()).contains("warning: the audit log's hash chain does not hold at " + log + " line 2");
        assertThat(ignored.out()).contains("replayed 3");
    }

    @Test
    void bad_missions_and_missing_logs_are_usage_errors_named_like_check() throws Exception {
        Path typo = missions("typo", mission("\"checkout*\"", "").replace("goal:", "gaol:"));
        CliTest.Run run = CliTest.run("replay", "--log", log.toString(), "--missions", typo.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(typo.resolve("mission.yaml") + ": Mission shop/scale-checkout: spec");
        assertThat(CliTest.run("replay", "--log", log.toString(), "--missions", dir.resolve("nope").toString()).err())
                .contains("does not exist");
        assertThat(CliTest.run("replay", "--log", dir.resolve("nope.jsonl").toString(), "--missions", typo.toString()).exit())
                .isEqualTo(2);
        assertThat(CliTest.run("replay", "--log", log.toString(), "--missions", typo.toString(), "--format", "xml").exit())
                .isEqualTo(2);
    }

    @Test
    void a_rotated_set_replays_as_one_log_and_its_active_file_alone_is_refused_with_a_hint() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        Path rotated = dir.resolve("rotated/audit.jsonl");
        Files.createDirectories(rotated.getParent());
        rewrite(lines, rotated, List.of(e -> e, e -> e, e -> e), new HashChainedAuditLog.Rotation(1024, 10));
        assertThat(dev.ibac.webhook.audit.AuditLogFiles.oldestFirst(rotated)).hasSizeGreaterThan(1);

        CliTest.Run set = CliTest.run("replay", "--log", rotated.toString(), "--rotated", "--missions", dir.resolve("recorded").toString());
        assertThat(set.exit()).as(set.out() + set.err()).isZero();
        assertThat(set.out()).contains("replayed 3, changed 0");

        CliTest.Run alone = CliTest.run("replay", "--log", rotated.toString(), "--missions", dir.resolve("recorded").toString());
        assertThat(alone.exit()).isEqualTo(1);
        assertThat(alone.err()).contains(rotated + " line 1: prevHash").contains("--rotated");
    }

    private static void rewrite(List<String> lines, Path target, List<UnaryOperator<ObjectNode>> edits) throws Exception {
        rewrite(lines, target, edits, HashChainedAuditLog.Rotation.DEFAULT);
    }

    /** Applies an edit per line and re-chains the log, as a log written that way would be. */
    private static void rewrite(List<String> lines, Path target, List<UnaryOperator<ObjectNode>> edits,
            HashChainedAuditLog.Rotation rotation) throws Exception {
        Clock clock = Clock.fixed(LOGGED, ZoneOffset.UTC);
        try (HashChainedAuditLog audit = HashChainedAuditLog.open(target, 16, clock, rotation)) {
            for (int i = 0; i < lines.size(); i++) {
                ObjectNode entry = (ObjectNode) MAPPER.readTree(lines.get(i));
                entry.remove("hash");
                entry.remove("prevHash");
                audit.append(edits.get(i).apply(entry));
                audit.flush(); // one batch per entry, so a small rotation size rotates between them
            }
        }
    }
}
