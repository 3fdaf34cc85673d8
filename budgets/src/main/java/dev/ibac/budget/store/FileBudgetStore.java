package dev.ibac.budget.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ibac.budget.ledger.BudgetStore;
import dev.ibac.budget.ledger.LedgerState;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Embedded mode's store: {@code <state>/budgets.json}, replaced atomically (temp file, fsync,
 * atomic move) so a crash leaves the old or the new state, never a torn one.
 */
public final class FileBudgetStore implements BudgetStore {
    private final Path file;
    private final ObjectMapper mapper = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private record Document(Map<String, LedgerState.MissionSpend> missions, Map<String, LedgerState.NamespaceSpend> namespaces) {}

    public FileBudgetStore(Path stateDir) {
        this.file = stateDir.resolve("budgets.json");
    }

    @Override
    public LedgerState load() throws IOException {
        if (!Files.exists(file)) {
            return new LedgerState();
        }
        try {
            Document doc = mapper.readValue(file.toFile(), Document.class);
            return LedgerState.of(doc.missions() == null ? Map.of() : doc.missions(),
                    doc.namespaces() == null ? Map.of() : doc.namespaces());
        } catch (IOException e) {
            throw new IOException("budget state " + file + " is unreadable (" + e.getMessage()
                    + "); refusing to start with unknown spend — restore it or remove it deliberately", e);
        }
    }

    @Override
    public void save(LedgerState state) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, mapper.writeValueAsBytes(new Document(state.missions(), state.namespaces())));
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
