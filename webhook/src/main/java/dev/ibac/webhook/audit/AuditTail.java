package dev.ibac.webhook.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds where an existing audit log ends: the last complete entry's hash, moving a torn tail aside. */
final class AuditTail {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTail.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AuditTail() {}

    /**
     * Where a file ends: how many complete entries it holds, the hash the next entry chains from, and
     * the hash its first entry chained from (64 zeros for an empty file; the caller knows better
     * after a rotation).
     */
    record End(long entries, String lastHash, String startHash) {}

    /** Returns where the file ends, after moving a torn last line aside. */
    static End recover(Path file, Clock clock) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return new End(0, AuditChain.GENESIS, AuditChain.GENESIS);
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long completeEnd = lastNewlineEnd(raf);
            if (completeEnd < raf.length()) {
                moveTornTail(file, raf, completeEnd, clock);
            }
            if (completeEnd == 0) {
                return new End(0, AuditChain.GENESIS, AuditChain.GENESIS);
            }
            return new End(countLines(raf, completeEnd), hashOfLastLine(file, raf, completeEnd), firstPrevHash(file));
        }
    }

    private static long countLines(RandomAccessFile raf, long end) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long lines = 0;
        raf.seek(0);
        for (long pos = 0; pos < end;) {
            int len = raf.read(buffer, 0, (int) Math.min(buffer.length, end - pos));
            if (len < 0) {
                break;
            }
            for (int i = 0; i < len; i++) {
                if (buffer[i] == '\n') {
                    lines++;
                }
            }
            pos += len;
        }
        return lines;
    }

    private static String firstPrevHash(Path file) throws IOException {
        try (java.io.BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            ObjectNode first = HashChainedAuditLog.parseLine(MAPPER, reader.readLine());
            return first == null ? AuditChain.GENESIS : first.path("prevHash").asText(AuditChain.GENESIS);
        }
    }

    /** Offset just after the last '\n' (0 when there is none). */
    private static long lastNewlineEnd(RandomAccessFile raf) throws IOException {
        long pos = raf.length();
        byte[] buffer = new byte[8192];
        while (pos > 0) {
            int len = (int) Math.min(buffer.length, pos);
            pos -= len;
            raf.seek(pos);
            raf.readFully(buffer, 0, len);
            for (int i = len - 1; i >= 0; i--) {
                if (buffer[i] == '\n') {
                    return pos + i + 1;
                }
            }
        }
        return 0;
    }

    private static void moveTornTail(Path file, RandomAccessFile raf, long completeEnd, Clock clock) throws IOException {
        byte[] torn = new byte[(int) Math.min(raf.length() - completeEnd, 16 * 1024 * 1024)];
        raf.seek(completeEnd);
        raf.readFully(torn);
        Path aside = file.resolveSibling(file.getFileName() + ".torn-" + clock.millis());
        Files.write(aside, torn);
        raf.setLength(completeEnd);
        raf.getFD().sync();
        LOG.warn("audit log {}: last line was torn ({} bytes, no newline) — moved to {}; the chain continues from the last complete entry",
                file, torn.length, aside);
    }

    private static String hashOfLastLine(Path file, RandomAccessFile raf, long completeEnd) throws IOException {
        long start = completeEnd - 1;
        while (start > 0) {
            raf.seek(start - 1);
            if (raf.read() == '\n') {
                break;
            }
            start--;
        }
        byte[] line = new byte[(int) (completeEnd - 1 - start)];
        raf.seek(start);
        raf.readFully(line);
        ObjectNode entry = HashChainedAuditLog.parseLine(MAPPER, new String(line, StandardCharsets.UTF_8));
        if (entry == null || !entry.path("hash").isTextual()) {
            throw new IOException("audit log " + file + " is corrupt: its last line is not an audit entry; run `audit verify --log " + file + "`");
        }
        return entry.get("hash").asText();
    }
}
