package dev.ibac.judge.describe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.action.Action;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns an {@link Action} into the {@link ActionDescription} judges see. Everything is redacted
 * first (see {@link Redactor}); nothing of the raw object leaves this class. Thread-safe.
 */
public final class ActionDescriber {
    private final Redactor redactor;

    public ActionDescriber(Redactor redactor) {
        this.redactor = redactor;
    }

    public ActionDescriber() {
        this(new Redactor());
    }

    public ActionDescription describe(Action action) {
        JsonNode object = redactor.redact(action.object());
        JsonNode oldObject = redactor.redact(action.oldObject());
        JsonNode subject = object != null && !object.isNull() ? object : oldObject;
        String changes = "UPDATE".equals(action.operation()) ? ChangeDiff.json(oldObject, object) : "";
        return new ActionDescription(
                headline(action, subject),
                ObjectSummary.of(subject),
                changes,
                rationale(action),
                SemanticSentence.of(action, subject, oldObject));
    }

    private static String headline(Action action, JsonNode subject) {
        String apiVersion = subject == null ? "" : subject.path("apiVersion").asText("");
        String type = (apiVersion + " " + action.kind()).trim();
        return action.describe() + (type.isEmpty() ? "" : " (" + type + ")");
    }

    /** Redacted before it is cut, so a cut can never expose half a secret the pattern no longer sees. */
    private String rationale(Action action) {
        String raw = action.annotation(Action.RATIONALE_ANNOTATION).orElse("").strip();
        return truncateUtf8(redactor.redactText(raw), Action.MAX_RATIONALE_BYTES);
    }

    static String truncateUtf8(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.IGNORE);
        CharBuffer out = CharBuffer.allocate(maxBytes);
        decoder.decode(ByteBuffer.wrap(bytes, 0, maxBytes), out, true);
        return out.flip().toString();
    }

    /** "ServiceMonitor" → "service monitor", "redis-cache" → "redis cache". */
    static String words(String identifier) {
        return identifier.replaceAll("([a-z0-9])([A-Z])", "$1 $2")
                .replaceAll("[^A-Za-z0-9]+", " ")
                .toLowerCase(Locale.ROOT)
                .strip();
    }

    static List<String> nonEmpty(String... parts) {
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                out.add(p);
            }
        }
        return out;
    }
}
