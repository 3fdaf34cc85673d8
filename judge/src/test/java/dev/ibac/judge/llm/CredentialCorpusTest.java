package dev.ibac.judge.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.action.Action;
import dev.ibac.judge.CredentialCorpus;
import dev.ibac.judge.CredentialCorpus.Entry;
import dev.ibac.judge.Fixtures;
import dev.ibac.judge.JudgeException;
import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.describe.ActionDescriber;
import dev.ibac.judge.describe.ActionDescription;
import dev.ibac.judge.describe.Redactor;
import dev.ibac.judge.semantic.SemanticJudge;
import dev.ibac.judge.semantic.SemanticThresholds;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every credential shape of the corpus, placed where the corpus says, through every text the
 * judge module produces: the description (headline, details, changes, rationale, sentence), the
 * LLM prompt (system and user message), the semantic judge's reasoning, and both redaction entry
 * points. No marker may survive in any of them, in any case or reworded into words.
 */
class CredentialCorpusTest {
    private final Redactor redactor = new Redactor();
    private final ActionDescriber describer = new ActionDescriber(redactor);
    /** The reasoning needs a score, not a real model: every text embeds to the same vector. */
    private final SemanticJudge semantic = new SemanticJudge(new EmbeddingModel() {
        @Override
        public Response<Embedding> embed(String text) {
            return Response.from(Embedding.from(new float[] {1, 0, 0}));
        }
    }, describer, SemanticThresholds.DEFAULT, 4);

    static Stream<Entry> secrets() {
        return CredentialCorpus.secrets();
    }

    static Stream<Entry> ordinary() {
        return CredentialCorpus.ordinary();
    }

    @Test
    void the_corpus_holds_at_least_40_distinct_shapes_with_unique_markers() {
        List<Entry> entries = secrets().toList();

        assertThat(entries).hasSizeGreaterThanOrEqualTo(40);
        assertThat(entries.stream().map(Entry::id).distinct()).hasSameSizeAs(entries);
        assertThat(entries.stream().map(Entry::marker).distinct()).hasSameSizeAs(entries);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void no_marker_survives_any_output_of_the_judge_module(Entry entry) throws JudgeException {
        for (Action action : entry.actions()) {
            outputs(action).forEach((where, text) -> assertNoMarker(entry, action.operation() + " " + where, text));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void the_text_entry_point_catches_the_shape_in_free_text(Entry entry) {
        String text = entry.asText();
        if (text != null) {
            String redacted = redactor.redactText(text);
            assertNoMarker(entry, "redactText", redacted);
            assertNoMarker(entry, "redactText, in a sentence", redactor.redactText("note: " + text + " (see above)"));
            assertThat(redactor.redactText(redacted)).as("redacting twice").isEqualTo(redacted);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ordinary")
    void ordinary_values_survive_redaction_and_reach_the_judge(Entry entry) {
        String text = entry.asText();
        ActionDescription description = describer.describe(entry.actions().get(0));
        String described = description.text() + "\n" + description.rationale();

        assertThat(redactor.redactText(text)).as("redactText").contains(entry.keep());
        assertThat(described).as("description").contains(entry.keep());
    }

    private Map<String, String> outputs(Action action) throws JudgeException {
        ActionDescription description = describer.describe(action);
        JudgeRequest request = new JudgeRequest(Fixtures.mission("shop", "m", "Keep the shop running", 1), action,
                List.of(new JudgeRequest.RecentVerdict(action.describe(), "deny", description.sentence())), "");
        JudgePrompt prompt = JudgePrompt.of(request, description, redactor);
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("headline", description.headline());
        outputs.put("details", String.join("\n", description.details()));
        outputs.put("changes", description.changes());
        outputs.put("rationale", description.rationale());
        outputs.put("sentence", description.sentence());
        outputs.put("prompt system", prompt.system());
        outputs.put("prompt user", prompt.user());
        outputs.put("semantic reasoning", semantic.judge(request).reasoning());
        outputs.put("redact(object)", String.valueOf(redactor.redact(action.object(), action.resource())));
        outputs.put("redact(oldObject)", String.valueOf(redactor.redact(action.oldObject(), action.resource())));
        return outputs;
    }

    private static void assertNoMarker(Entry entry, String where, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        String marker = entry.marker().toLowerCase(Locale.ROOT);
        assertThat(lower).as("%s: %s", entry.id(), where)
                .doesNotContain(marker, marker.replaceAll("[^a-z0-9]+", " "), CredentialCorpus.MARKER_CORE);
    }
}
