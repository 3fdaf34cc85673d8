package dev.ibac.webhook.auditor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.webhook.audit.AuditFilter;
import java.util.function.Predicate;

/**
 * The verdict list's filter: {@link AuditFilter} (shared with {@code audit query}) and an audit id
 * prefix, so the shortened id of a denial message ({@code [audit 7f3c9a1e…]}) finds its verdict.
 * Its parts stay visible so {@link AuditIndex} can pre-filter without parsing a line.
 */
record EntryFilter(AuditFilter fields, String idPrefix) implements Predicate<JsonNode> {
    static final EntryFilter ALL = new EntryFilter(AuditFilter.ALL, null);

    EntryFilter {
        idPrefix = idPrefix == null || idPrefix.isEmpty() ? null : idPrefix;
    }

    @Override
    public boolean test(JsonNode entry) {
        return fields.test(entry) && (idPrefix == null || entry.path("auditId").asText().startsWith(idPrefix));
    }
}
