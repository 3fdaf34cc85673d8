package dev.ibac.judge.describe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What judges see of an action, already redacted and bounded. Deterministic: the same action
 * always yields the same description, so it can key a verdict cache.
 *
 * @param headline  "UPDATE deployments shop/checkout (apps/v1 Deployment)"
 * @param details   summary lines of the object: images, replicas, resources, labels, annotations, fields
 * @param changes   for UPDATE, the changed fields as compact JSON; "" otherwise
 * @param rationale the agent's rationale, redacted, at most 2 KiB; "" when absent
 * @param sentence  a plain-language sentence of the action for sentence-embedding models
 */
public record ActionDescription(String headline, List<String> details, String changes, String rationale, String sentence) {
    public ActionDescription {
        details = List.copyOf(details);
    }

    /** Headline, details and changes as one block of text; the rationale is kept apart. */
    public String text() {
        StringBuilder text = new StringBuilder(headline);
        details.forEach(line -> text.append('\n').append(line));
        if (!changes.isEmpty()) {
            text.append("\nchanges: ").append(changes);
        }
        return text.toString();
    }

    /** Lowercase hex SHA-256 of everything a judge sees of the action itself. */
    public String contentHash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(text().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(rationale.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
