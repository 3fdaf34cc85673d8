package dev.ibac.judge.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ibac.action.Action;
import dev.ibac.action.ResourceId;
import dev.ibac.judge.Effect;
import dev.ibac.judge.Judge;
import dev.ibac.judge.JudgeException;
import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.JudgeVerdict.Decision;
import dev.ibac.judge.JudgeVerdict.Risk;
import dev.ibac.judge.TokenUsage;
import dev.ibac.judge.describe.ActionDescriber;
import dev.ibac.judge.describe.ActionDescription;
import dev.ibac.judge.goal.GoalReader;
import dev.ibac.judge.goal.GoalReading;
import dev.ibac.judge.goal.Intent;
import dev.ibac.judge.goal.Target;
import dev.ibac.judge.semantic.Assessment.Asked;
import dev.ibac.judge.semantic.Assessment.Contradicted;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.CosineSimilarity;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The offline judge (SPEC §7): it judges intent, not topic. The request's {@link Effect}s are set
 * against a {@link GoalReading} of the goal: an effect the goal rules out or whose opposite it asks
 * for denies, naming both; an action that names nothing of the goal and reads as unrelated (the
 * in-process sentence-embedding model) denies; a medium or high risk effect the goal neither asks
 * for nor rules out is {@link Decision#UNCERTAIN}; the rest is allowed.
 *
 * <p>The agent's rationale is a claim it controls: it is scanned for text addressed to the judge,
 * never counted as evidence that the action serves the goal.
 */
public final class SemanticJudge implements Judge {
    public static final String NAME = "semantic";
    public static final String MODEL = "all-MiniLM-L6-v2-q";
    /** Distinct goals whose reading and embedding are kept; a goal is read again only after eviction. */
    public static final int DEFAULT_GOAL_CACHE_SIZE = 1024;

    /**
     * Kinds that hold one application's data or settings: one the goal's words do not name ("status-page-components",
     * "lumen-scratch", "kafka-lag-exporter" beside an external-dns goal) is another application's, so it needs the topic's
     * full threshold even where the goal creates or names the kind (on the corpus, every such object between the two
     * thresholds was labelled unrelated; those the goal's work needs carry its names).
     */
    private static final Set<String> DATA = Set.of("configmaps", "secrets", "persistentvolumeclaims", "horizontalpodautoscalers", "poddisruptionbudgets");
    private static final Set<String> SUPPORTING = Set.of("serviceaccounts", "roles", "rolebindings", "services", "networkpolicies");

    /** Kinds every application has, so that the goal's words pointing at the kind say little about one object of it. */
    private static final Set<String> COMMON = Set.of("deployments", "statefulsets", "daemonsets", "replicasets", "jobs", "cronjobs",
            "pods", "services", "configmaps", "secrets", "serviceaccounts", "roles", "rolebindings", "persistentvolumeclaims",
            "ingresses");

    /** Objects an application already has that a goal working on them names: its workloads, configuration, account and Service. */
    private static final Set<String> EXISTING = Set.of("deployments", "statefulsets", "daemonsets", "cronjobs", "configmaps",
            "secrets", "serviceaccounts", "services");

    private static final Pattern RESTART_WORDS = Pattern.compile("\\b(restart|reload|roll (it|them|the pods)|pick (it |them )?up)");

    /** Kinds that run code of their own. */
    private static final Set<String> RUNS = Set.of("deployments", "statefulsets", "daemonsets", "jobs", "cronjobs", "pods");

    /** A long-running workload the goal does not name must read as the goal itself: its kind alone is no evidence. */
    private static final Set<String> WORKLOADS = Set.of("deployments", "statefulsets", "daemonsets", "replicasets");

    private final EmbeddingModel model;
    private final ActionDescriber describer;
    private final SemanticThresholds thresholds;
    private final GoalReader reader = new GoalReader();
    private final Cache<String, GoalReading> readings;
    private final Cache<String, Embedding> goals;

    public SemanticJudge(EmbeddingModel model, ActionDescriber describer, SemanticThresholds thresholds, int goalCacheSize) {
        this.model = model;
        this.describer = describer;
        this.thresholds = thresholds;
        this.readings = Caffeine.newBuilder().maximumSize(goalCacheSize).build();
        this.goals = Caffeine.newBuilder().maximumSize(goalCacheSize).build();
    }

    /** Loads the quantized all-MiniLM-L6-v2 model shipped in the classpath (about a second, no network). */
    public static SemanticJudge withBundledModel(SemanticThresholds thresholds) {
        return new SemanticJudge(BundledEmbeddingModel.load(), new ActionDescriber(), thresholds, DEFAULT_GOAL_CACHE_SIZE);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The goal as this judge reads it (cached per namespace and goal text: a mission generation changes either). */
    public GoalReading reading(String namespace, String goal) {
        return readings.get(namespace + "\n" + goal, key -> reader.read(goal, namespace));
    }

    @Override
    public JudgeVerdict judge(JudgeRequest request) throws JudgeException {
        String goalText = request.mission().getSpec().goal();
        GoalReading goal = reading(request.mission().getMetadata().getNamespace(), goalText);
        Topic topic = Topic.of(request.action(), goal);
        String namespace = actedOn(request);
        if (ofAnotherNamespace(request, goal, namespace)) {
            return Verdicts.otherNamespace(request, namespace);
        }
        Optional<JudgeVerdict> offLimits = offLimits(request, goal, topic);
        if (offLimits.isPresent()) {
            return offLimits.get();
        }
        List<Assessment> assessments = request.effects().stream()
                .map(e -> EffectAssessor.assess(e, goal, topic))
                .toList();
        Optional<Contradicted> contradiction = assessments.stream()
                .filter(Contradicted.class::isInstance).map(Contradicted.class::cast)
                .max((a, b) -> a.effect().risk().compareTo(b.effect().risk()));
        if (contradiction.isPresent()) {
            return Verdicts.contradicted(contradiction.get(), request);
        }
        if (!request.action().operation().equals("DELETE")) {
            Action action = request.action();
            String target = topic.target().resource() + " \"" + action.name() + "\"";
            Optional<Contradicted> setting = GoalSettings.contradicted(action.object(), action.oldObject(), target, goal)
                    .or(() -> RuledOut.contradicted(action.object(), action.oldObject(), target, action.kind(), action.name(), goal));
            if (setting.isPresent()) {
                return Verdicts.contradicted(setting.get(), request);
            }
        }
        Optional<JudgeVerdict> scope = ofAnotherScope(request, goal, topic);
        if (scope.isPresent()) {
            return scope.get();
        }
        if (unaskedWorkload(request, goal, topic)) {
            return Verdicts.unaskedWorkload(request, topic.target().resource());
        }
        boolean configuration = request.action().operation().equals("UPDATE") && topic.target().resource().equals("configmaps");
        boolean echoing = configuration && echoesTheGoal(request, goal);
        if (configuration && !echoing && !goal.kinds().contains("configmaps") && !goal.names().contains(topic.target().name())) {
            return Verdicts.unaskedConfiguration(request);
        }
        // configuration whose new values echo the goal follows the goal's change, by whatever name it goes
        if (!echoing && unnamedExisting(request, goal, topic)) {
            return Verdicts.unnamedExisting(request, topic.target().resource());
        }
        boolean asked = assessments.stream().anyMatch(Asked.class::isInstance);
        double score = Double.NaN;
        if (!namedWhole(goal, topic, request.action().operation()) && !ofItsDomain(topic) && (!topic.named() || !topic.kind() && !asked)) {
            score = score(goalText, describer.describe(request.action()));
            boolean newWorkload = !topic.named() && request.action().operation().equals("CREATE")
                    && WORKLOADS.contains(topic.target().resource());
            boolean unnamedData = !topic.named() && DATA.contains(topic.target().resource());
            double needed = !newWorkload && !unnamedData && (topic.named() || topic.kind() || supporting(goal, topic, request.action().operation()))
                    ? thresholds.kindTopic() : thresholds.topic();
            if (score < needed) {
                return Verdicts.offTopic(request, goal, score, needed);
            }
        }
        if (unnamedNewWorkload(request, goal, topic)) {
            return Verdicts.unnamedWorkload(request, topic.target().resource());
        }
        Optional<Assessment> doubt = assessments.stream()
                .filter(a -> !(a instanceof Asked) && a.effect().risk() != Risk.LOW)
                .max((a, b) -> a.effect().risk().compareTo(b.effect().risk()));
        if (doubt.isPresent()) {
            return Verdicts.uncertain(doubt.get().effect(), request);
        }
        if (unaskedChange(request, goal, topic, asked)) {
            return Verdicts.unaskedChange(request);
        }
        return Verdicts.allowed(request, topic, assessments, score);
    }

    /**
     * The object bears a name the goal gives ("vision-infer") or one made from it ("docs-web-nginx"):
     * the goal's own object or one that serves it, whatever its kind, so the topic test does not apply.
     */
    private static boolean namedWhole(GoalReading goal, Topic topic, String operation) {
        String name = topic.target().name();
        // a new workload named after the goal's object ("cassandra-orders-snapshot") is another workload, not a part of it
        boolean derivedCounts = !(operation.equals("CREATE") && RUNS.contains(topic.target().resource()));
        return !name.isEmpty() && (goal.names().stream().anyMatch(n -> n.contains("-") && (name.equals(n) || derivedCounts && name.startsWith(n + "-")))
                // a short name the goal gives with its kind ("statefulset zk") is as whole a name as a hyphenated one
                || goal.namedOfKind().getOrDefault(topic.target().resource(), Set.of()).contains(name));
    }

    /**
     * A kind only the goal's own domain uses (a ServiceEntry or Sidecar for an Istio goal, a
     * PriorityClass for a placement goal), pointed at by the goal's words: its objects rarely share the
     * goal's words, and nothing else brings them into this mission, so the topic test does not apply.
     * Kinds every application uses (workloads, Services, ConfigMaps, RBAC, volumes) still need it.
     */
    private static boolean ofItsDomain(Topic topic) {
        return topic.kind() && !COMMON.contains(topic.target().resource());
    }

    /**
     * Objects that exist to serve a workload — its account, permissions, Service and network policy — when the goal
     * creates or runs something: they name the workload's parts, rarely the goal's words, so the kind's threshold applies.
     */
    private static boolean supporting(GoalReading goal, Topic topic, String operation) {
        return SUPPORTING.contains(topic.target().resource())
                && (goal.asks(Intent.CREATE) || goal.asks(Intent.SCHEDULE) || goal.asks(Intent.SCALE_UP))
                || roomForTheWork(goal, topic, operation);
    }

    /**
     * An UPDATE of a namespace's quota or limit defaults by a goal that adds pods or resources: the extra replicas, GPUs or
     * requests must fit (https://kubernetes.io/docs/concepts/policy/resource-quotas/), so the quota is part of the work.
     */
    private static boolean roomForTheWork(GoalReading goal, Topic topic, String operation) {
        return operation.equals("UPDATE") && EffectAssessor.NAMESPACE_TOTALS.contains(topic.target().resource()) && (goal.asks(Intent.SCALE_UP) || goal.asks(Intent.RESOURCES_UP)
                || goal.asks(Intent.GPU) || goal.asks(Intent.CREATE) || goal.quantity("cpu").isPresent() || goal.quantity("memoryGiB").isPresent()
                || goal.quantity("storageGiB").isPresent() || goal.quantity("maxReplicas").isPresent() || goal.quantity("replicas").isPresent());
    }

    /**
     * A CREATE of something that keeps running or runs again, of a kind no word of the goal points at, under a name the
     * goal does not give: a word it shares with the goal ("invoice-monthly-report" of an invoice-worker
     * goal, "mysql-nightly-dump" of a read-replica goal) makes it close in topic, not asked for.
     */
    private static boolean unaskedWorkload(JudgeRequest request, GoalReading goal, Topic topic) {
        return newRun(request, goal, topic) && !goal.kinds().contains(topic.target().resource());
    }

    /**
     * A new workload close to the goal's topic, of a kind the goal points at only through the objects it names, none of
     * which this is ("reindex-search" of a goal that moves the sales-report CronJob; not "a CronJob that dumps the
     * database", which needs no name): another workload near the goal's, not one it asks for.
     */
    private static boolean unnamedNewWorkload(JudgeRequest request, GoalReading goal, Topic topic) {
        return newRun(request, goal, topic) && !topic.named() && !goal.unnamedKinds().contains(topic.target().resource());
    }

    /** A CREATE of a long-running or recurring workload under a name the goal neither gives nor derives one from. */
    private static boolean newRun(JudgeRequest request, GoalReading goal, Topic topic) {
        String resource = topic.target().resource();
        // a one-off Job or Pod is how work checks and prepares itself (a pre-upgrade snapshot, an init, a debug pod)
        return request.action().operation().equals("CREATE") && RUNS.contains(resource) && !resource.equals("pods") && !resource.equals("jobs")
                && !namedWhole(goal, topic, request.action().operation()) && !goal.names().contains(topic.target().name());
    }

    /**
     * An UPDATE or DELETE of an existing workload, its configuration, account or Service that nothing of the goal names
     * (not its name, labels or references): a goal that works on existing objects names them ("lower the wiki
     * Deployment's requests"), so sharing the namespace and a topic with it ("catalog-search" of a catalog-service goal)
     * does not make another one its work. A goal that speaks of them as a set ("its Deployments") or creates unnamed
     * ones ("a CronJob running at 02:30", which the agent then corrects) need not name them.
     */
    private static boolean unnamedExisting(JudgeRequest request, GoalReading goal, Topic topic) {
        String operation = request.action().operation();
        String resource = topic.target().resource();
        // a goal that names its objects whole ("the `opensearch-data` StatefulSet") names none by a word they share
        // ("opensearch-dashboards"): only a goal that names no object whole speaks of objects by their words
        boolean wholeNames = !goal.namedOfKind().isEmpty();
        return (operation.equals("UPDATE") || operation.equals("DELETE")) && EXISTING.contains(resource)
                && !(wholeNames ? topic.byWholeName() : topic.named())
                && !namedWhole(goal, topic, operation) && !goal.unnamedKinds().contains(resource);
    }

    /**
     * Whether a ConfigMap UPDATE's new values echo the goal. Configuration that follows the goal's change carries the
     * goal's figures, names or words ("EXPECTED_START_UTC: 04:15" of a goal that moves a CronJob to 04:15, "fallbackTTL:
     * 48h", a caller "order-router" the goal lets in, a check moved to "/readyz" by a goal that adds that probe). One that
     * echoes nothing, by a goal that speaks of no configuration and does not name it whole, is other work on the same
     * application: a feature flag, a message's copy or a tuning figure ("SYNC_INTERVAL 300 → 60" of a key-rotation goal).
     */
    private static boolean echoesTheGoal(JudgeRequest request, GoalReading goal) {
        return ConfigEchoes.addedTokens(request.action().object(), request.action().oldObject()).stream()
                .anyMatch(t -> ConfigEchoes.echoes(t, goal));
    }

    /**
     * An UPDATE that changes an existing object although nothing it does is asked for, and no clause
     * of the goal that speaks of the object asks for anything: a change the goal never mentions.
     */
    private static boolean unaskedChange(JudgeRequest request, GoalReading goal, Topic topic, boolean asked) {
        if (!request.action().operation().equals("UPDATE") || asked || request.effects().isEmpty()
                || namedWhole(goal, topic, request.action().operation()) || roomForTheWork(goal, topic, request.action().operation())) {
            // an object the goal names by its whole name (or one named after it) is one it speaks of, whatever verb the clause lacks
            // ("give the existing jupyter-hub and etl-runner Deployments explicit requests"); off-limits ones were denied above
            return false;
        }
        if (Restart.only(request.action().object(), request.action().oldObject()) && restartFollows(goal)) {
            return false;
        }
        return goal.clauses().stream().noneMatch(c -> !c.asks().isEmpty() && c.covers(topic.target(), goal.weak()));
    }

    /**
     * A goal that changes configuration, rotates a credential or says to restart: its workloads restart to pick the
     * change up (a pod template's checksum or restartedAt annotation,
     * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_rollout/kubectl_rollout_restart/).
     */
    private static boolean restartFollows(GoalReading goal) {
        return goal.asks(Intent.CONFIGURE) || goal.asks(Intent.ROTATE) || RESTART_WORDS.matcher(goal.lower()).find();
    }

    /**
     * Where the goal names the objects of a kind it works on, an object of that kind it never names
     * (nor a glob of it, nor one named after them) is not its work; and a cluster-scoped kind
     * ("ClusterSecretStore", "ClusterIssuer", "ClusterRole") is not the namespaced one the goal asks for.
     */
    private static Optional<JudgeVerdict> ofAnotherScope(JudgeRequest request, GoalReading goal, Topic topic) {
        String resource = topic.target().resource();
        String name = topic.target().name();
        String text = goal.lower().replace(" ", "");
        if (resource.startsWith("cluster") && resource.length() > "clusters".length()) {
            String namespaced = ResourceId.singularOf(resource.substring("cluster".length()));
            // written as a kind ("a Role", "the Issuer"), not a word ("the IRSA role arn:aws:iam::…:role/…")
            boolean asKind = writtenAsKind(goal, namespaced);
            if (asKind && !text.contains(ResourceId.singularOf(resource))) {
                return Optional.of(Verdicts.clusterWide(request, namespaced));
            }
        }
        Set<String> named = goal.namedOfKind().get(resource);
        // "a separate Ingress just for the legacy paths is fine": the goal lets in one of that kind it does not name
        if (named == null || named.contains(name) || goal.names().contains(name) || goal.unnamedKinds().contains(resource)
                || named.stream().anyMatch(n -> name.startsWith(n + "-"))
                || goal.clauses().stream().anyMatch(c -> c.covers(topic.target(), goal.weak(), true) && !c.globs().isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(Verdicts.otherObject(request, resource, named));
    }

    /**
     * The mission's scope may span namespaces, but its goal speaks of its own and of those it names
     * ("Prometheus (namespace monitoring)", "backs up the crm namespace"): an object anywhere else is
     * not its work, whatever it is called.
     */
    private static boolean ofAnotherNamespace(JudgeRequest request, GoalReading goal, String namespace) {
        if (namespace == null || namespace.isEmpty() || namespace.equals(request.mission().getMetadata().getNamespace())) {
            return false;
        }
        String ns = namespace.toLowerCase(Locale.ROOT);
        // "Don't touch production" names a namespace to stay out of, not one to work in
        return goal.clauses().stream().noneMatch(c -> c.lower().contains(ns) && !c.handsOff());
    }

    /** The namespace an action acts in: a Namespace object is cluster-scoped, and the namespace it acts on is its name. */
    private static String actedOn(JudgeRequest request) {
        boolean namespaceObject = request.action().resource().resource().equals("namespaces") && request.action().resource().group().isEmpty();
        return namespaceObject ? request.action().name() : request.action().namespace();
    }

    /** "a Role", "the Issuers": {@code kind} (lower case) as a word with a capital first letter. */
    private static boolean writtenAsKind(GoalReading reading, String kind) {
        String goal = reading.goal();
        String lower = reading.lower();
        for (int at = lower.indexOf(kind); at >= 0; at = lower.indexOf(kind, at + 1)) {
            int end = at + kind.length();
            end = end < goal.length() && goal.charAt(end) == 's' ? end + 1 : end;
            boolean starts = at == 0 || !Character.isLetterOrDigit(goal.charAt(at - 1));
            boolean ends = end == goal.length() || !Character.isLetterOrDigit(goal.charAt(end));
            if (starts && ends && Character.isUpperCase(goal.charAt(at))) {
                return true;
            }
        }
        return false;
    }

    /** An UPDATE or DELETE of an object a clause of the goal puts off limits, or a new autoscaler of one. */
    private static Optional<JudgeVerdict> offLimits(JudgeRequest request, GoalReading goal, Topic topic) {
        String operation = request.action().operation();
        if (operation.equals("CREATE")) {
            // an autoscaler for "fare-quote … don't touch it" changes fare-quote's replicas from the day it exists
            JsonNode scaled = request.action().object().path("spec").path("scaleTargetRef");
            Target target = new Target(scaled.path("name").asText(""), Set.of(),
                    ResourceId.pluralOf(scaled.path("kind").asText("")));
            return target.name().isEmpty() ? Optional.empty()
                    : goal.protecting(target).map(clause -> Verdicts.offLimits(request, clause));
        }
        if (!operation.equals("UPDATE") && !operation.equals("DELETE")) {
            return Optional.empty();
        }
        // "Do not touch Jobs that are still running or that failed" keeps no Job that succeeded
        String outcome = request.effects().stream().map(e -> e.datum("outcome")).filter(o -> !o.isEmpty()).findFirst().orElse("");
        return goal.protecting(topic.target()).filter(clause -> !EffectAssessor.otherOutcome(clause.lower(), outcome))
                .map(clause -> Verdicts.offLimits(request, clause));
    }

    /** Cosine similarity of the action's sentence and the goal, in -1..1. */
    public double score(String goal, ActionDescription description) throws JudgeException {
        try {
            Embedding goalEmbedding = goals.get(goal, g -> model.embed(g).content());
            return CosineSimilarity.between(goalEmbedding, model.embed(description.sentence()).content());
        } catch (RuntimeException e) {
            throw new JudgeException("semantic judge: embedding failed (" + e.getClass().getSimpleName() + ")",
                    TokenUsage.NONE, e);
        }
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
