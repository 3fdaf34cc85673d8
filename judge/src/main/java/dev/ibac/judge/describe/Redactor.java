package dev.ibac.judge.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.action.ResourceId;

/**
 * Removes credentials from Kubernetes objects and free text before anything reaches a judge,
 * a prompt, a log, an audit entry or a message. Two entry points, for any module:
 * <ul>
 *   <li>{@link #redactText(String)}: any outgoing string. Normalises it (see
 *       {@link UntrustedText#normalise}) and replaces every credential-looking part: PEM blocks,
 *       JWTs, known key prefixes, long random strings; values after credential names
 *       ({@code DB_PW=…}, {@code "auth": "…"}, {@code Authorization: Bearer …}); credential
 *       flags ({@code -pSECRET}, {@code -p x}, {@code --password x}, {@code -u user:pw},
 *       {@code -H 'Authorization: …'}); connection strings ({@code postgres://u:pw@h},
 *       {@code redis://:pw@h}, JDBC {@code password=}); {@code user:password} pairs;
 *       {@code .pgpass} and {@code .netrc} lines.</li>
 *   <li>{@link #redact(JsonNode, ResourceId)}: a redacted copy of a Kubernetes object, or of any
 *       JSON holding objects (a list, an AdmissionReview). Every value of a Secret (recognised by
 *       the request's resource {@code secrets} in the core group, or by {@code kind}) and of a
 *       ConfigMap annotated {@code ibac.io/sensitive: "true"}; elsewhere every string stored under
 *       a credential-like name (env var, ConfigMap key, field, annotation, {@code name}/{@code key}
 *       + {@code value} pairs, the argument after a credential flag), every whole value shaped
 *       {@code user:password}, and every string through {@link #redactText}. Annotations that embed
 *       a whole object copy ({@code last-applied-configuration}) and {@code managedFields} are
 *       dropped.</li>
 * </ul>
 * Thread-safe.
 */
public final class Redactor {
    /** What a removed value reads as. */
    public static final String REDACTED = "<redacted>";
    /** A ConfigMap annotated with this set to "true" has all its values redacted. */
    public static final String SENSITIVE_ANNOTATION = "ibac.io/sensitive";

    /** Longer strings are shown up to here: more than any summary shows, little enough to scan quickly. */
    public static final int MAX_TEXT_CHARS = 65_536;

    private final CredentialDetector detector = new CredentialDetector();
    private final RedactedCopy copy = new RedactedCopy(this, detector);

    /** A redacted deep copy of a Kubernetes object or JSON document; null and non-objects come back as they are. */
    public JsonNode redact(JsonNode object) {
        return redact(object, null);
    }

    /**
     * A redacted deep copy of the object of a request for {@code resource} (null when unknown): a
     * Secret is recognised by its resource even when the object names no {@code kind}.
     */
    public JsonNode redact(JsonNode object, ResourceId resource) {
        return object instanceof ObjectNode o ? copy.of(o, resource) : object;
    }

    /**
     * Any text (a rationale, a command, a message, a reason) with credential-looking parts replaced.
     * Patterns look at the normalised text too, so fullwidth letters or zero-width characters
     * cannot hide a secret from them; text without credentials comes back unchanged.
     */
    public String redactText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        if (text.length() > MAX_TEXT_CHARS) {
            return redactText(cut(text)) + " … (" + (text.length() - cut(text).length()) + " more characters not shown)";
        }
        if (PatternPrefilter.nothingToFind(text)) {
            return text; // printable ASCII is its own normal form, and no pattern can match it (issue #19)
        }
        String normalised = UntrustedText.normalise(text);
        String redacted = detector.redactSecrets(normalised, REDACTED);
        // a secret spelt in look-alikes is found in the normalised text; the text as written is scanned
        // too only when it differs, since redacting the normalised text changes what the agent wrote
        return redacted.equals(normalised) && !normalised.equals(text) ? detector.redactSecrets(text, REDACTED) : redacted;
    }

    /**
     * Text beyond {@link #MAX_TEXT_CHARS} is dropped before redaction, at the last whitespace so no
     * token is cut in half (half a secret would no longer match its pattern); one giant token is
     * dropped whole. Bounds the work per string whatever an object holds.
     */
    private static String cut(String text) {
        int at = Math.max(text.lastIndexOf(' ', MAX_TEXT_CHARS), text.lastIndexOf('\n', MAX_TEXT_CHARS));
        return at <= 0 ? "" : text.substring(0, at);
    }

    /** True when a value stored under {@code name} must not be shown. */
    public boolean isSecretName(String name) {
        return detector.isSecretName(name);
    }
}
