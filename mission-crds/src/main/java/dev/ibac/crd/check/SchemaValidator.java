package dev.ibac.crd.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Validates a YAML tree against the CRD's own OpenAPI schema — types, required fields, enums,
 * lengths, patterns, minimums and unknown fields — so the checker and the CRD cannot drift.
 */
final class SchemaValidator {
    /** The CRDs' patterns in words, so a finding says what to write rather than quoting a regex. */
    private static final Map<String, String> PATTERN_MEANINGS = Map.of(
            "^[0-9]+(\\.[0-9]+)?$", "is not a decimal amount in USD like \"25.00\"",
            "^([0-9]+(ms|s|m|h))+$", "is not a duration like \"24h\", \"30m\" or \"1h30m\"",
            "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", "is not a valid name (lowercase letters, digits, '-' and '.')");

    void validate(String path, JsonNode value, JSONSchemaProps schema, BiConsumer<String, String> problem) {
        if (value == null || value.isNull() || schema == null) {
            return;
        }
        if (!typeMatches(value, schema.getType())) {
            String hint = "string".equals(schema.getType()) && value.isNumber() ? " (quote it: YAML reads it as a number)" : "";
            problem.accept(path, "must be " + article(schema.getType()) + ", got " + describe(value) + hint);
            return;
        }
        switch (schema.getType()) {
            case "object" -> object(path, value, schema, problem);
            case "array" -> array(path, value, schema.getItems() == null ? null : schema.getItems().getSchema(), problem);
            case "string" -> string(path, value.asText(), schema, problem);
            case "integer" -> {
                if (schema.getMinimum() != null && value.asDouble() < schema.getMinimum()) {
                    problem.accept(path, "must be at least " + schema.getMinimum().longValue() + ", got " + value.asText());
                }
            }
            default -> { }
        }
    }

    private void array(String path, JsonNode value, JSONSchemaProps items, BiConsumer<String, String> problem) {
        for (int i = 0; i < value.size(); i++) {
            validate(path + "[" + i + "]", value.get(i), items, problem);
        }
    }

    private void object(String path, JsonNode value, JSONSchemaProps schema, BiConsumer<String, String> problem) {
        Map<String, JSONSchemaProps> properties = schema.getProperties();
        if (schema.getRequired() != null) {
            for (String required : schema.getRequired()) {
                if (!value.hasNonNull(required)) {
                    problem.accept(join(path, required), "is required");
                }
            }
        }
        value.properties().forEach(field -> {
            String fieldPath = join(path, field.getKey());
            if (properties != null && properties.containsKey(field.getKey())) {
                validate(fieldPath, field.getValue(), properties.get(field.getKey()), problem);
            } else if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
                validate(fieldPath, field.getValue(), schema.getAdditionalProperties().getSchema(), problem);
            } else if (properties != null && !properties.isEmpty()) {
                problem.accept(fieldPath, "unknown field (known: " + String.join(", ", properties.keySet()) + ")");
            }
        });
    }

    private static void string(String path, String text, JSONSchemaProps schema, BiConsumer<String, String> problem) {
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            List<String> allowed = schema.getEnum().stream().map(JsonNode::asText).toList();
            if (!allowed.contains(text)) {
                problem.accept(path, "\"" + text + "\" is not one of " + String.join(", ", allowed));
            }
        }
        if (schema.getMinLength() != null && text.length() < schema.getMinLength()) {
            problem.accept(path, schema.getMinLength() == 1 ? "must not be empty" : "is shorter than " + schema.getMinLength() + " characters");
        }
        if (schema.getMaxLength() != null && text.length() > schema.getMaxLength()) {
            problem.accept(path, "is longer than " + schema.getMaxLength() + " characters (" + text.length() + ")");
        }
        if (schema.getPattern() != null && !text.matches(schema.getPattern())) {
            problem.accept(path, "\"" + text + "\" " + PATTERN_MEANINGS.getOrDefault(schema.getPattern(), "does not match " + schema.getPattern()));
        }
    }

    private static boolean typeMatches(JsonNode value, String type) {
        return switch (type == null ? "" : type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static String describe(JsonNode value) {
        return value.isTextual() ? "the string \"" + value.asText() + "\"" : value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + value;
    }

    private static String article(String type) {
        return switch (type) {
            case "object", "array", "integer" -> "an " + type;
            default -> "a " + type;
        };
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
