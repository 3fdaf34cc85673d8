package dev.ibac.webhook.approval;

import dev.ibac.crd.Approval;
import dev.ibac.webhook.problem.ConfigException;
import dev.ibac.webhook.problem.IoErrors;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded mode's approvals: one JSON file per approval in {@code <state>/approvals/<id>.json}, each
 * write a complete new file atomically moved over the old one (a crash leaves the old or the new,
 * never half), under a file lock shared by the server and the {@code ibac approve} CLI (two
 * processes on one directory). Every read goes to the files, so the running server sees a CLI
 * decision on its agent's next retry — well within the 2 s SPEC §5a asks — with no cache to go stale.
 * The number of files is bounded by the caller ({@link Approvals} caps pending approvals).
 */
public final class FileApprovalStore implements ApprovalStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileApprovalStore.class);
    static final String DIRECTORY = "approvals";
    private static final Pattern ID = Pattern.compile("ap-[0-9a-f]{6,64}");

    private final Path directory;
    private final KubernetesSerialization json = new KubernetesSerialization();
    private final Object inProcess = new Object();

    private FileApprovalStore(Path directory) {
        this.directory = directory;
    }

    /** The store of {@code stateDir}; the approvals directory is created when missing. */
    public static FileApprovalStore inStateDir(Path stateDir) {
        Path directory = stateDir.resolve(DIRECTORY);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ConfigException("cannot create " + IoErrors.describe(directory, e) + "; --state must name a writable directory");
        }
        return new FileApprovalStore(directory);
    }

    @Override
    public List<Approval> all() {
        List<Approval> approvals = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "ap-*.json")) {
            for (Path file : files) {
                read(file).ifPresent(approvals::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        approvals.sort(Comparator.comparing((Approval a) -> a.getSpec().requestedAt()).reversed());
        return approvals;
    }

    @Override
    public Optional<Approval> find(String namespace, String id) {
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return read(file(id)).filter(a -> namespace == null || namespace.equals(a.getMetadata().getNamespace()));
    }

    @Override
    public List<Approval> withFingerprint(String namespace, String fingerprint) {
        return all().stream().filter(a -> namespace.equals(a.getMetadata().getNamespace())
                && fingerprint.equals(a.getSpec().fingerprint())).toList();
    }

    @Override
    public boolean create(Approval approval) {
        return locked(() -> {
            if (Files.exists(file(approval.id()))) {
                return false;
            }
            approval.getMetadata().setResourceVersion("1");
            write(approval);
            return true;
        });
    }

    @Override
    public boolean replace(Approval current, Approval next) {
        return locked(() -> {
            Optional<Approval> stored = read(file(current.id()));
            String version = current.getMetadata().getResourceVersion();
            if (stored.isEmpty() || !Objects.equals(stored.get().getMetadata().getResourceVersion(), version)) {
                return false;
            }
            next.getMetadata().setResourceVersion(Long.toString(Long.parseLong(version) + 1));
            write(next);
            return true;
        });
    }

    private Path file(String id) {
        return directory.resolve(id + ".json");
    }

    /** A file that vanished meanwhile is no approval; one that does not parse is reported and skipped, never rewritten. */
    private Optional<Approval> read(Path file) {
        try {
            return Optional.of(json.unmarshal(Files.readString(file, StandardCharsets.UTF_8), Approval.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e; // fabric8 wraps Jackson's message
            LOG.warn("approval file {} is unreadable and is ignored (never rewritten): {}", file, cause.getMessage());
            return Optional.empty();
        }
    }

    private void write(Approval approval) throws IOException {
        Path target = file(approval.id());
        Path temp = directory.resolve("." + approval.id() + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(json.asJson(approval).getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private interface Write {
        boolean run() throws IOException;
    }

    /** One writer at a time: threads of this process (the monitor), and other processes (the file lock). */
    private boolean locked(Write write) {
        synchronized (inProcess) {
            try (FileChannel lockFile = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
                return write.run();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write approvals in " + directory + ": " + e.getMessage(), e);
            }
        }
    }
}
