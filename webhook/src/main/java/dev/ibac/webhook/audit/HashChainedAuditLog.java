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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only JSON Lines audit log with a SHA-256 hash chain (SPEC §8). Entries are chained and
 * written by one writer thread in batches, each batch fsynced before the next is taken, so a crash
 * loses at most the batch in flight and never reorders entries. A torn last line found on open is
 * moved aside to {@code <log>.torn-<millis>} (never dropped, never merged into the next entry) and
 * the chain continues from the last complete entry. An active file without entries (just rotated)
 * continues from the last entry of {@code <log>.1}, so a restart never restarts the chain.
 */
public final class HashChainedAuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HashChainedAuditLog.class);
    private static final int MAX_BATCH = 256;
    private static final ObjectNode STOP = new ObjectMapper().createObjectNode();

    private final Path file;
    private final Rotation rotation;
    private FileChannel channel;
    private final BlockingQueue<ObjectNode> queue;
    private final Thread writer;
    private final AtomicLong queued = new AtomicLong();
    private long written;
    private volatile String lastHash;
    private volatile IOException failure;

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

    private HashChainedAuditLog(Path file, FileChannel channel, String lastHash, int capacity, Rotation rotation) {
        this.file = file;
        this.rotation = rotation;
        this.channel = channel;
        this.lastHash = lastHash;
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
        String last = AuditTail.recover(file, clock);
        if (last.equals(AuditChain.GENESIS) && Files.exists(AuditLogFiles.rotated(file, 1))) {
            last = AuditTail.recover(AuditLogFiles.rotated(file, 1), clock);
        }
        return new HashChainedAuditLog(file, openChannel(file), last, capacity, rotation);
    }

    private static FileChannel openChannel(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /**
     * Queues an entry (without prevHash/hash; the writer chains it). Blocks briefly when the queue is
     * full: auditing applies back-pressure rather than dropping entries.
     */
    public void append(ObjectNode entry) {
        try {
            queued.incrementAndGet();
            if (!queue.offer(entry, 5, TimeUnit.SECONDS)) {
                queued.decrementAndGet();
                throw new IllegalStateException("audit log " + file + " is not keeping up; entry " + entry.path("auditId").asText() + " not written");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing an audit entry", e);
        }
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
        List<ObjectNode> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean stop = batch.remove(STOP);
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

    private synchronized void writeBatch(List<ObjectNode> batch) {
        if (batch.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder(batch.size() * 768);
        String prev = lastHash;
        for (ObjectNode entry : batch) {
            entry.put("prevHash", prev);
            entry.remove("hash");
            prev = AuditChain.hash(entry);
            entry.put("hash", prev);
            lines.append(CanonicalJson.write(entry)).append('\n');
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            if (channel.size() > 0 && channel.size() + bytes.remaining() > rotation.maxBytes()) {
                rotate();
            }
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
            lastHash = prev;
        } catch (IOException e) {
            failure = e;
            LOG.error("audit log {}: write failed, {} entries not persisted: {}", file, batch.size(), e.toString());
        } finally {
            written += batch.size();
            notifyAll();
        }
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
        channel = openChannel(file);
        LOG.info("audit log {} rotated; the chain continues from {}", file, lastHash);
    }

    /** True while the last write succeeded; readiness reports it. */
    public boolean healthy() {
        return failure == null;
    }

    @Override
    public void close() {
        try {
            queue.put(STOP);
            writer.join(10_000);
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
