package dev.ibac.webhook.cli;

import dev.ibac.webhook.problem.IoErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The logs {@code --log} names: files, or folders holding them — one per replica, e.g. each pod's
 * {@code /var/log/ibac} copied into {@code logs/ibac-0/}, {@code logs/ibac-1/}. A folder stands for
 * every active log ({@code *.jsonl}) in it and in its sub-folders one level down; rotated files
 * ({@code .1}, {@code .2} …), heads and torn tails belong to their log and are not logs of their own.
 */
final class AuditLogArgs {
    private AuditLogArgs() {}

    static List<Path> expand(CommandSpec spec, List<Path> given) {
        List<Path> logs = new ArrayList<>();
        for (Path path : given) {
            if (Files.isDirectory(path)) {
                List<Path> found = logsIn(path);
                if (found.isEmpty()) {
                    throw new ParameterException(spec.commandLine(), "--log " + path
                            + ": a folder with no audit log (*.jsonl) in it or its sub-folders");
                }
                logs.addAll(found);
            } else {
                String problem = IoErrors.notARegularFile(path);
                if (problem != null) {
                    throw new ParameterException(spec.commandLine(), "--log " + path + ": " + problem);
                }
                logs.add(path);
            }
        }
        return logs.stream().distinct().toList();
    }

    private static List<Path> logsIn(Path dir) {
        try (Stream<Path> files = Files.walk(dir, 2)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
