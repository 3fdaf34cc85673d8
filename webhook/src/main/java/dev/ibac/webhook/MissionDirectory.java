package dev.ibac.webhook;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ibac.crd.Budget;
import dev.ibac.crd.Mission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded mode's mission source: every {@code *.yaml}/{@code *.yml} file of a directory, polled
 * for changes. A file that fails to parse is reported and its last good content stays in force,
 * so a typo never silently removes a mission.
 */
final class MissionDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MissionDirectory.class);

    private final Path dir;
    private final MissionIndex index;
    private final ObjectMapper yaml = YAMLMapper.builder().build();
    private final ObjectMapper objects = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final Map<Path, Loaded> files = new HashMap<>();
    private ScheduledExecutorService poller;

    private record Loaded(int contentHash, List<Mission> missions, List<Budget> budgets) {}

    MissionDirectory(Path dir, MissionIndex index) {
        this.dir = dir;
        this.index = index;
    }

    /** Loads the directory now; throws if it does not exist. */
    synchronized void load() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("missions directory " + dir + " does not exist");
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
    void watch(long periodMillis) {
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
        int hash = java.util.Arrays.hashCode(content);
        Loaded previous = files.get(file);
        if (previous != null && previous.contentHash == hash) {
            return previous;
        }
        try {
            Loaded loaded = parse(content, hash, file);
            LOG.info("loaded {}: {} missions, {} budgets", file.getFileName(), loaded.missions.size(), loaded.budgets.size());
            return loaded;
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("{}: not loaded, keeping its previous content: {}", file, e.getMessage());
            return previous == null ? new Loaded(hash, List.of(), List.of()) : new Loaded(hash, previous.missions, previous.budgets);
        }
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

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T named(T resource, Path file) {
        if (resource.getMetadata() == null || resource.getMetadata().getName() == null
                || resource.getMetadata().getNamespace() == null) {
            throw new IllegalArgumentException(file + ": every Mission and Budget needs metadata.name and metadata.namespace");
        }
        if (resource.getMetadata().getGeneration() == null) {
            // files have no API server to count generations: the spec's value hash changes whenever
            // the spec does, which is all verdict caching needs from a generation
            Object spec = resource instanceof Mission m ? m.getSpec() : ((Budget) resource).getSpec();
            resource.getMetadata().setGeneration((long) java.util.Objects.hashCode(spec) & 0xffffffffL);
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
