package dev.ibac.judge.cache;

import dev.ibac.action.Action;
import dev.ibac.crd.Mission;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The verdict cache's notion of "the same question" ({@link VerdictKey}: mission generation plus
 * normalised action, never the request uid) as a stable hex string, so an approval (SPEC §5a) is
 * asked once per question and an agent's identical retry finds it.
 */
public final class ActionFingerprint {
    private ActionFingerprint() {}

    /** Lowercase hex SHA-256 of the verdict key of {@code action} under {@code mission}. */
    public static String of(Mission mission, Action action) {
        VerdictKey key = VerdictKey.of(mission, action);
        String text = String.join("\n", key.mission(), Long.toString(key.generation()), key.operation(), key.group(),
                key.resource(), key.subresource(), key.kind(), key.namespace(), key.name(), key.username(),
                String.join(",", key.groups()), key.contentHash());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
