package dev.ibac.judge.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.Effect;
import dev.ibac.judge.JudgeVerdict.Risk;
import dev.ibac.judge.goal.GoalReading;
import dev.ibac.judge.semantic.Assessment.Contradicted;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus alerting rule's threshold and {@code for} window set against the figures the goal gives its alerts ("pages
 * when 5xx responses exceed 2% of requests for 10 minutes", "p99 over 800ms for 15m"). Where the goal gives such figures,
 * a rule whose alerts echo some of them but not another ({@code > 0.20} beside {@code for: 10m}), or none at all, is not
 * the asked alert: it fires far too late or too early, which no other field shows
 * (https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/). Only the alerts a request adds or changes
 * count: an UPDATE that leaves an alert as it was is not held to the goal's figures.
 */
final class AlertFigures {
    /** Sentences that speak of alerting: their figures are the alerts' figures. */
    private static final Pattern ALERTING = Pattern.compile("(?i)\\b(alerts?|alerting|pages?|paging|prometheusrule|fires?|firing|severity)\\b");
    private static final Pattern SENTENCE = Pattern.compile("(?<=[.;])\\s+|\\n+|\\(\\d\\)|\\b\\d\\)\\s");
    /** "2%", "800ms", "15m", "10 minutes", "> 100000", "above 0.5", "more than 5%". */
    private static final Pattern FIGURE = Pattern.compile("(?i)(?:(>=?|<=?|==|above|over|exceeds?|exceeding|more than|below|under|less than"
            + "|at least|at most)\\s*)?(\\d[\\d,]*(?:\\.\\d+)?)\\s?(%|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hours?|k)?(?!\\w|\\.\\d)");
    private static final Pattern COMPARISON = Pattern.compile("(?:>=?|<=?|==|!=)\\s*(-?\\d+(?:\\.\\d+)?(?:e[-+]?\\d+)?)\\s*\\)*\\s*$");
    private static final Pattern PROM_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");
    private static final int MAX_RULES = 200;

    private AlertFigures() {}

    record Figures(Set<Double> thresholds, Set<Long> windows) {
        boolean isEmpty() {
            return thresholds.isEmpty() && windows.isEmpty();
        }
    }

    static Optional<Contradicted> contradicted(JsonNode object, JsonNode old, String target, GoalReading goal) {
        List<JsonNode> alerts = changedAlerts(object, old);
        if (alerts.isEmpty()) {
            return Optional.empty();
        }
        Figures given = given(goal.goal());
        if (given.isEmpty()) {
            return Optional.empty();
        }
        boolean anyEcho = false;
        String stray = null;
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            Matcher threshold = COMPARISON.matcher(alert.path("expr").asText("").strip());
            if (threshold.find()) {
                double value = Double.parseDouble(threshold.group(1));
                boolean echoes = given.thresholds().stream().anyMatch(g -> close(g, value));
                anyEcho |= echoes;
                stray = stray == null && !echoes ? "alert " + name + " fires at " + threshold.group(1) : stray;
            }
            long window = promSeconds(alert.path("for").asText(""));
            if (window > 0) {
                boolean echoes = given.windows().contains(window);
                anyEcho |= echoes;
                stray = stray == null && !echoes ? "alert " + name + " waits for " + alert.path("for").asText() : stray;
            }
        }
        if (stray == null) {
            return Optional.empty();
        }
        Effect e = new Effect(Effect.Family.CHANGE, Risk.MEDIUM, stray + " in " + target, target, "", stray, Map.of("field", "expr"));
        String reason = anyEcho ? "the goal gives its alerts other figures" : "none of its alerts has the figures the goal gives";
        return Optional.of(new Contradicted(e, reason, alertingText(goal.goal())));
    }

    /** The alerting rules of a PrometheusRule (or any object shaped like one) that the request adds or changes. */
    private static List<JsonNode> changedAlerts(JsonNode object, JsonNode old) {
        List<JsonNode> now = alerts(object);
        if (now.isEmpty() || old == null || !old.isObject()) {
            return now;
        }
        List<JsonNode> before = alerts(old);
        return now.stream().filter(a -> !before.contains(a)).toList();
    }

    private static List<JsonNode> alerts(JsonNode object) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode group : object.path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.path("alert").isTextual() && out.size() < MAX_RULES) {
                    out.add(rule);
                }
            }
        }
        return out;
    }

    /** The figures of the goal's sentences that speak of alerting, as the thresholds and windows a rule may write them in. */
    static Figures given(String goal) {
        Set<Double> thresholds = new LinkedHashSet<>();
        Set<Long> windows = new LinkedHashSet<>();
        for (String sentence : SENTENCE.split(goal)) {
            if (!ALERTING.matcher(sentence).find()) {
                continue;
            }
            Matcher m = FIGURE.matcher(sentence);
            while (m.find()) {
                figure(m.group(1), m.group(2).replace(",", ""), m.group(3) == null ? "" : m.group(3).toLowerCase(Locale.ROOT),
                        thresholds, windows);
            }
        }
        return new Figures(Set.copyOf(thresholds), Set.copyOf(windows));
    }

    private static void figure(String comparison, String number, String unit, Set<Double> thresholds, Set<Long> windows) {
        double n = Double.parseDouble(number);
        switch (unit) {
            case "%" -> {
                thresholds.add(n);
                thresholds.add(n / 100);
            }
            case "ms" -> {
                thresholds.add(n);
                thresholds.add(n / 1000);
            }
            case "s", "sec", "secs", "second", "seconds" -> {
                thresholds.add(n);
                thresholds.add(n * 1000);
                windows.add((long) n);
            }
            case "m", "min", "mins", "minute", "minutes" -> windows.add((long) (n * 60));
            case "h", "hr", "hour", "hours" -> windows.add((long) (n * 3600));
            case "k" -> thresholds.add(n * 1000);
            default -> {
                // a bare number is a threshold only after a comparison ("lag > 100000"); others are counts, ports, ids
                if (comparison != null) {
                    thresholds.add(n);
                }
            }
        }
    }

    private static long promSeconds(String duration) {
        Matcher m = PROM_DURATION.matcher(duration.strip());
        long seconds = 0;
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            seconds += switch (m.group(2)) {
                case "ms" -> 0;
                case "s" -> n;
                case "m" -> n * 60;
                case "h" -> n * 3600;
                case "d" -> n * 86_400;
                case "w" -> n * 604_800;
                default -> n * 31_536_000;
            };
        }
        return seconds;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
    }

    private static String alertingText(String goal) {
        for (String sentence : SENTENCE.split(goal)) {
            if (ALERTING.matcher(sentence).find()) {
                return sentence.strip();
            }
        }
        return goal;
    }
}
