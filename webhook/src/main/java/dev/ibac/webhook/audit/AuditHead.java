package dev.ibac.webhook.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The chain head kept outside the log, in {@code <log>.head}: how many entries the active file
 * holds, the hash of its last one, and the hash its first entry chains from (which file generation
 * it describes across rotations). Cutting lines off the end of a log keeps the chain intact, so
 * only a record kept elsewhere shows the log ends early.
 *
 * <p>The writer replaces it after each fsynced batch, so it never claims entries that are not on
 * disk; after a crash it may lag the log by one batch, which is not a finding.
 */
public record AuditHead(long entries, String lastHash, String startHash) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A head file that exists but is not one: itself a finding (it is written atomically). */
    public static final class Unreadable extends IOException {
        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** {@code <log>.head}. */
    public static Path fileOf(Path log) {
        return log.resolveSibling(log.getFileName() + ".head");
    }

    /** The recorded head, empty when there is none; IOException when it exists but cannot be read. */
    public static Optional<AuditHead> read(Path log) throws IOException {
        Path file = fileOf(log);
        JsonNode node;
        try {
            node = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new Unreadable("audit head " + file + " is unreadable: " + e.getMessage(), e);
        }
        if (node == null || !node.path("entries").canConvertToLong() || !node.path("lastHash").isTextual()
                || !node.path("startHash").isTextual()) {
            throw new Unreadable("audit head " + file + " is not an audit head (entries, lastHash, startHash)", null);
        }
        return Optional.of(new AuditHead(node.get("entries").asLong(), node.get("lastHash").asText(), node.get("startHash").asText()));
    }

    /**
     * Replaces the head file atomically (temp file, rename). Not fsynced: the log it describes
     * already is, and a head that lags after a power loss only weakens the check by one batch.
     */
    void write(Path log) throws IOException {
        Path file = fileOf(log);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        ObjectNode node = MAPPER.createObjectNode().put("entries", entries).put("lastHash", lastHash).put("startHash", startHash);
        Files.write(temp, MAPPER.writeValueAsBytes(node));
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * What is wrong with a log file that starts from {@code fileStart} and holds {@code fileEntries}
     * entries ending in {@code fileLast}, given this head; null when it reaches the head. A head of the
     * generation before a rotation (its last hash is where this file starts) is satisfied too.
     */
    String shortfall(String fileStart, long fileEntries) {
        if (startHash.equals(fileStart)) {
            return fileEntries >= entries ? null
                    : "truncated: the log holds " + fileEntries + " entries but its head records " + entries + " ending in " + lastHash;
        }
        if (lastHash.equals(fileStart)) {
            return null; // the head describes the file rotated away just before this one started
        }
        return "truncated or replaced: the log starts from " + fileStart + " but its head records a file starting from " + startHash
                + " with " + entries + " entries ending in " + lastHash;
    }
}
