package dev.ibac.certs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a PEM certificate/key pair on disk (an operator's files, a mounted Secret, cert-manager's
 * output) and hands every new usable pair to a callback. A pair that does not parse or whose key is
 * not the certificate's — a half-written rotation — is ignored with one warning; the pair in use
 * stays until a good one arrives.
 *
 * <p>Polls file contents rather than using a WatchService: Kubernetes updates mounted Secrets by
 * swapping a symlink, which WatchService does not report reliably on every filesystem.
 */
public final class PemFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PemFileWatcher.class);
    private final Path cert;
    private final Path key;
    private final Path ca;
    private final Consumer<TlsBundle> onChange;
    private String lastSeen;
    private ScheduledFuture<?> schedule;

    /**
     * @param ca       optional CA file (null when there is none)
     * @param current  the pair in use now: no callback until the files differ from it
     * @param onChange receives each new pair, on the polling thread; if it throws, that pair is not
     *                 offered again until the files change
     */
    public PemFileWatcher(Path cert, Path key, Path ca, TlsBundle current, Consumer<TlsBundle> onChange) {
        this.cert = Objects.requireNonNull(cert);
        this.key = Objects.requireNonNull(key);
        this.ca = ca;
        this.onChange = Objects.requireNonNull(onChange);
        this.lastSeen = fingerprint(current.certPem(), current.keyPem());
    }

    /** Reads the files once; returns true when a new pair was handed to the callback. */
    public synchronized boolean poll() {
        String certPem;
        String keyPem;
        try {
            certPem = TlsBundle.readSmall(cert);
            keyPem = TlsBundle.readSmall(key);
        } catch (IOException e) {
            LOG.warn("cannot read {} / {}, keeping the current certificate: {}", cert, key, e.getMessage());
            return false;
        }
        String seen = fingerprint(certPem, keyPem);
        if (seen.equals(lastSeen)) {
            return false;
        }
        lastSeen = seen; // seen once is enough: a broken pair is reported once, not every poll
        return accept(certPem, keyPem);
    }

    // an exception escaping a scheduled task would silently end the schedule
    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.warn("certificate reload check failed, will try again: {}", e.toString());
        }
    }

    private boolean accept(String certPem, String keyPem) {
        TlsBundle next;
        try {
            next = TlsBundle.parse(caPem(), certPem, keyPem, cert + ", " + key);
        } catch (IOException e) {
            LOG.warn("ignoring changed certificate files, keeping the current pair: {}", e.getMessage());
            return false;
        }
        try {
            onChange.accept(next);
        } catch (RuntimeException e) {
            LOG.warn("the new certificate from {} was not taken into use: {}", cert, e.toString());
            return false;
        }
        LOG.info("new serving certificate from {} (expires {})", cert, next.notAfter());
        return true;
    }

    private String caPem() throws IOException {
        return ca != null && Files.exists(ca) ? TlsBundle.readSmall(ca) : "";
    }

    /**
     * Polls every {@code period} on {@code executor} until {@link #close}. The executor belongs to
     * the caller (so tests and the server choose their threads); returns this watcher.
     */
    public synchronized PemFileWatcher start(ScheduledExecutorService executor, Duration period) {
        if (schedule != null) {
            throw new IllegalStateException("already started");
        }
        schedule = executor.scheduleWithFixedDelay(this::pollQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Stops polling; the executor is left running. */
    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    // the two PEM texts themselves: small, and a hash would only add a way to be wrong
    private static String fingerprint(String certPem, String keyPem) {
        return certPem + '\u0000' + keyPem;
    }
}
