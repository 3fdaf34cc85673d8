package dev.ibac.webhook.auditor;

import java.util.List;

/**
 * The missions as they are now, for the overview: the auditor package reads only the audit log, so
 * whoever holds the missions and the budget ledger (the wiring) answers this.
 */
public interface MissionSummaries {
    MissionSummaries NONE = List::of;

    List<MissionSummary> missions();

    /** One mission: {@code key} is "namespace/name", {@code goal} the first line of its goal. */
    record MissionSummary(String key, String goal, String phase, String mode, List<Limit> limits) {
        public MissionSummary {
            limits = List.copyOf(limits);
        }
    }

    /**
     * Spend against one limit: {@code spent} and {@code limit} as shown ("320 tokens", "$1.25"),
     * {@code fraction} spent of the limit (0..1, more when a judge call went past it), {@code window}
     * says which period it is counted over ("lifetime", "24h window since 00:00 UTC").
     */
    record Limit(String name, String spent, String limit, double fraction, String window) {}
}
