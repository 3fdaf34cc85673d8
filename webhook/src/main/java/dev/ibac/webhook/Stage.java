package dev.ibac.webhook;

/** The stages of the decision path (SPEC §5), in order; the audit entry's {@code stage}. */
enum Stage {
    IDENTITY, MISSION, PROTECT, SCOPE, RATE, BUDGET, JUDGE;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
