package dev.ibac.webhook.auditor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.webhook.audit.AuditLogFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.function.Function;

/**
 * The overview's numbers and the verdict pages' {@link AuditIndex}, kept up to date incrementally
 * so a page view never re-reads the log: the rotated set is read forward once (in one pass for
 * both), then every refresh reads only the bytes appended since. The
 * file it stopped in is followed through rotations by its file key (a rename keeps the inode):
 * after {@code <log>} became {@code <log>.1} the rest of {@code <log>.1} is read, then the new
 * {@code <log>}. The hash chain is checked on the way ({@link ChainCheck}). Only complete lines
 * are consumed; a line being written is read once its newline is there.
 */
final class AuditAggregates {
    private static final int CHUNK = 256 * 1024;
    private static final int MAX_LINE_BYTES = 1024 * 1024;
    private final Path log;
    private final Clock clock;
    /** Duplicate keys make a line no entry: the chain check hashes the line's text, which must mean one thing. */
    private final ObjectMapper mapper = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private Tally tally = new Tally();
    private ChainCheck chain = new ChainCheck();
    private final AuditIndex index;
    /**
     * Where reading stopped: a file (by key), the offset after its last complete line, that line's
     * number, and the file's {@link #head} — an inode can be given to a new file once its file is
     * deleted, the first line cannot.
     */
    private Position position;

    private record Position(Object fileKey, long offset, long line, long head) {}

    private static final int HEAD_BYTES = 4096;
    private static final long UNKNOWN = -1;

    AuditAggregates(Path log, Clock clock) {
        this(log, clock, new AuditIndex());
    }

    AuditAggregates(Path log, Clock clock, AuditIndex index) {
        this.log = log;
        this.clock = clock;
        this.index = index;
    }

    /** Reads what was appended since the last call and returns a copy of the aggregates. */
    synchronized AuditOverview overview() throws IOException {
        refresh();
        return tally.snapshot(chain.state(), nowHour());
    }

    /** Reads what was appended since the last call, then asks the index, under the lock that feeds it (no copy of it is made). */
    synchronized <T> T query(Function<AuditIndex, T> question) throws IOException {
        refresh();
        return question.apply(index);
    }

    private long nowHour() {
        return Math.floorDiv(clock.instant().getEpochSecond(), 3600L);
    }

    private void refresh() throws IOException {
        List<Path> files = AuditLogFiles.oldestFirst(log);
        List<Object> keys = new ArrayList<>(files.size());
        for (Path file : files) {
            keys.add(key(file));
        }
        index.retain(keys); // the files a rotation deleted take their entries with them
        int from = position == null ? 0 : keys.indexOf(position.fileKey());
        if (from < 0 || position != null && position.head() != UNKNOWN && position.head() != head(files.get(from))) {
            // the file we stopped in was rotated away before we saw its end (and a newer file may have
            // been given its inode since: its first line tells them apart): start over on what is kept
            restart();
            from = 0;
        }
        for (int i = from; i < files.size(); i++) {
            boolean continuing = position != null && Objects.equals(keys.get(i), position.fileKey());
            if (!read(files.get(i), continuing ? position.offset() : 0, continuing ? position.line() : 0)) {
                return; // rotated while we read it: the next refresh continues from where this one stopped
            }
        }
    }

    private void restart() {
        tally = new Tally();
        chain = new ChainCheck();
        index.clear();
        position = null;
    }

    /** A file's first line (its first {@value #HEAD_BYTES} bytes at most), as a CRC; {@link #UNKNOWN} while it has none. */
    private static long head(FileChannel channel) throws IOException {
        ByteBuffer start = ByteBuffer.allocate(HEAD_BYTES);
        int n = channel.read(start, 0);
        int end = 0;
        while (end < n && start.get(end) != '\n') {
            end++;
        }
        if (n <= 0 || end == n && n < HEAD_BYTES) {
            return UNKNOWN;
        }
        CRC32 crc = new CRC32();
        crc.update(start.array(), 0, end);
        return crc.getValue();
    }

    private static long head(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return head(channel);
        } catch (NoSuchFileException gone) {
            return UNKNOWN - 1; // no file: not the one we stopped in
        }
    }

    /** The file's identity across renames (inode on Linux); its path where the file system has none. */
    static Object key(Path file) throws IOException {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return key != null ? key : file.toAbsolutePath();
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    /**
     * Reads {@code file}'s complete lines from {@code offset}; false when the path named another file
     * by the time it was opened (a rotation in between), so nothing of it was read.
     */
    private boolean read(Path file, long offset, long line) throws IOException {
        Object before = key(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (before == null || !before.equals(key(file))) {
                return false;
            }
            if (channel.size() < offset) {
                restart(); // the file shrank: someone truncated it; count what is there now, from the start
                return false;
            }
            long head = offset > 0 && position != null && before.equals(position.fileKey()) ? position.head() : UNKNOWN;
            new LineScanner(channel, offset, line, before, file.getFileName().toString(), head).run();
            return true;
        } catch (NoSuchFileException rotatedAway) {
            return false;
        }
    }

    /** Splits a file's bytes into lines from an offset, chunk by chunk; an over-long line is skipped, never buffered whole. */
    private final class LineScanner {
        private final FileChannel channel;
        private final Object fileKey;
        private final String fileName;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream(1024);
        private long offset;
        private long line;
        private long head;
        private boolean tooLong;

        LineScanner(FileChannel channel, long offset, long line, Object fileKey, String fileName, long head) {
            this.channel = channel;
            this.offset = offset;
            this.line = line;
            this.fileKey = fileKey;
            this.fileName = fileName;
            this.head = head;
            position = new Position(fileKey, offset, line, head);
        }

        void run() throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            long readAt = offset;
            long nowHour = nowHour();
            for (int n = channel.read(buffer, readAt); n > 0; n = channel.read(buffer.clear(), readAt)) {
                byte[] bytes = buffer.array();
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (bytes[i] == '\n') {
                        append(bytes, start, i);
                        complete(readAt + i + 1, nowHour);
                        start = i + 1;
                    }
                }
                append(bytes, start, n);
                readAt += n;
            }
        }

        private void append(byte[] bytes, int from, int to) {
            if (tooLong || current.size() + (to - from) > MAX_LINE_BYTES) {
                tooLong = true;
                return;
            }
            current.write(bytes, from, to - from);
        }

        private void complete(long end, long nowHour) throws IOException {
            line++;
            if (head == UNKNOWN) {
                head = head(channel); // its first line is complete now
            }
            String text = tooLong ? "" : current.toString(StandardCharsets.UTF_8);
            ObjectNode entry = tooLong ? null : parse(text);
            chain.next(text, entry, fileName, line);
            if (entry != null) {
                tally.add(entry, nowHour);
                index.add(entry, fileKey, offset);
            }
            current.reset();
            tooLong = false;
            offset = end;
            position = new Position(fileKey, offset, line, head);
        }
    }

    private ObjectNode parse(String text) {
        try {
            JsonNode node = mapper.readTree(text);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }
}
