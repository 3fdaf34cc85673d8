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
    void validate(String path, JsonNode value, JSONSchemaProps schema, BiConsumer<String, String> problem) {
        if (value == null || value.isNull() || schema == null) {
            return;
        }
        if (!typeMatches(value, schema.getType())) {
            problem.accept(path, "must be " + article(schema.getType()) + ", got " + describe(value));
            return;
        }
        switch (schema.getType()) {
            case "object" -> object(path, value, schema, problem);
            case "array" -> value.forEach(item -> validate(path + "[" + indexOf(value, item) + "]", item,
                    schema.getItems() == null ? null : schema.getItems().getSchema(), problem));
            case "string" -> string(path, value.asText(), schema, problem);
            case "integer" -> {
                if (schema.getMinimum() != null && value.asDouble() < schema.getMinimum()) {
                    problem.accept(path, "must be at least " + schema.getMinimum().longValue() + ", got " + value.asText());
                }
            }
            default -> { }
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
            problem.accept(path, "\"" + text + "\" does not match " + schema.getPattern());
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
        return value.isTextual() ? "the string \"" + value.asText() + "\"" : value.getNodeType().name().toLowerCase() + " " + value;
    }

    private static String article(String type) {
        return switch (type) {
            case "object", "array", "integer" -> "an " + type;
            default -> "a " + type;
        };
    }

    private static int indexOf(JsonNode array, JsonNode item) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i) == item) {
                return i;
            }
        }
        return -1;
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
