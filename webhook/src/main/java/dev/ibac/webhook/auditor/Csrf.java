package dev.ibac.webhook.auditor;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The approve/reject forms' CSRF token: HMAC-SHA256 keyed by the auditor's own bearer token. Another
 * site can make a browser send the cookie (SameSite=Strict already stops that in current browsers)
 * but cannot know the token, so it cannot write the form field. Stateless: every replica derives
 * the same value, so a form rendered by one replica is accepted by another; the token itself never
 * appears in the page.
 */
final class Csrf {
    private static final String PURPOSE = "ibac-audit-approval-form";

    private Csrf() {}

    static String token(String bearerToken) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(bearerToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(PURPOSE.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }

    /** Constant-time: a mismatch takes as long wherever it is. */
    static boolean valid(String bearerToken, String submitted) {
        return submitted != null && MessageDigest.isEqual(token(bearerToken).getBytes(StandardCharsets.UTF_8),
                submitted.getBytes(StandardCharsets.UTF_8));
    }
}
