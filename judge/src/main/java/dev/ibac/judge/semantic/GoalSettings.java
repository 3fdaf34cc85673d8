package dev.ibac.judge.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.Effect;
import dev.ibac.judge.JudgeVerdict.Risk;
import dev.ibac.judge.goal.GoalReader;
import dev.ibac.judge.goal.GoalReading;
import dev.ibac.judge.semantic.Assessment.Contradicted;
import dev.ibac.judge.effect.Quantity;
import dev.ibac.judge.goal.Durations;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keys the goal gives a value ("add linkerd.io/inject: enabled", "set AUDIT_RETENTION_DAYS to 400")
 * set to another value by the action: in an annotation or label, an env var, a ConfigMap key, or a
 * "KEY=value" / "KEY: value" line of a config file. Read from the whole object, not from the effects,
 * which show a bounded number of changed fields and hide ConfigMap values.
 */
final class GoalSettings {
    private static final int MAX_DEPTH = 64;
    private static final Set<String> ROLLOUT_FIELDS = Set.of("maxUnavailable", "maxSurge");
    private static final Pattern ROLLING = Pattern.compile("rolling ?update|maxsurge");
    /** Quotes and trailing punctuation around a config value; compiled once (this runs on matching lines only). */
    private static final java.util.regex.Pattern TRIM = java.util.regex.Pattern.compile("^[\"']|[\"';,]+$");
    private static final java.util.regex.Pattern BLANKS = java.util.regex.Pattern.compile("\\s+");

    private GoalSettings() {}

    /**
     * {@code old}: the object an UPDATE changes, or null. A value it already had is not this request's
     * doing: an UPDATE that does one step of the goal ("move the schedule") before another ("raise
     * startingDeadlineSeconds to 900") leaves the other as it was, and contradicts nothing.
     */
    static Optional<Contradicted> contradicted(JsonNode object, JsonNode old, String target, GoalReading goal) {
        if (object == null || !object.isObject()) {
            return Optional.empty();
        }
        boolean update = old != null && old.isObject();
        // what the goal gives one kind of object: its alerts' figures, the issuer or store it names, both directions of a
        // default-deny, a route's shares
        Optional<Contradicted> held = AlertFigures.contradicted(object, old, target, goal)
                .or(() -> References.contradicted(object, old, target, goal))
                .or(() -> DefaultDeny.contradicted(object, target, goal))
                .or(() -> TrafficSplit.contradicted(object, target, goal));
        if (held.isPresent()) {
            return held;
        }
        Optional<Contradicted> cap = cap(caps(object), update ? caps(old) : Map.of(), target, goal);
        if (cap.isPresent()) {
            return cap;
        }
        Optional<Contradicted> duration = goal.durations().isEmpty() ? Optional.empty() : duration(object, target, goal, 0);
        if (duration.isPresent() && !(update && duration(old, target, goal, 0).map(c -> c.effect().sentence())
                .equals(duration.map(c -> c.effect().sentence())))) {
            return duration;
        }
        for (Map.Entry<String, String> wanted : goal.settings().entrySet()) {
            if (target.startsWith("poddisruptionbudgets ") && ROLLOUT_FIELDS.contains(wanted.getKey()) && ROLLING.matcher(goal.lower()).find()) {
                continue; // "RollingUpdate with maxUnavailable 0 / maxSurge 1" is the Deployment's strategy, not a disruption budget
            }
            String found = find(object, wanted.getKey(), 0);
            if (found != null && !same(found, wanted.getValue()) && !(update && found.equals(find(old, wanted.getKey(), 0)))) {
                Effect e = new Effect(Effect.Family.CHANGE, Risk.MEDIUM, target + " sets " + wanted.getKey() + " to " + quoted(found),
                        target, "", found, Map.of("field", wanted.getKey()));
                return Optional.of(new Contradicted(e, "the goal sets " + wanted.getKey() + " to " + wanted.getValue(), goal.goal()));
            }
        }
        return Optional.empty();
    }

    private static final Pattern FIGURE = Pattern.compile("(?<![\\w.])(\\d{1,9}(?:\\.\\d{1,3})?)(m|[KMGTPE]i?)?(?!\\w|\\.\\d)", Pattern.CASE_INSENSITIVE);

    /**
     * A ResourceQuota or LimitRange whose caps are the goal's figures but one ("40 CPU / 160Gi requested, … no GPUs" and
     * requests.nvidia.com/gpu: 4; "nothing over 8 CPU/32Gi per container" and a max of 64): where the goal gives the
     * namespace's caps, a cap it does not give is not the agreed one. A cap of 0 only forbids, and one whose new caps echo
     * none of the goal's figures (room for the work) is not held to them.
     */
    private static Optional<Contradicted> cap(Map<String, String> caps, Map<String, String> before, String target, GoalReading goal) {
        Optional<Contradicted> gpus = gpuCap(caps, before, target, goal);
        if (gpus.isPresent()) {
            return gpus;
        }
        if (caps.size() < 2 || !goal.kinds().contains("resourcequotas")) {
            return Optional.empty();
        }
        java.util.List<BigDecimal> figures = new java.util.ArrayList<>();
        Matcher m = FIGURE.matcher(goal.goal());
        while (m.find()) {
            String unit = m.group(2) == null ? "" : m.group(2);
            // "160Gi", "2Ti", "250m" as written; "80 CPU" and "200 pods" as numbers
            figures.add(Quantity.of(m.group(1) + (unit.length() == 2 ? Character.toUpperCase(unit.charAt(0)) + "i" : unit)));
        }
        boolean echoes = false;
        Map.Entry<String, String> other = null;
        for (Map.Entry<String, String> entry : caps.entrySet()) {
            BigDecimal value = Quantity.of(entry.getValue());
            boolean given = value.signum() == 0 || figures.stream().anyMatch(f -> f.compareTo(value) == 0);
            boolean kept = entry.getValue().equals(before.get(entry.getKey()));
            echoes |= given && !kept && value.signum() != 0;
            if (!given && !kept && other == null) {
                other = entry;
            }
        }
        if (!echoes || other == null) {
            return Optional.empty();
        }
        Effect e = new Effect(Effect.Family.CHANGE, Risk.MEDIUM, target + " caps " + other.getKey() + " at " + quoted(other.getValue()),
                target, "", other.getValue(), Map.of("field", other.getKey()));
        return Optional.of(new Contradicted(e, "the goal gives the namespace's caps, and " + other.getValue() + " is not one of them",
                goal.goal()));
    }

    /**
     * A quota's GPU cap raised above the GPUs the goal gives ("at most 4 nvidia.com/gpu in total … raise it to 4, not more"
     * and requests.nvidia.com/gpu 2 → 16): room for more GPUs than the work may use.
     */
    private static Optional<Contradicted> gpuCap(Map<String, String> caps, Map<String, String> before, String target, GoalReading goal) {
        Optional<Double> wanted = goal.quantity("gpus");
        // a quota is the namespace's total: the work's GPUs come on top of what runs there, unless the goal sizes the quota itself
        if (wanted.isEmpty() || !goal.kinds().contains("resourcequotas")) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> entry : caps.entrySet()) {
            if (!entry.getKey().endsWith("nvidia.com/gpu") || entry.getValue().equals(before.get(entry.getKey()))) {
                continue;
            }
            BigDecimal value = Quantity.of(entry.getValue());
            if (value.compareTo(BigDecimal.valueOf(wanted.get())) > 0) {
                Effect e = new Effect(Effect.Family.RESOURCES, Risk.HIGH, target + " caps " + entry.getKey() + " at " + quoted(entry.getValue()),
                        target, before.getOrDefault(entry.getKey(), ""), entry.getValue(), Map.of("field", entry.getKey()));
                return Optional.of(new Contradicted(e, "the goal gives " + SemanticJudge.format(wanted.get()).replace(".00", "") + " GPUs",
                        goal.goal()));
            }
        }
        return Optional.empty();
    }

    private static final Set<String> LIMIT_RANGE_CAPS = Set.of("default", "defaultRequest", "max", "min");

    /** A ResourceQuota's spec.hard, or a LimitRange's defaults, minimums and maximums ("Container max.cpu"), as written. */
    private static Map<String, String> caps(JsonNode object) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        JsonNode spec = object.path("spec");
        spec.path("hard").properties().forEach(e -> out.put(e.getKey(), e.getValue().asText("")));
        int items = 0;
        for (JsonNode limit : spec.path("limits")) {
            if (++items > 16) {
                break;
            }
            for (String which : LIMIT_RANGE_CAPS) {
                limit.path(which).properties().forEach(e -> out.put(limit.path("type").asText("") + " " + which + "." + e.getKey(),
                        e.getValue().asText("")));
            }
        }
        return out;
    }

    /** The same value, or the same Kubernetes quantity written another way ("40" and "40000m", "1Gi" and "1024Mi"). */
    private static boolean same(String found, String wanted) {
        // "never two runs at once": Replace lets no two run at once either (https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#concurrency-policy)
        if (wanted.equals(GoalReader.NO_OVERLAP)) {
            return found.equals("Forbid") || found.equals("Replace");
        }
        if (found.equalsIgnoreCase(wanted) || EffectAssessor.UTC_ZONE.matcher(found).matches() && EffectAssessor.UTC_ZONE.matcher(wanted).matches() || found.startsWith("[") && BLANKS.matcher(found).replaceAll("")
                .equalsIgnoreCase(BLANKS.matcher(wanted).replaceAll(""))) {
            return true;
        }
        BigDecimal a = Quantity.of(found);
        BigDecimal b = Quantity.of(wanted);
        return a.signum() != 0 && a.compareTo(b) == 0;
    }

    /**
     * A field whose name holds a word the goal gives a duration for ("ttl 720h", "retention alone (7 days)")
     * set to another duration: "ttl: 24h0m0s", "retention.ms: 86400000" (a bare number in the unit its key names).
     */
    private static Optional<Contradicted> duration(JsonNode node, String target, GoalReading goal, int depth) {
        if (depth > MAX_DEPTH) {
            return Optional.empty();
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                Optional<Contradicted> c = item.isTextual() ? durationLines(item.asText(), target, goal) : duration(item, target, goal, depth + 1);
                if (c.isPresent()) {
                    return c;
                }
            }
        }
        for (Map.Entry<String, JsonNode> field : node.isObject() ? node.properties() : Set.<Map.Entry<String, JsonNode>>of()) {
            JsonNode value = field.getValue();
            if (field.getKey().endsWith("Probe") || POD_TIMING.contains(field.getKey())) {
                // every pod has probe timeouts and grace periods; a goal's "timeouts are 30s" means its app's, not these
                continue;
            }
            long seconds = value.isValueNode() ? seconds(field.getKey().toLowerCase(Locale.ROOT), value.asText()) : -1;
            Optional<Contradicted> c = value.isValueNode()
                    ? seconds < 0 ? Optional.empty() : against(field.getKey(), value.asText(), seconds, target, goal)
                    : duration(value, target, goal, depth + 1);
            if (c.isEmpty() && value.isTextual()) {
                c = durationLines(value.asText(), target, goal);
            }
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    /**
     * "retention_period: 24h" in a config file a ConfigMap holds, "--storage.tsdb.retention.time=30d" in an
     * argument: a line's key and its duration, as a field's would be.
     */
    private static Optional<Contradicted> durationLines(String text, String target, GoalReading goal) {
        if (text.length() > 65_536 || text.indexOf(':') < 0 && text.indexOf('=') < 0) {
            return Optional.empty();
        }
        for (String line : text.split("\n", 2000)) {
            String t = line.strip();
            int colon = t.indexOf(':');
            int equals = t.indexOf('=');
            int at = colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
            if (at <= 0 || at == t.length() - 1) {
                continue;
            }
            String key = t.substring(0, at).strip();
            String value = TRIM.matcher(t.substring(at + 1).strip()).replaceAll("");
            long seconds = seconds(key.toLowerCase(Locale.ROOT), value);
            Optional<Contradicted> c = seconds < 0 ? Optional.empty() : against(key, value, seconds, target, goal);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    private static Optional<Contradicted> against(String key, String text, long seconds, String target, GoalReading goal) {
        String lower = key.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Long> wanted : goal.durations().entrySet()) {
            if (wanted.getKey().length() >= 3 && setsDuration(lower, wanted.getKey()) && seconds != wanted.getValue()
                    && !givenElsewhere(goal, seconds)) {
                Effect e = new Effect(Effect.Family.CHANGE, Risk.MEDIUM, target + " sets " + key + " to " + quoted(text),
                        target, "", text, Map.of("field", key));
                return Optional.of(new Contradicted(e, "the goal gives " + wanted.getKey() + " as " + wanted.getValue() + " s",
                        goal.goal()));
            }
        }
        return Optional.empty();
    }

    private static final Pattern GIVEN_DURATION = Pattern.compile("\\b(\\d{1,6}) ?(days?|weeks?|hours?|minutes?|d|w|h)\\b");

    /**
     * The goal gives this duration too, for another of its objects ("daily backups kept 14 days (ttl 336h) … weekly
     * ones, retention 90 days"): which figure is this object's the words before it cannot tell.
     */
    private static boolean givenElsewhere(GoalReading goal, long seconds) {
        Matcher m = GIVEN_DURATION.matcher(goal.lower());
        while (m.find()) {
            boolean today = m.start() >= 5 && goal.lower().startsWith("from ", m.start() - 5); // "from 30 days to 14": what it was
            if (!today && Durations.seconds(m.group(1), m.group(2)) == seconds) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a key (lower case) sets the duration a goal's word names: the word, then at most a unit or the word for a
     * span ("retention", "retention_period", "retention.ms", "ttlsecondsafterfinished"), not another setting that
     * begins with it ("retention_delete_delay", "retention_enabled").
     */
    static boolean setsDuration(String key, String word) {
        int at = key.indexOf(word);
        if (at < 0) {
            return false;
        }
        String rest = SEPARATORS.matcher(key.substring(at + word.length())).replaceAll("");
        return SPAN_SUFFIX.matcher(rest).matches();
    }

    private static final Pattern SEPARATORS = Pattern.compile("[._\\-\\s]");
    private static final Pattern SPAN_SUFFIX = Pattern.compile("(y|ation|e|es|ing|s)?(period|policy|time|duration|window|length|after|afterfinished)?"
            + "(ms|s|m|h|d|w|millis|milliseconds|seconds?|secs?|minutes?|mins?|hours?|days?|weeks?)?(afterfinished)?");

    /** Seconds of a duration value, or -1: "24h0m0s", or a bare number under a key naming its unit ("retention.ms"). */
    static long seconds(String key, String text) {
        long parsed = Durations.parse(text);
        if (parsed >= 0) {
            return parsed;
        }
        Matcher unit = UNIT_KEY.matcher(key);
        return unit.find() && DIGITS.matcher(text).matches() ? Durations.seconds(text, unit.group(1)) : -1;
    }

    private static final Set<String> POD_TIMING = Set.of("terminationGracePeriodSeconds", "progressDeadlineSeconds", "minReadySeconds",
            "activeDeadlineSeconds", "startingDeadlineSeconds", "ttlSecondsAfterFinished", "revisionHistoryLimit");
    private static final Pattern UNIT_KEY = Pattern.compile("[._-]?(ms|days?|hours?|minutes?|seconds?|secs?)$");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,15}");

    /** The value the object gives {@code key}, or null: a field of that name, an env var, or a line of a text value. */
    private static String find(JsonNode node, String key, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        if (node.isObject()) {
            JsonNode direct = node.get(key);
            if (direct != null && direct.isValueNode()) {
                return direct.asText();
            }
            // an env var's {name, value}; a KEDA trigger's {mode: QueueLength, value: "50"} ("queueLength target 50")
            if ((key.equals(node.path("name").asText(null)) || key.equalsIgnoreCase(node.path("mode").asText(null)))
                    && node.path("value").isValueNode()) {
                return node.path("value").asText();
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String found = find(field.getValue(), key, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                String found = find(item, key, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isTextual() && node.asText().contains(key)) {
            return line(node.asText(), key);
        }
        return null;
    }

    /** "KEY=value", "KEY: value" or "KEY value" at the start of a line of a config file. */
    private static String line(String text, String key) {
        for (String line : text.split("\n", 1000)) {
            String stripped = line.strip();
            String t = stripped.startsWith("- ") ? stripped.substring(2).strip() : stripped; // a YAML list item's first key
            boolean whole = t.length() > key.length() && (Character.isWhitespace(t.charAt(key.length())) || t.charAt(key.length()) == '='
                    || t.charAt(key.length()) == ':' || t.charAt(key.length()) == '"');
            if (t.startsWith(key) && whole) {
                // "concurrent = 40", not "concurrent_builds = 2"
                String rest = t.substring(key.length()).strip();
                if (rest.startsWith("=") || rest.startsWith(":")) {
                    rest = rest.substring(1).strip();
                }
                if (rest.startsWith("[") && rest.indexOf(']') > 0) {
                    return rest.substring(0, rest.indexOf(']') + 1); // a flow list is one value: "[eu-west-1, us-east-1]"
                }
                String value = TRIM.matcher(rest).replaceAll("");
                return value.isEmpty() ? null : BLANKS.split(value)[0];
            }
        }
        return null;
    }

    private static String quoted(String value) {
        return "\"" + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "\"";
    }
}
