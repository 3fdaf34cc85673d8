package dev.ibac.webhook.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks an audit log's hash chain line by line and names the first file and line that do not
 * hold. A chain can be intact and still cut short, so it also checks the log reaches its head
 * ({@code <log>.head}, {@link AuditHead}) and, when given, a head kept elsewhere.
 */
public final class AuditVerifier {
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * The outcome. {@code firstBadLine} is 0 when the chain holds; otherwise {@code file} and
     * {@code firstBadLine} name where it breaks (for a log cut short: the line after its last).
     * {@code startHash} is what the first entry was checked against, {@code entries} how many
     * entries verified; {@code note}, when not null, is a finding that is not tampering (a torn last
     * line left by a crash).
     */
    public record Result(Path file, long entries, long firstBadLine, String problem, String startHash, String lastHash, String note) {
        public Result(Path file, long entries, long firstBadLine, String problem, String startHash, String lastHash) {
            this(file, entries, firstBadLine, problem, startHash, lastHash, null);
        }

        public boolean intact() {
            return firstBadLine == 0;
        }

        /** The chain holds as far as it goes but ends before a head known to have been written. */
        public boolean truncated() {
            return problem != null && problem.startsWith("truncated");
        }

        Result withProblem(long line, String why) {
            return new Result(file, entries, line, why, startHash, lastHash, note);
        }
    }

    /**
     * Verifies a rotated set — {@code <log>.N} … {@code <log>.1}, then {@code <log>} — as one chain.
     * Every file must continue exactly from the one before. The oldest file kept starts from
     * {@code startHash}; null trusts what its first entry says, since older files may have been
     * rotated away (compare it with the last hash an archive of those files verified to).
     */
    public Result verifyRotated(Path log, String startHash) throws IOException {
        return verifyRotated(log, startHash, null);
    }

    /** As {@link #verifyRotated(Path, String)}; {@code expectHead}, when not null, is a hash the chain must reach. */
    public Result verifyRotated(Path log, String startHash, String expectHead) throws IOException {
        List<Path> files = AuditLogFiles.oldestFirst(log);
        if (files.isEmpty()) {
            throw new NoSuchFileException(log.toString());
        }
        String start = startHash != null ? startHash : firstPrevHash(files.get(0));
        String prev = start;
        long entries = 0;
        boolean reached = expectHead == null;
        String note = null;
        for (Path file : files) {
            Scan scan = scan(file, prev, file.equals(log), expectHead);
            Result result = scan.result();
            entries += result.entries();
            reached |= scan.reachedExpected();
            note = result.note() != null ? result.note() : note;
            if (!result.intact()) {
                boolean atJoin = result.firstBadLine() == 1 && !file.equals(files.get(0)) && result.problem().startsWith("prevHash");
                String problem = atJoin ? result.problem() + ", or the rotated file before this one is missing" : result.problem();
                return new Result(file, entries, result.firstBadLine(), problem, start, result.lastHash(), note);
            }
            prev = result.lastHash();
        }
        Result whole = new Result(files.get(files.size() - 1), entries, 0, null, start, prev, note);
        return reached ? whole : whole.withProblem(entries + 1, notReached(expectHead, entries, prev));
    }

    private String firstPrevHash(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = reader.readLine();
            ObjectNode entry = line == null ? null : HashChainedAuditLog.parseLine(mapper, line);
            return entry == null ? AuditChain.GENESIS : entry.path("prevHash").asText(AuditChain.GENESIS);
        }
    }

    /** Verifies one file whose first entry chains from {@code startHash} (64 zeros for a first file), and that it reaches its head. */
    public Result verify(Path log, String startHash) throws IOException {
        return verify(log, startHash, null);
    }

    /** As {@link #verify(Path, String)}; {@code expectHead}, when not null, is a hash the chain must reach. */
    public Result verify(Path log, String startHash, String expectHead) throws IOException {
        Scan scan = scan(log, startHash, true, expectHead);
        Result result = scan.result();
        if (result.intact() && !scan.reachedExpected()) {
            return result.withProblem(result.entries() + 1, notReached(expectHead, result.entries(), result.lastHash()));
        }
        return result;
    }

    private static String notReached(String expectHead, long entries, String last) {
        return "truncated: the log ends after " + entries + " entries at " + last + " without reaching the expected head " + expectHead;
    }

    private record Scan(Result result, boolean reachedExpected) {}

    /** One pass over a file: the chain, the head beside it when {@code checkHead}, and whether {@code expectHead} was seen. */
    private Scan scan(Path log, String startHash, boolean checkHead, String expectHead) throws IOException {
        Optional<AuditHead> head = checkHead ? AuditHead.read(log) : Optional.empty();
        String torn = tornLastLine(log);
        long tornLine = torn == null ? -1 : countLines(log);
        String prev = startHash;
        String fileStart = null;
        String atHead = null;
        boolean reached = expectHead == null || expectHead.equals(startHash);
        long lineNo = 0;
        try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (lineNo + 1 == tornLine) {
                    break; // the incomplete last line: reported as a crash leftover, not checked as an entry
                }
                lineNo++;
                ObjectNode entry = HashChainedAuditLog.parseLine(mapper, line);
                String problem = AuditChain.linkProblem(entry, prev);
                problem = problem != null ? problem : AuditChain.hashProblem(entry);
                if (problem != null) {
                    return new Scan(new Result(log, lineNo - 1, lineNo, problem, startHash, prev, torn), reached);
                }
                fileStart = fileStart == null ? entry.get("prevHash").asText() : fileStart;
                prev = entry.get("hash").asText();
                reached |= prev.equals(expectHead);
                if (head.isPresent() && lineNo == head.get().entries()) {
                    atHead = prev;
                }
            }
        }
        Result result = new Result(log, lineNo, 0, null, startHash, prev, torn);
        if (head.isPresent()) {
            String shortfall = headProblem(head.get(), fileStart == null ? startHash : fileStart, lineNo, atHead);
            if (shortfall != null) {
                return new Scan(result.withProblem(lineNo + 1, shortfall + " (" + AuditHead.fileOf(log).getFileName() + ")"), reached);
            }
        }
        return new Scan(result, reached);
    }

    private static String headProblem(AuditHead head, String fileStart, long entries, String atHead) {
        String shortfall = head.shortfall(fileStart, entries);
        if (shortfall == null && head.startHash().equals(fileStart) && head.entries() > 0 && !head.lastHash().equals(atHead)) {
            return "truncated or rewritten: entry " + head.entries() + " has hash " + atHead + " but its head records " + head.lastHash();
        }
        return shortfall;
    }

    private static long countLines(Path log) throws IOException {
        try (var all = Files.lines(log, StandardCharsets.UTF_8)) {
            return all.count();
        }
    }

    /** A note when the file does not end with a newline: the server's write was cut short by a crash. */
    private static String tornLastLine(Path log) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(log.toFile(), "r")) {
            long length = raf.length();
            if (length == 0) {
                return null;
            }
            raf.seek(length - 1);
            if (raf.read() == '\n') {
                return null;
            }
        }
        return "the last line of " + log.getFileName() + " is incomplete (no newline): a write cut short by a crash, not tampering;"
                + " it was never acknowledged, and the server moves it to " + log.getFileName() + ".torn-<millis> when it starts";
    }
}
