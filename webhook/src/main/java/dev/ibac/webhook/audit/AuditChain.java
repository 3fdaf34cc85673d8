package dev.ibac.webhook.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The hash chain rule of SPEC §8, shared by the writer and the verifier. */
public final class AuditChain {
    public static final String GENESIS = "0".repeat(64);
    private static final byte[] OPEN = {'{'};
    private static final byte[] CLOSE = {'}'};
    private static final byte[] COMMA = {','};
    private static final byte[] NEWLINE = {'\n'};

    private AuditChain() {}

    /** hash = hex(SHA-256(prevHash ‖ canonical JSON of the entry without "hash")). */
    public static String hash(ObjectNode entry) {
        return sha256Hex(entry.path("prevHash").asText("") + CanonicalJson.writeWithGap(entry, "hash").json());
    }

    /**
     * An entry ready to be linked: its canonical JSON without {@code hash} and {@code prevHash}, in
     * UTF-8, cut where the two go. Made on the thread that appends the entry, so that the one writer
     * thread, which must link the entries in order, only hashes and copies bytes (issue #19: the
     * canonical JSON was the writer's work for every entry, serial behind every request's answer).
     */
    record Unlinked(byte[] beforeHash, byte[] beforePrevHash, byte[] afterPrevHash) {
        static Unlinked of(ObjectNode entry) {
            CanonicalJson.Cut cut = CanonicalJson.cut(entry, "hash", "prevHash");
            return new Unlinked(cut.before(), cut.between(), cut.after());
        }
    }

    /** A linked entry: its hash, and its line as written (canonical JSON with prevHash and hash, then a newline). */
    record Linked(String hash, byte[] line) {}

    /**
     * Links {@code entry} after {@code prevHash}: the same hash and line as {@link #hash(ObjectNode)}
     * and the canonical JSON give for the entry with its {@code prevHash} and {@code hash} set.
     */
    static Linked link(Unlinked entry, String prevHash) {
        byte[] prevHashMember = member("prevHash", prevHash);
        MessageDigest sha = sha256();
        sha.update(utf8(prevHash));
        sha.update(OPEN);
        sha.update(entry.beforeHash());
        sha.update(entry.beforePrevHash());
        sha.update(prevHashMember);
        sha.update(entry.afterPrevHash());
        sha.update(CLOSE);
        String hash = HexFormat.of().formatHex(sha.digest());
        return new Linked(hash, concat(OPEN, entry.beforeHash(), member("hash", hash), COMMA, entry.beforePrevHash(),
                prevHashMember, entry.afterPrevHash(), CLOSE, NEWLINE));
    }

    private static byte[] member(String key, String value) {
        StringBuilder out = new StringBuilder(key.length() + value.length() + 5);
        CanonicalJson.writeString(key, out);
        CanonicalJson.writeString(value, out.append(':'));
        return utf8(out.toString());
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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
        return HexFormat.of().formatHex(sha256().digest(utf8(text)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
