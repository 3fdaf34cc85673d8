package dev.ibac.webhook.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The hash chain rule of SPEC §8, shared by the writer and the verifier. */
public final class AuditChain {
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {}

    /** hash = hex(SHA-256(prevHash ‖ canonical JSON of the entry without "hash")). */
    public static String hash(ObjectNode entry) {
        return sha256Hex(entry.path("prevHash").asText("") + CanonicalJson.writeWithGap(entry, "hash").json());
    }

    /**
     * Links {@code entry} after {@code prevHash}: sets its {@code prevHash} and {@code hash} and
     * returns its line, the canonical JSON of the entry with its hash. One serialisation serves both
     * the hash and the line (issue #19: they were two, and a deep copy of the entry).
     */
    static String link(ObjectNode entry, String prevHash) {
        entry.put("prevHash", prevHash);
        entry.remove("hash");
        CanonicalJson.Gap withoutHash = CanonicalJson.writeWithGap(entry, "hash");
        String hash = sha256Hex(prevHash + withoutHash.json());
        entry.put("hash", hash);
        return withoutHash.with("hash", hash);
    }

    /**
     * Why {@code entry} (null: a line that is not a JSON object) does not link to the entry before
     * it, whose hash is {@code expectedPrev} (null: the first entry read, whose predecessor is not
     * known), or null. Its own hash is {@link #hashProblem}'s to check.
     */
    public static String linkProblem(ObjectNode entry, String expectedPrev) {
        if (entry == null) {
            return "not a JSON object";
        }
        if (!entry.path("hash").isTextual() || !entry.path("prevHash").isTextual()) {
            return "missing hash or prevHash";
        }
        if (expectedPrev != null && !expectedPrev.equals(entry.get("prevHash").asText())) {
            return "prevHash does not match the previous entry's hash (an entry was removed, reordered or inserted)";
        }
        return null;
    }

    /** Why a linked entry's hash is not {@link #hash}'s, or null. */
    public static String hashProblem(ObjectNode entry) {
        try {
            return hash(entry).equals(entry.get("hash").asText()) ? null : "hash does not match the entry's content (the entry was altered)";
        } catch (IllegalArgumentException notCanonical) {
            return notCanonical.getMessage();
        }
    }

    static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
