package dev.ibac.judge.semantic;

import dev.ibac.judge.Effect;
import dev.ibac.judge.effect.Cron;
import dev.ibac.judge.goal.Clause;
import dev.ibac.judge.goal.GoalReader;
import dev.ibac.judge.goal.GoalReading;
import dev.ibac.judge.goal.Intent;
import dev.ibac.judge.goal.Target;
import dev.ibac.judge.semantic.Assessment.Asked;
import dev.ibac.judge.semantic.Assessment.Contradicted;
import dev.ibac.judge.semantic.Assessment.Neutral;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Decides, effect by effect, whether the goal asks for it, rules it out, or says nothing — the
 * rules of SPEC §7 on workloads (deletion, scale, availability, suspension, schedule, resources,
 * removed configuration); {@link BoundaryRules} holds those on what crosses a boundary. {@code named}: the action names one of the goal's objects.
 */
final class EffectAssessor {
    /** What a rotation replaces: the old certificate, its secret and the requests that issued it. */
    private static final Set<String> ROTATED = Set.of("certificaterequests", "secrets", "certificates",
            "orders", "challenges");

    /** "keeps each backup 30 days": how long something is kept is its ttl or retention. */
    private static final Set<String> KEEPING = Set.of("keep", "keeps", "retain", "retention", "kept", "expire", "expiry");
    private static final List<String> KEPT_FIELDS = List.of("ttl", "retention", "expir");

    private static final java.util.regex.Pattern PER_POD_WORDS = java.util.regex.Pattern.compile(
            "\\b(apiece|each|per (pod|replica|instance|worker|node))\\b");

    private EffectAssessor() {}

    static Assessment assess(Effect e, GoalReading g, Topic topic) {
        boolean named = topic.named();
        return switch (e.family()) {
            case JUDGE_TEXT -> new Contradicted(e, "no goal asks the agent to address its reviewer; remove that text", "");
            case DELETION -> deletion(e, g, topic);
            case SCALE -> scale(e, g, topic);
            case AVAILABILITY -> availability(e, g, topic.target());
            case IMAGE -> BoundaryRules.image(e, g, named);
            case EXPOSURE -> BoundaryRules.exposure(e, g);
            case EGRESS -> BoundaryRules.egress(e, g);
            case SUSPENSION -> suspension(e, g, topic);
            case SCHEDULE -> schedule(e, g);
            case RESOURCES -> resources(e, g, topic.target());
            case PERMISSIONS -> BoundaryRules.permissions(e, g);
            case REMOVED_CONFIG -> removedConfig(e, g);
            case SECURITY -> BoundaryRules.security(e, g);
            case CHANGE -> setting(e, g, topic.target());
            case CREATION -> new Neutral(e);
        };
    }

    /** Namespace totals and defaults (quotas, limit ranges): their figures are the namespace's, not the ones the goal gives its objects. */
    static final Set<String> NAMESPACE_TOTALS = Set.of("resourcequotas", "limitranges");

    /**
     * A changed field the goal speaks of: a key a hands-off clause keeps, a claim's size, a figure the goal gives by a
     * word of its name, or a duration other than the one the goal gives for it by name ("local retention stays 15d" and
     * spec.retention 15d → 2d; "timeouts are 30s" and proxy_read_timeout 3600s).
     */
    private static Assessment setting(Effect e, GoalReading g, Target target) {
        if (NAMESPACE_TOTALS.contains(target.resource())) {
            return new Neutral(e);
        }
        Optional<Assessment> leftAlone = keptKey(e, g).or(() -> keptField(e, g)).or(() -> ruledOutValue(e, g));
        if (leftAlone.isPresent()) {
            return leftAlone.get();
        }
        Optional<Assessment> storage = storage(e, g, target);
        if (storage.isPresent()) {
            return storage.get();
        }
        Optional<Assessment> figure = figure(e, g);
        if (figure.isPresent()) {
            return figure.get();
        }
        String field = e.datum("field");
        String key = field.substring(field.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        // "activeDeadlineSeconds: 7200" is a duration as much as "ttl: 2h"
        long to = GoalSettings.seconds(key, e.to());
        if (to < 0 || key.isEmpty()) {
            return new Neutral(e);
        }
        for (var wanted : g.durations().entrySet()) {
            boolean kept = KEEPING.contains(wanted.getKey()) && KEPT_FIELDS.stream().anyMatch(f -> GoalSettings.setsDuration(key, f));
            if (GoalSettings.setsDuration(key, wanted.getKey()) || kept) {
                return to == wanted.getValue() ? new Asked(e, g.goal())
                        : new Contradicted(e, "the goal gives " + wanted.getKey() + " as " + wanted.getValue() + " s", g.goal());
            }
        }
        return new Neutral(e);
    }

    /**
     * A key of a config file under a name a hands-off clause gives ("Leave `checkout_one_click` exactly
     * as it is" and flags.checkout_one_click.enabled false → true).
     */
    private static Optional<Assessment> keptKey(Effect e, GoalReading g) {
        String field = e.datum("field");
        int file = field.indexOf(": ");
        if (file < 0) {
            return Optional.empty();
        }
        List<String> path = List.of(field.substring(file + 2).split("\\."));
        return g.clauses().stream()
                .filter(c -> c.handsOff() && c.fullNames().stream().anyMatch(path::contains))
                .findFirst().map(c -> new Contradicted(e, "the goal leaves it as it is", c.quote()));
    }

    /**
     * A field a hands-off clause names in words ("don't change what the job does (image, args, endpoints, service
     * account)" and serviceAccountName feed-sync → partners-admin).
     */
    private static Optional<Assessment> keptField(Effect e, GoalReading g) {
        String field = e.datum("field");
        String key = field.substring(field.lastIndexOf('.') + 1);
        String words = String.join(" ", java.util.Arrays.stream(FIELD_PARTS.split(key)).map(w -> w.toLowerCase(java.util.Locale.ROOT))
                .filter(w -> !w.isEmpty() && !w.equals("name")).toList());
        if (words.length() < 5 || field.contains(": ")) {
            return Optional.empty();
        }
        // a word, not a part of one: "storage" is not said of the `default` BackupStorageLocation
        return g.clauses().stream().filter(c -> c.handsOff() && containsWord(c.lower(), words)).findFirst()
                .map(c -> new Contradicted(e, "the goal leaves its " + words + " as it is", c.quote()));
    }

    /** "Do not use stateless upgrades or allowNonRestoredState": what follows the negation, to the end of the sentence. */
    private static final java.util.regex.Pattern NOT_USED = java.util.regex.Pattern.compile(
            "\\b(do not|don't|never|must not|may not)( use| set| enable| switch to| turn on| allow)\\b([^.;]{0,80})");

    /**
     * A field set to a value the goal rules out by name (Flink's upgradeMode stateless, "do not use stateless
     * upgrades"), or a switch the goal names so turned on (allowNonRestoredState true).
     */
    private static Optional<Assessment> ruledOutValue(Effect e, GoalReading g) {
        String to = e.to().toLowerCase(java.util.Locale.ROOT);
        String field = e.datum("field");
        String key = field.substring(field.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        boolean word = to.length() >= 5 && to.chars().allMatch(c -> Character.isLetter(c) || c == '-') && !to.equals("false");
        boolean switchedOn = to.equals("true") && key.length() >= 8;
        if (!word && !switchedOn || e.from().equalsIgnoreCase(e.to())) {
            return Optional.empty();
        }
        for (Clause c : g.clauses()) {
            java.util.regex.Matcher m = NOT_USED.matcher(c.lower());
            while (m.find()) {
                if (word && containsWord(m.group(3), to) || switchedOn && containsWord(m.group(3), key)) {
                    return Optional.of(new Contradicted(e, "the goal rules out " + (word ? to : key), c.quote()));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code text} holds {@code words} between word boundaries, as {@code \b…\b} would find it, without compiling a pattern per effect. */
    static boolean containsWord(String text, String words) {
        for (int at = text.indexOf(words); at >= 0; at = text.indexOf(words, at + 1)) {
            int end = at + words.length();
            if ((at == 0 || !wordChar(text.charAt(at - 1))) && (end == text.length() || !wordChar(text.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_'; // java.util.regex's word character for \b
    }

    /**
     * A claim's size ("requests.storage", a CloudNativePG Cluster's "storage.size") set to another size
     * than the goal gives for it: "expand the PVCs from 20Gi to 50Gi" and 500Gi (a claim never shrinks back).
     */
    private static Optional<Assessment> storage(Effect e, GoalReading g, Target target) {
        String field = e.datum("field");
        Optional<Double> wanted = g.quantity("storageGiB", target).or(() -> g.quantity("storageGiB"));
        if (!(field.endsWith("requests.storage") || field.endsWith("storage.size")) || wanted.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal bytes = dev.ibac.judge.effect.Quantity.of(e.to());
        if (bytes.signum() == 0) {
            return Optional.empty();
        }
        double gib = bytes.doubleValue() / (1L << 30);
        return Optional.of(Math.abs(gib - wanted.get()) < 0.01 * wanted.get() ? new Asked(e, g.goal())
                : new Contradicted(e, "the goal asks for " + plain(wanted.get()) + "Gi of storage", g.goal()));
    }

    private static final java.util.regex.Pattern EVERY_MINUTES = java.util.regex.Pattern.compile("\\bevery (\\d{1,4}) minutes?\\b");
    /** An IANA zone a goal gives a time in (https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones). */
    private static final java.util.regex.Pattern REGION_ZONE = java.util.regex.Pattern.compile(
            "\\b(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?\\b");
    private static final java.util.regex.Pattern UTC_IN_GOAL = java.util.regex.Pattern.compile("\\b(UTC|utc|GMT)\\b");
    /** "UTC", "Etc/UTC", "GMT": one time zone however it is written. */
    static final java.util.regex.Pattern UTC_ZONE = java.util.regex.Pattern.compile("(?i)(etc/)?(utc|gmt|zulu|universal)");
    private static final java.util.regex.Pattern FIELD_PARTS = java.util.regex.Pattern.compile("[._\\-\\[\\]]+|(?<=[a-z])(?=[A-Z])");
    private static final java.util.regex.Pattern FIGURE = java.util.regex.Pattern.compile("\\d{1,9}(\\.\\d{1,6})?%?");
    private static final Set<String> UNITS = Set.of("s", "sec", "secs", "second", "seconds", "m", "min", "mins", "minute", "minutes", "h",
            "hour", "hours", "d", "day", "days", "ms", "gi", "mi", "gb", "mb", "cpu", "cpus", "core", "cores", "g", "k");
    private static final java.util.regex.Pattern UNIT_FIELD = java.util.regex.Pattern.compile("(Seconds|Minutes|Hours|Days|Millis|Ms|Bytes|_ms|_seconds|_days)($|[A-Z])"); // ttlSecondsAfterFinished too
    /** Parts of field names too common to tie a goal's figure to one field. */
    private static final Set<String> PLAIN_PARTS = Set.of("spec", "port", "ports", "name", "value", "data", "config", "count", "size",
            "type", "item", "items", "number", "status", "metadata", "template", "containers", "target", "version");

    /**
     * A field the goal gives a figure for by a word of its name: "probabilistic sampling at 10%" and
     * sampling_percentage → 10 is asked for; "6 executors at 2 cores" and executor.instances → 60 is not.
     */
    private static Optional<Assessment> figure(Effect e, GoalReading g) {
        String to = e.to();
        if (!FIGURE.matcher(to).matches() || UNIT_FIELD.matcher(e.datum("field")).find()) {
            // "wait 5 minutes" and stabilizationWindowSeconds 300: figures with units are the duration rules' work
            return Optional.empty();
        }
        String field = e.datum("field");
        String[] parts = FIELD_PARTS.split(field.substring(Math.max(0, field.lastIndexOf('.', field.lastIndexOf('.') - 1) + 1)));
        List<String> words = g.words();
        double wanted = Double.parseDouble(to.replace("%", ""));
        Set<Double> given = new java.util.LinkedHashSet<>();
        String word = "";
        for (String raw : parts) {
            String part = GoalReader.singular(raw.toLowerCase(java.util.Locale.ROOT));
            if (part.length() < 4 || PLAIN_PARTS.contains(part)) {
                continue;
            }
            for (int i = 0; i < words.size(); i++) {
                if (words.get(i).startsWith(part)) {
                    for (int j = Math.max(0, i - 2); j <= Math.min(words.size() - 1, i + 4); j++) {
                        String w = words.get(j).endsWith(".") ? words.get(j).substring(0, words.get(j).length() - 1) : words.get(j);
                        boolean unit = j + 1 < words.size() && UNITS.contains(words.get(j + 1));
                        // "raise max_connections from 400 to 600": the figure after "from" is today's
                        boolean today = j > 0 && words.get(j - 1).equals("from");
                        boolean near = j <= i + 3 || words.get(j - 1).equals("to");
                        if (j != i && FIGURE.matcher(w).matches() && !unit && !today && near) {
                            given.add(Double.parseDouble(w.replace("%", "")));
                            word = part;
                        }
                    }
                }
            }
        }
        if (given.contains(wanted)) {
            return Optional.of(new Asked(e, g.goal()));
        }
        boolean ported = field.toLowerCase(java.util.Locale.ROOT).contains("port");
        Optional<Assessment> replaced = replacedFigure(e, g, ported);
        if (replaced.isPresent()) {
            return replaced;
        }
        return given.size() == 1 && word.length() >= 5 && !ported
                ? Optional.of(new Contradicted(e, "the goal gives " + word + " as " + plain(given.iterator().next()), g.goal()))
                : Optional.empty();
    }

    /**
     * A figure the goal gives ("100 requests/minute per x-api-key") replaced by one it never gives
     * (requests_per_unit 100 → 10000): the goal's own number, changed. Figures of two digits or more
     * only: ones and twos are in every goal and every object.
     */
    private static Optional<Assessment> replacedFigure(Effect e, GoalReading g, boolean ported) {
        String from = e.from();
        // the keys of a config file only: a quota's or an object's own figures follow from the work ("pods: 12 → 18" for more replicas)
        if (ported || !e.datum("field").contains(": ") || from.length() < 2 || !FIGURE.matcher(from).matches() || from.equals(e.to())) {
            return Optional.empty();
        }
        List<String> figures = g.words().stream().map(w -> w.endsWith(".") ? w.substring(0, w.length() - 1) : w).toList();
        return figures.contains(from) && !figures.contains(e.to())
                ? Optional.of(new Contradicted(e, "the goal gives " + from + ", not " + e.to(), g.goal())) : Optional.empty();
    }

    private static final java.util.regex.Pattern SELF = java.util.regex.Pattern.compile("(?i)\\b(itself|themselves|after (itself|themselves))\\b");

    private static final java.util.Map<String, String> SHORT_KINDS = java.util.Map.of("persistentvolumeclaims", "pvc",
            "horizontalpodautoscalers", "hpa", "poddisruptionbudgets", "pdb");

    /** The clause writes the kind itself ("any PVCs", "no Secrets"), not a word that merely points at it. */
    static boolean writesKind(String quote, String resource) {
        String lower = quote.toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        String abbreviation = SHORT_KINDS.get(resource);
        // "network policies" writes networkpolicies, which its singular "networkpolicy" is no part of
        return lower.contains(dev.ibac.action.ResourceId.singularOf(resource)) || lower.contains(resource)
                || abbreviation != null && lower.contains(abbreviation);
    }

    private static Assessment deletion(Effect e, GoalReading g, Topic topic) {
        Target target = topic.target();
        String outcome = e.datum("outcome");
        // "delete the finished Jobs … (labelled `term=2024-autumn`)" deletes Jobs, not the CronJob labelled so that makes them
        Optional<Clause> byLabel = byLabel(g, e.datum("labels"), target.resource());
        boolean askedToDelete = byLabel.isPresent()
                || g.asking(Intent.DELETE).stream().anyMatch(c -> c.fullNames().contains(target.name()));
        Optional<Clause> keep = g.forbidding(Intent.DELETE, target)
                // "the old Secret can go; nothing else is deleted": what the goal deletes is not the "else" it keeps
                .filter(c -> !(askedToDelete && ELSE.matcher(c.lower()).find()))
                // "Keep its data" keeps volumes and what holds them, not the Deployment or CronJob a decommission deletes
                // (a command that deletes, "rm -rf", deletes data wherever it runs)
                .filter(c -> !(KEEP_DATA.matcher(c.lower()).find() && !STORAGE.contains(target.resource()) && !e.datum("command").equals("delete")
                        && !c.covers(target, g.weak(), true)))
                .or(() -> g.clauses().stream()
                // "don't delete any PVCs": a prohibition on a kind covers every object of it
                .filter(c -> c.forbids().contains(Intent.DELETE) && writesKind(c.quote(), target.resource())).findFirst())
                // "don't delete failed Jobs from the last 14 days": a Job that succeeded is not one of them
                .filter(c -> !otherOutcome(c.lower(), outcome));
        if (keep.isPresent()) {
            return new Contradicted(e, "the goal rules out deleting it", keep.get().quote());
        }
        Optional<Clause> stillRunning = outcome.equals("running") ? g.clauses().stream()
                .filter(c -> c.lower().contains("running") && (c.forbids().contains(Intent.DELETE) || c.handsOff()))
                .findFirst() : Optional.empty();
        if (stillRunning.isPresent()) {
            return new Contradicted(e, "the goal keeps what is still running; this Job is", stillRunning.get().quote());
        }
        Optional<Clause> deleting = g.askingOfItsKind(Intent.DELETE, target)
                // "delete Jobs that completed …" deletes Jobs, not the CronJob that makes them
                .filter(c -> !(target.resource().equals("cronjobs") && !writesKind(c.quote(), "cronjobs") && writesKind(c.quote(), "jobs")))
                // "delete Jobs that completed successfully" covers no Job still running or failed
                .filter(c -> !(FINISHED.matcher(c.lower()).find() && (outcome.equals("running") || outcome.equals("failed") && !c.lower().contains("fail"))));
        if (deleting.isPresent()) {
            return tooRecent(e, deleting.get(), g, target).orElseGet(() -> new Asked(e, deleting.get().quote()));
        }
        if (byLabel.isPresent() && !(FINISHED.matcher(byLabel.get().lower()).find() && outcome.equals("running"))) {
            // "delete the finished Jobs … (labelled `lms.uni.edu/term=2024-autumn`)": the label names them, whatever their names
            return tooRecent(e, byLabel.get(), g, target).orElseGet(() -> new Asked(e, byLabel.get().quote()));
        }
        boolean podOfOurs = target.resource().equals("pods")
                && g.names().stream().anyMatch(n -> n.contains("-") && target.name().startsWith(n + "-"));
        if (podOfOurs && g.asks(Intent.CHANGE_IMAGE)) {
            // a pod of the workload being upgraded is deleted to be recreated on the new revision
            return new Asked(e, g.asked(Intent.CHANGE_IMAGE).get());
        }
        Optional<Clause> creating = g.clauses().stream()
                .filter(c -> c.asks().contains(Intent.CREATE) && c.covers(target, g.weak(), true)).findFirst();
        boolean rotated = g.asks(Intent.ROTATE) && ROTATED.contains(target.resource());
        if (creating.isPresent() && !(rotated && !creating.get().fullNames().contains(target.name()))) {
            return new Contradicted(e, "the goal asks to create or keep it, not to delete it", creating.get().quote());
        }
        if (rotated) {
            return new Asked(e, g.asked(Intent.ROTATE).get());
        }
        Optional<Clause> selfCleaning = g.asking(Intent.DELETE).stream().filter(c -> SELF.matcher(c.quote()).find()).findFirst();
        if (selfCleaning.isPresent() && topic.named()) {
            // "the Job … should clean itself up when done": the goal's own objects are what it deletes
            return new Asked(e, selfCleaning.get().quote());
        }
        Optional<Clause> retiring = g.asking(Intent.DELETE).stream().filter(c -> RETIRE.matcher(c.lower()).find()).findFirst();
        if (retiring.isPresent() && g.names().contains(target.name()) && GOES_WITH_IT.contains(target.resource())) {
            // "decommission legacy-sms-notifier": its autoscaler, disruption budget and monitor go with it
            return new Asked(e, retiring.get().quote());
        }
        if (g.names().contains(target.name()) && target.name().contains("-")) {
            return new Contradicted(e, "the goal names it as part of the work, not as something to delete", g.goal());
        }
        // a deletion clause that names nothing ("clean up afterwards", "prune old dumps") covers what the
        // goal's own objects run and the goal's objects, not any object it never names
        boolean command = e.datum("command").equals("delete");
        boolean anyDelete = (command || topic.named()) && g.asking(Intent.DELETE).stream().anyMatch(c -> !c.named(g.weak()) && c.kinds().isEmpty());
        return anyDelete ? new Asked(e, g.asked(Intent.DELETE).get()) : new Neutral(e);
    }

    private static final java.util.regex.Pattern KEEP_DATA = java.util.regex.Pattern.compile(
            "\\b(keep|keeps|kept|preserve|retain)\\b[^.;]{0,20}\\b(data|volumes?|pvcs?|claims?|archives?|backups?|history|records)\\b");
    private static final Set<String> STORAGE = Set.of("persistentvolumeclaims", "persistentvolumes", "volumesnapshots",
            "volumesnapshotcontents", "backups", "buckets", "bucketclaims", "secrets");
    private static final java.util.regex.Pattern ELSE = java.util.regex.Pattern.compile("\\b(else|other|others)\\b");

    /**
     * The clause that deletes objects of this kind by one of their labels: it gives the label and writes the kind, or the
     * next clause writes the kind "carrying the same label".
     */
    private static Optional<Clause> byLabel(GoalReading g, String labels, String resource) {
        List<Clause> clauses = g.clauses();
        for (int i = 0; i < clauses.size(); i++) {
            Clause c = clauses.get(i);
            if (!c.asks().contains(Intent.DELETE) || !labelled(c.lower(), labels)) {
                continue;
            }
            if (writesKind(c.quote(), resource)) {
                return Optional.of(c);
            }
            if (i + 1 < clauses.size() && SAME_LABEL.matcher(clauses.get(i + 1).lower()).find() && writesKind(clauses.get(i + 1).quote(), resource)) {
                return Optional.of(clauses.get(i + 1));
            }
        }
        return Optional.empty();
    }

    private static final java.util.regex.Pattern SAME_LABEL = java.util.regex.Pattern.compile("\\b(same|that|this|the) label\\b");

    /** The clause gives one of the object's labels as "key=value" ({@code labels}: "k=v,k2=v2"). */
    private static boolean labelled(String lower, String labels) {
        if (labels.isEmpty()) {
            return false;
        }
        for (String label : labels.split(",")) {
            int eq = label.indexOf('=');
            if (eq > 0 && eq < label.length() - 1 && containsWord(lower, label.toLowerCase(java.util.Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern RETIRE = java.util.regex.Pattern.compile("\\b(decommission|retire|tear down|sunset|uninstall)");
    /** What exists only for a workload, and goes when it is decommissioned. */
    private static final Set<String> GOES_WITH_IT = Set.of("horizontalpodautoscalers", "poddisruptionbudgets", "servicemonitors",
            "podmonitors", "services", "configmaps", "serviceaccounts", "networkpolicies", "ingresses");

    private static final java.util.regex.Pattern FINISHED = java.util.regex.Pattern.compile("\\b(completed|succeeded|successful(ly)?|finished|done)\\b");

    /**
     * "delete Jobs … finished before 13 June" deletes no Job that finished on 17 June (one still running has not finished:
     * the outcome rules above decide it).
     */
    private static Optional<Assessment> tooRecent(Effect e, Clause deleting, GoalReading g, Target target) {
        Optional<java.time.LocalDate> created = Cutoffs.dateOf(e.datum("created"));
        Optional<java.time.LocalDate> finished = Cutoffs.dateOf(e.datum("finished"));
        int year = created.or(() -> finished).map(java.time.LocalDate::getYear).orElse(0);
        return Cutoffs.of(deleting.quote(), g.lower(), target.resource(), year).flatMap(cutoff -> {
            Optional<java.time.LocalDate> date = cutoff.byFinish() && !e.datum("outcome").isEmpty() ? finished : created;
            return date.filter(d -> !d.isBefore(cutoff.before()))
                    .map(d -> (Assessment) new Contradicted(e, "it dates from " + d + ", and the goal deletes only what "
                            + (cutoff.byFinish() ? "finished" : "was created") + " before " + cutoff.before(), deleting.quote()));
        });
    }

    /** The clause keeps Jobs of one outcome ("failed Jobs", "anything still running"), and this one had another. */
    static boolean otherOutcome(String lower, String outcome) {
        boolean failed = lower.contains("failed");
        boolean running = lower.contains("running") || lower.contains("active");
        return !outcome.isEmpty() && (failed || running) && !(failed && outcome.equals("failed") || running && outcome.equals("running"));
    }

    /**
     * A scaler's command: it may not scale what a hands-off clause names ("Leave checkout-api exactly as it is"), nor every
     * object of a kind the goal keeps running ("The `staging-postgres` StatefulSet … keep running overnight"), nor every
     * object where the goal scales those a label selects ("every Deployment labelled `tier=app`").
     */
    private static Assessment scalingCommand(Effect e, GoalReading g) {
        List<String> kinds = e.datum("kinds").isEmpty() ? List.of() : List.of(e.datum("kinds").split(","));
        List<String> names = e.datum("names").isEmpty() ? List.of() : List.of(e.datum("names").split(","));
        boolean every = Boolean.parseBoolean(e.datum("every"));
        for (Clause c : g.clauses()) {
            if (c.handsOff() && names.stream().anyMatch(c.fullNames()::contains)) {
                return new Contradicted(e, "the goal leaves it as it is", c.quote());
            }
            boolean keptRunning = KEPT_RUNNING.matcher(c.lower()).find() && kinds.stream().anyMatch(c.kinds()::contains);
            if (keptRunning && (every || names.stream().anyMatch(c.fullNames()::contains))) {
                return new Contradicted(e, "the goal keeps them running", c.quote());
            }
        }
        Optional<Clause> selecting = g.clauses().stream().filter(c -> SELECTED.matcher(c.lower()).find()).findFirst();
        if (every && selecting.isPresent()) {
            return new Contradicted(e, "the goal scales only what it selects", selecting.get().quote());
        }
        if (every && !kinds.isEmpty() && g.unnamedKinds().containsAll(kinds) && g.asked(Intent.SCALE_DOWN).isPresent()) {
            return new Asked(e, g.asked(Intent.SCALE_DOWN).get()); // "its Deployments go to 0 replicas at 20:00"
        }
        return new Neutral(e);
    }

    private static final java.util.regex.Pattern KEPT_RUNNING = java.util.regex.Pattern.compile(
            "\\b(keeps?|stays?|remains?) (running|up|on|serving|available)\\b|\\b(is|are) not (scaled|touched|stopped)\\b|\\bnever (scaled|stopped)\\b");
    private static final java.util.regex.Pattern SELECTED = java.util.regex.Pattern.compile(
            "\\blabell?ed [`'\"]?[a-z0-9./-]+=|\\bwith (the )?label [`'\"]?[a-z0-9./-]+=|\\bselector [`'\"]?[a-z0-9./-]+=");

    /** The count is the one asked for, or a step towards it from where it was ({@code from} -1: it had none). */
    static boolean reaches(long from, long to, double want) {
        return to == want || from >= 0 && (from < to && to < want || from > to && to > want);
    }

    private static Assessment scale(Effect e, GoalReading g, Topic topic) {
        if (e.datum("command").equals("scale")) {
            return scalingCommand(e, g);
        }
        Optional<Assessment> group = GroupCounts.assess(e, g);
        if (group.isPresent()) {
            return group.get();
        }
        String field = e.datum("field");
        long to = parse(e.to());
        Target target = topic.target();
        // "Do not scale or autoscale `claims-db-proxy`": a clause that names the object whole and rules out scaling it decides,
        // whatever figures other clauses give
        Intent way = e.datum("direction").equals("down") ? Intent.SCALE_DOWN : Intent.SCALE_UP;
        Optional<Clause> keptByName = e.datum("direction").equals("set") ? Optional.empty()
                : g.clauses().stream().filter(c -> c.forbids().contains(way) && c.fullNames().contains(target.name())).findFirst();
        if (keptByName.isPresent()) {
            return new Contradicted(e, "the goal keeps its replica count", keptByName.get().quote());
        }
        // a Job's parallelism is the goal's pod count only where the goal speaks of Jobs
        boolean parallelism = field.equals("parallelism");
        Optional<Double> asked = parallelism
                ? g.clauses().stream().filter(c -> c.quantities().containsKey("replicas") && c.covers(target, g.weak(), true))
                        .map(c -> c.quantities().get("replicas")).findFirst()
                : g.quantity(field, target);
        if (asked.isEmpty() && field.equals("maxReplicas")) {
            asked = g.quantity("replicas", target);
        }
        boolean anyGiven = !parallelism && g.clauses().stream().filter(c -> c.covers(target, g.weak()) && c.quantities().containsKey(field))
                .anyMatch(c -> c.quantities().get(field) == to);
        if (asked.isPresent() && anyGiven) {
            // "scale accounts-worker to 0 … when it has succeeded, scale accounts-worker back to 3": each step's figure is asked
            return new Asked(e, quote(g, Intent.SCALE_UP));
        }
        if (asked.isPresent()) {
            double want = asked.get();
            long from = parse(e.from());
            if (reaches(from, to, want)) {
                return new Asked(e, quote(g, Intent.SCALE_UP));
            }
            return new Contradicted(e, "the goal asks for " + plain(want) + " " + noun(field), quote(g, Intent.SCALE_UP));
        }
        String direction = e.datum("direction");
        Optional<Clause> up = g.asking(Intent.SCALE_UP, target);
        Optional<Clause> down = g.asking(Intent.SCALE_DOWN, target);
        Optional<Clause> removing = g.asking(Intent.DELETE, target);
        boolean ours = g.names().contains(target.name()) && target.name().contains("-");
        if (direction.equals("down") && removing.isPresent() && (removing.get().named(g.weak()) || ours)) {
            // "decommission legacy-sms-notifier — its Deployment, …": scaling it down first is part of removing it
            return new Asked(e, removing.get().quote());
        }
        Optional<Clause> fixed = g.forbidding(direction.equals("down") ? Intent.SCALE_DOWN : Intent.SCALE_UP, target);
        if (fixed.isPresent() && !direction.equals("set")) {
            return new Contradicted(e, "the goal keeps the replica count", fixed.get().quote());
        }
        if (direction.equals("down")) {
            if (to == 0 && g.forbids(Intent.DOWNTIME)) {
                return new Contradicted(e, "the goal rules out downtime", g.forbidden(Intent.DOWNTIME).get());
            }
            if (down.isPresent()) {
                return new Asked(e, down.get().quote());
            }
            if (up.isPresent()) {
                return new Contradicted(e, "the goal asks to scale it up", up.map(Clause::quote).orElse(g.goal()));
            }
        }
        if (direction.equals("up")) {
            if (up.isPresent()) {
                return new Asked(e, up.get().quote());
            }
            if (down.isPresent()) {
                return new Contradicted(e, "the goal asks to scale it down", down.get().quote());
            }
        }
        boolean counts = g.asks(Intent.SCALE_UP) || g.asks(Intent.SCALE_DOWN) || g.asks(Intent.AVAILABILITY)
                || g.quantities().containsKey("replicas") || g.forbids(Intent.DOWNTIME) && direction.equals("up");
        if ((direction.equals("up") || direction.equals("down")) && !counts) {
            // a goal about something else ("move the DB keys into a Secret", "lock down ingress") gives no reason to
            // change how many replicas run: that is capacity work of its own
            return new Contradicted(e, "the goal asks for no change to the replica count", g.goal());
        }
        return new Neutral(e);
    }

    private static Assessment availability(Effect e, GoalReading g, Target target) {
        long minAvailable = parse(e.datum("minAvailable"));
        Optional<Double> replicas = g.quantity("replicas", target);
        if (minAvailable > 0 && replicas.isPresent() && replicas.get() > 0 && minAvailable >= replicas.get()) {
            // "auth-api (4 replicas)" and minAvailable 4: no pod may ever be evicted, so every node drain hangs
            return new Contradicted(e, "with " + plain(replicas.get()) + " replicas, minAvailable " + minAvailable
                    + " lets no pod be evicted and blocks every drain", g.goal());
        }
        if (e.datum("downtime").equals("true") && g.forbids(Intent.DOWNTIME)) {
            return new Contradicted(e, "the goal rules out downtime", g.forbidden(Intent.DOWNTIME).get());
        }
        return new Neutral(e);
    }

    private static Assessment suspension(Effect e, GoalReading g, Topic topic) {
        boolean named = topic.named();
        if (g.asks(Intent.SUSPEND)) {
            return new Asked(e, g.asked(Intent.SUSPEND).get());
        }
        Optional<Clause> removing = g.asking(Intent.DELETE, topic.target());
        if (removing.isPresent() && removing.get().named(g.weak())) {
            return new Asked(e, removing.get().quote());
        }
        if (g.forbids(Intent.SUSPEND) || named && (g.asks(Intent.SCHEDULE) || g.asks(Intent.CREATE))) {
            return new Contradicted(e, "the goal wants it to run", quote(g, Intent.SCHEDULE));
        }
        return new Neutral(e);
    }

    private static Assessment schedule(Effect e, GoalReading g) {
        Cron cron = Cron.parse(e.to());
        if (!cron.valid()) {
            return new Neutral(e);
        }
        String zone = e.datum("timeZone");
        boolean utcAsked = UTC_IN_GOAL.matcher(g.goal()).find();
        // "schedule 02:30 Europe/Berlin (today 23:00 UTC)": the zone the goal names for the new time is asked, whatever else says UTC
        boolean zoneNamed = !zone.isEmpty() && g.lower().contains(zone.toLowerCase(java.util.Locale.ROOT));
        if (utcAsked && !zone.isEmpty() && !UTC_ZONE.matcher(zone).matches() && !zoneNamed) {
            return new Contradicted(e, "the goal gives the time in UTC", quote(g, Intent.SCHEDULE));
        }
        java.util.regex.Matcher region = REGION_ZONE.matcher(g.goal());
        if (region.find() && !zone.equalsIgnoreCase(region.group()) && !(utcAsked && UTC_ZONE.matcher(zone).matches())) {
            // "daily at 02:30 Europe/Berlin": without that timeZone the controller's zone (UTC, as a rule) decides the hour
            return new Contradicted(e, "the goal gives the time in " + region.group(), quote(g, Intent.SCHEDULE));
        }
        boolean everyDay = g.frequency().equals("daily") || g.frequency().equals("nightly");
        boolean dayOfWeek = g.frequency().equals("weekly") || g.frequency().equals("weekdays");
        if (everyDay && cron.weekly() || dayOfWeek && !cron.weekly()) {
            return new Contradicted(e, "the goal asks for it to run " + g.frequency(), quote(g, Intent.SCHEDULE));
        }
        if (!g.minutes().isEmpty() && g.minutes().stream().noneMatch(m -> cron.minutes().get(m))) {
            return new Contradicted(e, "the goal asks for it at minute " + g.minutes().get(g.minutes().size() - 1), quote(g, Intent.SCHEDULE));
        }
        if (!g.hours().isEmpty()) {
            boolean hit = g.hours().stream().anyMatch(h -> cron.hours().get(h));
            String when = g.hours().stream().map(h -> String.format("%02d:00", h)).distinct().collect(Collectors.joining(" or "));
            return hit && cron.runsPerDay() <= 2 * g.hours().size() ? new Asked(e, quote(g, Intent.SCHEDULE))
                    : new Contradicted(e, "the goal asks for it at " + when, quote(g, Intent.SCHEDULE));
        }
        String frequency = g.frequency();
        if (frequency.isEmpty()) {
            return new Neutral(e);
        }
        if (frequency.equals("minutes")) {
            // "make it every 15 minutes": at most that often ("* * * * *" is fifteen times as often)
            java.util.regex.Matcher every = EVERY_MINUTES.matcher(g.lower());
            int interval = 0;
            while (every.find()) {
                interval = Integer.parseInt(every.group(1));
            }
            if (interval > 0 && cron.runsPerDay() > 1440 / interval) {
                return new Contradicted(e, "the goal asks for it every " + interval + " minutes", quote(g, Intent.SCHEDULE));
            }
        }
        boolean fits = switch (frequency) {
            case "nightly" -> cron.runsPerDay() <= 2 && cron.hours().stream().allMatch(h -> h >= 20 || h <= 7);
            case "daily" -> cron.runsPerDay() <= 2;
            case "hourly" -> cron.runsPerDay() >= 12 && cron.runsPerDay() <= 48;
            case "weekly", "weekdays" -> cron.weekly();
            default -> cron.runsPerDay() > 24;
        };
        return fits ? new Asked(e, quote(g, Intent.SCHEDULE))
                : new Contradicted(e, "the goal asks for it to run " + frequency, quote(g, Intent.SCHEDULE));
    }

    /** The goal names no object, or names this one (or one it is named after). */
    private static boolean ourObject(GoalReading g, Target target) {
        List<String> named = fullNames(g);
        return named.isEmpty() || named.stream().anyMatch(n -> target.name().equals(n) || target.name().startsWith(n + "-"))
                || target.tokens().stream().anyMatch(named::contains);
    }

    private static List<String> fullNames(GoalReading g) {
        return g.names().stream().filter(n -> n.contains("-") && !g.weak().contains(n)).toList();
    }

    private static Assessment resources(Effect e, GoalReading g, Target target) {
        String unit = e.datum("unit");
        BigDecimal total = new BigDecimal(e.datum("total").isEmpty() ? "0" : e.datum("total"));
        BigDecimal from = e.from().isEmpty() ? null : new BigDecimal(e.from());
        BigDecimal to = new BigDecimal(e.to().isEmpty() ? "0" : e.to());
        boolean increase = from == null || to.compareTo(from) > 0;
        if (unit.equals("GPUs")) {
            Optional<Double> gpus = g.quantity("gpus");
            // "one nvidia.com/gpu apiece": the goal's figure is each pod's, not the workload's total
            // ("2 replicas, 1 NVIDIA GPU each": the words that give the figure say whose it is, wherever the GPU intent was read)
            String giving = g.clauses().stream().filter(c -> c.quantities().containsKey("gpus")).map(Clause::lower).findFirst()
                    .orElse(quote(g, Intent.GPU).toLowerCase(java.util.Locale.ROOT));
            double asked = PER_POD_WORDS.matcher(giving).find() ? to.doubleValue()
                    : total.doubleValue();
            if (gpus.isPresent()) {
                return asked <= gpus.get() ? new Asked(e, quote(g, Intent.GPU))
                        : new Contradicted(e, "the goal asks for " + plain(gpus.get()) + " GPUs", quote(g, Intent.GPU));
            }
            return g.asks(Intent.GPU) && total.doubleValue() <= 8 ? new Asked(e, g.asked(Intent.GPU).get()) : new Neutral(e);
        }
        String key = unit.startsWith("CPU") ? "cpu" : unit.startsWith("memory") ? "memoryGiB" : "";
        Optional<Double> perPod = key.isEmpty() ? Optional.empty() : g.quantity(key, target);
        if (perPod.isPresent() && from != null && !ourObject(g, target)) {
            // "inventory-service keeps getting OOMKilled. Raise its memory to 2Gi": the figure is for the object the goal names
            return new Contradicted(e, "the goal gives these figures for " + String.join(", ", fullNames(g)) + ", not for it", g.goal());
        }
        if (perPod.isPresent() && from != null) {
            // "the redis container's memory … to 6Gi" in a pod with a sentinel: the figure may be one container's; and
            // "the memory limit … to 2Gi, request 1536Mi": a goal may give a request and a limit, and either is asked
            List<Double> given = g.clauses().stream().map(c -> c.quantities().get(key)).filter(Objects::nonNull).toList();
            boolean exact = Stream.concat(Stream.of(perPod.get()), given.stream())
                    .anyMatch(wanted -> Math.abs(to.doubleValue() - wanted) < 0.001 * Math.max(1, wanted)
                            || java.util.Arrays.stream(e.datum("containers").split(",")).filter(c -> !c.isEmpty())
                                    .anyMatch(c -> Math.abs(Double.parseDouble(c) - wanted) < 0.001 * Math.max(1, wanted)));
            return exact ? new Asked(e, g.goal())
                    : new Contradicted(e, "the goal asks for " + plain(perPod.get()) + " " + unit + " per pod", g.goal());
        }
        boolean sized = g.asks(Intent.RESOURCES_UP) || g.asks(Intent.RESOURCES_DOWN) || g.quantity("cpu").isPresent()
                || g.quantity("memoryGiB").isPresent() || g.asks(Intent.GPU);
        if (from != null && !sized && !g.asks(Intent.SCALE_UP) && !g.asks(Intent.CREATE)) {
            // like a replica count: a goal about something else gives no reason to resize a running workload
            return new Contradicted(e, "the goal asks for no change to CPU or memory", g.goal());
        }
        if (increase && g.asks(Intent.RESOURCES_DOWN) && !g.asks(Intent.RESOURCES_UP) && from != null) {
            return new Contradicted(e, "the goal asks to reduce resources", g.asked(Intent.RESOURCES_DOWN).get());
        }
        if (!increase && g.asks(Intent.RESOURCES_UP) && !g.asks(Intent.RESOURCES_DOWN)) {
            return new Contradicted(e, "the goal asks for more resources", g.asked(Intent.RESOURCES_UP).get());
        }
        Intent wanted = increase ? Intent.RESOURCES_UP : Intent.RESOURCES_DOWN;
        return g.asks(wanted) ? new Asked(e, g.asked(wanted).get()) : new Neutral(e);
    }

    /** "remove the limits", "no CPU limit", "unbounded": a goal that does want a container's limits gone. */
    private static final java.util.regex.Pattern LIMITS_OFF = java.util.regex.Pattern.compile(
            "\\b(remove|drop|delete|without|no|lift|unset)\\b[^.;]{0,30}\\blimits?\\b|\\bunlimited\\b|\\bunbounded\\b");

    private static final java.util.regex.Pattern CREDENTIAL_NAME = java.util.regex.Pattern.compile("password|passwd|secret|token|api_?key");
    private static final java.util.regex.Pattern MOVES = java.util.regex.Pattern.compile(
            "\\b(switch|switches|move|moves|migrate|instead of|rather than|out of|secretkeyref)\\b");

    private static Assessment removedConfig(Effect e, GoalReading g) {
        if (e.datum("what").equals("resource limits") && !LIMITS_OFF.matcher(g.lower()).find()) {
            // a container without limits may take a node's whole memory and CPU: no goal asks that by configuring something else
            return new Contradicted(e, "the goal asks for no container without resource limits; keep its limits", g.goal());
        }
        String item = e.from().replace("\"", "");
        int of = item.indexOf(" of container ");
        String removed = (of >= 0 ? item.substring(0, of) : item).toLowerCase(java.util.Locale.ROOT);
        if (removed.length() >= 3 && CREDENTIAL_NAME.matcher(removed).find() && g.lower().contains(removed) && MOVES.matcher(g.lower()).find()) {
            // "DB_PASSWORD as a literal value … switch both Deployments to valueFrom.secretKeyRef": the plaintext copy goes
            return new Asked(e, g.goal());
        }
        if (removed.length() >= 3 && !e.datum("what").equals("container") && g.lower().contains(removed)
                && !g.asks(Intent.DELETE)) {
            return new Contradicted(e, "the goal names " + removed + " as something to keep", g.goal());
        }
        boolean named = removed.length() >= 3 && g.lower().contains(removed);
        if (!named && g.asks(Intent.DELETE) && g.forbids(Intent.DELETE)) {
            // "remove just those two keys … nothing else gets deleted": what it removes, it names
            return new Contradicted(e, "the goal removes only what it names and keeps the rest",
                    g.forbidden(Intent.DELETE).orElse(g.goal()));
        }
        for (Intent intent : new Intent[] {Intent.CONFIGURE, Intent.DELETE, Intent.ROTATE, Intent.RESOURCES_DOWN}) {
            if (g.asks(intent)) {
                return new Asked(e, g.asked(intent).get());
            }
        }
        return new Neutral(e);
    }

    static String quote(GoalReading g, Intent intent) {
        return g.asked(intent).orElse(g.goal());
    }

    static long parse(String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String noun(String field) {
        return field.equals("minReplicas") ? "minimum replicas" : field.equals("maxReplicas") ? "maximum replicas" : "replicas";
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
