package dev.ibac.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar users download (built by the package phase, so a failsafe IT): at most 120 MB, natives
 * only for Linux x64/aarch64 and macOS x64/aarch64, no debug symbols, and the semantic judge still loads from
 * it — the demo run as {@code java -jar ibac.jar demo} — with a quiet start and no temp folder left.
 */
class ShadedJarIT {
    private static final long MAX_BYTES = 120L * 1000 * 1000;
    private static final Path JAR = Path.of("target", "ibac.jar");

    @TempDir
    Path tmp;

    @Test
    void the_jar_is_at_most_120_mb_with_natives_for_the_platforms_users_run() throws Exception {
        assertThat(Files.size(JAR)).as("ibac.jar bytes").isLessThanOrEqualTo(MAX_BYTES);
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names).noneMatch(n -> n.endsWith(".pdb") || n.contains(".dSYM/"))
                    .noneMatch(n -> n.startsWith("ai/onnxruntime/native/win-") || n.startsWith("native/lib/win-"))
                    .noneMatch(n -> n.matches("com/sun/jna/(win32|aix|sunos|.*bsd)-.*") || n.matches("com/sun/jna/linux-(?!x86-64/|aarch64/).*"))
                    .contains("ai/onnxruntime/native/linux-x64/libonnxruntime.so", "ai/onnxruntime/native/linux-aarch64/libonnxruntime.so",
                            "ai/onnxruntime/native/osx-x64/libonnxruntime.dylib", "ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib",
                            "native/lib/linux-x86_64/cpu/libtokenizers.so", "native/lib/linux-aarch64/cpu/libtokenizers.so");
        }
    }

    @Test
    void the_demo_runs_from_the_jar_with_the_semantic_judge_quietly_and_leaves_no_temp_folder() throws Exception {
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Path tmpdir = Files.createDirectories(tmp.resolve("tmpdir"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmpdir, "-jar", JAR.toAbsolutePath().toString(),
                "demo", "--state", tmp.resolve("state").toString())
                .directory(tmp.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("IBAC_")); // the semantic judge, whatever the CI sets
        Process demo = builder.start();
        // tells a hang from an answer: the demo takes seconds, a loaded machine may take a minute
        assertThat(demo.waitFor(5, TimeUnit.MINUTES)).as("demo finished").isTrue();

        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(demo.exitValue()).as(stdout + stderr).isZero();
        assertThat(stdout).contains("judge: semantic", "reasoning (semantic judge)", "hash chain intact");
        assertThat(stdout + stderr).doesNotContain("CudaUtils", "You are running Javalin", "Exception");
        try (Stream<Path> left = Files.list(tmpdir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("onnxruntime-java"));
        }
    }

}
