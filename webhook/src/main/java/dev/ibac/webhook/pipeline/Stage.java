package dev.ibac.webhook.pipeline;

import java.util.Locale;

/** The stages of the decision path (SPEC §5), in order; the audit entry's {@code stage}. */
public enum Stage {
    IDENTITY, MISSION, PROTECT, SCOPE, RATE, BUDGET, JUDGE, APPROVAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
