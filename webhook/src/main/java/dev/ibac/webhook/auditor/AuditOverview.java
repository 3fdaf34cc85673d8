package dev.ibac.webhook.auditor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One copy of the incremental aggregates, taken for one page view: counts over every kept entry,
 * hourly series over the last {@link #HOURS} hours (oldest first, the last bucket is the hour now
 * running), per-mission activity and the most frequent denial reasons per stage.
 */
record AuditOverview(
        ChainState chain,
        long entries,
        long allowed,
        long denied,
        long notEnforced,
        LastVerdict last,
        Instant currentHour,
        long[] allowedByHour,
        long[] deniedByHour,
        BigDecimal[] spendByHour,
        Map<String, MissionActivity> missions,
        Map<String, List<ReasonCount>> topReasons) {

    static final int HOURS = 7 * 24;

    /** The newest entry read: when, which, and what was decided. */
    record LastVerdict(String time, String auditId, String decision, boolean enforced, String mission, String stage) {}

    /** A mission's verdicts over every kept entry and its spend per hour (same buckets as the overview's). */
    record MissionActivity(long allowed, long denied, BigDecimal[] spendByHour) {}

    /** A denial reason with the quoted names taken out, so that the same rule counts once. */
    record ReasonCount(String reason, long count) {}

    /** Sum of the last {@code n} hourly buckets. */
    static long lastHours(long[] byHour, int n) {
        long sum = 0;
        for (int i = Math.max(0, byHour.length - n); i < byHour.length; i++) {
            sum += byHour[i];
        }
        return sum;
    }
}
