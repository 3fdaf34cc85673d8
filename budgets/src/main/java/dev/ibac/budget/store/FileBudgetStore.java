package dev.ibac.budget.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ibac.budget.ledger.BudgetStore;
import dev.ibac.budget.ledger.LedgerState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Embedded mode's store: the snapshot {@code <state>/budgets.json}, replaced atomically (temp
 * file, fsync, atomic move) so a crash leaves the old or the new state, never a torn one; and the
 * write-ahead journal {@code <state>/budgets.journal}, one JSON line per group commit, fsynced
 * before the charges in it are admitted. Loading applies the journal lines newer than the
 * snapshot. A torn last journal line (a crash mid-write) was never acknowledged and is ignored;
 * any other unreadable line refuses to start rather than forget spend.
 */
public final class FileBudgetStore implements BudgetStore {
    private final Path file;
    private final Path journal;
    private final ObjectMapper mapper = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private FileChannel journalChannel;

    private record Document(long seq, Map<String, LedgerState.MissionSpend> missions, Map<String, LedgerState.NamespaceSpend> namespaces) {}

    public FileBudgetStore(Path stateDir) {
        this.file = stateDir.resolve("budgets.json");
        this.journal = stateDir.resolve("budgets.journal");
    }

    @Override
    public LedgerState load() throws IOException {
        LedgerState state = snapshot();
        replay(state);
        return state;
    }

    private LedgerState snapshot() throws IOException {
        if (!Files.exists(file)) {
            return new LedgerState();
        }
        try {
            Document doc = mapper.readValue(file.toFile(), Document.class);
            return LedgerState.of(doc.missions() == null ? Map.of() : doc.missions(),
                    doc.namespaces() == null ? Map.of() : doc.namespaces(), doc.seq());
        } catch (IOException e) {
            throw unreadable(file, e.getMessage(), e);
        }
    }

    private void replay(LedgerState state) throws IOException {
        if (!Files.exists(journal)) {
            return;
        }
        String text = Files.readString(journal, StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        boolean lastTorn = !text.isEmpty() && !text.endsWith("\n");
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                state.apply(mapper.readValue(lines.get(i), LedgerState.Changes.class));
            } catch (IOException | RuntimeException e) {
                if (lastTorn && i == lines.size() - 1) {
                    return; // cut short by a crash before its fsync returned: nothing it held was admitted
                }
                throw unreadable(journal, "line " + (i + 1) + ": " + e.getMessage(), e instanceof IOException io ? io : null);
            }
        }
    }

    private static IOException unreadable(Path path, String why, IOException cause) {
        return new IOException("budget state " + path + " is unreadable (" + why
                + "); refusing to start with unknown spend — restore it or remove it deliberately", cause);
    }

    @Override
    public synchronized void save(LedgerState state) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, mapper.writeValueAsBytes(new Document(state.seq(), state.missions(), state.namespaces())));
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // the snapshot holds every journal line up to its seq, and the ledger appends no line while it saves
        journal().truncate(0);
        journal().force(true);
    }

    @Override
    public boolean journaled() {
        return true;
    }

    @Override
    public synchronized void append(LedgerState.Changes changes) throws IOException {
        ByteBuffer line = ByteBuffer.wrap((mapper.writeValueAsString(changes) + "\n").getBytes(StandardCharsets.UTF_8));
        FileChannel channel = journal();
        while (line.hasRemaining()) {
            channel.write(line);
        }
        channel.force(false);
    }

    @Override
    public synchronized long journalBytes() {
        try {
            return journalChannel == null ? 0 : journalChannel.size();
        } catch (IOException e) {
            return 0;
        }
    }

    private FileChannel journal() throws IOException {
        if (journalChannel == null || !journalChannel.isOpen()) {
            Files.createDirectories(journal.getParent());
            journalChannel = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        return journalChannel;
    }
}
