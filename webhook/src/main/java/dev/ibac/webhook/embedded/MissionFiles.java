package dev.ibac.webhook.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ibac.crd.Budget;
import dev.ibac.crd.Mission;
import dev.ibac.crd.check.Finding;
import dev.ibac.crd.check.ManifestChecker;
import dev.ibac.crd.check.YamlSyntax;
import dev.ibac.webhook.problem.IoErrors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Missions and Budgets from YAML files, the one way {@code serve --missions}, {@code test}
 * and {@code replay} all read them. Other kinds are skipped. A file that cannot be read is a
 * {@link Problems} naming each problem as {@code check} names it.
 */
public final class MissionFiles {
    private static final Logger LOG = LoggerFactory.getLogger(MissionFiles.class);
    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final ObjectMapper OBJECTS = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** The Missions and Budgets of one or more files. */
    public record Contents(List<Mission> missions, List<Budget> budgets) {
        public Contents {
            missions = List.copyOf(missions);
            budgets = List.copyOf(budgets);
        }
    }

    /** What is wrong with a file, one line per problem, each naming the file. */
    public static final class Problems extends Exception {
        private final List<String> problems;

        Problems(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private MissionFiles() {}

    /** The {@code *.yaml} and {@code *.yml} files directly in {@code dir}, sorted. */
    public static List<Path> yamlFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("missions directory " + dir + (Files.exists(dir) ? " is not a directory" : " does not exist"));
        }
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.filter(MissionFiles::isYaml).sorted().toList();
        }
    }

    /**
     * Every Mission and Budget of the files; the first file that cannot be read (missing, not YAML,
     * not a valid Mission or Budget) throws with what {@code check} says about it.
     */
    public static Contents read(List<Path> files) throws Problems {
        List<Mission> missions = new ArrayList<>();
        List<Budget> budgets = new ArrayList<>();
        for (Path file : files) {
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new Problems(List.of(IoErrors.describe(file, e)));
            }
            Contents one = parse(file, content);
            missions.addAll(one.missions());
            budgets.addAll(one.budgets());
        }
        return new Contents(missions, budgets);
    }

    /**
     * {@link #read} for {@code test} and {@code replay}, stricter than {@code serve}'s: the files
     * must also pass {@code check} (unknown fields, bad globs, empty scope…), since a typo in a
     * tested or replayed Mission would otherwise test nothing. Expiry is not held against the
     * present: a test's {@code now} and a replayed entry's time decide it, as the pipeline does.
     */
    public static Contents readChecked(List<Path> files) throws Problems {
        Contents contents = read(files);
        ManifestChecker checker = new ManifestChecker(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                checker.check(file).stream()
                        .filter(f -> f.isError() && (f.object().equals("YAML") || f.object().startsWith("Mission ")
                                || f.object().startsWith("Budget ")))
                        .map(Finding::toString).forEach(problems::add);
            } catch (IOException e) {
                problems.add(IoErrors.describe(file, e));
            }
        }
        if (!problems.isEmpty()) {
            throw new Problems(problems);
        }
        return contents;
    }

    /** The Missions and Budgets of one file's content; throws naming each problem as {@code check} would. */
    static Contents parse(Path file, byte[] content) throws Problems {
        try {
            return parseOrThrow(content, file);
        } catch (IOException | IllegalArgumentException e) {
            throw new Problems(problems(file, content, e));
        }
    }

    /**
     * What {@code check} says about the file, one line per problem naming the file, rather than the
     * deserializer's text (type names, reference chains). Other kinds are no problem here: they are
     * skipped, so the checker's "not Mission or Budget" findings are left out.
     */
    private static List<String> problems(Path file, byte[] content, Exception e) {
        List<String> problems = new ManifestChecker(Clock.systemUTC()).check(file.toString(), content).stream()
                .filter(Finding::isError) // warnings and notes do not stop a file from loading
                .filter(f -> f.object().equals("YAML") || f.object().startsWith("Mission ") || f.object().startsWith("Budget "))
                .map(Finding::toString).toList();
        if (!problems.isEmpty()) {
            return problems;
        }
        String why = e instanceof JsonProcessingException j ? YamlSyntax.oneLine(j) : e.getMessage();
        return List.of(why.startsWith(file.toString()) ? why : file + ": " + why);
    }

    private static Contents parseOrThrow(byte[] content, Path file) throws IOException {
        List<Mission> missions = new ArrayList<>();
        List<Budget> budgets = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(content)) {
            for (var docs = YAML.readValues(parser, JsonNode.class); docs.hasNextValue(); ) {
                JsonNode doc = docs.nextValue();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                switch (doc.path("kind").asText()) {
                    case "Mission" -> missions.add(named(OBJECTS.treeToValue(doc, Mission.class), file));
                    case "Budget" -> budgets.add(named(OBJECTS.treeToValue(doc, Budget.class), file));
                    default -> LOG.debug("{}: skipping {} (not a Mission or Budget)", file, doc.path("kind").asText());
                }
            }
        }
        return new Contents(missions, budgets);
    }

    private static <T extends HasMetadata> T named(T resource, Path file) {
        if (resource.getMetadata() == null || resource.getMetadata().getName() == null
                || resource.getMetadata().getNamespace() == null) {
            throw new IllegalArgumentException(file + ": every Mission and Budget needs metadata.name and metadata.namespace");
        }
        if (resource.getMetadata().getGeneration() == null) {
            // files have no API server to count generations: the spec's value hash changes whenever
            // the spec does, which is all verdict caching needs from a generation
            Object spec = resource instanceof Mission m ? m.getSpec() : ((Budget) resource).getSpec();
            resource.getMetadata().setGeneration((long) Objects.hashCode(spec) & 0xffffffffL);
        }
        return resource;
    }

    static boolean isYaml(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }
}
