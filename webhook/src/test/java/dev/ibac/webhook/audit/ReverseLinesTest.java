package dev.ibac.webhook.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReverseLinesTest {
    @TempDir
    Path dir;

    @Test
    void gives_lines_last_first_across_chunk_boundaries_and_keeps_multibyte_text_whole() throws IOException {
        // lines of ~1 KiB with a 3-byte character: some straddle the 64 KiB chunks, bytes included
        List<String> written = IntStream.range(0, 300).mapToObj(i -> i + " €" + "y".repeat(1000 + i % 7)).toList();
        Path file = dir.resolve("f");
        Files.write(file, written, StandardCharsets.UTF_8);
        List<String> expected = new ArrayList<>(written);
        java.util.Collections.reverse(expected);
        assertThat(readAll(file, 1 << 20)).containsExactlyElementsOf(expected);
    }

    @Test
    void a_last_line_without_its_newline_is_not_a_line_yet() throws IOException {
        Path file = dir.resolve("f");
        Files.writeString(file, "one\ntwo\nthr");
        assertThat(readAll(file, 100)).containsExactly("two", "one");
    }

    @Test
    void skips_empty_lines_and_lines_longer_than_the_limit() throws IOException {
        Path file = dir.resolve("f");
        Files.writeString(file, "first\n\n" + "z".repeat(200_000) + "\nlast\n");
        assertThat(readAll(file, 1000)).containsExactly("last", "first");
    }

    @Test
    void an_empty_file_has_no_lines() throws IOException {
        Path file = Files.createFile(dir.resolve("f"));
        assertThat(readAll(file, 100)).isEmpty();
    }

    private static List<String> readAll(Path file, int maxLineBytes) throws IOException {
        List<String> lines = new ArrayList<>();
        try (ReverseLines reverse = ReverseLines.open(file, maxLineBytes)) {
            for (String line = reverse.next(); line != null; line = reverse.next()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
