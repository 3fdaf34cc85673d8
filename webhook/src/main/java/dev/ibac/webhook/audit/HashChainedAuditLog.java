package dev.ibac.webhook.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import dev.ibac.webhook.problem.IoErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only JSON Lines audit log with a SHA-256 hash chain (SPEC §8). Entries are chained and
 * written by one writer thread in batches, each batch fsynced before the next is taken, so a crash
 * loses at most the batch in flight and never reorders entries. {@link #append} returns a future
 * that completes once the entry is on disk: the webhook answers only then (group commit — one
 * fsync covers every request that queued while the previous one ran). After a batch the chain
 * head is recorded in {@code <log>.head} ({@link AuditHead}), at most every {@link #HEAD_INTERVAL}
 * and at close, so a log cut short is detectable. A torn last line found on open is
 * moved aside to {@code <log>.torn-<millis>} (never dropped, never merged into the next entry) and
 * the chain continues from the last complete entry. An active file without entries (just rotated)
 * continues from the last entry of {@code <log>.1}, so a restart never restarts the chain.
 *
 * <p>A batch that cannot be written (a full volume) is truncated away and fails its futures; the
 * first failure of an outage is logged once, {@link #problem()} says why until a later batch is
 * written, and {@link #failedBatches()} counts. With {@link #mirrorTo} every batch is also handed,
 * exactly as written and only once fsynced, to a sink ({@code --audit-stdout}).
 */
public final class HashChainedAuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HashChainedAuditLog.class);
    private static final int MAX_BATCH = 256;
    /** The most the head lags the log by, beyond one head write. */
    static final Duration HEAD_INTERVAL = Duration.ofMillis(100);
    private static final Pending STOP = new Pending(null, "", new CompletableFuture<>());

    private final Path file;
    private final Rotation rotation;
    private FileChannel channel;
    private final BlockingQueue<Pending> queue;
    private final Thread writer;
    private final AtomicLong queued = new AtomicLong();
    private long written;
    private volatile String lastHash;
    private volatile IOException failure;
    /** Entries in the active file and the hash its first entry chains from: the head's other two parts. */
    private long fileEntries;
    private String fileStart;
    private volatile AuditHead head;
    private final java.util.concurrent.ExecutorService headWriter = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ibac-audit-head");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.atomic.AtomicBoolean headScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private final AtomicLong failedBatches = new AtomicLong();
    private volatile boolean headFailing;
    /** Null: no mirror, so the lines are never decoded back into text. */
    private volatile Consumer<String> mirror;
    private boolean mirrorFailing;

    /** An entry waiting for the writer, already in canonical JSON, and who waits for it to be on disk. */
    private record Pending(AuditChain.Unlinked entry, String auditId, CompletableFuture<Void> durable) {}

    /**
     * When the active file would grow past {@code maxBytes} it becomes {@code <log>.1} (older ones
     * shift up, at most {@code keep} are kept) and a new file starts whose first entry chains from
     * the last hash of the previous one.
     */
    public record Rotation(long maxBytes, int keep) {
        public static final Rotation DEFAULT = new Rotation(100L * 1024 * 1024, 10);

        public Rotation {
            if (maxBytes < 1024 || keep < 1 || keep > AuditLogFiles.MAX_ROTATED) {
                throw new IllegalArgumentException("audit log rotation needs at least 1024 bytes per file and 1.."
                        + AuditLogFiles.MAX_ROTATED + " rotated files, got " + maxBytes + " bytes and " + keep);
            }
        }
    }

    private HashChainedAuditLog(Path file, FileChannel channel, AuditTail.End end, int capacity, Rotation rotation) {
        this.file = file;
        this.rotation = rotation;
        this.channel = channel;
        this.lastHash = end.lastHash();
        this.fileEntries = end.entries();
        this.fileStart = end.startHash();
        this.head = new AuditHead(end.entries(), end.lastHash(), end.startHash());
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = new Thread(this::writeLoop, "ibac-audit-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Opens (creating if needed) the log, recovering a torn last line; throws if the log is corrupt. */
    public static HashChainedAuditLog open(Path file, int capacity, Clock clock) throws IOException {
        return open(file, capacity, clock, Rotation.DEFAULT);
    }

    /** Opens the log with a rotation policy. */
    public static HashChainedAuditLog open(Path file, int capacity, Clock clock, Rotation rotation) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        AuditTail.End end = AuditTail.recover(file, clock);
        if (end.entries() == 0 && Files.exists(AuditLogFiles.rotated(file, 1))) {
            String last = AuditTail.recover(AuditLogFiles.rotated(file, 1), clock).lastHash();
            end = new AuditTail.End(0, last, last);
        }
        requireHeadReached(file, end);
        return new HashChainedAuditLog(file, openChannel(file), end, capacity, rotation);
    }

    /**
     * A log that ends before the head recorded beside it was cut short (or replaced): starting
     * would overwrite the head and erase the evidence, so the server refuses, as for a corrupt line.
     */
    private static void requireHeadReached(Path file, AuditTail.End end) throws IOException {
        Optional<AuditHead> recorded = AuditHead.read(file);
        String shortfall = recorded.map(h -> h.shortfall(end.startHash(), end.entries())).orElse(null);
        if (shortfall != null) {
            throw new IOException("audit log " + file + " is " + shortfall + " (" + AuditHead.fileOf(file)
                    + "); run `audit verify --log " + file + "`, keep both files as evidence, then move them aside to start a new log");
        }
    }

    private static FileChannel openChannel(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /**
     * Queues an entry (its prevHash and hash, if any, are replaced: the writer chains it) and returns
     * a future completed when it is on disk, or completed exceptionally when the write failed. Blocks
     * briefly when the queue is full: auditing applies back-pressure rather than dropping entries.
     * The entry is serialised here, on the caller's thread, and not read again: the writer only links
     * and writes (issue #19).
     */
    public CompletableFuture<Void> append(ObjectNode entry) {
        String auditId = entry.path("auditId").asText();
        AuditChain.Unlinked unlinked;
        try {
            unlinked = AuditChain.Unlinked.of(entry);
        } catch (IllegalArgumentException notCanonical) { // a fraction: SPEC §8's entries hold integers only
            return CompletableFuture.failedFuture(notCanonical);
        }
        Pending pending = new Pending(unlinked, auditId, new CompletableFuture<>());
        try {
            queued.incrementAndGet();
            if (!queue.offer(pending, 5, TimeUnit.SECONDS)) {
                queued.decrementAndGet();
                throw new IllegalStateException("audit log " + file + " is not keeping up; entry " + auditId + " not written");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing an audit entry", e);
        }
        return pending.durable();
    }

    /** The chain head as of the last batch on disk (what {@code <log>.head} holds). */
    public AuditHead head() {
        return head;
    }

    /** The hash of the last entry written (64 zeros for an empty log). */
    public String lastHash() {
        return lastHash;
    }

    public Path file() {
        return file;
    }

    /** Waits until every entry queued so far is on disk. */
    public synchronized void flush() {
        long target = queued.get();
        try {
            while (written < target && failure == null) {
                wait(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean stop = batch.removeIf(p -> p == STOP); // identity: a record's equals would match an empty entry
                writeBatch(batch);
                batch.clear();
                if (stop) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void writeBatch(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        IOException failed = writeChained(batch);
        for (Pending pending : batch) {
            if (failed == null) {
                pending.durable().complete(null);
            } else {
                pending.durable().completeExceptionally(failed);
            }
        }
        if (failed == null) {
            writeHead();
        }
    }

    /**
     * Records the head after the batch, on its own thread: a rename can take as long as an fsync on
     * a busy disk, and the next batch must not wait for it. Coalesced — a write that starts late
     * writes the newest head — and at most one per {@link #HEAD_INTERVAL}: under load a head per
     * batch was a tenth of the webhook's CPU (issue #19), and the head only has to bound how much of
     * the log's end can be cut unnoticed. A failure is logged, never fails the entries already on disk.
     */
    private void writeHead() {
        if (headScheduled.compareAndSet(false, true)) {
            try {
                headWriter.execute(() -> {
                    headScheduled.set(false);
                    writeHeadNow();
                    pauseHeads();
                });
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                headScheduled.set(false); // close() writes the last head itself
            }
        }
    }

    /** The head writer rests after a write; batches in the meantime leave one write queued, which writes the newest head. */
    private static void pauseHeads() {
        try {
            Thread.sleep(HEAD_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: close() writes the last head itself
        }
    }

    private void writeHeadNow() { // one head-writer thread, and close() only after it stopped
        try {
            head.write(file);
            headFailing = false;
        } catch (IOException e) {
            if (!headFailing) { // once per outage, like a failed batch
                LOG.warn("audit log {}: chain head not recorded in {}: {}", file, AuditHead.fileOf(file), IoErrors.describe(null, e));
            }
            headFailing = true;
        }
    }

    private synchronized IOException writeChained(List<Pending> batch) {
        ByteBuffer[] lines = new ByteBuffer[batch.size()];
        long length = 0;
        String prev = lastHash;
        for (int i = 0; i < lines.length; i++) {
            AuditChain.Linked linked = AuditChain.link(batch.get(i).entry(), prev);
            lines[i] = ByteBuffer.wrap(linked.line());
            length += linked.line().length;
            prev = linked.hash();
        }
        try {
            if (channel.size() > 0 && channel.size() + length > rotation.maxBytes()) {
                rotate();
            }
            long before = channel.size();
            try {
                for (long left = length; left > 0; ) {
                    left -= channel.write(lines);
                }
                channel.force(false);
            } catch (IOException e) {
                channel.truncate(before); // a later batch must not chain after half a batch
                throw e;
            }
            lastHash = prev;
            fileEntries += batch.size();
            head = new AuditHead(fileEntries, prev, fileStart);
            recovered();
            mirror(lines);
            return null;
        } catch (IOException e) {
            failed(e, batch.size());
            return e;
        } finally {
            written += batch.size();
            notifyAll();
        }
    }

    /**
     * The first failure of an outage is logged, later ones only counted: a full volume must not
     * flood the log (often on the same volume) with a line per refused request.
     */
    private void failed(IOException e, int entries) {
        failedBatches.incrementAndGet();
        if (failure == null) {
            LOG.error("audit log {}: write failed, {} entries not persisted; agents' requests are refused (500) and /readyz is"
                    + " unready until a write succeeds again: {}", file, entries, IoErrors.describe(file, e));
        }
        failure = e;
    }

    /** A batch on disk after a failure: the outage is over (the failed batches were truncated away). */
    private void recovered() {
        if (failure != null) {
            LOG.warn("audit log {}: writable again after {} failed batches; agents' requests are answered again", file,
                    failedBatches.get());
            failure = null;
        }
    }

    /** The mirror must never stop the writer: the file is the record, the mirror a copy. */
    private void mirror(ByteBuffer[] lines) {
        Consumer<String> sink = mirror;
        if (sink == null) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (ByteBuffer line : lines) {
            text.append(new String(line.array(), StandardCharsets.UTF_8));
        }
        try {
            sink.accept(text.toString());
        } catch (RuntimeException e) {
            if (!mirrorFailing) {
                LOG.warn("audit log {}: the --audit-stdout mirror failed; the log itself is written: {}", file, e.toString());
            }
            mirrorFailing = true;
        }
    }

    /**
     * Every batch, exactly as written and fsynced (one JSON line per entry, hashes included), is
     * also handed to {@code sink}: {@code --audit-stdout} feeds the cluster's log pipeline with it.
     */
    public void mirrorTo(Consumer<String> sink) {
        this.mirror = sink;
    }

    /**
     * Why the last batch could not be written (null while the last write succeeded: a later success
     * clears a failure): what /readyz and the metrics say.
     */
    public String problem() {
        IOException e = failure;
        return e == null ? null : "audit log " + IoErrors.describe(file, e);
    }

    /** Batches that failed to reach the disk since start (a metric). */
    public long failedBatches() {
        return failedBatches.get();
    }

    private void rotate() throws IOException {
        channel.force(true);
        channel.close();
        Files.deleteIfExists(AuditLogFiles.rotated(file, rotation.keep()));
        for (int i = rotation.keep() - 1; i >= 1; i--) {
            if (Files.exists(AuditLogFiles.rotated(file, i))) {
                Files.move(AuditLogFiles.rotated(file, i), AuditLogFiles.rotated(file, i + 1), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(file, AuditLogFiles.rotated(file, 1), StandardCopyOption.ATOMIC_MOVE);
        fileEntries = 0;
        fileStart = lastHash;
        channel = openChannel(file);
        LOG.info("audit log {} rotated; the chain continues from {}", file, lastHash);
    }

    @Override
    public void close() {
        try {
            queue.put(STOP);
            writer.join(10_000);
            headWriter.shutdown();
            headWriter.awaitTermination(10, TimeUnit.SECONDS);
            writeHeadNow();
            channel.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one log line; null when it is not a JSON object. */
    static ObjectNode parseLine(ObjectMapper mapper, String line) {
        try {
            JsonNode node = mapper.readTree(line);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }
}
