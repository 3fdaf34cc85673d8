package dev.ibac.certs;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Self-managed certificates for cluster mode: the CA and the serving pair live in one Secret
 * (type kubernetes.io/tls plus ca.crt and ca.key). {@link #ensure} creates it when missing and
 * renews ahead of expiry — when less than a third of a certificate's life is left — keeping the
 * previous CA in the bundle so API servers that still hold the old one keep trusting us. Replicas
 * race safely: create conflicts and update conflicts are resolved by reading the winner's Secret.
 */
public final class SecretCertificateStore {
    static final String CA_KEY = "ca.key";
    private final KubernetesClient client;
    private final String namespace;
    private final String secretName;
    private final String service;
    private final Clock clock;
    private final Duration caValidity;
    private final Duration certValidity;

    /**
     * @param secretName   the Secret holding CA and serving pair ("ibac-tls" in deploy/base)
     * @param service      the webhook's Service, whose DNS names the serving certificate carries
     * @param caValidity   life of a new CA (e.g. 10 years)
     * @param certValidity life of a serving certificate (e.g. 1 year); capped by the CA's
     */
    public SecretCertificateStore(KubernetesClient client, String namespace, String secretName, String service, Clock clock,
            Duration caValidity, Duration certValidity) {
        this.client = client;
        this.namespace = namespace;
        this.secretName = secretName;
        this.service = service;
        this.clock = clock;
        this.caValidity = caValidity;
        this.certValidity = certValidity;
    }

    /** The current serving bundle, created or renewed as needed. */
    public TlsBundle ensure() {
        for (int attempt = 0; attempt < 5; attempt++) {
            Secret secret = secrets().withName(secretName).get();
            try {
                if (secret == null) {
                    return write(null, fresh(CertificateAuthority.create("ibac-ca", caValidity, clock), ""));
                }
                Stored stored = readable(secret);
                if (!due(stored.serving(), certValidity) && !due(stored.ca(), caValidity)) {
                    return stored.bundle();
                }
                return write(secret, renewed(stored));
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // another replica won the race: read its Secret on the next attempt
            }
        }
        throw new IllegalStateException("could not settle the serving certificate in Secret " + namespace + "/" + secretName);
    }

    // never overwritten: a Secret of this name that IBAC cannot read was put there by someone else
    private Stored readable(Secret secret) {
        try {
            return Stored.of(secret);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException("Secret " + namespace + "/" + secretName + " is not one IBAC wrote (" + e.getMessage()
                    + "); delete it to let IBAC create its own, or serve --tls-cert/--tls-key instead of --self-managed-certs", e);
        }
    }

    private Stored renewed(Stored stored) {
        boolean caDue = due(stored.ca(), caValidity);
        CertificateAuthority ca = caDue ? CertificateAuthority.create("ibac-ca", caValidity, clock)
                : CertificateAuthority.load(stored.caPem(), stored.caKeyPem(), clock);
        // the old CA stays trusted until the next CA rotation, so in-flight clients keep working
        return fresh(ca, caDue ? stored.caPem() : "");
    }

    private Stored fresh(CertificateAuthority ca, String previousCas) {
        TlsBundle issued = ca.issue(CertificateAuthority.serviceDnsNames(service, namespace), List.of(), certValidity);
        String bundle = ca.caPem() + firstCertificate(previousCas);
        return new Stored(new TlsBundle(bundle, issued.certPem(), issued.keyPem()), ca.caKeyPem());
    }

    private boolean due(X509Certificate certificate, Duration validity) {
        Instant now = Instant.now(clock);
        Duration left = Duration.between(now, certificate.getNotAfter().toInstant());
        return left.compareTo(validity.dividedBy(3)) < 0;
    }

    private TlsBundle write(Secret existing, Stored stored) {
        Secret secret = new SecretBuilder().withNewMetadata().withName(secretName).withNamespace(namespace)
                .withResourceVersion(existing == null ? null : existing.getMetadata().getResourceVersion())
                .addToLabels("app.kubernetes.io/managed-by", "ibac").endMetadata()
                .withType("kubernetes.io/tls").withData(stored.data()).build();
        if (existing == null) {
            secrets().resource(secret).create();
        } else {
            secrets().resource(secret).update();
        }
        return stored.bundle();
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<Secret, io.fabric8.kubernetes.api.model.SecretList,
            io.fabric8.kubernetes.client.dsl.Resource<Secret>> secrets() {
        return client.secrets().inNamespace(namespace);
    }

    private static String firstCertificate(String pem) {
        if (pem.isBlank()) {
            return "";
        }
        return Pem.encode(Pem.certificates(pem).get(0));
    }

    /** A bundle plus the CA key, as kept in the Secret. */
    private record Stored(TlsBundle bundle, String caKeyPem) {
        static Stored of(Secret secret) {
            Map<String, String> data = secret.getData();
            return new Stored(new TlsBundle(decode(data, TlsBundle.CA_FILE), decode(data, TlsBundle.CERT_FILE),
                    decode(data, TlsBundle.KEY_FILE)), decode(data, CA_KEY));
        }

        Map<String, String> data() {
            return Map.of(TlsBundle.CA_FILE, encode(bundle.caPem()), TlsBundle.CERT_FILE, encode(bundle.certPem()),
                    TlsBundle.KEY_FILE, encode(bundle.keyPem()), CA_KEY, encode(caKeyPem));
        }

        X509Certificate serving() {
            return Pem.certificates(bundle.certPem()).get(0);
        }

        X509Certificate ca() {
            return Pem.certificates(bundle.caPem()).get(0);
        }

        String caPem() {
            return Pem.encode(ca());
        }

        private static String decode(Map<String, String> data, String key) {
            String value = data == null ? null : data.get(key);
            if (value == null) {
                throw new IllegalStateException("Secret is missing " + key);
            }
            return new String(Base64.getDecoder().decode(value), StandardCharsets.US_ASCII);
        }

        private static String encode(String text) {
            return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
