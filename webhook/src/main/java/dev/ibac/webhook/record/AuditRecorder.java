package dev.ibac.webhook.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ibac.webhook.audit.HashChainedAuditLog;
import dev.ibac.webhook.pipeline.Decision;
import dev.ibac.webhook.problem.IoErrors;
import java.io.IOException;
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
        // no copy: the log serialises the entry as it is queued and never changes it (issue #19)
        recent.put(decision.action().uid(), entry);
        CompletableFuture<Void> written;
        try {
            written = log.append(entry);
        } catch (IllegalStateException e) { // the queue stayed full: the writer is not keeping up
            return timeout -> {
                throw new NotDurable(e.getMessage(), e);
            };
        }
        String uid = decision.action().uid();
        return timeout -> {
            try {
                await(written, uid, timeout);
            } catch (NotDurable e) {
                recent.invalidate(uid); // refused: the demo and the pages must not show it as recorded
                throw e;
            }
        };
    }

    private void await(CompletableFuture<Void> written, String uid, Duration timeout) throws NotDurable {
        try {
            written.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            // the write failed (a full volume, say): fail closed, naming why; the log said so once
            String why = e.getCause() instanceof IOException io ? "audit log " + IoErrors.describe(log.file(), io)
                    : String.valueOf(e.getCause().getMessage());
            throw new NotDurable("the audit entry " + uid + " could not be written: " + why, e.getCause(), true);
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
