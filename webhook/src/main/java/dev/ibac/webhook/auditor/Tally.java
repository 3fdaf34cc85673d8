package dev.ibac.webhook.auditor;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The overview's counters, added to one entry at a time. Bounded whatever the log holds: hourly
 * buckets only for the last {@link AuditOverview#HOURS} hours, at most {@link #MAX_MISSIONS}
 * missions (entries name missions, which agents cannot invent, but a log can be edited), and at most
 * {@link #MAX_REASONS} distinct reasons per stage — a reason names agent-chosen objects, so its
 * quoted parts are taken out first, and a reason past the cap counts as "other reasons".
 */
final class Tally {
    static final int MAX_MISSIONS = 1_000;
    static final int MAX_REASONS = 100;
    static final int TOP_REASONS = 5;
    static final String OTHER_REASONS = "(other reasons)";
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"");
    private static final int REASON_CHARS = 200;

    private long entries;
    private long allowed;
    private long denied;
    private long notEnforced;
    private AuditOverview.LastVerdict last;
    private final Hours overall = new Hours();
    private final Map<String, MissionTally> missions = new HashMap<>();
    private final Map<String, Map<String, Long>> reasons = new LinkedHashMap<>();

    /** Verdict counts and spend per epoch hour, pruned to the window. */
    private static final class Hours {
        final TreeMap<Long, long[]> verdicts = new TreeMap<>();
        final TreeMap<Long, BigDecimal> spend = new TreeMap<>();

        void add(long hour, boolean allow, BigDecimal usd) {
            verdicts.computeIfAbsent(hour, h -> new long[2])[allow ? 0 : 1]++;
            if (usd.signum() != 0) {
                spend.merge(hour, usd, BigDecimal::add);
            }
        }

        void prune(long oldestHour) {
            verdicts.headMap(oldestHour).clear();
            spend.headMap(oldestHour).clear();
        }
    }

    private static final class MissionTally {
        long allowed;
        long denied;
        final Hours hours = new Hours();
    }

    /** Adds one entry; {@code nowHour} (epoch hours) bounds the series to the window. */
    void add(JsonNode entry, long nowHour) {
        entries++;
        boolean allow = "allow".equals(entry.path("decision").asText());
        boolean enforced = entry.path("enforced").asBoolean(true);
        if (allow) {
            allowed++;
        } else {
            denied++;
            notEnforced += enforced ? 0 : 1;
            reason(entry.path("stage").asText("?"), entry.path("reason").asText(""));
        }
        last = new AuditOverview.LastVerdict(entry.path("time").asText(), entry.path("auditId").asText(),
                allow ? "allow" : "deny", enforced, entry.path("mission").asText(null), entry.path("stage").asText());
        Long hour = hour(entry);
        BigDecimal usd = spend(entry);
        boolean inWindow = hour != null && hour > nowHour - AuditOverview.HOURS && hour <= nowHour;
        if (inWindow) {
            overall.add(hour, allow, usd);
        }
        MissionTally mission = mission(entry.path("mission").asText(null));
        if (mission != null) {
            mission.allowed += allow ? 1 : 0;
            mission.denied += allow ? 0 : 1;
            if (inWindow) {
                mission.hours.add(hour, allow, usd);
            }
        }
    }

    private MissionTally mission(String key) {
        if (key == null || (!missions.containsKey(key) && missions.size() >= MAX_MISSIONS)) {
            return null;
        }
        return missions.computeIfAbsent(key, k -> new MissionTally());
    }

    private void reason(String stage, String reason) {
        String key = QUOTED.matcher(reason).replaceAll("\"…\"");
        key = key.length() > REASON_CHARS ? key.substring(0, REASON_CHARS) + "…" : key;
        Map<String, Long> byReason = reasons.computeIfAbsent(stage, s -> new HashMap<>());
        if (!byReason.containsKey(key) && byReason.size() >= MAX_REASONS) {
            key = OTHER_REASONS;
        }
        byReason.merge(key, 1L, Long::sum);
    }

    private static Long hour(JsonNode entry) {
        try {
            return Math.floorDiv(Instant.parse(entry.path("time").asText()).getEpochSecond(), 3600L);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** What the action cost: tokens and resources (money is a decimal string; anything else counts as nothing). */
    private static BigDecimal spend(JsonNode entry) {
        return money(entry.at("/cost/tokensUSD")).add(money(entry.at("/cost/resourceUSD")));
    }

    private static BigDecimal money(JsonNode node) {
        try {
            return node.isTextual() ? new BigDecimal(node.asText()) : BigDecimal.ZERO;
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

    void prune(long nowHour) {
        overall.prune(nowHour - AuditOverview.HOURS + 1);
        missions.values().forEach(m -> m.hours.prune(nowHour - AuditOverview.HOURS + 1));
    }

    /** A copy for one page view: the series end with the hour {@code nowHour}. */
    AuditOverview snapshot(ChainState chain, long nowHour) {
        prune(nowHour);
        Map<String, AuditOverview.MissionActivity> activity = new HashMap<>();
        missions.forEach((key, m) -> activity.put(key, new AuditOverview.MissionActivity(m.allowed, m.denied,
                spendSeries(m.hours, nowHour))));
        Map<String, List<AuditOverview.ReasonCount>> top = new LinkedHashMap<>();
        reasons.forEach((stage, byReason) -> top.put(stage, top(byReason)));
        return new AuditOverview(chain, entries, allowed, denied, notEnforced, last, Instant.ofEpochSecond(nowHour * 3600),
                verdictSeries(overall, nowHour, 0), verdictSeries(overall, nowHour, 1), spendSeries(overall, nowHour),
                Map.copyOf(activity), top);
    }

    private static long[] verdictSeries(Hours hours, long nowHour, int which) {
        long[] series = new long[AuditOverview.HOURS];
        hours.verdicts.subMap(nowHour - AuditOverview.HOURS, false, nowHour, true)
                .forEach((hour, counts) -> series[index(hour, nowHour)] = counts[which]);
        return series;
    }

    private static BigDecimal[] spendSeries(Hours hours, long nowHour) {
        BigDecimal[] series = new BigDecimal[AuditOverview.HOURS];
        Arrays.fill(series, BigDecimal.ZERO);
        hours.spend.subMap(nowHour - AuditOverview.HOURS, false, nowHour, true).forEach((hour, usd) -> series[index(hour, nowHour)] = usd);
        return series;
    }

    private static int index(long hour, long nowHour) {
        return (int) (AuditOverview.HOURS - 1 - (nowHour - hour));
    }

    private static List<AuditOverview.ReasonCount> top(Map<String, Long> byReason) {
        List<AuditOverview.ReasonCount> all = new ArrayList<>();
        byReason.forEach((reason, count) -> all.add(new AuditOverview.ReasonCount(reason, count)));
        all.sort(Comparator.comparingLong(AuditOverview.ReasonCount::count).reversed().thenComparing(AuditOverview.ReasonCount::reason));
        return List.copyOf(all.subList(0, Math.min(TOP_REASONS, all.size())));
    }
}
