package dev.ibac.webhook.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Checks an audit log's hash chain line by line and names the first file and line that do not hold. */
public final class AuditVerifier {
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * The outcome. {@code firstBadLine} is 0 when the chain holds; otherwise {@code file} and
     * {@code firstBadLine} name where it breaks. {@code startHash} is what the first entry was
     * checked against, {@code entries} how many entries verified.
     */
    public record Result(Path file, long entries, long firstBadLine, String problem, String startHash, String lastHash) {
        public boolean intact() {
            return firstBadLine == 0;
        }
    }

    /**
     * Verifies a rotated set — {@code <log>.N} … {@code <log>.1}, then {@code <log>} — as one chain.
     * Every file must continue exactly from the one before. The oldest file kept starts from
     * {@code startHash}; null trusts what its first entry says, since older files may have been
     * rotated away (compare it with the last hash an archive of those files verified to).
     */
    public Result verifyRotated(Path log, String startHash) throws IOException {
        List<Path> files = AuditLogFiles.oldestFirst(log);
        if (files.isEmpty()) {
            throw new NoSuchFileException(log.toString());
        }
        String start = startHash != null ? startHash : firstPrevHash(files.get(0));
        String prev = start;
        long entries = 0;
        for (Path file : files) {
            Result result = verify(file, prev);
            entries += result.entries();
            if (!result.intact()) {
                boolean atJoin = result.firstBadLine() == 1 && !file.equals(files.get(0)) && result.problem().startsWith("prevHash");
                String problem = atJoin ? result.problem() + ", or the rotated file before this one is missing" : result.problem();
                return new Result(file, entries, result.firstBadLine(), problem, start, result.lastHash());
            }
            prev = result.lastHash();
        }
        return new Result(files.get(files.size() - 1), entries, 0, null, start, prev);
    }

    private String firstPrevHash(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = reader.readLine();
            ObjectNode entry = line == null ? null : HashChainedAuditLog.parseLine(mapper, line);
            return entry == null ? AuditChain.GENESIS : entry.path("prevHash").asText(AuditChain.GENESIS);
        }
    }

    /** Verifies one file whose first entry chains from {@code startHash} (64 zeros for a first file). */
    public Result verify(Path log, String startHash) throws IOException {
        String prev = startHash;
        long lineNo = 0;
        try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNo++;
                String problem = problem(line, prev);
                if (problem != null) {
                    return new Result(log, lineNo - 1, lineNo, problem, startHash, prev);
                }
                prev = mapper.readTree(line).get("hash").asText();
            }
        }
        return new Result(log, lineNo, 0, null, startHash, prev);
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
