package dev.ibac.webhook.auditor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.webhook.audit.AuditChain;

/**
 * The hash chain checked one entry at a time, in the order entries were written, so the overview
 * knows whether the chain holds without reading the log again. Same rule as {@code audit verify}
 * ({@link AuditChain#hash}); the oldest kept file is trusted to start where its first entry says,
 * since older files may have been rotated away. After the first break it stops checking: the
 * banner names the first place the chain does not hold, as {@code audit verify} does.
 */
final class ChainCheck {
    private long verified;
    private String startHash;
    private String lastHash;
    private ChainState.Broken broken;

    /** Checks the next line of the chain; {@code entry} is null when the line is not a JSON object. */
    void next(ObjectNode entry, String file, long line) {
        if (broken != null) {
            return;
        }
        String problem = problem(entry);
        if (problem != null) {
            broken = new ChainState.Broken(verified, lastHash, file, line, problem);
            return;
        }
        if (startHash == null) {
            startHash = entry.get("prevHash").asText();
        }
        lastHash = entry.get("hash").asText();
        verified++;
    }

    private String problem(ObjectNode entry) {
        if (entry == null) {
            return "not a JSON object";
        }
        if (!entry.path("hash").isTextual() || !entry.path("prevHash").isTextual()) {
            return "missing hash or prevHash";
        }
        if (lastHash != null && !lastHash.equals(entry.get("prevHash").asText())) {
            return "prevHash does not match the previous entry's hash (an entry was removed, reordered or inserted)";
        }
        try {
            return AuditChain.hash(entry).equals(entry.get("hash").asText()) ? null
                    : "hash does not match the entry's content (the entry was altered)";
        } catch (IllegalArgumentException notCanonical) {
            return notCanonical.getMessage();
        }
    }

    ChainState state() {
        if (broken != null) {
            return broken;
        }
        return verified == 0 ? new ChainState.Empty() : new ChainState.Intact(verified, startHash, lastHash);
    }
}
