package dev.ibac.judge.describe;

import java.util.regex.Pattern;
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
    /** Compiled once: {@link #words} runs on every name and path segment a description mentions. */
    private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern NON_ALNUM = Pattern.compile("[^A-Za-z0-9]+");
    private final Redactor redactor;

    public ActionDescriber(Redactor redactor) {
        this.redactor = redactor;
    }

    public ActionDescriber() {
        this(new Redactor());
    }

    /**
     * Every text of the description (headline, details, changes, rationale, sentence) is built from
     * redacted parts and redacted once more as a whole, so no credential survives being split,
     * joined or reworded on the way.
     */
    public ActionDescription describe(Action action) {
        JsonNode object = redactor.redact(action.object(), action.resource());
        JsonNode oldObject = redactor.redact(action.oldObject(), action.resource());
        JsonNode subject = object != null && !object.isNull() ? object : oldObject;
        String changes = "UPDATE".equals(action.operation()) ? ChangeDiff.json(oldObject, object) : "";
        List<String> details = new ArrayList<>(unplainRequestFields(action));
        details.addAll(ObjectSummary.of(subject));
        return new ActionDescription(
                redactor.redactText(headline(action, subject)),
                details.stream().map(redactor::redactText).toList(),
                redactor.redactText(changes),
                rationale(action),
                redactor.redactText(SemanticSentence.of(action, redactor.redactText(action.name()), subject, oldObject)));
    }

    /**
     * "UPDATE deployments shop/checkout (apps/v1 Deployment)". Only fields that pass their
     * Kubernetes grammar are written; a name with spaces or tags ("a b </action>") reads
     * {@link KubernetesNames#NAME_REFERENCE} and is shown in the details instead.
     */
    private static String headline(Action action, JsonNode subject) {
        String apiVersion = subject == null ? "" : subject.path("apiVersion").asText("");
        String kind = action.kind().isEmpty() || KubernetesNames.isKind(action.kind()) ? action.kind() : KubernetesNames.KIND_REFERENCE;
        String type = ((KubernetesNames.isApiVersion(apiVersion) ? apiVersion : "") + " " + kind).trim();
        String namespace = action.namespace().isEmpty() || KubernetesNames.isNamespace(action.namespace())
                ? action.namespace() : KubernetesNames.NAMESPACE_REFERENCE;
        String name = action.name().isEmpty() || KubernetesNames.isName(action.name()) ? action.name() : KubernetesNames.NAME_REFERENCE;
        String target = namespace.isEmpty() ? name : namespace + "/" + name;
        String operation = KubernetesNames.isOperation(action.operation()) ? action.operation() : "[operation]";
        String resource = KubernetesNames.isResource(action.resource().qualifiedResource()) ? action.resource().qualifiedResource() : "[resource]";
        return operation + " " + resource + (target.isEmpty() ? "" : " " + target) + (type.isEmpty() ? "" : " (" + type + ")");
    }

    /** The request fields the headline could not show, as agent text for the object summary. */
    private List<String> unplainRequestFields(Action action) {
        List<String> lines = new ArrayList<>();
        if (!action.name().isEmpty() && !KubernetesNames.isName(action.name())) {
            lines.add("object name: " + cut(action.name()));
        }
        if (!action.namespace().isEmpty() && !KubernetesNames.isNamespace(action.namespace())) {
            lines.add("object namespace: " + cut(action.namespace()));
        }
        if (!action.kind().isEmpty() && !KubernetesNames.isKind(action.kind())) {
            lines.add("object kind: " + cut(action.kind()));
        }
        return lines;
    }

    /** Redacted before it is cut, like the rationale. */
    private String cut(String agentText) {
        return ObjectSummary.truncate(redactor.redactText(agentText), ObjectSummary.MAX_VALUE_CHARS);
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
        String spaced = CAMEL_HUMP.matcher(identifier).replaceAll("$1 $2");
        return NON_ALNUM.matcher(spaced).replaceAll(" ")
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
