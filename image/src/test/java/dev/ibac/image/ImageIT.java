package dev.ibac.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image's application layers, as Jib builds them for the push but on the empty base
 * {@code scratch} (the {@code app-layers} execution: no registry, no network), so the tar holds exactly
 * what IBAC adds to its base image. They stay within a budget below the jar users download, carry only
 * Linux x64/aarch64 natives and no debug symbols, hold the jar's classpath entries less macOS natives,
 * and the semantic judge's model loads when the image's own entrypoint runs on Linux x64.
 */
class ImageIT {
    /** What IBAC adds to its base image, compressed as a registry stores and a node pulls it. */
    static final long MAX_APP_LAYER_BYTES = 100L * 1000 * 1000;
    private static final Path TAR = Path.of("target", "app-layers.tar");
    private static final Path JAR = Path.of(System.getProperty("ibac.jar", "../webhook/target/ibac.jar"));
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A native library or debug symbols, wherever they sit. */
    private static final Pattern NATIVE = Pattern.compile(".*(\\.so(\\.[0-9.]+)?|\\.dll|\\.dylib|\\.jnilib|\\.pdb|\\.dSYM/.*)$");
    /** A directory naming Linux on x64 or aarch64, as ONNX Runtime, the DJL tokenizers and JNA spell it. */
    private static final Pattern LINUX_X64_AARCH64 = Pattern.compile(".*/linux-(x64|x86_64|x86-64|aarch64)/.*");
    private static final Pattern MACOS = Pattern.compile(".*/(osx|darwin)-[^/]+/.*");

    private static JsonNode config;
    private static List<Layer> layers;

    @TempDir
    Path tmp;

    /** One layer of the image: its size in the tar (gzipped) and its files. */
    record Layer(String name, long compressedBytes, Map<String, byte[]> files) {}

    @BeforeAll
    static void readImage() throws IOException {
        Map<String, byte[]> tar = Tar.read(Files.newInputStream(TAR));
        JsonNode manifest = JSON.readTree(tar.get("manifest.json")).get(0);
        config = JSON.readTree(tar.get(manifest.get("Config").asText()));
        layers = new ArrayList<>();
        for (JsonNode name : manifest.get("Layers")) {
            byte[] blob = tar.get(name.asText());
            layers.add(new Layer(name.asText(), blob.length, Tar.read(new GZIPInputStream(new java.io.ByteArrayInputStream(blob)))));
        }
    }

    @Test
    void the_application_layers_stay_within_the_budget_and_below_the_jar() throws IOException {
        long bytes = layers.stream().mapToLong(Layer::compressedBytes).sum();
        assertThat(bytes).as("application layers, compressed").isLessThanOrEqualTo(MAX_APP_LAYER_BYTES)
                .isLessThan(Files.size(JAR));
    }

    @Test
    void only_linux_x64_and_aarch64_natives_and_no_debug_symbols() throws IOException {
        List<String> natives = new ArrayList<>();
        forEachClasspathEntry((file, entry) -> {
            if (NATIVE.matcher(entry).matches()) {
                natives.add(file + "!/" + entry);
            }
        });
        assertThat(natives).allMatch(n -> LINUX_X64_AARCH64.matcher(n).matches() && !n.endsWith(".pdb") && !n.contains(".dSYM/"))
                .anyMatch(n -> n.endsWith("!/ai/onnxruntime/native/linux-x64/libonnxruntime.so"))
                .anyMatch(n -> n.endsWith("!/ai/onnxruntime/native/linux-aarch64/libonnxruntime.so"))
                .anyMatch(n -> n.endsWith("!/native/lib/linux-x86_64/cpu/libtokenizers.so"))
                .anyMatch(n -> n.endsWith("!/native/lib/linux-aarch64/cpu/libtokenizers.so"));
    }

    @Test
    void the_classpath_holds_what_the_jar_holds_less_macos_natives() throws IOException {
        Set<String> image = new TreeSet<>();
        forEachClasspathEntry((file, entry) -> {
            if (!file.equals(entry)) { // inside a jar
                image.add(entry);
            }
        });
        Set<String> jar = new TreeSet<>();
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            zip.stream().map(ZipEntry::getName).filter(n -> !MACOS.matcher("/" + n).matches()).forEach(jar::add);
        }
        assertThat(image).isEqualTo(jar);
    }

    @Test
    void the_image_runs_serve_as_a_non_root_user_on_8443() {
        JsonNode c = config.get("config");
        assertThat(c.get("User").asText()).isEqualTo("65532:65532");
        assertThat(c.get("ExposedPorts").has("8443/tcp")).isTrue();
        assertThat(c.get("Cmd").toString()).isEqualTo("[\"serve\"]");
        assertThat(config.get("os").asText()).isEqualTo("linux");
    }

    /**
     * The image's entrypoint and classpath file, run against the layers unpacked into a folder (its
     * {@code /app} mapped there) by this JVM instead of the base image's: the demo, whose semantic judge
     * loads the model through ONNX Runtime's Linux x64 natives from the image's jar.
     */
    @Test
    void the_model_loads_from_the_image_with_its_own_entrypoint_on_linux_x64() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux") && Set.of("amd64", "x86_64").contains(System.getProperty("os.arch")),
                "runs the image's Linux x64 natives");
        Path root = Files.createDirectories(tmp.resolve("root"));
        for (Layer layer : layers) {
            for (Map.Entry<String, byte[]> file : layer.files().entrySet()) {
                Path target = root.resolve(file.getKey().replaceFirst("^/+", ""));
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
        }
        List<String> command = new ArrayList<>();
        for (JsonNode arg : config.at("/config/Entrypoint")) {
            String a = arg.asText();
            if (a.startsWith("@")) { // a Java argument file: its paths are the container's
                a = Files.readString(root.resolve(a.substring(2)), StandardCharsets.UTF_8).trim();
            }
            command.add(a.equals("java") ? Path.of(System.getProperty("java.home"), "bin", "java").toString()
                    : a.replace("/app/", root.resolve("app") + "/"));
        }
        command.add(1, "-Djava.io.tmpdir=" + Files.createDirectories(tmp.resolve("tmpdir")));
        command.addAll(List.of("demo", "--state", tmp.resolve("state").toString()));
        Path out = tmp.resolve("out.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("IBAC_")); // the semantic judge, whatever the CI sets
        Process demo = builder.start();
        // tells a hang from an answer: the demo takes seconds, a loaded machine may take a minute
        assertThat(demo.waitFor(5, TimeUnit.MINUTES)).as("demo finished").isTrue();
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(demo.exitValue()).as(output).isZero();
        assertThat(output).contains("judge: semantic", "reasoning (semantic judge)", "hash chain intact");
    }

    private interface EntryVisitor {
        void visit(String file, String entry);
    }

    /** Every entry of every jar in the layers, and every other file as itself. */
    private static void forEachClasspathEntry(EntryVisitor visitor) throws IOException {
        for (Layer layer : layers) {
            for (Map.Entry<String, byte[]> file : layer.files().entrySet()) {
                if (!file.getKey().endsWith(".jar")) {
                    visitor.visit(file.getKey(), file.getKey());
                    continue;
                }
                try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(file.getValue()))) {
                    for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                        visitor.visit(file.getKey(), e.getName());
                    }
                }
            }
        }
    }

    @Test
    void the_jvm_arg_files_are_the_only_files_beside_the_jar() {
        Map<String, Integer> files = new LinkedHashMap<>();
        layers.forEach(l -> l.files().keySet().forEach(f -> files.merge(f, 1, Integer::sum)));
        assertThat(files.keySet()).allMatch(f -> f.startsWith("/app/")).anyMatch(f -> f.matches("/app/libs/webhook-.*-linux\\.jar"))
                .filteredOn(f -> !f.startsWith("/app/libs/")).containsExactlyInAnyOrder("/app/jib-classpath-file", "/app/jib-main-class-file");
    }

    /** Reads a tar (ustar, with the PAX and GNU long-name records Jib's writer may use): regular files by path. */
    static final class Tar {
        private Tar() {}

        static Map<String, byte[]> read(InputStream in) throws IOException {
            Map<String, byte[]> files = new HashMap<>();
            try (in) {
                String longName = null;
                while (true) {
                    byte[] header = in.readNBytes(512);
                    if (header.length < 512 || header[0] == 0) {
                        return files;
                    }
                    String name = field(header, 0, 100);
                    String prefix = field(header, 345, 155);
                    long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                    char type = (char) header[156];
                    byte[] data = in.readNBytes((int) size);
                    in.skipNBytes((512 - size % 512) % 512);
                    if (type == 'x') { // PAX: "len path=value\n" records
                        for (String record : new String(data, StandardCharsets.UTF_8).split("\n")) {
                            int at = record.indexOf(" path=");
                            if (at >= 0) {
                                longName = record.substring(at + 6);
                            }
                        }
                    } else if (type == 'L') { // GNU long name
                        longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
                    } else {
                        String path = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
                        longName = null;
                        if (type == '0' || type == 0) {
                            files.put(path.startsWith("/") || !path.contains("/") ? path : "/" + path, data);
                        }
                    }
                }
            }
        }

        private static String field(byte[] header, int offset, int length) {
            int end = offset;
            while (end < offset + length && header[end] != 0) {
                end++;
            }
            return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
        }
    }
}
