package dev.ibac.webhook.auditor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * What the replicas tell each other for one view of every audit log (issue #17): a replica's
 * overview aggregates and a located verdict as JSON, read back, and the overviews merged. The
 * serving replica asks its peers with {@code X-IBAC-Audit-Local}, so each answers from its own log.
 */
final class PeerViews {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PeerViews() {}

    /** One replica's chain on the overview: its state, or why it did not answer ({@code chain} null then). */
    record ReplicaChain(String replica, ChainState chain, String problem) {}

    static ObjectNode overviewJson(AuditOverview o) {
        ObjectNode json = MAPPER.createObjectNode();
        json.set("chain", chainJson(o.chain()));
        json.put("entries", o.entries()).put("allowed", o.allowed()).put("denied", o.denied()).put("notEnforced", o.notEnforced());
        if (o.last() != null) {
            AuditOverview.LastVerdict l = o.last();
            json.putObject("last").put("time", l.time()).put("auditId", l.auditId()).put("decision", l.decision())
                    .put("enforced", l.enforced()).put("mission", l.mission()).put("stage", l.stage());
        }
        json.put("currentHour", o.currentHour().toString());
        json.set("allowedByHour", longs(o.allowedByHour()));
        json.set("deniedByHour", longs(o.deniedByHour()));
        json.set("spendByHour", money(o.spendByHour()));
        ObjectNode missions = json.putObject("missions");
        o.missions().forEach((key, m) -> missions.putObject(key).put("allowed", m.allowed()).put("denied", m.denied())
                .set("spendByHour", money(m.spendByHour())));
        ObjectNode reasons = json.putObject("topReasons");
        o.topReasons().forEach((stage, list) -> {
            ArrayNode array = reasons.putArray(stage);
            list.forEach(r -> array.addObject().put("reason", r.reason()).put("count", r.count()));
        });
        return json;
    }

    /** Reads a peer's overview; IllegalArgumentException when it is not one. */
    static AuditOverview overview(JsonNode json) {
        if (json == null || !json.isObject() || !json.path("currentHour").isTextual()) {
            throw new IllegalArgumentException("answered something that is not an audit overview");
        }
        Instant hour;
        try {
            hour = Instant.parse(json.path("currentHour").asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("answered an overview without a valid currentHour");
        }
        JsonNode l = json.path("last");
        AuditOverview.LastVerdict last = l.isObject() ? new AuditOverview.LastVerdict(l.path("time").asText(), l.path("auditId").asText(),
                l.path("decision").asText(), l.path("enforced").asBoolean(true), l.path("mission").asText(null), l.path("stage").asText())
                : null;
        Map<String, AuditOverview.MissionActivity> missions = new HashMap<>();
        json.path("missions").fields().forEachRemaining(m -> missions.put(m.getKey(), new AuditOverview.MissionActivity(
                m.getValue().path("allowed").asLong(), m.getValue().path("denied").asLong(), money(m.getValue().path("spendByHour")))));
        Map<String, List<AuditOverview.ReasonCount>> reasons = new LinkedHashMap<>();
        json.path("topReasons").fields().forEachRemaining(stage -> {
            List<AuditOverview.ReasonCount> list = new ArrayList<>();
            stage.getValue().forEach(r -> list.add(new AuditOverview.ReasonCount(r.path("reason").asText(), r.path("count").asLong())));
            reasons.put(stage.getKey(), list);
        });
        return new AuditOverview(chain(json.path("chain")), json.path("entries").asLong(), json.path("allowed").asLong(),
                json.path("denied").asLong(), json.path("notEnforced").asLong(), last, hour, longs(json.path("allowedByHour")),
                longs(json.path("deniedByHour")), money(json.path("spendByHour")), missions, reasons);
    }

    /**
     * Every replica's overview as one: counts summed, hourly series summed hour by hour (each aligned
     * on its own current hour, so a peer whose clock is an hour ahead still lands its verdicts in the
     * right bucket), missions summed, the last verdict the newest of all, and each stage's top reasons
     * summed from every replica's top ones. The chain stays {@code local}'s: chains are per replica
     * and shown one by one ({@link ReplicaChain}).
     */
    static AuditOverview merge(AuditOverview local, List<AuditOverview> others) {
        long entries = local.entries();
        long allowed = local.allowed();
        long denied = local.denied();
        long notEnforced = local.notEnforced();
        AuditOverview.LastVerdict last = local.last();
        long[] allowedByHour = local.allowedByHour().clone();
        long[] deniedByHour = local.deniedByHour().clone();
        BigDecimal[] spendByHour = local.spendByHour().clone();
        Map<String, AuditOverview.MissionActivity> missions = new HashMap<>(local.missions());
        Map<String, Map<String, Long>> reasons = new LinkedHashMap<>();
        addReasons(reasons, local.topReasons());
        for (AuditOverview o : others) {
            entries += o.entries();
            allowed += o.allowed();
            denied += o.denied();
            notEnforced += o.notEnforced();
            last = newer(last, o.last());
            int shift = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                    (o.currentHour().getEpochSecond() - local.currentHour().getEpochSecond()) / 3600));
            add(allowedByHour, o.allowedByHour(), shift);
            add(deniedByHour, o.deniedByHour(), shift);
            add(spendByHour, o.spendByHour(), shift);
            o.missions().forEach((key, m) -> missions.merge(key, shifted(m, shift), (a, b) -> {
                BigDecimal[] spend = a.spendByHour().clone();
                add(spend, b.spendByHour(), 0);
                return new AuditOverview.MissionActivity(a.allowed() + b.allowed(), a.denied() + b.denied(), spend);
            }));
            addReasons(reasons, o.topReasons());
        }
        Map<String, List<AuditOverview.ReasonCount>> top = new LinkedHashMap<>();
        reasons.forEach((stage, byReason) -> {
            List<AuditOverview.ReasonCount> all = new ArrayList<>();
            byReason.forEach((reason, count) -> all.add(new AuditOverview.ReasonCount(reason, count)));
            all.sort(Comparator.comparingLong(AuditOverview.ReasonCount::count).reversed().thenComparing(AuditOverview.ReasonCount::reason));
            top.put(stage, List.copyOf(all.subList(0, Math.min(Tally.TOP_REASONS, all.size()))));
        });
        return new AuditOverview(local.chain(), entries, allowed, denied, notEnforced, last, local.currentHour(), allowedByHour,
                deniedByHour, spendByHour, Map.copyOf(missions), top);
    }

    /** A located verdict for the serving replica's verdict page: the entry and its chain neighbours on this replica. */
    static ObjectNode locatedJson(AuditLogReader.Located located) {
        ObjectNode json = MAPPER.createObjectNode();
        json.set("entry", located.entry());
        json.set("older", located.older());
        json.set("newer", located.newer());
        return json;
    }

    static AuditLogReader.Located located(JsonNode json) {
        if (json == null || !json.path("entry").isObject()) {
            throw new IllegalArgumentException("answered something that is not an audit entry");
        }
        return new AuditLogReader.Located(json.get("entry"), object(json.get("older")), object(json.get("newer")));
    }

    private static JsonNode object(JsonNode node) {
        return node != null && node.isObject() ? node : null;
    }

    private static ObjectNode chainJson(ChainState chain) {
        ObjectNode json = MAPPER.createObjectNode();
        if (chain instanceof ChainState.Intact ok) {
            json.put("state", "intact").put("entries", ok.entries()).put("startHash", ok.startHash()).put("lastHash", ok.lastHash());
        } else if (chain instanceof ChainState.Broken bad) {
            json.put("state", "broken").put("entries", bad.intactEntries()).put("lastHash", bad.lastGoodHash()).put("file", bad.file())
                    .put("line", bad.line()).put("problem", bad.problem());
        } else {
            json.put("state", "empty");
        }
        return json;
    }

    private static ChainState chain(JsonNode json) {
        return switch (json.path("state").asText()) {
            case "intact" -> new ChainState.Intact(json.path("entries").asLong(), json.path("startHash").asText(),
                    json.path("lastHash").asText());
            case "broken" -> new ChainState.Broken(json.path("entries").asLong(), json.path("lastHash").asText(null),
                    json.path("file").asText(), json.path("line").asLong(), json.path("problem").asText());
            case "empty" -> new ChainState.Empty();
            default -> throw new IllegalArgumentException("answered an overview without a chain state");
        };
    }

    private static ArrayNode longs(long[] values) {
        ArrayNode array = MAPPER.createArrayNode();
        Arrays.stream(values).forEach(array::add);
        return array;
    }

    private static ArrayNode money(BigDecimal[] values) {
        ArrayNode array = MAPPER.createArrayNode();
        Arrays.stream(values).forEach(v -> array.add(v.toPlainString()));
        return array;
    }

    /** A series of {@link AuditOverview#HOURS} buckets, whatever length was sent (missing ones are 0). */
    private static long[] longs(JsonNode array) {
        long[] values = new long[AuditOverview.HOURS];
        int n = Math.min(values.length, array.size());
        for (int i = 0; i < n; i++) {
            values[values.length - n + i] = array.get(array.size() - n + i).asLong();
        }
        return values;
    }

    private static BigDecimal[] money(JsonNode array) {
        BigDecimal[] values = new BigDecimal[AuditOverview.HOURS];
        Arrays.fill(values, BigDecimal.ZERO);
        int n = Math.min(values.length, array.size());
        for (int i = 0; i < n; i++) {
            try {
                values[values.length - n + i] = new BigDecimal(array.get(array.size() - n + i).asText("0"));
            } catch (NumberFormatException e) {
                values[values.length - n + i] = BigDecimal.ZERO;
            }
        }
        return values;
    }

    /**
     * Adds {@code other}'s buckets into {@code into}; {@code shift} is how many hours other's current
     * hour is after into's (its bucket i is the hour of into's bucket i + shift). Buckets outside the window drop.
     */
    private static void add(long[] into, long[] other, int shift) {
        for (int i = 0; i < other.length; i++) {
            long target = (long) i + shift;
            if (target >= 0 && target < into.length) {
                into[(int) target] += other[i];
            }
        }
    }

    private static void add(BigDecimal[] into, BigDecimal[] other, int shift) {
        for (int i = 0; i < other.length; i++) {
            long target = (long) i + shift;
            if (target >= 0 && target < into.length) {
                into[(int) target] = into[(int) target].add(other[i]);
            }
        }
    }

    private static AuditOverview.MissionActivity shifted(AuditOverview.MissionActivity m, int shift) {
        if (shift == 0) {
            return m;
        }
        BigDecimal[] spend = new BigDecimal[AuditOverview.HOURS];
        Arrays.fill(spend, BigDecimal.ZERO);
        add(spend, m.spendByHour(), shift);
        return new AuditOverview.MissionActivity(m.allowed(), m.denied(), spend);
    }

    private static void addReasons(Map<String, Map<String, Long>> into, Map<String, List<AuditOverview.ReasonCount>> top) {
        top.forEach((stage, list) -> list.forEach(r -> into.computeIfAbsent(stage, s -> new HashMap<>()).merge(r.reason(), r.count(), Long::sum)));
    }

    private static AuditOverview.LastVerdict newer(AuditOverview.LastVerdict a, AuditOverview.LastVerdict b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return instant(b.time()).isAfter(instant(a.time())) ? b : a;
    }

    private static Instant instant(String time) {
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
