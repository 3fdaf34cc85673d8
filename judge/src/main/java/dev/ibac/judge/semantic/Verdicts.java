package dev.ibac.judge.semantic;

import dev.ibac.judge.Effect;
import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.JudgeVerdict.Decision;
import dev.ibac.judge.JudgeVerdict.Risk;
import dev.ibac.judge.TokenUsage;
import dev.ibac.judge.goal.Clause;
import dev.ibac.judge.goal.GoalReading;
import dev.ibac.judge.semantic.Assessment.Asked;
import dev.ibac.judge.semantic.Assessment.Contradicted;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The semantic judge's answers, worded for the agent that reads them: what the action does, which
 * of the goal's words it contradicts or lacks, and what to do next.
 *
 * <p>Confidence is the measured precision of each kind of answer on the calibration split, smoothed
 * as (right + 1) / (all + 2) so that a perfect small sample does not claim certainty
 * (IntentCorpusTest with -Dibac.corpus.verbose=true lists every answer; judge/README.md,
 * "Calibration"). An uncertain verdict is a doubt, not a decision: 0.5 by definition.
 */
final class Verdicts {
    /** 21 of 21 right on the calibration split. */
    static final double CONFIDENCE_JUDGE_TEXT = 0.96;
    /** 35 of 35. */
    static final double CONFIDENCE_CONTRADICTED = 0.97;
    /** 11 of 11. */
    static final double CONFIDENCE_OFF_LIMITS = 0.92;
    /** 13 of 14. */
    static final double CONFIDENCE_OFF_TOPIC = 0.88;
    static final double CONFIDENCE_UNCERTAIN = 0.50;
    /** 66 of 72. */
    static final double CONFIDENCE_ALLOW_NAMED = 0.91;
    /** 16 of 21: the topic test alone is the weakest evidence. */
    static final double CONFIDENCE_ALLOW_SIMILAR = 0.74;
    private static final int MAX_QUOTE = 120;

    private Verdicts() {}

    static JudgeVerdict contradicted(Contradicted c, JudgeRequest request) {
        Effect e = c.effect();
        boolean judgeText = e.family() == Effect.Family.JUDGE_TEXT;
        String reason = judgeText
                ? "deny: " + e.sentence() + " — " + c.why() + " and send the action again"
                : "deny: " + e.sentence() + ", but " + c.why() + (c.quote().isEmpty() ? "" : " (\"" + cut(c.quote()) + "\")")
                        + "; leave this change out, or ask the mission's owner to say so in spec.goal of " + request.mission().key();
        return verdict(Decision.DENY, reason, Risk.HIGH, judgeText ? CONFIDENCE_JUDGE_TEXT : CONFIDENCE_CONTRADICTED);
    }

    static JudgeVerdict offLimits(JudgeRequest request, Clause clause) {
        String reason = "deny: " + request.action().describe() + " changes what the goal puts off limits (\"" + cut(clause.quote())
                + "\"); leave it as it is, or ask the mission's owner to change spec.goal of " + request.mission().key();
        return verdict(Decision.DENY, reason, Risk.HIGH, CONFIDENCE_OFF_LIMITS);
    }

    static JudgeVerdict offTopic(JudgeRequest request, GoalReading goal, double score, double needed) {
        String names = goal.names().isEmpty() ? "" : " (the goal names " + goal.names().stream().limit(6).collect(Collectors.joining(", ")) + ")";
        String reason = "deny: " + request.action().describe() + " does not serve the goal: it names none of the goal's objects"
                + names + " and reads as unrelated (similarity " + SemanticJudge.format(score) + " < " + SemanticJudge.format(needed)
                + "); act only on what spec.goal of " + request.mission().key() + " asks for";
        return verdict(Decision.DENY, reason, score < needed - 0.15 ? Risk.HIGH : Risk.MEDIUM, CONFIDENCE_OFF_TOPIC);
    }

    static JudgeVerdict uncertain(Effect e, JudgeRequest request) {
        String reason = "uncertain: " + e.sentence() + " is neither asked for nor ruled out by the goal of "
                + request.mission().key() + "; ask an approver, or leave this change out";
        return verdict(Decision.UNCERTAIN, reason, e.risk(), CONFIDENCE_UNCERTAIN);
    }

    /** An object of a kind the goal names its own of ("a KafkaTopic orders-events"), under another name. */
    static JudgeVerdict otherObject(JudgeRequest request, String resource, java.util.Set<String> named) {
        String reason = "uncertain: " + request.action().describe() + " is not one of the " + resource + " the goal names ("
                + String.join(", ", named) + "); ask an approver, or act only on what spec.goal of " + request.mission().key() + " names";
        return verdict(Decision.UNCERTAIN, reason, Risk.MEDIUM, CONFIDENCE_UNCERTAIN);
    }

    /** A new workload of a kind the goal never speaks of, under a name it does not give. */
    static JudgeVerdict unaskedWorkload(JudgeRequest request, String resource) {
        String reason = "uncertain: " + request.action().describe() + " starts a new workload, and the goal of " + request.mission().key()
                + " asks for no " + resource + "; ask an approver, or act only on what spec.goal names";
        return verdict(Decision.UNCERTAIN, reason, Risk.MEDIUM, CONFIDENCE_UNCERTAIN);
    }

    /** A new workload close to the goal's topic, of a kind the goal speaks of only through the objects it names. */
    static JudgeVerdict unnamedWorkload(JudgeRequest request, String resource) {
        String reason = "uncertain: " + request.action().describe() + " starts a new workload, and the goal of " + request.mission().key()
                + " names the " + resource + " it works on, not this one; ask an approver, or act only on what spec.goal names";
        return verdict(Decision.UNCERTAIN, reason, Risk.MEDIUM, CONFIDENCE_UNCERTAIN);
    }

    /** A configuration change whose values echo nothing of a goal that speaks of no configuration. */
    static JudgeVerdict unaskedConfiguration(JudgeRequest request) {
        String reason = "uncertain: " + request.action().describe() + " changes configuration the goal of " + request.mission().key()
                + " does not speak of, to values it never gives; ask an approver, or leave this change out";
        return verdict(Decision.UNCERTAIN, reason, Risk.MEDIUM, CONFIDENCE_UNCERTAIN);
    }

    /** An existing object the goal's words do not name, where the goal names the ones it works on. */
    static JudgeVerdict unnamedExisting(JudgeRequest request, String resource) {
        String reason = "uncertain: " + request.action().describe() + " changes existing " + resource + " that the goal of "
                + request.mission().key() + " never names; ask an approver, or act only on the objects spec.goal names";
        return verdict(Decision.UNCERTAIN, reason, Risk.MEDIUM, CONFIDENCE_UNCERTAIN);
    }

    /** An object in a namespace that is neither the mission's nor one its goal names. */
    static JudgeVerdict otherNamespace(JudgeRequest request, String namespace) {
        String home = request.mission().getMetadata().getNamespace();
        String reason = "deny: " + request.action().describe() + " acts in namespace " + namespace
                + ", which the goal of " + request.mission().key() + " never names; act in " + home
                + " or the namespaces the goal names, or ask the mission's owner to name it in spec.goal";
        return verdict(Decision.DENY, reason, Risk.MEDIUM, CONFIDENCE_CONTRADICTED);
    }

    /** A cluster-scoped kind ("ClusterIssuer") where the goal names its namespaced kind ("Issuer"). */
    static JudgeVerdict clusterWide(JudgeRequest request, String namespaced) {
        String reason = "deny: " + request.action().describe() + " acts on every namespace, but the goal asks for a namespaced "
                + namespaced + "; create the " + namespaced + " in " + request.mission().getMetadata().getNamespace()
                + ", or ask the mission's owner to say so in spec.goal of " + request.mission().key();
        return verdict(Decision.DENY, reason, Risk.HIGH, CONFIDENCE_CONTRADICTED);
    }

    static JudgeVerdict unaskedChange(JudgeRequest request) {
        String reason = "uncertain: " + request.action().describe() + " changes an object in ways the goal of "
                + request.mission().key() + " does not ask for; ask an approver, or leave this change out";
        return verdict(Decision.UNCERTAIN, reason, Risk.MEDIUM, CONFIDENCE_UNCERTAIN);
    }

    static JudgeVerdict allowed(JudgeRequest request, Topic topic, List<Assessment> assessments, double score) {
        List<String> asked = assessments.stream().filter(Asked.class::isInstance).map(a -> a.effect().sentence()
                + " (asked: \"" + cut(((Asked) a).quote()) + "\")").limit(3).toList();
        Risk risk = assessments.stream().filter(Asked.class::isInstance).map(a -> a.effect().risk())
                .anyMatch(r -> r == Risk.HIGH) ? Risk.MEDIUM : Risk.LOW;
        String why = topic.named() ? "it acts on " + String.join(", ", topic.names()) + ", which the goal names"
                : Double.isNaN(score) ? "its name, " + topic.target().name() + ", is one the goal gives or made from one" // no topic test ran
                : "it reads as part of the goal (similarity " + SemanticJudge.format(score) + ")";
        String reason = "allow: " + request.action().describe() + " serves the goal: " + why
                + (asked.isEmpty() ? "; every effect is low risk" : "; " + String.join("; ", asked));
        return verdict(Decision.ALLOW, reason, risk, topic.named() ? CONFIDENCE_ALLOW_NAMED : CONFIDENCE_ALLOW_SIMILAR);
    }

    private static JudgeVerdict verdict(Decision decision, String reason, Risk risk, double confidence) {
        return new JudgeVerdict(decision, reason, risk, confidence, TokenUsage.NONE, SemanticJudge.NAME, SemanticJudge.MODEL, false);
    }

    private static String cut(String quote) {
        String q = quote.strip();
        return q.length() <= MAX_QUOTE ? q : q.substring(0, MAX_QUOTE) + "…";
    }
}
