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
        ObjectNode withoutHash = entry.deepCopy();
        withoutHash.remove("hash");
        String prevHash = withoutHash.path("prevHash").asText("");
        return sha256Hex(prevHash + CanonicalJson.write(withoutHash));
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
