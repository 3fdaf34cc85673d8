package dev.ibac.webhook.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.certs.CertificateAuthority;
import dev.ibac.certs.TlsBundle;
import dev.ibac.webhook.cli.DemoAgent;
import dev.ibac.webhook.testing.TestMissions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operator-supplied PEM files are picked up when they change, without a restart; broken ones are ignored. */
class TlsReloadIT {
    @TempDir
    Path state;

    @Test
    void a_rewritten_pair_is_served_on_the_same_listener() throws Exception {
        Path missions = TestMissions.directory(state, "shop.yaml");
        CertificateAuthority ca = CertificateAuthority.create("test-ca", Duration.ofDays(30), Clock.systemUTC());
        Path tls = state.resolve("tls");
        TlsBundle first = ca.issue(List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(2));
        first.writeTo(tls);
        ServeSettings settings = ServeSettings.defaults(missions, state).withTls(tls.resolve("tls.crt"), tls.resolve("tls.key"));
        try (WebhookApp app = WebhookApp.start(settings)) {
            assertThat(served(app, tls)).isEqualTo(leaf(first));
            TlsBundle second = ca.issue(List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(3));
            second.writeTo(tls);
            assertThat(app.tls().reloadNow()).isTrue(); // what the 10 s poll does
            assertThat(served(app, tls)).isEqualTo(leaf(second));
            assertThat(app.tls().reloadNow()).isFalse(); // unchanged files: nothing to do
            Files.writeString(tls.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\nhalf-written");
            assertThat(app.tls().reloadNow()).isFalse();
            assertThat(served(app, tls)).isEqualTo(leaf(second));
            TlsBundle third = ca.issue(List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(4));
            Files.writeString(tls.resolve("tls.key"), third.keyPem()); // a rotation half done: the old certificate, the new key
            assertThat(app.tls().reloadNow()).isFalse();
            assertThat(served(app, tls)).isEqualTo(leaf(second));
            Files.writeString(tls.resolve("tls.crt"), third.certPem());
            assertThat(app.tls().reloadNow()).isTrue();
            assertThat(served(app, tls)).isEqualTo(leaf(third));
        }
    }

    private static X509Certificate leaf(TlsBundle bundle) {
        return dev.ibac.certs.Pem.certificates(bundle.certPem()).get(0);
    }

    /** A fresh connection each time, so the handshake shows the certificate served now. */
    private static X509Certificate served(WebhookApp app, Path tls) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(DemoAgent.trusting(tls.resolve("ca.crt"))).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    }
}
