package dev.ibac.webhook.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibac.action.Action;
import dev.ibac.crd.Mission;
import dev.ibac.judge.CredentialCorpus;
import dev.ibac.judge.CredentialCorpus.Entry;
import dev.ibac.judge.describe.ActionDescriber;
import dev.ibac.judge.guard.ProtectGuard;
import dev.ibac.judge.guard.ScopeGuard;
import dev.ibac.judge.semantic.SemanticJudge;
import dev.ibac.judge.semantic.SemanticThresholds;
import dev.ibac.webhook.pipeline.AgentSelector;
import dev.ibac.webhook.pipeline.BudgetGate;
import dev.ibac.webhook.pipeline.Decision;
import dev.ibac.webhook.pipeline.DecisionPipeline;
import dev.ibac.webhook.pipeline.DenialMessages;
import dev.ibac.webhook.pipeline.MissionIndex;
import dev.ibac.webhook.pipeline.MissionPhases;
import dev.ibac.webhook.pipeline.RateGate;
import dev.ibac.webhook.pipeline.RecentVerdicts;
import dev.ibac.webhook.pipeline.Stage;
import dev.ibac.webhook.record.AuditEntries;
import dev.ibac.webhook.testing.TestMissions;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC §7: credentials never leave the process. Every credential shape of the judge module's corpus,
 * placed where the corpus says, is sent through the real decision path (protect, scope, the semantic
 * judge with its effects) and then through every webhook output: the audit entry (reason, effects,
 * judge, request), the Event note and reason, and the denial or warning message. No marker may survive.
 */
class CredentialSweepTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private final MissionIndex index = new MissionIndex();
    private final DecisionPipeline pipeline = pipeline();
    private final AuditEntries entries = new AuditEntries(new ObjectMapper(), CLOCK);

    static Stream<Entry> secrets() {
        return CredentialCorpus.secrets();
    }

    private DecisionPipeline pipeline() {
        Mission broad = TestMissions.parse("""
                apiVersion: ibac.io/v1alpha1
                kind: Mission
                metadata: {name: keep-running, namespace: shop}
                spec:
                  goal: keep the shop's target workload and its configuration running
                  agent: {serviceAccount: shop-agent}
                  scope:
                    resources: [{apiGroups: ["*"], resources: ["*"], operations: ["*"]}]
                    allowManaged: true
                """);
        index.replace(List.of(broad), List.of());
        // every text embeds to the same vector: the sweep needs the judge's texts, not its topic test
        SemanticJudge judge = new SemanticJudge(new EmbeddingModel() {
            @Override
            public Response<Embedding> embed(String text) {
                return Response.from(Embedding.from(new float[] {1, 0, 0}));
            }
        }, new ActionDescriber(), SemanticThresholds.DEFAULT, 4);
        return new DecisionPipeline(new AgentSelector(AgentSelector.DEFAULT_USERNAMES, AgentSelector.DEFAULT_GROUPS, index), index,
                new MissionPhases(CLOCK, m -> false), new ProtectGuard(), new ScopeGuard(), RateGate.UNLIMITED, BudgetGate.UNLIMITED, judge,
                new RecentVerdicts());
    }

    @ParameterizedTest
    @MethodSource("secrets")
    void no_credential_reaches_an_audit_entry_an_event_or_a_message(Entry entry) {
        List<Stage> stages = new ArrayList<>();
        for (Action action : entry.actions()) {
            assertThat(String.valueOf(action.object()) + action.oldObject()).as("the corpus places the secret in the request")
                    .containsIgnoringCase(entry.marker());
            Decision decision = pipeline.decide(action);
            stages.add(decision.stage());
            String outputs = String.join("\n", entries.entry(decision).toString(), DenialMessages.denial(decision),
                    DenialMessages.warning(decision), MissionEvents.note(decision),
                    MissionEvents.reason(decision));

            assertThat(outputs.toLowerCase(Locale.ROOT)).as(entry.id() + " " + action.operation())
                    .doesNotContain(CredentialCorpus.MARKER_CORE).doesNotContain(entry.marker().toLowerCase(Locale.ROOT));
        }
        assertThat(stages).as("the judge, its effects and reasoning saw the secret").contains(Stage.JUDGE);
    }
}
