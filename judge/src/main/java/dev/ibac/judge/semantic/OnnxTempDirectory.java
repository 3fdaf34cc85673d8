package dev.ibac.judge.semantic;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ONNX Runtime extracts its native libraries into a fresh {@code onnxruntime-java*} directory under
 * {@code java.io.tmpdir} and asks for the libraries and the directory to be deleted on exit — the
 * directory first, while it still holds the libraries, so every run of IBAC left an empty folder
 * behind. Once loaded, a library's file is no longer needed (Linux and macOS keep the mapping), so
 * we delete them and the directory now. ONNX Runtime keeps the path in a private static field: we
 * touch exactly that directory, never another process's.
 */
final class OnnxTempDirectory {
    private OnnxTempDirectory() {}

    /** Best effort: where a file cannot go (a loaded DLL on Windows), the on-exit deletion stays as it was. */
    static void remove() {
        try {
            Field field = Class.forName("ai.onnxruntime.OnnxRuntime").getDeclaredField("tempDirectory");
            field.setAccessible(true);
            if (field.get(null) instanceof Path dir && Files.isDirectory(dir)) {
                try (DirectoryStream<Path> libraries = Files.newDirectoryStream(dir, Files::isRegularFile)) {
                    for (Path library : libraries) {
                        Files.deleteIfExists(library);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
            // not ours to fail over: a stray temp folder is all that is left
        }
    }
}
