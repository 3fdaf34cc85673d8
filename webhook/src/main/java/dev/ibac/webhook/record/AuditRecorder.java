package dev.ibac.webhook.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ibac.webhook.audit.HashChainedAuditLog;
import dev.ibac.webhook.pipeline.Decision;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes one audit entry per agent decision, durably: {@link #begin} queues it and the commit waits
 * until the log's writer has fsynced it, so the webhook answers only what is recorded. Keeps the
 * last entries by audit id (bounded) so the demo and the auditor page can show an entry without
 * re-reading the file.
 */
public final class AuditRecorder implements DecisionRecorder, Durability {
    private final HashChainedAuditLog log;
    private final AuditEntries entries;
    private final Cache<String, ObjectNode> recent = Caffeine.newBuilder().maximumSize(1_000).build();

    public AuditRecorder(HashChainedAuditLog log, AuditEntries entries) {
        this.log = log;
        this.entries = entries;
    }

    @Override
    public void record(Decision decision) {
        begin(decision);
    }

    @Override
    public Commit begin(Decision decision) {
        if (!decision.isAgentTraffic()) {
            return DONE; // SPEC §5.1: humans and controllers leave nothing beyond metrics
        }
        ObjectNode entry = entries.entry(decision);
        recent.put(decision.action().uid(), entry.deepCopy());
        CompletableFuture<Void> written;
        try {
            written = log.append(entry);
        } catch (IllegalStateException e) { // the queue stayed full: the writer is not keeping up
            return timeout -> {
                throw new NotDurable(e.getMessage(), e);
            };
        }
        return timeout -> await(written, decision.action().uid(), timeout);
    }

    private static void await(CompletableFuture<Void> written, String uid, Duration timeout) throws NotDurable {
        try {
            written.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new NotDurable("the audit entry " + uid + " could not be written: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new NotDurable("the audit entry " + uid + " was not on disk within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotDurable("interrupted while the audit entry " + uid + " was written", e);
        }
    }

    public Optional<ObjectNode> recent(String auditId) {
        return Optional.ofNullable(recent.getIfPresent(auditId));
    }
}
