package dev.ibac.webhook.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks an audit log's hash chain line by line and names the first line that does not hold. */
public final class AuditVerifier {
    private final ObjectMapper mapper = new ObjectMapper();

    /** The outcome: {@code firstBadLine} is 0 when the chain holds. */
    public record Result(long entries, long firstBadLine, String problem, String lastHash) {
        public boolean intact() {
            return firstBadLine == 0;
        }
    }

    /**
     * Verifies a rotated set — {@code <log>.n} … {@code <log>.1}, then {@code <log>} — as one chain.
     * The oldest file kept is trusted to start where its first entry says (older files may have been
     * rotated away); every later file must continue exactly from the one before.
     */
    public Result verifyRotated(Path log) throws IOException {
        java.util.List<Path> files = new java.util.ArrayList<>();
        for (int n = 1; Files.exists(HashChainedAuditLog.rotated(log, n)); n++) {
            files.add(0, HashChainedAuditLog.rotated(log, n));
        }
        files.add(log);
        String prev = firstPrevHash(files.get(0));
        long entries = 0;
        for (Path file : files) {
            Result result = verify(file, prev);
            entries += result.entries();
            if (!result.intact()) {
                return new Result(entries, result.firstBadLine(), file.getFileName() + " line " + result.firstBadLine() + ": " + result.problem(), result.lastHash());
            }
            prev = result.lastHash();
        }
        return new Result(entries, 0, null, prev);
    }

    private String firstPrevHash(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = reader.readLine();
            ObjectNode entry = line == null ? null : HashChainedAuditLog.parseLine(mapper, line);
            return entry == null ? AuditChain.GENESIS : entry.path("prevHash").asText(AuditChain.GENESIS);
        }
    }

    /** Verifies a log whose first entry chains from {@code startHash} (64 zeros for a first file). */
    public Result verify(Path log, String startHash) throws IOException {
        String prev = startHash;
        long lineNo = 0;
        try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNo++;
                String problem = problem(line, prev);
                if (problem != null) {
                    return new Result(lineNo - 1, lineNo, problem, prev);
                }
                prev = mapper.readTree(line).get("hash").asText();
            }
        }
        return new Result(lineNo, 0, null, prev);
    }

    private String problem(String line, String expectedPrev) {
        ObjectNode entry = HashChainedAuditLog.parseLine(mapper, line);
        if (entry == null) {
            return "not a JSON object";
        }
        if (!entry.path("hash").isTextual() || !entry.path("prevHash").isTextual()) {
            return "missing hash or prevHash";
        }
        if (!entry.get("prevHash").asText().equals(expectedPrev)) {
            return "prevHash does not match the previous entry's hash (an entry was removed, reordered or inserted)";
        }
        String expected;
        try {
            expected = AuditChain.hash(entry);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return expected.equals(entry.get("hash").asText()) ? null : "hash does not match the entry's content (the entry was altered)";
    }
}
