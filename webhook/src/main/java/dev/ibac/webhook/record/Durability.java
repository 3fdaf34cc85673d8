package dev.ibac.webhook.record;

import dev.ibac.webhook.pipeline.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What must be on disk before the webhook answers (issue #13): a decision's audit entry and, for
 * an admitted action, its budget charge. {@link #begin} starts the writes without waiting, so the
 * audit log's and the ledger's fsyncs run at the same time; {@link Commit#await} waits for both.
 * Each writer batches the fsync across concurrent requests (group commit).
 */
public interface Durability {
    Commit begin(Decision decision);

    /** The writes one decision started. */
    interface Commit {
        /** Returns once everything is on disk; {@link NotDurable} when a write failed or took longer than {@code timeout}. */
        void await(Duration timeout) throws NotDurable;
    }

    /**
     * Not on disk: the webhook must not admit what it could not record. Either late (not on disk in
     * time, the writer is not keeping up: 503, retry) or {@link #writeFailed() failed} (a full volume,
     * an I/O error: 500 naming the reason — the request fails closed and the API server applies
     * {@code failurePolicy}).
     */
    final class NotDurable extends Exception {
        private final boolean writeFailed;

        /** Late: not on disk within the timeout. */
        public NotDurable(String message, Throwable cause) {
            this(message, cause, false);
        }

        public NotDurable(String message, Throwable cause, boolean writeFailed) {
            super(message, cause);
            this.writeFailed = writeFailed;
        }

        /** The write itself failed, rather than being late; the writer logged the first failure once. */
        public boolean writeFailed() {
            return writeFailed;
        }
    }

    Commit DONE = timeout -> {};

    Durability NONE = decision -> DONE;

    /** Begins every one, then awaits every one. */
    static Durability all(List<Durability> durabilities) {
        return decision -> {
            List<Commit> commits = new ArrayList<>(durabilities.size());
            durabilities.forEach(d -> commits.add(d.begin(decision)));
            return timeout -> {
                long deadline = System.nanoTime() + timeout.toNanos();
                for (Commit commit : commits) {
                    commit.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                }
            };
        };
    }
}
