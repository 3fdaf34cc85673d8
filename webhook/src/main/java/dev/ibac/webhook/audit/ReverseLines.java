package dev.ibac.webhook.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A file's complete lines, last first, read in chunks from its end: the newest audit entries cost
 * the same whatever the file's size. Bytes after the last newline (a line still being written)
 * are not a line yet; a line longer than {@code maxLineBytes} is skipped, never buffered whole.
 */
public final class ReverseLines implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;
    private final FileChannel channel;
    private final int maxLineBytes;
    private final Deque<String> ready = new ArrayDeque<>();
    private ByteArrayOutputStream carry = new ByteArrayOutputStream();
    private boolean carryTooLong;
    private long position;

    private ReverseLines(FileChannel channel, int maxLineBytes, long end) {
        this.channel = channel;
        this.maxLineBytes = maxLineBytes;
        this.position = end;
    }

    public static ReverseLines open(Path file, int maxLineBytes) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new ReverseLines(channel, maxLineBytes, endOfLastLine(channel));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The previous line, or null at the start of the file. */
    public String next() throws IOException {
        while (ready.isEmpty() && position > 0) {
            readChunk();
        }
        if (ready.isEmpty() && position == 0 && (carry.size() > 0 || carryTooLong)) {
            finishLine();
        }
        return ready.pollFirst();
    }

    /** Offset just after the last newline: the end of the last complete line (0 when there is none). */
    private static long endOfLastLine(FileChannel channel) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(CHUNK);
        for (long end = channel.size(); end > 0; ) {
            int len = (int) Math.min(CHUNK, end);
            one.clear().limit(len);
            channel.read(one, end - len);
            for (int i = len - 1; i >= 0; i--) {
                if (one.get(i) == '\n') {
                    return end - len + i + 1;
                }
            }
            end -= len;
        }
        return 0;
    }

    private void readChunk() throws IOException {
        int len = (int) Math.min(CHUNK, position);
        position -= len;
        byte[] bytes = new byte[len];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) >= 0) {
            // a FileChannel may read less than asked
        }
        int lineEnd = len;
        for (int i = len - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                prepend(bytes, i + 1, lineEnd);
                finishLine();
                lineEnd = i;
            }
        }
        prepend(bytes, 0, lineEnd);
    }

    private void prepend(byte[] bytes, int from, int to) {
        if (carryTooLong || carry.size() + (to - from) > maxLineBytes) {
            carryTooLong = true;
            return;
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream(carry.size() + to - from);
        joined.write(bytes, from, to - from);
        joined.writeBytes(carry.toByteArray());
        carry = joined;
    }

    /** The carried bytes form a whole line: it is older than every line found so far in this chunk. */
    private void finishLine() {
        if (!carryTooLong && carry.size() > 0) {
            ready.addLast(carry.toString(StandardCharsets.UTF_8));
        }
        carry = new ByteArrayOutputStream();
        carryTooLong = false;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
