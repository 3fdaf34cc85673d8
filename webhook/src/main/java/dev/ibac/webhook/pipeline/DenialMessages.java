package dev.ibac.webhook.pipeline;

/** The text agents read: {@code ibac: denied (scope): … [audit 7f3c2a91b0d4…]} (SPEC §5). */
public final class DenialMessages {
    /** 12 characters: 8 let two uids with one prefix (generated names, retries) look the same. */
    private static final int AUDIT_ID_SHOWN = 12;

    private DenialMessages() {}

    public static String denial(Decision decision) {
        if (decision.approval() != null && decision.approval().pending()) {
            // agents parse "approval <id> is pending": the judge doubted, a human decides
            return "ibac: approval needed (judge): " + decision.reason() + " " + auditRef(decision);
        }
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
