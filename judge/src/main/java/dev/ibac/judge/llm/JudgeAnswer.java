package dev.ibac.judge.llm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ibac.judge.JudgeVerdict.Decision;
import dev.ibac.judge.JudgeVerdict.Risk;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The answer contract, parsed strictly: exactly one JSON object with exactly the fields
 * {@code decision} ("allow"|"deny"), {@code reasoning} (non-blank text), {@code risk}
 * ("low"|"medium"|"high") and {@code confidence} (a number 0..1). Whitespace around it is
 * tolerated; prose, code fences, duplicate keys, other values or other fields are not.
 */
record JudgeAnswer(Decision decision, String reasoning, Risk risk, double confidence) {
    static final int MAX_REASONING_CHARS = 1000;
    private static final Set<String> FIELDS = Set.of("decision", "reasoning", "risk", "confidence");
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Thrown for any answer outside the contract; the message says what was wrong, never echoes the answer. */
    static final class MalformedAnswerException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedAnswerException(String message) {
            super(message);
        }
    }

    static JudgeAnswer parse(String text) throws MalformedAnswerException {
        JsonNode root = readObject(text);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new MalformedAnswerException("unexpected field \"" + abbreviate(name) + "\"");
            }
        }
        Decision decision = Decision.valueOf(oneOf(root, "decision", Set.of("allow", "deny")).toUpperCase(Locale.ROOT));
        Risk risk = Risk.valueOf(oneOf(root, "risk", Set.of("low", "medium", "high")).toUpperCase(Locale.ROOT));
        return new JudgeAnswer(decision, reasoning(root), risk, confidence(root));
    }

    private static JsonNode readObject(String text) throws MalformedAnswerException {
        if (text == null || text.isBlank()) {
            throw new MalformedAnswerException("empty answer");
        }
        try {
            JsonNode root = STRICT.readTree(text.strip());
            if (root == null || !root.isObject()) {
                throw new MalformedAnswerException("answer is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new MalformedAnswerException("answer is not a single JSON object");
        }
    }

    private static String oneOf(JsonNode root, String field, Set<String> allowed) throws MalformedAnswerException {
        JsonNode value = required(root, field);
        if (!value.isTextual() || !allowed.contains(value.textValue())) {
            throw new MalformedAnswerException("field \"" + field + "\" must be one of " + allowed.stream().sorted().toList());
        }
        return value.textValue();
    }

    private static String reasoning(JsonNode root) throws MalformedAnswerException {
        JsonNode value = required(root, "reasoning");
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new MalformedAnswerException("field \"reasoning\" must be non-empty text");
        }
        return abbreviate(value.textValue().strip(), MAX_REASONING_CHARS);
    }

    private static double confidence(JsonNode root) throws MalformedAnswerException {
        JsonNode value = required(root, "confidence");
        if (!value.isNumber() || value.doubleValue() < 0 || value.doubleValue() > 1) {
            throw new MalformedAnswerException("field \"confidence\" must be a number from 0 to 1");
        }
        return value.doubleValue();
    }

    private static JsonNode required(JsonNode root, String field) throws MalformedAnswerException {
        JsonNode value = root.get(field);
        if (value == null) {
            throw new MalformedAnswerException("missing field \"" + field + "\"");
        }
        return value;
    }

    private static String abbreviate(String text) {
        return abbreviate(text, 40);
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
