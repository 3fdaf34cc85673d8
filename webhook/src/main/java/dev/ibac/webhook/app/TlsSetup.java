package dev.ibac.webhook.app;

import dev.ibac.certs.CaBundlePatcher;
import dev.ibac.certs.CertificateAuthority;
import dev.ibac.certs.PemFileWatcher;
import dev.ibac.certs.SecretCertificateStore;
import dev.ibac.certs.TlsBundle;
import dev.ibac.webhook.cluster.ClusterMode;
import dev.ibac.webhook.http.ServerTls;
import dev.ibac.webhook.problem.ConfigException;
import dev.ibac.webhook.problem.IoErrors;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving key pair: operator PEM files (--tls-cert/--tls-key), reloaded when they change, or a
 * self-signed pair from a CA kept in the state directory, whose ca.crt clients can trust.
 */
final class TlsSetup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TlsSetup.class);
    private static final Duration RELOAD_PERIOD = Duration.ofSeconds(10);

    private final ServerTls serverTls;
    private final Path caCertificate;
    private ScheduledExecutorService scheduler;
    private PemFileWatcher files;

    private TlsSetup(ServerTls serverTls, Path caCertificate) {
        this.serverTls = serverTls;
        this.caCertificate = caCertificate;
    }

    static TlsSetup create(ServeSettings settings, KubernetesClient client) throws IOException, GeneralSecurityException {
        if (settings.selfManagedCerts()) {
            return selfManaged(settings, client);
        }
        if (settings.tlsCert() != null) {
            TlsBundle bundle = readOrFail(settings.tlsCert(), settings.tlsKey());
            TlsSetup setup = new TlsSetup(new ServerTls(bundle.toKeyStore(ServerTls.PASSWORD)), settings.tlsCert());
            setup.files = new PemFileWatcher(settings.tlsCert(), settings.tlsKey(), null, bundle,
                    setup::serve);
            setup.files.start(setup.scheduler(), RELOAD_PERIOD);
            return setup;
        }
        TlsBundle bundle = selfSigned(settings);
        return new TlsSetup(new ServerTls(bundle.toKeyStore(ServerTls.PASSWORD)), settings.stateDir().resolve(TlsBundle.CA_FILE));
    }

    /**
     * Cluster mode's own certificates: the pair lives in Secret ibac-tls of the pod's namespace,
     * the webhook's caBundle is patched to match, and both are re-checked hourly for renewal.
     */
    private static TlsSetup selfManaged(ServeSettings settings, KubernetesClient client) throws IOException, GeneralSecurityException {
        String namespace = settings.env().getOrDefault("POD_NAMESPACE", "ibac-system");
        SecretCertificateStore store = new SecretCertificateStore(client, namespace, "ibac-tls", "ibac", settings.clock(),
                Duration.ofDays(3650), Duration.ofDays(365));
        CaBundlePatcher patcher = new CaBundlePatcher(client, ClusterMode.WEBHOOK_CONFIGURATION);
        TlsBundle bundle = store.ensure();
        patcher.patch(() -> store.ensure().caPem());
        Path ca = settings.stateDir().resolve(TlsBundle.CA_FILE);
        Files.writeString(ca, bundle.caPem());
        TlsSetup setup = new TlsSetup(new ServerTls(bundle.toKeyStore(ServerTls.PASSWORD)), ca);
        TlsBundle[] current = {bundle};
        setup.scheduler().scheduleWithFixedDelay(() -> current[0] = setup.renewIfDue(store, patcher, current[0]), 1, 1, TimeUnit.HOURS);
        return setup;
    }

    private TlsBundle renewIfDue(SecretCertificateStore store, CaBundlePatcher patcher, TlsBundle current) {
        try {
            TlsBundle next = store.ensure();
            if (!next.equals(current)) {
                // the new CA is trusted before the new certificate is served; the bundle is asked for after the
                // configuration is read, so a replica with a stale view never writes an older bundle over a newer one
                patcher.patch(() -> store.ensure().caPem());
                serverTls.reload(next.toKeyStore(ServerTls.PASSWORD));
                LOG.info("serving certificate renewed (expires {})", next.notAfter());
            }
            return next;
        } catch (Exception e) {
            LOG.warn("certificate renewal failed, keeping the current pair: {}", e.getMessage());
            return current;
        }
    }

    private static TlsBundle readOrFail(Path cert, Path key) {
        try {
            return TlsBundle.read(cert, key, null);
        } catch (FileSystemException e) {
            boolean isKey = key.toString().equals(e.getFile()) && !cert.equals(key);
            throw new ConfigException((isKey ? "--tls-key " : "--tls-cert ") + IoErrors.describe(isKey ? key : cert, e));
        } catch (IOException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** Reuses the state directory's CA across restarts, so clients that trust it keep trusting. */
    private static TlsBundle selfSigned(ServeSettings settings) throws IOException {
        Path ca = settings.stateDir().resolve(TlsBundle.CA_FILE);
        Path caKey = settings.stateDir().resolve("ca.key");
        CertificateAuthority authority;
        if (Files.exists(ca) && Files.exists(caKey)) {
            authority = CertificateAuthority.load(Files.readString(ca), Files.readString(caKey), settings.clock());
        } else {
            authority = CertificateAuthority.create("ibac-embedded-ca", Duration.ofDays(3650), settings.clock());
            new TlsBundle(authority.caPem(), authority.caPem(), authority.caKeyPem()).writeTo(settings.stateDir());
            Files.move(settings.stateDir().resolve(TlsBundle.KEY_FILE), caKey, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(settings.stateDir().resolve(TlsBundle.CERT_FILE));
            LOG.info("generated a self-signed CA; clients should trust {}", ca);
        }
        return authority.issue(List.of("localhost", "ibac", "ibac.ibac-system.svc"), List.of("127.0.0.1", "::1"), Duration.ofDays(365));
    }

    private ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ibac-tls-reload");
                t.setDaemon(true);
                return t;
            });
        }
        return scheduler;
    }

    /** Serves {@code next} on the running listener; a failure keeps the pair in use (the watcher logs it). */
    private void serve(TlsBundle next) {
        try {
            serverTls.reload(next.toKeyStore(ServerTls.PASSWORD));
        } catch (Exception e) {
            throw new IllegalStateException("cannot serve the new pair: " + e.getMessage(), e);
        }
    }

    /** Reads the operator's PEM files now instead of at the next poll; true when a new pair is served. */
    boolean reloadNow() {
        return files != null && files.poll();
    }

    ServerTls serverTls() {
        return serverTls;
    }

    Path caCertificate() {
        return caCertificate;
    }

    @Override
    public void close() {
        if (files != null) {
            files.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
