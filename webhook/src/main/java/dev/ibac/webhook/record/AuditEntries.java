package dev.ibac.webhook.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.action.Action;
import dev.ibac.judge.Effect;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.describe.Redactor;
import dev.ibac.webhook.pipeline.Decision;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Maps a {@link Decision} to the audit entry of SPEC §8 (integers only; money as decimal strings). */
public final class AuditEntries {
    /** SPEC §8: each of {@code request.object} and {@code request.oldObject} at most this many bytes of JSON. */
    public static final int MAX_OBJECT_BYTES = 32 * 1024;

    private final ObjectMapper mapper;
    private final Clock clock;
    private final boolean objects;
    /** A whole number of tokens; compiled once, entries are built per decision. */
    private static final Pattern TOKEN_COUNT = Pattern.compile("[0-9]{1,12}");
    private final Redactor redactor = new Redactor();
    private final String replica;

    /** Entries with {@code request{object,oldObject}}. */
    public AuditEntries(ObjectMapper mapper, Clock clock) {
        this(mapper, clock, true);
    }

    /** {@code objects}: whether entries carry {@code request{object,oldObject}} ({@code --audit-objects}). */
    public AuditEntries(ObjectMapper mapper, Clock clock, boolean objects) {
        this(mapper, clock, objects, "local");
    }

    /** {@code replica}: whose chain the entries join (the pod name in a cluster), so merged views can tell them apart. */
    public AuditEntries(ObjectMapper mapper, Clock clock, boolean objects, String replica) {
        this.mapper = mapper;
        this.clock = clock;
        this.objects = objects;
        this.replica = replica;
    }

    public ObjectNode entry(Decision decision) {
        Action action = decision.action();
        ObjectNode entry = mapper.createObjectNode();
        entry.put("time", Instant.now(clock).toString());
        entry.put("auditId", action.uid());
        entry.put("replica", replica);
        ObjectNode agent = entry.putObject("agent").put("username", action.requester().username());
        action.requester().groups().forEach(agent.putArray("groups")::add);
        if (!agent.has("groups")) {
            agent.putArray("groups");
        }
        entry.put("mission", decision.mission() == null ? null : decision.mission().key());
        entry.put("operation", action.operation());
        entry.putObject("resource")
                .put("group", action.resource().group())
                .put("version", action.resource().version())
                .put("resource", action.resource().resource())
                .put("subresource", action.resource().subresource());
        entry.put("kind", action.kind());
        entry.put("namespace", action.namespace());
        entry.put("name", action.name());
        entry.put("dryRun", action.dryRun());
        entry.put("decision", decision.allowed() ? "allow" : "deny");
        entry.put("enforced", decision.enforced());
        entry.put("mode", decision.mode() == null ? null : decision.mode().name());
        entry.put("stage", decision.stage().label());
        entry.put("reason", decision.reason());
        judge(entry, decision.verdict());
        effects(entry, decision.effects());
        approval(entry, decision.approval());
        cost(entry, decision.cost());
        budget(entry, decision.budget());
        if (objects) {
            request(entry, action);
        }
        entry.put("latencyMicros", decision.latencyMicros());
        return entry;
    }

    /**
     * SPEC §8 {@code request{object,oldObject}}, so that {@code replay} can decide the action again:
     * redacted exactly as the LLM judge is shown them (the log is read by more people than the
     * cluster's Secrets are), without {@code managedFields}. An object that cannot be kept is null,
     * with {@code objectOmitted}/{@code oldObjectOmitted} saying why.
     */
    private void request(ObjectNode entry, Action action) {
        ObjectNode request = entry.putObject("request");
        requestObject(request, "object", action.object(), action);
        requestObject(request, "oldObject", action.oldObject(), action);
    }

    private void requestObject(ObjectNode request, String field, JsonNode object, Action action) {
        if (object == null || object.isNull()) {
            request.putNull(field);
            return;
        }
        // by resource too: a Secret sent without its kind is still a Secret (issue #13)
        JsonNode redacted = redactor.redact(object, action.resource());
        if (redacted.path("metadata") instanceof ObjectNode metadata) {
            metadata.remove("managedFields"); // the Redactor drops them today; the size bound must not depend on it
            keepTokenCount(object, metadata);
        }
        String omitted = whyOmitted(redacted);
        if (omitted == null) {
            request.set(field, redacted);
        } else {
            request.putNull(field);
            request.put(field + "Omitted", omitted);
        }
    }

    /**
     * {@code ibac.io/tokens} is SPEC §4's count of tokens the agent spent, charged to its budget; the
     * Redactor hides it for its credential-like name ("token"). A plain count is no credential, and
     * without it {@code replay} would charge nothing for it, so a whole number is kept.
     */
    private static void keepTokenCount(JsonNode original, ObjectNode metadata) {
        JsonNode count = original.path("metadata").path("annotations").path(Action.TOKENS_ANNOTATION);
        if (count.isTextual() && TOKEN_COUNT.matcher(count.asText()).matches() && metadata.path("annotations") instanceof ObjectNode annotations
                && annotations.has(Action.TOKENS_ANNOTATION)) {
            annotations.put(Action.TOKENS_ANNOTATION, count.asText());
        }
    }

    /** Null when the object fits an entry; else why it is left out. */
    private String whyOmitted(JsonNode object) {
        String fraction = firstFraction(object);
        if (fraction != null) {
            // the hash chain's canonical JSON holds integers only (SPEC §8)
            return "holds a non-integer number at " + (fraction.isEmpty() ? "." : fraction) + ", which audit entries cannot";
        }
        if (mostBytes(object, MAX_OBJECT_BYTES) <= MAX_OBJECT_BYTES) {
            return null; // most objects: nothing written to count them (issue #19)
        }
        long bytes;
        try {
            bytes = serialisedSize(object);
        } catch (JsonProcessingException e) {
            return "not serialisable: " + e.getOriginalMessage();
        }
        return bytes > MAX_OBJECT_BYTES ? "too large (" + bytes + " bytes > " + MAX_OBJECT_BYTES + ")" : null;
    }

    /**
     * At least as many bytes as {@code node}'s JSON takes, or more than {@code cap} once the count
     * passes it: a UTF-16 char is at most six bytes (a {@code \\u} escape), an integer at most 20
     * characters, plus quotes, colons, commas and brackets.
     */
    static long mostBytes(JsonNode node, long cap) {
        if (node.isTextual()) {
            return 2 + 6L * node.textValue().length();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? 20 : node.bigIntegerValue().toString().length();
        }
        if (!node.isContainerNode()) {
            return node.isNumber() ? node.toString().length() : 5; // true, false, null
        }
        long bytes = 2 + node.size();
        if (node.isObject()) {
            for (var it = node.properties().iterator(); it.hasNext() && bytes <= cap; ) {
                var field = it.next();
                bytes += 2 + 6L * field.getKey().length() + mostBytes(field.getValue(), cap);
            }
        } else {
            for (int i = 0; i < node.size() && bytes <= cap; i++) {
                bytes += mostBytes(node.get(i), cap);
            }
        }
        return bytes;
    }

    /** {@code mapper.writeValueAsBytes(object).length}, counted as it is written instead of kept (issue #19). */
    private long serialisedSize(JsonNode object) throws JsonProcessingException {
        ByteCount count = new ByteCount();
        try {
            mapper.writeValue(count, object);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // counting never fails
        }
        return count.bytes;
    }

    private static final class ByteCount extends java.io.OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    /**
     * The path (".spec.ratio", "[2]", "" for the node itself) of the first non-integer number
     * under {@code node} in document order, or null. The path is spelt only for the number found,
     * not for every node walked (issue #19).
     */
    private static String firstFraction(JsonNode node) {
        if (node.isNumber()) {
            return node.isIntegralNumber() ? null : "";
        }
        if (node.isObject()) {
            for (var it = node.properties().iterator(); it.hasNext(); ) {
                var field = it.next();
                String found = firstFraction(field.getValue());
                if (found != null) {
                    return "." + field.getKey() + found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = firstFraction(node.get(i));
                if (found != null) {
                    return "[" + i + "]" + found;
                }
            }
        }
        return null;
    }

    /** SPEC §8 {@code effects}: the judge's effect statements with their risks (already redacted). */
    private static void effects(ObjectNode entry, List<Effect> effects) {
        ArrayNode list = entry.putArray("effects");
        effects.forEach(e -> list.addObject()
                .put("family", e.family().name().toLowerCase(Locale.ROOT))
                .put("risk", e.risk().name().toLowerCase(Locale.ROOT))
                .put("sentence", e.sentence()));
    }

    /** SPEC §8 {@code approval{id,by}}: only when an approval admitted the request (pending ones are in the reason). */
    private static void approval(ObjectNode entry, Decision.ApprovalRef approval) {
        if (approval != null && "Approved".equals(approval.state())) {
            entry.putObject("approval").put("id", approval.id()).put("by", approval.by());
        }
    }

    private void judge(ObjectNode entry, JudgeVerdict verdict) {
        if (verdict == null) {
            entry.putNull("judge");
            return;
        }
        ObjectNode judge = entry.putObject("judge");
        judge.put("name", verdict.judge());
        judge.put("model", verdict.model());
        judge.put("risk", verdict.risk() == null ? null : verdict.risk().name().toLowerCase(Locale.ROOT));
        judge.put("confidence", Math.round(Math.max(0, Math.min(1, verdict.confidence())) * 100));
        judge.putObject("tokens").put("input", verdict.tokens().input()).put("output", verdict.tokens().output());
    }

    private static void cost(ObjectNode entry, Decision.Cost cost) {
        Decision.Cost c = cost == null ? Decision.Cost.NONE : cost;
        ObjectNode node = entry.putObject("cost").put("tokensUSD", c.tokensUSD()).put("resourceUSD", c.resourceUSD());
        ObjectNode breakdown = node.putObject("breakdown");
        c.breakdown().forEach(breakdown::put);
    }

    private static void budget(ObjectNode entry, Decision.BudgetLeft left) {
        ObjectNode node = entry.putObject("budget");
        if (left == null || left.tokensLeft() == null) {
            node.putNull("tokensLeft");
        } else {
            node.put("tokensLeft", left.tokensLeft());
        }
        node.put("costLeftUSD", left == null ? null : left.costLeftUSD());
    }
}
