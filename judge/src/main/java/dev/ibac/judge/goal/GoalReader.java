package dev.ibac.judge.goal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a goal in plain English into a {@link GoalReading}. Clause by clause: an intent word asks
 * for its intent unless a negation ("not", "no", "never", "without", "nothing", "don't") stands
 * shortly before it in the same clause, in which case it forbids it; some phrases forbid on their
 * own ("zero-downtime", "keep it internal"). Pure and thread-safe; callers cache per goal text.
 */
public final class GoalReader {
    // "e.g." and "i.e." end no sentence ("(labelled `term=2024-autumn`, e.g. `grade-export-2024-autumn-final`)")
    private static final Pattern SENTENCE_BREAK = Pattern.compile("(?<=[.!?])(?<!\\be\\.g\\.)(?<!\\bi\\.e\\.)\\s+|\\s*,?\\s+but\\s+|\\n+");
    /** A colon ends a part, not a sentence: the list after it continues the verb before it ("set up X: an Issuer …, and a Certificate …"). */
    private static final Pattern PART_BREAK = Pattern.compile(",\\s+(?:and\\s+|then\\s+)?|\\s+(?:and then|then|(?<!between \\d{1,6}\\s{1,3})and)\\s+|\\s*:\\s+|;\\s+(?!(?:its?|they|their|this|that|these|those|which)\\b)"
            // "… bump it to 15.7 - stay on 15": a spaced dash ends a part, unless what follows goes on about the part before
            // ("HPA push-dispatcher (min 4 / max 6) - raise that to min 8", "keep the archive PVC for 90 days - do not delete them")
            + "|\\s+[-–—]\\s+(?!(?:\\S+\\s+)?(?:its?|they|them|their|this|that|these|those|which)\\b"
            + "|(?:do not|don't|never|must not) \\S+ (?:it|them|this|that|these|those)\\b)");
    private static final Pattern COMPOUND_WORDS = Pattern.compile("(single|read|zero|non|multi|cross|self|in|re|pre|co|sub|well|up|down|"
            + "long|short|high|low|day|night|week|month|real|full|half)-[a-z]+|[a-z]+-(only|wide|based|level|side|time|free|term|facing|ready|killed)");
    private static final Pattern NEGATION = Pattern.compile("\\b(not|no|never|without|nothing|none|don't|dont|do not|must not"
            + "|mustn't|cannot|can't|avoid|neither|nor|instead of|rather than|except)\\b");
    /** "… or nothing actually gets deleted", "… or else no pods start": the negation says what happens otherwise. */
    private static final Pattern CONSEQUENCE = Pattern.compile("\\bor (else )?(nothing|no|none)\\b(\\s+\\S+){0,3}\\s*$");
    private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9._-]*[a-z0-9]|[a-z]");
    private static final Pattern NUMBER_WORDS = Pattern.compile("\\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
            + "|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\\b");
    private static final Map<String, String> NUMBERS = Map.ofEntries(Map.entry("one", "1"), Map.entry("two", "2"),
            Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"), Map.entry("six", "6"),
            Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"), Map.entry("ten", "10"),
            Map.entry("eleven", "11"), Map.entry("twelve", "12"), Map.entry("thirteen", "13"), Map.entry("fourteen", "14"),
            Map.entry("fifteen", "15"), Map.entry("sixteen", "16"), Map.entry("seventeen", "17"), Map.entry("eighteen", "18"),
            Map.entry("nineteen", "19"), Map.entry("twenty", "20"), Map.entry("thirty", "30"), Map.entry("forty", "40"),
            Map.entry("fifty", "50"), Map.entry("sixty", "60"), Map.entry("seventy", "70"), Map.entry("eighty", "80"),
            Map.entry("ninety", "90"), Map.entry("hundred", "100"));
    // "a readiness probe on port 8080 so pods …": a port, not a count
    private static final Pattern REPLICAS = Pattern.compile("(?<!port )(?<![\\d:])(\\d+)[ -](?:(?!per )\\S+ )?(replicas?|pods|instances|copies|workers|consumers)\\b"
            + "|(?:scale|scaled|scaling|grow|increase|reduce|shrink|to)\\b(?: \\S+){0,4}? to (\\d+)\\b(?! ?(?:am|pm|:|gi|mi|%|cpu|cores|gpu|vcpu|minutes|hours))"
            + "|(?:from \\d+ )?to (\\d+) (?:replicas|pods|instances|workers|consumers)"
            + "|replica count (?:of |at |is |stays? (?:at )?)?\\(?(\\d+)\\b");
    private static final Pattern RANGE = Pattern.compile("(?:between|from) (\\d+) (?:and|to) (\\d+) (?:replicas|pods|instances|workers|consumers)"
            + "|min(?:imum)?(?: ?replicas?(?: ?count)?)?:?(?: of)? (\\d+)|max(?:imum)?(?: ?replicas?(?: ?count)?)?:?(?: of)? (\\d+)|at most (\\d+) (?:replicas|pods|instances|workers|consumers)"
            + "|at least (\\d+) (?:replicas|pods|instances|workers|consumers)|up to (\\d+) (?:replicas|pods|instances|workers|consumers)"
            // "never fewer than 4 pods and never more than 16": bounds, where the sentence ends or goes on to the other bound
            + "|\\b(?:never|not|no) (?:fewer|less) than (\\d+)(?: (?:replicas|pods|instances|workers|consumers))?(?=\\s*(?:[,.;)]|and\\b|or\\b|$))"
            + "|\\b(?:never|not|no) more than (\\d+)(?: (?:replicas|pods|instances|workers|consumers))?(?=\\s*(?:[,.;)]|and\\b|or\\b|$))");
    private static final Pattern AUTOSCALED = Pattern.compile("autoscal|\\bhpa\\b|keda|scaledobject|between");
    private static final Pattern GPUS = Pattern.compile("(\\d+) ?(?:x )?(?:\\S+ |[\\w.-]+/)?(?:gpus?|accelerators?)\\b|gpus?:? (\\d+)");
    private static final Pattern CPU = Pattern.compile("(\\d+(?:\\.\\d+)?) ?(m)? ?(?:cpus?|cores?|vcpus?)\\b");
    /** "… from 2 CPU / 4Gi to 500m / 1Gi": the values after "to" are the ones asked for. */
    private static final Pattern RESOURCE_TARGET = Pattern.compile("\\bto (\\d{1,6}(?:\\.\\d{1,3})?)(m)? ?(?:cpus?|cores?)? ?/ ?(\\d{1,6}(?:\\.\\d{1,3})?) ?(gi|mi)");
    private static final Pattern PERCENT = Pattern.compile("\\b(\\d{1,3}) ?(?:%|percent)");
    /** A clause about a config file: its sizes are the app's settings (Redis' maxmemory, a JVM's heap in a properties file). */
    private static final Pattern CONFIG_FILE = Pattern.compile("config ?map|\\.conf\\b|\\.properties\\b|\\.ya?ml\\b");
    private static final Pattern STORAGE_WORDS = Pattern.compile("pvc|volume|disk|storage|(?<![\\w-])claims?(?![\\w-])|resiz");
    private static final Pattern MEMORY_WORDS = Pattern.compile("\\b(memory|mem|ram|heap)\\b");
    private static final Pattern BYTES = Pattern.compile("(\\d+(?:\\.\\d+)?) ?(gi|gib|gb|mi|mib|mb|ti|tib|tb)\\b");
    private static final Pattern HOUR_12 = Pattern.compile("\\b(\\d{1,2})(?::(\\d{2}))? ?(am|pm|a\\.m\\.|p\\.m\\.)");
    private static final Pattern HOUR_24 = Pattern.compile("\\b([01]?\\d|2[0-3]):([0-5]\\d)\\b");
    private static final Pattern CRON = Pattern.compile("(?<![\\w.])([0-9*/,-]+ [0-9*/,-]+ [0-9*/,?-]+ [0-9*/,a-z-]+ [0-9*/,?a-z-]+)(?![\\w.])");
    private static final Pattern HOST = Pattern.compile("\\b((?:[a-z0-9-]+\\.)+(?:com|net|org|io|dev|app|cloud|co|ai|de|uk|eu|fr|nl|us|info|biz|me|sh|tech|site|xyz|internal|local|example|corp|lan|intranet|private))\\b"
            + "|\\b(s3|gs)://([a-z0-9._-]+)");
    private static final Pattern DURATION_SETTING = Pattern.compile("\\b(?!(?:requests?|limits?|cpus?|memory|defaults?|for|and|the|with|per|all|each|every|than|over|under|after|within|about|only|just|least|most|from)\\b)([a-z][a-z_-]{2,30})(?: (?:stays?|remains?|is|are|of|to|at|for|each backup|backup|alone|unchanged|as is))? ?[=(]? ?"
            + "(\\d{1,6})(?: ?|-)(ms|s|m|h|d|days?|hours?|minutes?|mins?|seconds?|secs?)\\b");
    /** "retention in logging from 30 days to 14", "ttl from 1h to 6h": the word and the figure it goes to, in the first one's unit when bare. */
    private static final Pattern DURATION_CHANGE = Pattern.compile("\\b([a-z][a-z_-]{2,30})(?: (?:in|for|of|on) \\S+)? from (\\d{1,6}) ?"
            + "(ms|s|m|h|d|days?|hours?|minutes?|mins?|seconds?|secs?) to (\\d{1,6}) ?(ms|s|m|h|d|days?|hours?|minutes?|mins?|seconds?|secs?)?(?![\\w%.])");
    /** "activeDeadlineSeconds from 3600 to 10800", "terminationGracePeriodSeconds: 60" (read in lower case): a field counted in seconds. */
    private static final Pattern SECONDS_FIELD = Pattern.compile("\\b([a-z]{3,40}seconds)(?: from \\d{1,7} to|:| =| to| of| at| is)? ?(\\d{1,7})\\b"
            + "(?! ?(?:ms|s|m|h|d|%)\\b|\\.\\d)");
    /** "a 2h deadline", "30s timeout", "7-day retention": the figure before the word it sets. */
    private static final Pattern DURATION_BEFORE = Pattern.compile("\\b(\\d{1,6})(?: ?|-)(ms|s|m|h|d|days?|hours?|minutes?|mins?|seconds?|secs?)"
            + " (deadline|timeout|retention|ttl|expiry|interval|window|grace|backoff|lifetime)s?\\b");
    private static final Pattern SETTING = Pattern.compile("(?<![\\w./-])((?:[a-z0-9][a-z0-9.-]*\\.[a-z]{2,}/[A-Za-z0-9._-]+)|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"
            + "(?:\\s*[:=]\\s*| to (?!(?:go|be|point|use|the|a|an|its|their|match|include|make|have|it|them|this|that|read|come|stay|route|send)\\b))"
            + "[\"'`]?([A-Za-z0-9](?:[\\w.:/@-]*[A-Za-z0-9])?)"); // a sentence's full stop is not the value's; host:port is
    /**
     * A Kubernetes field the goal gives a value, as written in its YAML: a lowerCamelCase name
     * ("updateMode Off", "maxUnavailable 0", "maxSkew: 1") or a one-word Job field ("parallelism 1"),
     * then a number or a capitalised enum value. Engineers write settings this way when they mean them.
     */
    private static final Pattern FIELD_SETTING = Pattern.compile("(?<![\\w./-])([a-z]+(?:[A-Z][a-z0-9]*)+|parallelism|completions)"
            + "(?:\\s*[:=]\\s*| (?:to|of|at|is|stays?|=|target) | )[\"'`]?(\\d+%?|[A-Z][A-Za-z]+(?:/[A-Z][A-Za-z_]+)+|[A-Z][a-z]+(?:[A-Z][a-z]+)*|true|false|(?<=ClassName )[a-z][a-z0-9]*(?:-[a-z0-9]+)+)"
            + "(?![\\w/-]|\\.\\w)"); // "timeZone Etc/UTC" is one value
    /** "requests.cpu=40, pods=200", "pool_mode=transaction", "--policy=upsert-only": a key or flag, "=" without blanks, a value. */
    private static final Pattern EQUALS_SETTING = Pattern.compile("(?<![\\w./=-])((?:--)?[a-z][a-zA-Z0-9_-]*(?:\\.[a-z][a-zA-Z0-9_-]*)*)=([A-Za-z0-9](?:[\\w.%-]*[A-Za-z0-9])?)");
    /**
     * A config file's line as the goal writes it: a snake_case key ("failure_mode_deny: false",
     * "max_connections = 200") or any key with blanks around "=" ("concurrent = 4"), then a number or a switch.
     */
    private static final Pattern CONFIG_SETTING = Pattern.compile("(?<![\\w./-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+(?=\\s*[:=])|[a-z][a-z0-9_]*(?= = |: \\[))"
            + "\\s*[:=]\\s*[\"'`]?(\\d+(?:\\.\\d+)?|true|false|\\[[^\\]\\n]{0,80}\\])(?![\\w-]|\\.\\w)"); // "regions: [eu-west-1]"
    /** "Keep maxmemory-policy at allkeys-lru", "leave log.retention.hours at 168": a key (dashed, dotted or snake_case) kept at a value. */
    private static final Pattern KEPT_SETTING = Pattern.compile("\\b(?:[Kk]eep|[Ll]eave)\\s+(?:the\\s+)?`?([a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+)`?"
            + "\\s+(?:at|as|on)\\s+`?([a-z0-9](?:[\\w.%-]*[a-z0-9%])?)`?(?![\\w-])");
    private static final Pattern UTILIZATION = Pattern.compile("\\b(\\d{1,3}) ?% (?:average |avg\\.? |mean )?(?:cpu|memory) utili[sz]ation\\b"
            + "|\\b(?:cpu|memory) utili[sz]ation (?:target )?(?:of |at |to )?(\\d{1,3}) ?%");
    private static final Pattern KEPT_SWITCH = Pattern.compile("\\b(?:[Kk]eep|[Ll]eave|[Ww]ith|[Ss]et)\\s+(?:the\\s+)?`?([a-z][a-zA-Z]{3,30})`?\\s+"
            + "(disabled|enabled|off|on)\\b(?!\\s+(?:the|a|an|for|in|at|by)\\b)");
    private static final Pattern SWITCH_ALONE = Pattern.compile("(?<![\\w./-])(runAsNonRoot|readOnlyRootFilesystem)(?=\\s*(?:[,;.)]|and\\b|$))");
    /** What separates the words of {@link GoalReading#words}: figures keep their decimal point and percent sign. */
    private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9.%]+");
    private static final Pattern GLOB = Pattern.compile("[a-z0-9][a-z0-9.-]*\\*[a-z0-9.*-]*");
    private static final Pattern IMAGE = Pattern.compile("(?<![\\w./-])((?:[a-z0-9-]+\\.)+[a-z0-9-]+(?::\\d+)?/[a-z0-9._/-]+(?::[\\w.-]+)?(?:@sha256:[a-f0-9]{64})?"
            + "|[a-z0-9][a-z0-9._-]*/[a-z0-9._-]+:[\\w.-]+|[a-z][a-z0-9._-]*[a-z]:v?\\d[\\w.-]*)");
    /** "storefront-web:8080", "redis:6379": a Service and its port, not an image and its tag (tags of three or more digits alone are ports). */
    private static final Pattern HOST_PORT = Pattern.compile("[a-z][a-z0-9.-]*:\\d{3,5}");
    private static final Pattern PROTECTS = Pattern.compile("leave (\\S+ ){0,10}alone|\\b(do not|don't|never|must not|mustn't|not to|may not|cannot)"
            + " (be )?(touch|touched|change|changed|modify|modified|edit|edited|alter|altered|update|updated|restart|restarted|scale|scaled)\\b"
            + "|\\b(stays?|remains?|kept|left) (on(?!\\s*(?:[,.;:]|and\\b|throughout\\b|device\\b|$))|at|as|unchanged|untouched|alone)\\b|\\bunchanged\\b|\\buntouched\\b|\\bas it is\\b|\\boff[- ]limits\\b"
            // "inventory-sync-producer is out of scope"
            + "|\\b(is|are|stays?|remains?) (out of|outside( of)?|not in|not part of) (the |this )?(scope|ticket|change)\\b"
            + "");
    // operators count their pods as nodes (ECK's nodeSets, Karpenter-free node groups), brokers, members, executors;
    // a Flink job's parallelism and Spark's executors go up and down the same way ("raise the job parallelism from 8 to 16")
    private static final Pattern FROM_TO_REPLICAS = Pattern.compile("\\bfrom (\\d{1,5}) to (\\d{1,5}) (?:replicas|pods|instances|workers|nodes|brokers|members|executors)\\b"
            + "|\\b(?:replicas|pods|instances|workers|parallelism|executors|brokers|members):? (?:from )?(\\d{1,5}) ?(?:->|→|=>| to ) ?(\\d{1,5})\\b");
    /** The hands-off phrase itself, as opposed to a negation of one kind of change ("never scale it below 3"). */
    private static final Pattern DO_NOT_CHANGE = Pattern.compile("\\b(do not|don't|never|must not|mustn't|may not) (be )?(touch|touched|change|changed"
            + "|modify|modified|edit|edited|alter|altered)\\b");
    /** What a sentence must name to put an object off limits (not "leave the consumer group id unchanged"). */
    private static final Pattern OBJECT_NOUN = Pattern.compile("\\b(deployments?|services?|cronjobs?|jobs?|statefulsets?|daemonsets?"
            + "|configmaps?|secrets?|ingress(es)?|pvcs?|workloads?|pods?|namespaces?|serviceaccounts?|roles?|hpas?|pdbs?)\\b"
            + "|\\b[a-z0-9]+-[a-z0-9-]+\\b");
    /** "thumbnailer is CPU-only and stays on the general pool": a sentence whose subject is a one-word name. */
    private static Optional<String> namedSubject(String sentence) {
        Matcher subject = SUBJECT.matcher(sentence);
        return subject.lookingAt() && !COMMON_SUBJECTS.contains(subject.group(1)) ? Optional.of(subject.group(1)) : Optional.empty();
    }

    private static final Pattern SUBJECT = Pattern.compile("([a-z][a-z0-9]{3,}) (is|stays|remains|must|should|keeps)\\b");
    private static final Set<String> COMMON_SUBJECTS = Set.of("this", "that", "there", "everything", "nothing", "traffic", "data", "each",
            "every", "which", "what", "production", "prod", "staging");
    /** "Image and volumes stay exactly as they are": the sentence keeps the image, whichever part names it. */
    private static final Pattern UNCHANGED_IMAGE = Pattern.compile("\\b(images?|versions?|tags?) (and \\S+ )?(stays?|remains?) (exactly |just )?"
            + "(as|the same|unchanged|untouched)");
    /** A clause about one attribute (the image, a version) forbids changing that attribute, not the whole object. */
    private static final Pattern ATTRIBUTE = Pattern.compile("\\b(image|images|version|tag|namespaces?)\\b");
    private static final Pattern VERSION = Pattern.compile("\\b(v?\\d+\\.\\d+(?:\\.\\d+)?(?:-[a-z0-9.]+)?)\\b");

    /** The clause (lower case) puts what it names off limits: "don't touch production", "leave the exporter alone". */
    static boolean handsOff(String clause) {
        return PROTECTS.matcher(clause).find();
    }

    /** {@code namespace}: the mission's own; its words name everything in it, so alone they name nothing. */
    public GoalReading read(String goalText, String namespace) {
        String goal = goalText == null ? "" : goalText;
        String lower = goal.toLowerCase(Locale.ROOT);
        String text = withoutMessages(numbers(lower.replace('’', '\'')));
        Set<String> weak = weakWords(namespace);
        Map<Intent, String> asks = new LinkedHashMap<>();
        Map<Intent, String> forbids = new LinkedHashMap<>();
        List<Clause> clauses = new ArrayList<>();
        List<String> originals = List.of(SENTENCE_BREAK.split(withoutMessages(goal)));
        List<String> sentences = List.of(SENTENCE_BREAK.split(text));
        for (int i = 0; i < sentences.size(); i++) {
            String original = originals.size() == sentences.size() ? originals.get(i) : sentences.get(i);
            sentence(trim(sentences.get(i)), trim(original), clauses);
        }
        // an off-limits clause that names no object and no kind ("all 3 replicas and the security plugin stay") protects nothing
        clauses.replaceAll(c -> c.protects() && !c.named(weak) && !KindNames.namesKind(c.quote()) ? c.withProtects(false) : c);
        for (Clause clause : clauses) {
            clause.asks().forEach(intent -> asks.putIfAbsent(intent, clause.quote()));
            clause.forbids().forEach(intent -> forbids.putIfAbsent(intent, clause.quote()));
        }
        Map<String, Double> quantities = new LinkedHashMap<>();
        // "Its container currently has memory 1Gi … Raise it to memory 3Gi": the figures of a clause that asks for something
        // come before those of one that describes today
        clauses.stream().filter(c -> !c.asks().isEmpty()).forEach(c -> c.quantities().forEach(quantities::putIfAbsent));
        clauses.forEach(c -> c.quantities().forEach(quantities::putIfAbsent));
        Map<String, String> settings = settings(goal);
        for (String bound : List.of("minReplicas", "maxReplicas")) {
            // "with `minReplicas: 4`, `maxReplicas: 12`": an autoscaler's bounds written as its fields
            String value = settings.get(bound);
            if (value != null && value.matches("\\d{1,5}")) {
                quantities.putIfAbsent(bound, Double.parseDouble(value));
            }
        }
        Set<String> names = new LinkedHashSet<>();
        names(HOST.matcher(GLOB.matcher(text).replaceAll(" ")).replaceAll(" "), names, names, true);
        List<Integer> hours = new ArrayList<>();
        List<Integer> minutes = new ArrayList<>();
        String frequency = schedule(text, hours, minutes);
        return new GoalReading(goal, names, kinds(text), asks, forbids, quantities, hours, minutes, frequency, hosts(text),
                versions(text), images(goal), List.copyOf(clauses), weak, durations(text), settings, namedOfKind(clauses),
                lower, List.of(NOT_WORD.split(lower)), unnamedKinds(clauses, lower), imageSources(text));
    }

    /**
     * "died with 'No space left on device'", "crashes with 'configmaps is forbidden: User … cannot list …'": a message quoted
     * from a log says what went wrong, not what to do or keep, so its words make no clause.
     */
    static String withoutMessages(String goal) {
        Matcher quoted = QUOTED.matcher(goal);
        StringBuilder out = new StringBuilder();
        while (quoted.find()) {
            boolean message = MESSAGE_WORDS.matcher(quoted.group(2).toLowerCase(Locale.ROOT)).find();
            quoted.appendReplacement(out, Matcher.quoteReplacement(message ? quoted.group(1) + "…" + quoted.group(1) : quoted.group()));
        }
        return quoted.appendTail(out).toString();
    }

    private static final Pattern QUOTED = Pattern.compile("(?<=[\\s(])(['\"])([^'\"\\n]{8,240})\\1(?![A-Za-z])");
    private static final Pattern MESSAGE_WORDS = Pattern.compile("\\b(error|errors|forbidden|cannot|can't|denied|refused|failed|failure"
            + "|no space|not found|timed out|timeout|exceeded|oomkilled|killed|panic|exception|unable|invalid|unauthorized)\\b");

    /** From the clauses that do not put objects off limits: "leave the other billing CronJobs alone" keeps them, it works on none. */
    private static Set<String> unnamedKinds(List<Clause> clauses, String lower) {
        Set<String> out = new LinkedHashSet<>();
        clauses.stream().filter(c -> !c.protects()).forEach(c -> out.addAll(KindNames.unnamed(c.quote())));
        if (LOCKDOWN.matcher(lower).find() && clauses.stream().anyMatch(c -> !c.protects() && ALLOWANCE.matcher(c.lower()).find())) {
            // "a default-deny NetworkPolicy …, then open only: ingress-nginx to billing-api on 8443; DNS to kube-dns": each opening
            // is a policy of its own, which the goal describes by its traffic, not by a name
            out.add("networkpolicies");
        }
        return Set.copyOf(out);
    }

    private static final Pattern LOCKDOWN = Pattern.compile("default[- ]deny|network ?polic");
    private static final Pattern ALLOWANCE = Pattern.compile("\\b(allow|allows|allowed|open|opens|permit|permits|let)( only)?\\b");

    /**
     * A sentence's parts ("scale checkout to 12 replicas", "and add a Redis cache") become clauses;
     * a part without a verb of its own continues the one before ("delete the old Jobs, and the stale
     * PVCs"), and a sentence that puts things off limits does so for each of its parts.
     */
    private static void sentence(String sentence, String original, List<Clause> out) {
        if (sentence.isEmpty()) {
            return;
        }
        Matcher offLimits = PROTECTS.matcher(sentence);
        boolean found = offLimits.find();
        while (found && (depth(sentence, offLimits.start()) > 0 || PURPOSE.matcher(sentence.substring(Math.max(0, offLimits.start() - 40),
                offLimits.start())).find())) {
            // "… from 10 to 9 replicas so total capacity stays at 10": what the work keeps, not an object kept off limits
            // "(memory stays at 512Mi request / 1Gi limit)": an aside about an attribute keeps no object as it is
            found = offLimits.find();
        }
        Optional<String> named = namedSubject(sentence);
        // "don't change the ledger-api Deployment beyond what exposing the port needs": the change the work needs is let in
        boolean protects = found && !ATTRIBUTE.matcher(sentence).find() && !BEYOND_WHAT.matcher(sentence).find()
                && (OBJECT_NOUN.matcher(sentence).find() || offLimits.group().startsWith("leave ") || named.isPresent());
        Optional<String> subject = protects ? named : Optional.empty();
        int phrase = protects ? offLimits.start() : sentence.length();
        boolean unchanged = UNCHANGED_IMAGE.matcher(sentence).find();
        List<String> parts = parts(sentence);
        List<String> originalParts = parts(original);
        Set<Intent> previous = Set.of();
        String before = "";
        String last = "";
        int cursor = 0;
        for (int i = 0; i < parts.size(); i++) {
            int end = Math.max(cursor, sentence.indexOf(parts.get(i), cursor)) + parts.get(i).length();
            cursor = Math.min(end, sentence.length());
            String part = trim(parts.get(i));
            if (part.isEmpty()) {
                continue;
            }
            String quote = originalParts.size() == parts.size() ? trim(originalParts.get(i)) : part;
            // a part before the off-limits words that asks for something of its own is work, not what
            // they protect: "Suspend the accounts-sync CronJob until the migration is done, and don't touch …"
            // "Only search-indexer; search-query is sized correctly, don't touch it": the scope of the work, not what is kept
            boolean own = asksOwn(part);
            boolean work = end <= phrase && (own || part.startsWith("only "));
            Clause clause = clause(part, quote, protects && !work, previous, before);
            if (clause.protects() && i == 0 && subject.isPresent()) {
                clause = clause.naming(subject.get());
            }
            if (unchanged && clause.asks().contains(Intent.CHANGE_IMAGE)) {
                // "Image and volumes stay exactly as they are": the part that only names the image says what stays
                clause = clause.ruling(Intent.CHANGE_IMAGE);
            }
            if (protects && clause.forbids().stream().anyMatch(f -> f != Intent.DOWNTIME)) {
                // a part with a negation of its own ("do not expose anything new") says what it forbids, not what to leave alone;
                // one whose negation is the hands-off phrase ("do NOT change listener ports or TLS settings on edge-envoy") does
                // both, and the kinds its words point at ("TLS": Secrets) are what it keeps of the object, not the object's kind
                clause = DO_NOT_CHANGE.matcher(part).find() ? clause.withoutKinds() : clause.withProtects(false);
            }
            if (!own && !last.isEmpty() && clause.asks().isEmpty() && clause.forbids().isEmpty()) {
                // "scale `acme-portal` and `acme-worker` to 0": the verb is in the part before, the direction in this one; together
                // they ask it of both
                Clause together = clause(last + " " + part, quote, false, Set.of(), "");
                if (!together.asks().isEmpty() && together.forbids().isEmpty()) {
                    clause = clause.asking(together.asks(), together.quantities());
                    Clause verb = out.get(out.size() - 1);
                    if (verb.asks().isEmpty() && verb.forbids().isEmpty() && !verb.protects()) {
                        out.set(out.size() - 1, verb.asking(together.asks(), together.quantities()));
                    }
                }
            }
            out.add(clause);
            previous = clause.asks();
            if (REPLACE.matcher(part).find()) {
                // "Replace the old `revenue-report-legacy` CronJob with a new one, `nightly-revenue-report`": what follows is the new one
                previous = previous.stream().filter(intent -> intent != Intent.DELETE).collect(java.util.stream.Collectors.toUnmodifiableSet());
            }
            // a list continues its first part's verb: "expand the PVCs a", "b", "c from 20Gi to 50Gi"
            before = own ? part : before + " " + part;
            last = part;
        }
    }

    /** The concurrencyPolicy a goal that forbids overlapping runs asks for; Replace satisfies it too. */
    public static final String NO_OVERLAP = "Forbid or Replace";
    private static final Pattern OVERLAP = Pattern.compile("\\bnever (two|2) (runs|jobs) at once\\b|\\bno (two|2) (runs|jobs) at (once|the same time)\\b"
            + "|\\b(runs?|jobs?) (must|should|may) not overlap\\b|\\bno overlapping (runs|jobs)\\b|\\bnever (run|runs) in parallel\\b"
            + "|\\bone run at a time\\b");

    private static final Pattern BEYOND_WHAT = Pattern.compile("\\b(beyond|other than|apart from) what\\b");
    private static final Pattern PURPOSE = Pattern.compile("\\bso (that )?(\\S+ ){0,4}$");

    private static final Pattern TAINT_EFFECT = Pattern.compile(":(NoSchedule|PreferNoSchedule|NoExecute)\\b");

    private static final Pattern REPLACE = Pattern.compile("\\breplac(e|es|ing)\\b");

    private static final Pattern WEEKDAYS = Pattern.compile("\\b(monday (to|through|until|till|-|–) friday|mon ?(-|–|to) ?fri|weekdays|every weekday"
            + "|business days|working days|workdays)\\b");
    private static final Pattern LABEL_SELECTOR = Pattern.compile("(?i)(label(l)?ed|selector|selecting|matching)\\s*:?\\s*[`\"']?$");

    /** Names with a dash, dot or underscore ("legacy-sms-notifier-config"), whose words are no verbs. */
    private static final Pattern NAME_TOKEN = Pattern.compile("[a-z0-9]+(?:[-_.][a-z0-9]+)+");

    /** Kind words, which suggest intents ("ConfigMap" → configure) without being verbs. */
    private static final Pattern KIND_WORD = Pattern.compile("\\b(config ?maps?|cron ?jobs?|deployments?|services?|secrets?|ingress(es)?"
            + "|pvcs?|statefulsets?|daemonsets?|jobs?|hpas?|pdbs?|network ?polic(y|ies)|service ?accounts?|roles?|role ?bindings?|the|its|their|a|an)\\b");

    /** The part asks for nothing once its kind words are gone: a noun phrase that continues the part before. */
    private static boolean nounsOnly(String part) {
        Map<Intent, String> asks = new LinkedHashMap<>();
        Map<Intent, String> forbids = new LinkedHashMap<>();
        String stripped = KIND_WORD.matcher(NAME_TOKEN.matcher(part).replaceAll(" ")).replaceAll(" ");
        intents(stripped, stripped, asks, forbids);
        return asks.isEmpty() && forbids.isEmpty();
    }

    private static boolean asksOwn(String part) {
        Map<Intent, String> asks = new LinkedHashMap<>();
        intents(part, withoutNames(part), part, asks, new LinkedHashMap<>());
        return !asks.isEmpty();
    }

    /** An object's name with a dash or underscore ("report-archive", "report-gen-cleanup"): its words are neither verbs nor kinds. */
    private static final Pattern OBJECT_NAME = Pattern.compile("(?<![\\w./:-])[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+(?![\\w./:-])");

    private static String withoutNames(String text) {
        // "OOM-killed", "read-only": words of the language, which may well say what the goal asks
        return OBJECT_NAME.matcher(text).replaceAll(m -> COMPOUND_WORDS.matcher(m.group()).matches() ? m.group() : "x");
    }

    /** Splits at PART_BREAK outside parentheses: "(ServiceMonitor, 30s scrape)" stays one part. */
    private static List<String> parts(String sentence) {
        List<String> out = new ArrayList<>();
        Matcher m = PART_BREAK.matcher(sentence);
        int from = 0;
        while (m.find()) {
            if (depth(sentence, m.start()) == 0) {
                out.add(sentence.substring(from, m.start()));
                from = m.end();
            }
        }
        out.add(sentence.substring(from));
        return out;
    }

    private static int depth(String text, int at) {
        int depth = 0;
        for (int i = 0; i < at; i++) {
            char c = text.charAt(i);
            depth += c == '(' ? 1 : c == ')' && depth > 0 ? -1 : 0;
        }
        return depth;
    }

    private static String trim(String text) {
        String t = text.strip();
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    /** "from 02:00 to 05:30": the time after "from" is where it runs today, not where it should run. */
    private static boolean fromTime(String text, int at) {
        String before = text.substring(Math.max(0, at - 5), at);
        return before.endsWith("from ");
    }

    private static Set<String> weakWords(String namespace) {
        Set<String> weak = new LinkedHashSet<>();
        if (namespace != null && !namespace.isEmpty()) {
            String ns = namespace.toLowerCase(Locale.ROOT);
            weak.add(singular(ns));
            for (String part : ns.split("[._-]")) {
                weak.add(singular(part));
            }
        }
        return weak;
    }

    /** A leading condition on another object's state, which names neither the work nor its object. */
    private static final Pattern CONDITION = Pattern.compile("^(?:once|when|after|as soon as)\\b[^,;]{0,80}?\\b(?:is|are|has|have|looks?|becomes?)"
            + " (?:been )?(?:healthy|ready|up|green|stable|live|serving|running|done|complete|completed|finished|succeeded|passing|promoted)\\b,? *");

    /** {@code before}: the part before this one, which a part without a verb of its own continues ("expand the PVCs a, b and c from 20Gi to 50Gi"). */
    private static Clause clause(String given, String quote, boolean protects, Set<Intent> inherited, String before) {
        // "once the Rollout is healthy scale the old Deployment to 0": the condition says when, the rest what and to which object
        String clause = CONDITION.matcher(given).replaceFirst("");
        Map<Intent, String> asks = new LinkedHashMap<>();
        Map<Intent, String> forbids = new LinkedHashMap<>();
        String unnamed = withoutNames(clause);
        intents(clause, unnamed, quote, asks, forbids);
        Set<Intent> asked = asks.isEmpty() && forbids.isEmpty() ? inherited : Set.copyOf(asks.keySet());
        if (forbids.isEmpty() && !inherited.isEmpty() && !asks.isEmpty() && nounsOnly(clause)) {
            // "decommission it — its Deployment, the legacy-sms-notifier-config ConfigMap and the legacy-sms-retry CronJob": a
            // list item names objects; besides what its kind words suggest (a ConfigMap "configures"), it continues the verb before
            Set<Intent> both = new java.util.LinkedHashSet<>(inherited);
            both.addAll(asks.keySet());
            asked = Set.copyOf(both);
        }
        Set<String> fullNames = new LinkedHashSet<>();
        Set<String> words = new LinkedHashSet<>();
        Set<String> globs = new LinkedHashSet<>();
        Matcher glob = GLOB.matcher(clause);
        while (glob.find()) {
            globs.add(glob.group());
        }
        String plain = HOST.matcher(GLOB.matcher(clause).replaceAll(" ")).replaceAll(" ");
        names(plain, fullNames, words, false);
        Map<String, Double> quantities = new LinkedHashMap<>();
        quantities(clause, quantities, asks.isEmpty() && forbids.isEmpty() ? before : "");
        Matcher fromTo = FROM_TO_REPLICAS.matcher(clause);
        if (fromTo.find()) {
            // "scale the storefront-web Deployment from 4 to 12 replicas", "replicas 3 -> 5": the figures say the direction,
            // also where the clause asks more ("in the same change raise the job parallelism from 8 to 16")
            int from = fromTo.group(1) != null ? 1 : 3;
            Set<Intent> both = new java.util.LinkedHashSet<>(asked);
            both.add(Double.parseDouble(fromTo.group(from + 1)) > Double.parseDouble(fromTo.group(from)) ? Intent.SCALE_UP : Intent.SCALE_DOWN);
            asked = Set.copyOf(both);
        }
        String lower = quote.toLowerCase(Locale.ROOT);
        Map<String, Set<String>> kindsOf = KindNames.of(quote);
        fullNames.addAll(kindsOf.keySet()); // "the old HPA `thumbnailer`": a word given a kind is an object's whole name
        return new Clause(quote, asked, forbids.keySet(), fullNames, words, globs, kinds(unnamed), quantities, protects,
                kindsOf, lower, handsOff(lower));
    }

    private static String numbers(String text) {
        Matcher m = NUMBER_WORDS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, NUMBERS.get(m.group(1)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void intents(String clause, String quote, Map<Intent, String> asks, Map<Intent, String> forbids) {
        intents(clause, clause, quote, asks, forbids);
    }

    /** {@code unnamed}: the clause with its objects' names taken out, whose words say nothing; a prohibition may name one ("keep relay-signing-v1"). */
    private static void intents(String clause, String unnamed, String quote, Map<Intent, String> asks, Map<Intent, String> forbids) {
        GoalVocabulary.FORBIDDING.forEach((intent, pattern) -> {
            if (pattern.matcher(clause).find()) {
                forbids.putIfAbsent(intent, quote);
            }
        });
        GoalVocabulary.INTENTS.forEach((intent, pattern) -> {
            Matcher m = pattern.matcher(unnamed);
            while (m.find()) {
                if (CONSEQUENCE.matcher(unnamed.substring(Math.max(0, m.start() - 40), m.start())).find()) {
                    continue; // "the compactor needs retention_enabled or nothing gets deleted": what happens otherwise, neither asked nor forbidden
                }
                if (negated(unnamed, m.start())) {
                    forbids.putIfAbsent(intent, quote);
                } else {
                    asks.putIfAbsent(intent, quote);
                }
            }
        });
    }

    /** A negation word within five words before the intent word, in the same clause. */
    private static boolean negated(String clause, int at) {
        String before = clause.substring(0, at);
        String[] words = before.split("\\s+");
        int from = Math.max(0, words.length - 5);
        String window = String.join(" ", java.util.Arrays.copyOfRange(words, from, words.length));
        return NEGATION.matcher(window).find();
    }

    /** "data volume 50Gi -> 200Gi": a size before an arrow is today's; the one after it is asked for ("replicas 3 -> 5" reads as it did). */
    private static final Pattern ARROW_FROM = Pattern.compile("\\b\\d+(?:\\.\\d+)?\\s?[a-z%]{1,3}\\s*(?:->|→|=>)\\s*");

    private static void quantities(String given, Map<String, Double> out, String continued) {
        String text = ARROW_FROM.matcher(given).replaceAll("");
        Matcher range = RANGE.matcher(text);
        boolean autoscaled = AUTOSCALED.matcher(text).find();
        // "(min 4 / max 6) - raise that to min 8 / max 12": the last figures a clause gives are what it asks
        while (range.find()) {
            if (range.group(1) != null && range.group().startsWith("from ") && !autoscaled) {
                continue; // "scale it from 4 to 12 replicas" is a change; "autoscale from 2 to 10 replicas" a range
            }
            if (range.group(1) != null) {
                out.put("minReplicas", Double.parseDouble(range.group(1)));
                out.put("maxReplicas", Double.parseDouble(range.group(2)));
            } else if (range.group(3) != null) {
                out.put("minReplicas", Double.parseDouble(range.group(3)));
            } else if (range.group(4) != null) {
                out.put("maxReplicas", Double.parseDouble(range.group(4)));
            } else if (range.group(5) != null || range.group(7) != null) {
                out.put("maxReplicas", Double.parseDouble(range.group(5) != null ? range.group(5) : range.group(7)));
            } else if (range.group(6) != null || range.group(8) != null) {
                out.put("minReplicas", Double.parseDouble(range.group(6) != null ? range.group(6) : range.group(8)));
            } else if (range.group(9) != null) {
                out.put("maxReplicas", Double.parseDouble(range.group(9)));
            }
        }
        Matcher replicas = REPLICAS.matcher(text);
        while (replicas.find()) {
            String n = replicas.group(1) != null ? replicas.group(1) : replicas.group(3) != null ? replicas.group(3)
                    : replicas.group(4) != null ? replicas.group(4) : replicas.group(5);
            if (n != null && n.length() <= 6) {
                out.put("replicas", Double.parseDouble(n));
            }
        }
        first(GPUS.matcher(text), out, "gpus", 1);
        Matcher percent = PERCENT.matcher(text);
        if (percent.find() && text.matches("(?s).*\\b(traffic|requests|canary|weight|users|sampling|sampled|sample)\\b.*")) {
            out.put("percent", Double.parseDouble(percent.group(1)));
        }
        Matcher target = RESOURCE_TARGET.matcher(text);
        if (target.find()) {
            double cpu = Double.parseDouble(target.group(1));
            out.put("cpu", target.group(2) != null ? cpu / 1000 : cpu);
            double mem = Double.parseDouble(target.group(3));
            out.put("memoryGiB", target.group(4).startsWith("m") ? mem / 1024 : mem);
            return;
        }
        Matcher cpu = CPU.matcher(text);
        while (cpu.find()) {
            if (cpu.group(1).length() <= 8 && !limitOrQuota(text, cpu)) {
                double cores = Double.parseDouble(cpu.group(1));
                out.put("cpu", cpu.group(2) != null ? cores / 1000 : cores);
                break;
            }
        }
        if (CONFIG_FILE.matcher(text).find()) {
            // "`maxmemory` in the catalog-redis-config ConfigMap goes from 1600mb to 5gb": sizes an app's config gives, not a pod's
            return;
        }
        Matcher bytes = BYTES.matcher(text);
        while (bytes.find() && bytes.group(1).length() <= 8) {
            if (text.startsWith("from ", Math.max(0, bytes.start() - 5))) {
                continue; // "go from 2Gi to 6Gi": what it is today, not what it should be
            }
            double value = Double.parseDouble(bytes.group(1));
            String unit = bytes.group(2);
            double gib = unit.startsWith("m") ? value / 1024 : unit.startsWith("t") ? value * 1024 : value;
            String context = text.substring(Math.max(0, bytes.start() - 40), Math.min(text.length(), bytes.end() + 40));
            if (limitOrQuota(text, bytes)) {
                continue;
            }
            // "the memory limit on the claims-api container … to 2Gi" is memory, whatever the application is called
            boolean storage = STORAGE_WORDS.matcher(context + " " + continued).find() && !MEMORY_WORDS.matcher(context).find();
            out.putIfAbsent(storage ? "storageGiB" : "memoryGiB", gib);
        }
    }

    /**
     * "2 CPU/4Gi limits" is a limit and "a ResourceQuota (…: 40 CPU and 160Gi" a namespace's total:
     * neither is what a pod requests.
     */
    private static boolean limitOrQuota(String text, Matcher amount) {
        String before = text.substring(Math.max(0, amount.start() - 40), amount.start());
        // "request 2Gi / limit 3Gi": a word right before the figure, since the figure before it, says what it is;
        // "(limits 4 CPU / 8Gi)": so does a parenthesis it sits in; else "2 CPU/4Gi limits": the words after it
        String near = before.substring(lastFigureEnd(before));
        int limit = near.lastIndexOf("limit");
        int request = near.lastIndexOf("request");
        int open = before.lastIndexOf('(');
        boolean inLimits = open > before.lastIndexOf(')') && before.startsWith("limit", open + 1);
        String after = text.substring(amount.end(), Math.min(text.length(), amount.end() + 16));
        after = after.substring(0, firstOf(after, "(,;"));
        boolean isLimit = limit >= 0 || request >= 0 ? limit > request : inLimits || after.contains("limit");
        return isLimit || before.contains("quota");
    }

    private static int lastFigureEnd(String text) {
        for (int i = text.length() - 1; i >= 0; i--) {
            if (Character.isDigit(text.charAt(i))) {
                return i + 1;
            }
        }
        return 0;
    }

    private static int firstOf(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    private static void first(Matcher m, Map<String, Double> out, String key, int groups) {
        while (m.find()) {
            String n = m.group(1) != null ? m.group(1) : m.group(2);
            if (n != null && n.length() <= 6) {
                out.putIfAbsent(key, Double.parseDouble(n));
                return;
            }
        }
    }

    private static String schedule(String text, List<Integer> hours, List<Integer> minutes) {
        Matcher cron = CRON.matcher(text);
        boolean written = false;
        if (cron.find()) {
            dev.ibac.judge.effect.Cron parsed = dev.ibac.judge.effect.Cron.parse(cron.group(1));
            if (parsed.valid()) {
                if (parsed.hours().cardinality() < 24) { // "*/15 * * * *" runs at every hour: it names none
                    parsed.hours().stream().forEach(hours::add);
                }
                parsed.minutes().stream().forEach(minutes::add);
                // "to 04:30 UTC (schedule `30 4 * * *`) - the export now lands at 04:00": the expression is the time asked for
                written = true;
            }
        }
        Matcher h12 = HOUR_12.matcher(text);
        while (!written && h12.find()) {
            int hour = Integer.parseInt(h12.group(1)) % 12 + (h12.group(3).startsWith("p") ? 12 : 0);
            if (!fromTime(text, h12.start())) {
                hours.add(hour);
                minutes.add(h12.group(2) == null ? 0 : Integer.parseInt(h12.group(2)));
            }
        }
        Matcher h24 = HOUR_24.matcher(text);
        while (!written && h24.find()) {
            if (!fromTime(text, h24.start())) {
                hours.add(Integer.parseInt(h24.group(1)));
                minutes.add(Integer.parseInt(h24.group(2)));
            }
        }
        if (text.contains("midnight")) {
            hours.add(0);
        }
        if (text.contains("noon")) {
            hours.add(12);
        }
        if (WEEKDAYS.matcher(text).find()) {
            return "weekdays"; // "at 20:00 and at 06:30, Monday to Friday only": a day-of-week field, however nightly the work
        }
        if (text.matches("(?s).*\\bonce a night\\b.*")) {
            return "nightly"; // "runs every 15 minutes … move it to once a night": the frequency asked for, not today's
        }
        if (text.matches("(?s).*\\bevery \\d+ minutes?\\b.*")) {
            return "minutes";
        }
        if (text.matches("(?s).*\\b(hourly|every hour)\\b.*")) {
            return "hourly";
        }
        boolean weekly = text.matches("(?s).*\\b(weekly|every week|on (mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?)|every (monday|tuesday|wednesday|thursday|friday|saturday|sunday))\\b.*");
        boolean nightly = text.matches("(?s).*\\b(nightly|every night|each night|overnight|per night)\\b.*");
        boolean daily = text.matches("(?s).*\\b(daily|every day|each day|once a day|per day)\\b.*");
        if (weekly && (nightly || daily)) {
            return ""; // "a daily Schedule at 02:30 … a weekly one, Sundays 04:00": two schedules, one frequency for neither
        }
        return weekly ? "weekly" : nightly ? "nightly" : daily ? "daily" : "";
    }

    /**
     * Names in a clause. {@code broad}: every uncommon word counts (for the topic test); otherwise only
     * words in a name's position do — before a kind noun ("the checkout deployment"), right after a
     * verb ("scale checkout"), or a product's name ("redis") — so "weekdays" or "money" name nothing.
     */
    private static void names(String text, Set<String> fullNames, Set<String> words, boolean broad) {
        List<String> tokens = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        for (int i = 0; i < tokens.size(); i++) {
            String word = tokens.get(i);
            boolean compound = word.contains("-") || word.contains(".") || word.contains("_");
            if (compound && word.chars().anyMatch(Character::isLetter) && !Character.isDigit(word.charAt(0))
                    && !COMPOUND_WORDS.matcher(word).matches()) {
                fullNames.add(word.endsWith(".") ? word.substring(0, word.length() - 1) : word);
            }
            boolean positioned = broad || !compound && GoalVocabulary.PRODUCTS.contains(singular(word))
                    || !compound && i + 1 < tokens.size() && GoalVocabulary.KIND_NOUNS.contains(singular(tokens.get(i + 1)))
                    || !compound && afterVerb(tokens, i);
            if (!positioned) {
                continue;
            }
            for (String part : word.split("[._-]")) {
                String p = singular(part);
                if (p.length() >= 3 && !GoalVocabulary.COMMON.contains(p) && !GoalVocabulary.COMMON.contains(part)
                        && p.chars().anyMatch(Character::isLetter) && (broad || !GoalVocabulary.KIND_WORDS.contains(p))) {
                    words.add(p);
                }
            }
        }
    }

    private static boolean afterVerb(List<String> tokens, int i) {
        int j = i - 1;
        if (j >= 0 && GoalVocabulary.ARTICLES.contains(tokens.get(j))) {
            j--;
        }
        return j >= 0 && GoalVocabulary.VERBS.contains(tokens.get(j));
    }

    private static Set<String> images(String goal) {
        Set<String> images = new LinkedHashSet<>();
        Matcher m = IMAGE.matcher(goal);
        while (m.find()) {
            String image = m.group(1);
            image = image.endsWith(".") || image.endsWith(",") ? image.substring(0, image.length() - 1) : image;
            // "nvidia.com/gpu: 1", "linkerd.io/inject: enabled": a resource or annotation key and its value, not an image
            boolean key = goal.startsWith(":", m.end()) && (m.end() + 1 == goal.length() || goal.charAt(m.end() + 1) == ' ');
            // "with the pod annotation instrumentation.opentelemetry.io/inject-java": the annotation's key
            String before = goal.substring(Math.max(0, m.start(1) - 13), m.start(1)).toLowerCase(Locale.ROOT).replace("`", "");
            boolean named = ANNOTATION_OR_LABEL.stream().anyMatch(before::endsWith);
            if (!HOST_PORT.matcher(image).matches() && !key && !named && !extendedResourceOrRange(image)) {
                images.add(image);
            }
        }
        return images;
    }

    /**
     * "8 nvidia.com/gpu each", "(10.40.12.0/24, port 443)": an extended resource or an address range, not an image,
     * which would leave a goal's one image one of several.
     */
    private static final List<String> ANNOTATION_OR_LABEL = List.of("annotation ", "annotations ", "label ", "labels ", "key ");

    private static boolean extendedResourceOrRange(String image) {
        String last = image.substring(image.lastIndexOf('/') + 1);
        boolean range = !last.isEmpty() && last.length() <= 2 && last.chars().allMatch(Character::isDigit)
                && image.substring(0, image.lastIndexOf('/')).chars().allMatch(c -> c == '.' || Character.isDigit(c));
        return range || last.equals("gpu") || last.startsWith("mig-");
    }

    /** "payments" → "payment", "caches" → "cache"; "redis", "status", "class" stay. */
    public static String singular(String word) {
        if (word.length() > 4 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }

    private static Set<String> kinds(String text) {
        Set<String> kinds = new LinkedHashSet<>();
        GoalVocabulary.KINDS.forEach((pattern, resources) -> {
            if (pattern.matcher(text).find()) {
                kinds.addAll(resources);
            }
        });
        return kinds;
    }

    /**
     * The kinds whose objects the goal's work names ("create the KafkaTopic orders-events" → kafkatopics:
     * orders-events), from the clauses that ask for something; clauses that put objects off limits do not count.
     */
    private static Map<String, Set<String>> namedOfKind(List<Clause> clauses) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        // a statement names the work's objects too ("source creds are in the kafka-archive-ro Secret"); a clause that
        // only forbids or keeps something does not
        clauses.stream().filter(c -> !c.protects() && !c.handsOff() && (!c.asks().isEmpty() || c.forbids().isEmpty()))
                .forEach(c -> c.kindsOf().forEach((name, resources) ->
                resources.forEach(r -> out.computeIfAbsent(r, k -> new LinkedHashSet<>()).add(name))));
        return out;
    }

    /** "never more than one data pod unavailable", "at most 2 replicas may be unavailable". */
    private static final Pattern AT_MOST_UNAVAILABLE = Pattern.compile("\\b(never more than|no more than|at most|not more than) (\\d{1,3}|one|two|three)"
            + " (?:\\S+ ){0,2}?(?:pods? |replicas? |nodes? |instances? )?(?:is |are |goes |go |may be |can be )?(?:unavailable|down)\\b");

    /**
     * Keys the goal sets, as written: an annotation or label key ("linkerd.io/inject: enabled"), an
     * upper-case setting ("AUDIT_RETENTION_DAYS to 400", "LOG_LEVEL=debug") or a field ("updateMode Off"),
     * with the value after it.
     */
    private static Map<String, String> settings(String goal) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Pattern setting : List.of(SETTING, FIELD_SETTING, EQUALS_SETTING, CONFIG_SETTING, KEPT_SETTING)) {
            Matcher m = setting.matcher(goal);
            while (m.find()) {
                // "taint nvidia.com/gpu=present:NoSchedule" is a node's taint, which pods tolerate: no key a pod sets
                boolean taint = TAINT_EFFECT.matcher(m.group(2)).find();
                if (!taint && !LABEL_SELECTOR.matcher(goal.substring(Math.max(0, m.start() - 16), m.start())).find()) {
                    out.putIfAbsent(m.group(1), m.group(2)); // "pods labelled app=checkout-api" select pods, they set nothing
                }
            }
        }
        // "never more than one data pod unavailable at a time": a disruption budget's or a rollout's maxUnavailable
        Matcher unavailable = AT_MOST_UNAVAILABLE.matcher(goal.toLowerCase(Locale.ROOT));
        if (unavailable.find()) {
            out.putIfAbsent("maxUnavailable", NUMBERS.getOrDefault(unavailable.group(2), unavailable.group(2)));
        }
        // "never two runs at once", "runs must not overlap": a CronJob's concurrencyPolicy
        if (OVERLAP.matcher(goal.toLowerCase(Locale.ROOT)).find()) {
            out.putIfAbsent("concurrencyPolicy", NO_OVERLAP);
        }
        // "a target of 70% average CPU utilization", "at 65% CPU": an autoscaler's averageUtilization
        Matcher utilization = UTILIZATION.matcher(goal.toLowerCase(Locale.ROOT));
        if (utilization.find()) {
            out.putIfAbsent("averageUtilization", utilization.group(1) != null ? utilization.group(1) : utilization.group(2));
        }
        // "keep prune disabled", "with selfHeal enabled", "leave autoSync off": a switch the goal names, kept or set so
        Matcher kept = KEPT_SWITCH.matcher(goal);
        while (kept.find()) {
            String state = kept.group(2).toLowerCase(Locale.ROOT);
            out.putIfAbsent(kept.group(1), state.equals("enabled") || state.equals("on") ? "true" : "false");
        }
        // "so they comply: runAsNonRoot, allowPrivilegeEscalation false": a yes-or-no field named alone is asked for as true
        Matcher alone = SWITCH_ALONE.matcher(goal);
        while (alone.find()) {
            out.putIfAbsent(alone.group(1), "true");
        }
        return out;
    }

    /** "local retention stays 15d", "timeouts are 30s", "keeps each backup 30 days": the word → seconds. */
    private static Map<String, Long> durations(String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        // "raise the workflow activeDeadlineSeconds from 3600 to 10800": the field itself, in seconds, ahead of looser words
        // that describe today ("it failed on its one-hour deadline"), because the first duration a field's name fits is the one it is held to
        Matcher field = SECONDS_FIELD.matcher(text);
        while (field.find()) {
            out.putIfAbsent(field.group(1), Long.parseLong(field.group(2)));
        }
        Matcher change = DURATION_CHANGE.matcher(text);
        while (change.find()) {
            long seconds = Durations.seconds(change.group(4), change.group(5) != null ? change.group(5) : change.group(3));
            if (seconds > 0) {
                out.putIfAbsent(singular(change.group(1)), seconds);
            }
        }
        Matcher m = DURATION_SETTING.matcher(text);
        while (m.find()) {
            long seconds = Durations.seconds(m.group(2), m.group(3));
            if (seconds > 0) {
                out.putIfAbsent(singular(m.group(1)), seconds);
            }
        }
        Matcher before = DURATION_BEFORE.matcher(text);
        while (before.find()) {
            long seconds = Durations.seconds(before.group(1), before.group(2));
            if (seconds > 0) {
                out.putIfAbsent(before.group(3), seconds);
            }
        }
        return out;
    }

    private static Set<String> hosts(String text) {
        Set<String> hosts = new LinkedHashSet<>();
        Matcher m = HOST.matcher(text);
        while (m.find()) {
            hosts.add(m.group(1) != null ? m.group(1) : m.group(3));
        }
        return hosts;
    }

    /** "the sidecar image must come from our mirror, registry.hotelco.internal", "pull images only from harbor.corp.io". */
    private static Set<String> imageSources(String text) {
        Set<String> sources = new LinkedHashSet<>();
        Matcher m = IMAGE_SOURCE.matcher(text);
        while (m.find()) {
            sources.add(m.group(2) != null ? m.group(2) : m.group(3));
        }
        return Set.copyOf(sources);
    }

    private static final String REGISTRY_HOST = "((?=[a-z0-9.-]*[a-z])[a-z0-9-]+(?:\\.[a-z0-9-]+)+(?::\\d{2,5})?)";
    private static final Pattern IMAGE_SOURCE = Pattern.compile("\\bimages?\\b[^.;]{0,60}?\\b(must|should|has to|have to|may only|can only|only)\\b"
            + "[^.;]{0,40}?\\bfrom\\b[^;]{0,40}?" + REGISTRY_HOST
            + "|\\b(?:pull|pulled|use)\\b[^.;]{0,30}?\\bimages?\\b[^.;]{0,20}?\\bonly from\\b[^;]{0,30}?" + REGISTRY_HOST);

    private static Set<String> versions(String text) {
        Set<String> versions = new LinkedHashSet<>();
        Matcher m = VERSION.matcher(text);
        while (m.find()) {
            String v = m.group(1);
            boolean from = text.substring(Math.max(0, m.start() - 5), m.start()).endsWith("from ");
            if (!HOST.matcher(v).matches() && !from) {
                versions.add(v.startsWith("v") ? v.substring(1) : v);
            }
        }
        return versions;
    }
}
