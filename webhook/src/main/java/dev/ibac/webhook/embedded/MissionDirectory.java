package dev.ibac.webhook.embedded;

import dev.ibac.crd.Budget;
import dev.ibac.crd.Mission;
import dev.ibac.webhook.pipeline.MissionIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
    private final Map<Path, Loaded> files = new HashMap<>();
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
        Map<Path, Loaded> next = new HashMap<>();
        for (Path file : MissionFiles.yamlFiles(dir)) {
            next.put(file, loadIfChanged(file));
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
            MissionFiles.Contents contents = MissionFiles.parse(file, content);
            Loaded loaded = new Loaded(hash, contents.missions(), contents.budgets());
            LOG.info("loaded {}: {} missions, {} budgets", file.getFileName(), loaded.missions.size(), loaded.budgets.size());
            return loaded;
        } catch (MissionFiles.Problems e) {
            String outcome = previous == null ? "file skipped" : "file not loaded, keeping its previous content";
            e.problems().forEach(problem -> report.accept(problem + " (" + outcome + ")"));
            return previous == null ? new Loaded(hash, List.of(), List.of()) : new Loaded(hash, previous.missions, previous.budgets);
        }
    }

    private void publish() {
        index.replace(files.values().stream().flatMap(l -> l.missions.stream()).toList(),
                files.values().stream().flatMap(l -> l.budgets.stream()).toList());
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
