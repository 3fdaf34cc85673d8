package dev.ibac.webhook.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ibac.webhook.audit.HashChainedAuditLog;
import dev.ibac.webhook.pipeline.Decision;
import java.util.Optional;

/**
 * Writes one audit entry per agent decision. Keeps the last entries by audit id (bounded) so the
 * demo and the auditor page can show an entry without re-reading the file.
 */
public final class AuditRecorder implements DecisionRecorder {
    private final HashChainedAuditLog log;
    private final AuditEntries entries;
    private final Cache<String, ObjectNode> recent = Caffeine.newBuilder().maximumSize(1_000).build();

    public AuditRecorder(HashChainedAuditLog log, AuditEntries entries) {
        this.log = log;
        this.entries = entries;
    }

    @Override
    public void record(Decision decision) {
        if (!decision.isAgentTraffic()) {
            return; // SPEC §5.1: humans and controllers leave nothing beyond metrics
        }
        ObjectNode entry = entries.entry(decision);
        recent.put(decision.action().uid(), entry.deepCopy());
        log.append(entry);
    }

    public Optional<ObjectNode> recent(String auditId) {
        return Optional.ofNullable(recent.getIfPresent(auditId));
    }
}
