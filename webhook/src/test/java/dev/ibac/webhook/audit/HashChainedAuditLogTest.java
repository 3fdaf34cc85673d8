package dev.ibac.webhook.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashChainedAuditLogTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private final ObjectMapper mapper = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void chains_entries_from_64_zeros_and_verifies() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        write(log, 5);
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(5);
        assertThat(mapper.readTree(lines.get(0)).get("prevHash").asText()).isEqualTo("0".repeat(64));
        assertThat(mapper.readTree(lines.get(1)).get("prevHash").asText())
                .isEqualTo(mapper.readTree(lines.get(0)).get("hash").asText());
        AuditVerifier.Result result = new AuditVerifier().verify(log, AuditChain.GENESIS);
        assertThat(result.intact()).isTrue();
        assertThat(result.entries()).isEqualTo(5);
    }

    @Test
    void the_mirror_gets_every_line_exactly_as_written_after_it_is_on_disk() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        StringBuilder mirrored = new StringBuilder();
        try (HashChainedAuditLog audit = HashChainedAuditLog.open(log, 16, CLOCK)) {
            audit.mirrorTo(mirrored::append);
            for (int i = 0; i < 3; i++) {
                audit.append(mapper.createObjectNode().put("auditId", "uid-" + i).put("time", "2026-11-23T10:00:00Z"));
                audit.flush();
            }
        }
        assertThat(mirrored.toString()).isEqualTo(Files.readString(log));
        assertThat(mirrored.toString().lines()).hasSize(3).allSatisfy(line -> assertThat(mapper.readTree(line).has("hash")).isTrue());
    }

    @Test
    void a_failing_mirror_never_stops_the_log() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (HashChainedAuditLog audit = HashChainedAuditLog.open(log, 16, CLOCK)) {
            audit.mirrorTo(lines -> {
                throw new IllegalStateException("standard output closed");
            });
            for (int i = 0; i < 3; i++) {
                audit.append(mapper.createObjectNode().put("auditId", "uid-" + i).put("time", "2026-11-23T10:00:00Z"))
                        .get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(audit.problem()).isNull();
        }
        assertThat(Files.readAllLines(log)).hasSize(3);
    }

    @Test
    void the_hash_is_sha256_of_prevhash_then_canonical_json_without_hash() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        write(log, 1);
        ObjectNode entry = (ObjectNode) mapper.readTree(Files.readAllLines(log).get(0));
        String hash = entry.remove("hash").asText();
        // written out by hand, independent of CanonicalJson: keys sorted, no whitespace
        String canonical = "{\"auditId\":\"uid-0\",\"cost\":{\"tokensUSD\":\"0.01\"},\"decision\":\"deny\","
                + "\"latencyMicros\":42,\"prevHash\":\"" + "0".repeat(64) + "\",\"time\":\"2026-11-23T10:00:00Z\"}";
        assertThat(CanonicalJson.write(entry)).isEqualTo(canonical);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(("0".repeat(64) + canonical).getBytes(StandardCharsets.UTF_8)));
        assertThat(hash).isEqualTo(expected).matches("[0-9a-f]{64}");
    }

    @Test
    void verify_names_the_first_altered_line() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        write(log, 4);
        List<String> lines = Files.readAllLines(log);
        lines.set(2, lines.get(2).replace("\"decision\":\"deny\"", "\"decision\":\"allow\""));
        Files.write(log, lines);
        AuditVerifier.Result result = new AuditVerifier().verify(log, AuditChain.GENESIS);
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadLine()).isEqualTo(3);
        assertThat(result.problem()).contains("altered");
    }

    @Test
    void verify_detects_a_removed_line() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        write(log, 4);
        List<String> lines = Files.readAllLines(log);
        lines.remove(1);
        Files.write(log, lines);
        AuditVerifier.Result result = new AuditVerifier().verify(log, AuditChain.GENESIS);
        assertThat(result.firstBadLine()).isEqualTo(2);
        assertThat(result.problem()).contains("prevHash");
    }

    @Test
    void reopening_continues_the_chain() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        write(log, 2);
        write(log, 3);
        assertThat(Files.readAllLines(log)).hasSize(5);
        assertThat(new AuditVerifier().verify(log, AuditChain.GENESIS).intact()).isTrue();
    }

    @Test
    void a_torn_last_line_is_moved_aside_and_the_chain_continues() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        write(log, 2);
        Files.writeString(log, "{\"auditId\":\"torn\",\"deci", StandardOpenOption.APPEND);
        write(log, 1);
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(3).noneMatch(l -> l.contains("torn"));
        assertThat(new AuditVerifier().verify(log, AuditChain.GENESIS).intact()).isTrue();
        try (Stream<Path> files = Files.list(dir)) {
            Path aside = files.filter(p -> p.getFileName().toString().startsWith("audit.jsonl.torn-")).findFirst().orElseThrow();
            assertThat(Files.readString(aside)).isEqualTo("{\"auditId\":\"torn\",\"deci");
        }
    }

    @Test
    void refuses_to_open_a_log_whose_last_complete_line_is_not_an_entry() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        Files.writeString(log, "garbage\n");
        assertThatThrownBy(() -> HashChainedAuditLog.open(log, 16, CLOCK))
                .isInstanceOf(IOException.class).hasMessageContaining("corrupt");
    }

    @Test
    void many_writers_produce_one_unbroken_chain() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (HashChainedAuditLog audit = HashChainedAuditLog.open(log, 64, CLOCK)) {
            List<Thread> threads = Stream.iterate(0, i -> i + 1).limit(8).map(t -> new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    audit.append(entry("t" + t + "-" + i));
                }
            })).toList();
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            audit.flush();
        }
        AuditVerifier.Result result = new AuditVerifier().verify(log, AuditChain.GENESIS);
        assertThat(result.intact()).isTrue();
        assertThat(result.entries()).isEqualTo(400);
    }

    private void write(Path log, int count) throws IOException {
        try (HashChainedAuditLog audit = HashChainedAuditLog.open(log, 16, CLOCK)) {
            for (int i = 0; i < count; i++) {
                audit.append(entry("uid-" + i));
            }
            audit.flush();
        }
    }

    private ObjectNode entry(String uid) {
        ObjectNode entry = mapper.createObjectNode();
        entry.put("time", "2026-11-23T10:00:00Z").put("auditId", uid).put("decision", "deny").put("latencyMicros", 42);
        entry.putObject("cost").put("tokensUSD", "0.01");
        return entry;
    }
}
