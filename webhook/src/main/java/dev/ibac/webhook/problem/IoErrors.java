package dev.ibac.webhook.problem;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Readable phrases for I/O failures. NIO's exceptions often carry nothing but a path as their
 * message ({@code NoSuchFileException: /etc/x}), which on its own tells an operator nothing.
 */
public final class IoErrors {
    private IoErrors() {}

    /**
     * {@code "PATH: reason"} for a failure to use {@code path}, e.g. {@code "/etc/x: no such file or directory"}.
     * When the exception names another file (one inside {@code path}, say) that file is named instead;
     * {@code path} may be null when there is no better subject than the exception's own.
     */
    public static String describe(Path path, IOException e) {
        String file = e instanceof FileSystemException f ? f.getFile() : null;
        String subject = file != null && (path == null || !Path.of(file).equals(path)) ? file : path == null ? null : path.toString();
        String other = e instanceof FileSystemException f && f.getOtherFile() != null ? " -> " + f.getOtherFile() : "";
        return subject == null ? reason(e) : subject + other + ": " + reason(e);
    }

    /** Why {@code e} happened, without the path: "no such file or directory", "permission denied", "it is a file", … */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() != null && Files.isRegularFile(Path.of(f.getFile())) ? "it is a file" : "it already exists";
        }
        String message = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.length() > 1 && Character.isLowerCase(message.charAt(1))
                ? message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1) : message;
    }

    /** Null when {@code path} is a regular file (or a link to one); else why not, phrased like {@link #reason}. */
    public static String notARegularFile(Path path) {
        if (Files.isRegularFile(path)) {
            return null;
        }
        if (Files.isDirectory(path)) {
            return "it is a directory";
        }
        return Files.exists(path) ? "not a regular file" : "no such file or directory";
    }
}
