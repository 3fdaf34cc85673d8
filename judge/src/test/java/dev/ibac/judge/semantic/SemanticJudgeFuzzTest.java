package dev.ibac.judge.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.crd.Mission;
import dev.ibac.judge.Fixtures;
import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.describe.ActionDescriber;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Goals are free text a team writes: random goals built from the phrasings the goal reader looks
 * for (images with and without a registry, hosts, figures, settings, durations, kinds beside names,
 * negations, brackets), judged against every calibration case, never make the judge throw. The
 * embedding is a stand-in: the topic score does not decide whether reading a goal can crash.
 */
class SemanticJudgeFuzzTest {
    private static final String[] FRAGMENTS = {"upgrade keycloak to keycloak:25.0.6", "use nginx:1.25", "image registry.corp/", "under quay.io/org/",
        "registry.internal/app/api:2.0", "scale checkout to 12 replicas", "(statefulset zk)", "(Deployment", "api)", "ttl 720h", "for 10m",
        "retention alone (7 days)", "requests.cpu=40", "pods=", "=5", "updateMode Off", "maxUnavailable", "0", "request 2Gi / limit 3Gi",
        "limit", "2 CPU/4Gi limits", "don't touch", "leave the", "alone", "nothing else gets deleted", "keep relay-signing-v1",
        "clean itself up", "namespace monitoring", "https://api.stripe.com", "s3://bucket", "every night at 02:00", "0 2 * * *",
        "ninety days", "a one-replica Redis", "the replica count (5) as they are", "image and volumes stay exactly as they are",
        "ClusterIssuer letsencrypt-prod", "Secret", "Ingress portal", "no downtime", "except", "only", ":", "/", "(", ")", "=", ";",
        ",", ".", "-", "the old catalog-web Ingress", "LoadBalancer", "at most 3 retries", "between 4 and 20 replicas", "", "ß", "名前"};

    /** A deterministic vector per text, so the judge runs its topic test without the model. */
    static final class HashModel implements EmbeddingModel {
        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            List<Embedding> out = new ArrayList<>();
            for (TextSegment segment : segments) {
                Random r = new Random(segment.text().hashCode());
                float[] v = new float[8];
                for (int i = 0; i < v.length; i++) {
                    v[i] = r.nextFloat() - 0.5f;
                }
                out.add(Embedding.from(v));
            }
            return Response.from(out);
        }
    }

    @Test
    void random_goals_never_make_the_judge_throw() throws Exception {
        SemanticJudge judge = new SemanticJudge(new HashModel(), new ActionDescriber(), SemanticThresholds.DEFAULT, 16);
        List<IntentCorpus.Case> cases = IntentCorpus.load("calibration").cases();
        Random random = new Random(20261202);
        for (int i = 0; i < 400; i++) {
            StringBuilder goal = new StringBuilder();
            for (int words = 1 + random.nextInt(8); words > 0; words--) {
                goal.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]).append(random.nextInt(4) == 0 ? ". " : " ");
            }
            IntentCorpus.Case item = cases.get(random.nextInt(cases.size()));
            // a blank goal is refused by the Mission schema (and would be a JudgeException: nothing to embed)
            String text = goal.toString().isBlank() ? "x" : goal.toString();
            Mission mission = Fixtures.mission(item.mission().getMetadata().getNamespace(), "fuzz-" + i, text, 1);

            JudgeVerdict verdict = judge.judge(new JudgeRequest(mission, item.action(), List.of(), ""));

            assertThat(verdict.reasoning()).as(goal.toString()).isNotBlank();
        }
    }
}
