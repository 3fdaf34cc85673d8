package dev.ibac.webhook.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoErrorsTest {
    @TempDir
    Path dir;

    private static IOException failure(org.junit.jupiter.api.function.Executable io) {
        try {
            io.execute();
        } catch (IOException e) {
            return e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        throw new AssertionError("no IOException");
    }

    @Test
    void nio_exceptions_that_carry_only_a_path_get_a_reason() throws IOException {
        Path missing = dir.resolve("missing");
        IOException noSuchFile = failure(() -> Files.readString(missing));
        assertThat(noSuchFile.getMessage()).isEqualTo(missing.toString());
        assertThat(IoErrors.describe(missing, noSuchFile)).isEqualTo(missing + ": no such file or directory");
        assertThat(IoErrors.describe(null, noSuchFile)).isEqualTo(missing + ": no such file or directory");

        Path file = Files.writeString(dir.resolve("file"), "x");
        IOException exists = failure(() -> Files.createDirectories(file));
        assertThat(IoErrors.describe(file, exists)).isEqualTo(file + ": it is a file");

        IOException inside = failure(() -> Files.writeString(file.resolve("child"), "x"));
        assertThat(IoErrors.describe(file, inside)).isEqualTo(file.resolve("child") + ": not a directory");
    }

    @Test
    void other_io_exceptions_keep_their_message_under_the_path() {
        IOException directory = failure(() -> Files.readString(dir));
        assertThat(IoErrors.describe(dir, directory)).isEqualTo(dir + ": is a directory");
        assertThat(IoErrors.reason(new IOException((String) null))).isEqualTo("IOException");
    }

    @Test
    void not_a_regular_file_says_why() throws IOException {
        assertThat(IoErrors.notARegularFile(Files.writeString(dir.resolve("f"), "x"))).isNull();
        assertThat(IoErrors.notARegularFile(dir)).isEqualTo("it is a directory");
        assertThat(IoErrors.notARegularFile(dir.resolve("nope"))).isEqualTo("no such file or directory");
    }
}
