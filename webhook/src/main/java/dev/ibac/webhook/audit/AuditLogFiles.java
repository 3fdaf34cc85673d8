package dev.ibac.webhook.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of a rotated audit log: {@code <log>} is active, {@code <log>.1} the most recently
 * rotated, {@code <log>.N} the oldest kept. Read in order, they form one hash chain.
 */
public final class AuditLogFiles {
    /** Far above any sensible {@code keep}; bounds what a directory someone filled by hand can make us read. */
    static final int MAX_ROTATED = 1_000;

    private AuditLogFiles() {}

    /** {@code <log>.n}: the n-th most recently rotated file. */
    public static Path rotated(Path log, int n) {
        return log.resolveSibling(log.getFileName() + "." + n);
    }

    /**
     * The rotated files that exist, oldest first, then the active one when it exists: the chain's
     * order. Numbers need not be contiguous — a missing {@code <log>.2} between {@code .3} and
     * {@code .1} leaves a gap that verification reports instead of hiding the older files.
     */
    public static List<Path> oldestFirst(Path log) throws IOException {
        Path dir = log.toAbsolutePath().getParent();
        Pattern name = Pattern.compile(Pattern.quote(log.getFileName().toString()) + "\\.([1-9][0-9]{0,3})");
        List<Integer> numbers;
        try (Stream<Path> siblings = Files.list(dir)) {
            numbers = siblings.map(p -> name.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> Integer.valueOf(m.group(1))).filter(n -> n <= MAX_ROTATED)
                    .sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException noDirectory) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        numbers.forEach(n -> files.add(rotated(log, n)));
        if (Files.exists(log)) {
            files.add(log);
        }
        return files;
    }

    /** The active file first, then {@code <log>.1}, {@code <log>.2} …: the order to read the newest entries in. */
    public static List<Path> newestFirst(Path log) throws IOException {
        List<Path> files = new ArrayList<>(oldestFirst(log));
        Collections.reverse(files);
        return files;
    }
}
