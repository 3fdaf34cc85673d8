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
import dev.ibac.webhook.pipeline.MissionIndex;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded mode's mission source: every {@code *.yaml}/{@code *.yml} file of a directory, polled
 * for changes. A file that fails to parse is reported, with what {@code check} says about it, and
 * its last good content stays in force, so a typo never silently removes a mission.
 */
public final class MissionDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MissionDirectory.class);

    private final Path dir;
    private final MissionIndex index;
    private final ObjectMapper yaml = YAMLMapper.builder().build();
    private final ObjectMapper objects = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final Map<Path, Loaded> files = new HashMap<>();
    private final ManifestChecker checker = new ManifestChecker(Clock.systemUTC());
    private final Consumer<String> report;
    private ScheduledExecutorService poller;

    private record Loaded(int contentHash, List<Mission> missions, List<Budget> budgets) {}

    public MissionDirectory(Path dir, MissionIndex index) {
        this(dir, index, LOG::error);
    }

    /** {@code report}: where each problem of a file that is not loaded goes, one line each (the log). */
    MissionDirectory(Path dir, MissionIndex index, Consumer<String> report) {
        this.dir = dir;
        this.index = index;
        this.report = report;
    }

    /** Loads the directory now; throws if it does not exist. */
    public synchronized void load() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("missions directory " + dir + (Files.exists(dir) ? " is not a directory" : " does not exist"));
        }
        Map<Path, Loaded> next = new HashMap<>();
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path file : paths.filter(MissionDirectory::isYaml).sorted().toList()) {
                next.put(file, loadIfChanged(file));
            }
        }
        files.clear();
        files.putAll(next);
        publish();
    }

    /** Re-reads changed files every {@code periodMillis}. */
    public void watch(long periodMillis) {
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ibac-missions-watch");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(() -> {
            try {
                load();
            } catch (IOException | RuntimeException e) {
                LOG.warn("missions directory {}: {}", dir, e.getMessage());
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Content, not mtime, decides: two edits within one mtime tick must not be missed. */
    private Loaded loadIfChanged(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        int hash = Arrays.hashCode(content);
        Loaded previous = files.get(file);
        if (previous != null && previous.contentHash == hash) {
            return previous;
        }
        try {
            Loaded loaded = parse(content, hash, file);
            LOG.info("loaded {}: {} missions, {} budgets", file.getFileName(), loaded.missions.size(), loaded.budgets.size());
            return loaded;
        } catch (IOException | IllegalArgumentException e) {
            String outcome = previous == null ? "file skipped" : "file not loaded, keeping its previous content";
            List<String> problems = problems(file, content, e);
            problems.forEach(problem -> report.accept(problem + " (" + outcome + ")"));
            return previous == null ? new Loaded(hash, List.of(), List.of()) : new Loaded(hash, previous.missions, previous.budgets);
        }
    }

    /**
     * What {@code check} says about the file, one line per problem naming the file, rather than the
     * deserializer's text (type names, reference chains). Other kinds are no problem here: they are
     * skipped, so the checker's "not Mission or Budget" findings are left out.
     */
    private List<String> problems(Path file, byte[] content, Exception e) {
        List<String> problems = checker.check(file.toString(), content).stream()
                .filter(f -> f.object().equals("YAML") || f.object().startsWith("Mission ") || f.object().startsWith("Budget "))
                .map(Finding::toString).toList();
        if (!problems.isEmpty()) {
            return problems;
        }
        String why = e instanceof JsonProcessingException j ? YamlSyntax.oneLine(j) : e.getMessage();
        return List.of(why.startsWith(file.toString()) ? why : file + ": " + why);
    }

    private Loaded parse(byte[] content, int hash, Path file) throws IOException {
        List<Mission> missions = new ArrayList<>();
        List<Budget> budgets = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(content)) {
            for (var docs = yaml.readValues(parser, JsonNode.class); docs.hasNextValue(); ) {
                JsonNode doc = docs.nextValue();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                switch (doc.path("kind").asText()) {
                    case "Mission" -> missions.add(named(objects.treeToValue(doc, Mission.class), file));
                    case "Budget" -> budgets.add(named(objects.treeToValue(doc, Budget.class), file));
                    default -> LOG.debug("{}: skipping {} (not a Mission or Budget)", file, doc.path("kind").asText());
                }
            }
        }
        return new Loaded(hash, missions, budgets);
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

    private void publish() {
        index.replace(files.values().stream().flatMap(l -> l.missions.stream()).toList(),
                files.values().stream().flatMap(l -> l.budgets.stream()).toList());
    }

    private static boolean isYaml(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
