package dev.ibac.webhook.pipeline;

/** The text agents read: {@code ibac: denied (scope): … [audit 7f3c…]} (SPEC §5). */
public final class DenialMessages {
    private static final int AUDIT_ID_SHOWN = 8;

    private DenialMessages() {}

    public static String denial(Decision decision) {
        return "ibac: denied (" + decision.stage().label() + "): " + decision.reason() + " " + auditRef(decision);
    }

    /** What a Warn mission returns as an AdmissionReview warning instead of denying. */
    public static String warning(Decision decision) {
        return "ibac: would deny (" + decision.stage().label() + "): " + decision.reason() + " " + auditRef(decision);
    }

    private static String auditRef(Decision decision) {
        String uid = decision.action().uid();
        return "[audit " + (uid.length() > AUDIT_ID_SHOWN ? uid.substring(0, AUDIT_ID_SHOWN) + "…" : uid) + "]";
    }
}
