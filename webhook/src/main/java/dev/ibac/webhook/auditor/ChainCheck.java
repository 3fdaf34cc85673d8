package dev.ibac.webhook.auditor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.webhook.audit.AuditChain;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain checked one entry at a time, in the order entries were written, so the overview
 * knows whether the chain holds without reading the log again. Same rule as {@code audit verify}
 * ({@link AuditChain#hash}); the oldest kept file is trusted to start where its first entry says,
 * since older files may have been rotated away. After the first break it stops checking: the
 * banner names the first place the chain does not hold, as {@code audit verify} does.
 */
final class ChainCheck {
    private final MessageDigest digest = sha256();
    private long verified;
    private String startHash;
    private String lastHash;
    private ChainState.Broken broken;

    /** Checks the next line of the chain; {@code entry} is null when the line is not a JSON object. */
    void next(String text, ObjectNode entry, String file, long line) {
        if (broken != null) {
            return;
        }
        String problem = problem(text, entry);
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

    private String problem(String text, ObjectNode entry) {
        String link = AuditChain.linkProblem(entry, lastHash);
        if (link != null) {
            return link;
        }
        return canonicalLineHashes(text, entry.get("prevHash").asText(), entry.get("hash").asText()) ? null : AuditChain.hashProblem(entry);
    }

    /**
     * The fast path: IBAC writes each line as the canonical JSON of the entry, so the line without
     * its {@code "hash"} member is exactly what was hashed — no re-serialising (which made the first
     * read of a 100 MiB set several times slower). A line that is not canonical (rewritten by a tool)
     * fails here and is checked the slow way, by the rule itself. Accepting a line whose text hashes
     * to its hash is no weaker than the rule: changing the text changes the hash and breaks the next
     * entry's prevHash; a line that parses to something its text does not say (duplicate keys) is
     * refused before it gets here.
     */
    private boolean canonicalLineHashes(String text, String prevHash, String hash) {
        String member = "\"hash\":\"" + hash + "\"";
        int at = text.indexOf(member);
        if (at < 1) {
            return false;
        }
        String without = text.charAt(at - 1) == ',' ? text.substring(0, at - 1) + text.substring(at + member.length())
                : text.charAt(at + member.length()) == ',' ? text.substring(0, at) + text.substring(at + member.length() + 1)
                : text.substring(0, at) + text.substring(at + member.length());
        digest.reset();
        return HexFormat.of().formatHex(digest.digest((prevHash + without).getBytes(StandardCharsets.UTF_8))).equals(hash);
    }

    ChainState state() {
        if (broken != null) {
            return broken;
        }
        return verified == 0 ? new ChainState.Empty() : new ChainState.Intact(verified, startHash, lastHash);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
