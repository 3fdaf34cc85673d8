package dev.ibac.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    @TempDir
    Path dir;

    @Test
    void issues_a_serving_certificate_for_the_service_names_signed_by_the_ca() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("ibac-ca", Duration.ofDays(3650), CLOCK);
        TlsBundle bundle = ca.issue(CertificateAuthority.serviceDnsNames("ibac", "ibac-system"), List.of("127.0.0.1"), Duration.ofDays(365));
        List<X509Certificate> chain = Pem.certificates(bundle.certPem());
        X509Certificate serving = chain.get(0);
        X509Certificate caCert = Pem.certificates(bundle.caPem()).get(0);
        serving.verify(caCert.getPublicKey());
        assertThat(serving.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .contains("ibac", "ibac.ibac-system", "ibac.ibac-system.svc", "ibac.ibac-system.svc.cluster.local", "127.0.0.1");
        assertThat(serving.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(serving.getBasicConstraints()).isEqualTo(-1);
        assertThat(caCert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(bundle.notAfter()).isEqualTo(Instant.parse("2027-11-23T10:00:00Z"));
    }

    @Test
    void round_trips_through_files_and_a_key_store() throws Exception {
        TlsBundle bundle = CertificateAuthority.create("ibac-ca", Duration.ofDays(30), CLOCK)
                .issue(List.of("localhost"), List.of(), Duration.ofDays(7));
        bundle.writeTo(dir);
        TlsBundle read = TlsBundle.read(dir.resolve("tls.crt"), dir.resolve("tls.key"), dir.resolve("ca.crt"));
        assertThat(read).isEqualTo(bundle);
        KeyStore store = read.toKeyStore("pw".toCharArray());
        assertThat(store.getCertificateChain("ibac")).hasSize(2);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tls.key")))).isEqualTo("rw-------");
        assertThat(new String(java.util.Base64.getDecoder().decode(bundle.caBundleBase64()))).isEqualTo(bundle.caPem());
    }

    @Test
    void a_ca_loaded_from_pem_issues_certificates_it_signed() throws Exception {
        CertificateAuthority original = CertificateAuthority.create("ibac-ca", Duration.ofDays(30), CLOCK);
        CertificateAuthority loaded = CertificateAuthority.load(original.caPem(), original.caKeyPem(), CLOCK);
        X509Certificate serving = Pem.certificates(loaded.issue(List.of("x"), List.of(), Duration.ofDays(1)).certPem()).get(0);
        serving.verify(Pem.certificates(original.caPem()).get(0).getPublicKey());
    }

    @Test
    void garbage_is_refused_with_a_clear_message() throws Exception {
        Files.writeString(dir.resolve("tls.crt"), "not a cert");
        Files.writeString(dir.resolve("tls.key"), "not a key");
        assertThatThrownBy(() -> TlsBundle.read(dir.resolve("tls.crt"), dir.resolve("tls.key"), null))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("not a usable PEM");
    }

    @Test
    void a_serving_certificate_never_outlives_its_ca() {
        CertificateAuthority ca = CertificateAuthority.create("ibac-ca", Duration.ofDays(10), CLOCK);
        TlsBundle bundle = ca.issue(List.of("localhost"), List.of(), Duration.ofDays(365));
        assertThat(bundle.notAfter()).isEqualTo(ca.notAfter()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
    }

    @Test
    void a_key_that_is_not_the_certificates_is_refused() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("ibac-ca", Duration.ofDays(30), CLOCK);
        TlsBundle one = ca.issue(List.of("localhost"), List.of(), Duration.ofDays(7));
        TlsBundle other = ca.issue(List.of("localhost"), List.of(), Duration.ofDays(7));
        new TlsBundle(one.caPem(), one.certPem(), other.keyPem()).writeTo(dir);
        assertThatThrownBy(() -> TlsBundle.read(dir.resolve("tls.crt"), dir.resolve("tls.key"), null))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("does not belong to the certificate");
    }
}
