package dev.ibac.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFileWatcherTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private static final CertificateAuthority CA = CertificateAuthority.create("test-ca", Duration.ofDays(30), CLOCK);
    @TempDir
    Path dir;
    private final List<TlsBundle> received = new CopyOnWriteArrayList<>();

    private static TlsBundle pair() {
        return CA.issue(List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(7));
    }

    private PemFileWatcher watcher(TlsBundle current) {
        return new PemFileWatcher(dir.resolve("tls.crt"), dir.resolve("tls.key"), dir.resolve("ca.crt"), current, received::add);
    }

    @Test
    void unchanged_files_fire_nothing() throws Exception {
        TlsBundle current = pair();
        current.writeTo(dir);
        PemFileWatcher watcher = watcher(current);
        assertThat(watcher.poll()).isFalse();
        assertThat(received).isEmpty();
    }

    @Test
    void rewritten_files_hand_the_new_pair_to_the_callback_once() throws Exception {
        TlsBundle current = pair();
        current.writeTo(dir);
        PemFileWatcher watcher = watcher(current);
        TlsBundle next = pair();
        next.writeTo(dir);
        assertThat(watcher.poll()).isTrue();
        assertThat(watcher.poll()).isFalse();
        assertThat(received).containsExactly(next);
    }

    @Test
    void garbage_and_half_rotated_pairs_are_ignored_until_a_good_pair_arrives() throws Exception {
        TlsBundle current = pair();
        current.writeTo(dir);
        PemFileWatcher watcher = watcher(current);
        Files.writeString(dir.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\ngarbage\n");
        assertThat(watcher.poll()).isFalse();
        TlsBundle next = pair();
        Files.writeString(dir.resolve("tls.crt"), next.certPem()); // new certificate, old key: mid-rotation
        assertThat(watcher.poll()).isFalse();
        Files.delete(dir.resolve("tls.key"));
        assertThat(watcher.poll()).isFalse();
        assertThat(received).isEmpty();
        next.writeTo(dir);
        assertThat(watcher.poll()).isTrue();
        assertThat(received).containsExactly(next);
    }

    @Test
    void a_failing_callback_does_not_escape_the_poll() throws Exception {
        TlsBundle current = pair();
        current.writeTo(dir);
        PemFileWatcher watcher = new PemFileWatcher(dir.resolve("tls.crt"), dir.resolve("tls.key"), null, current, b -> {
            throw new IllegalStateException("server refused");
        });
        pair().writeTo(dir);
        assertThat(watcher.poll()).isFalse();
    }

    @Test
    void started_on_a_schedule_it_polls_until_closed() throws Exception {
        TlsBundle current = pair();
        current.writeTo(dir);
        LinkedBlockingQueue<TlsBundle> changes = new LinkedBlockingQueue<>();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try (PemFileWatcher watcher = new PemFileWatcher(dir.resolve("tls.crt"), dir.resolve("tls.key"), null, current, changes::add)) {
            watcher.start(executor, Duration.ofMillis(10));
            TlsBundle next = pair();
            next.writeTo(dir);
            assertThat(changes.poll(30, TimeUnit.SECONDS)).isEqualTo(new TlsBundle("", next.certPem(), next.keyPem()));
        } finally {
            executor.shutdownNow();
        }
    }
}
