package dev.ibac.webhook.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.webhook.cli.DemoAgent;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow bodies cannot starve fast requests (issue #13), with real sockets: 300 TLS connections that
 * send their headers and then one body byte a second, while normal requests are answered.
 */
class SlowClientsIT {
    private static final int TRICKLERS = 300;

    @TempDir
    Path state;

    @Test
    void three_hundred_trickling_connections_leave_a_normal_request_answered_in_under_a_second() throws Exception {
        Path missions = TestMissions.directory(state, "shop.yaml");
        try (WebhookApp app = WebhookApp.start(ServeSettings.defaults(missions, state))) {
            SSLContext tls = DemoAgent.trusting(app.caCertificate());
            HttpClient http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            assertThat(validate(http, app.port()).statusCode()).isEqualTo(200); // warm: TLS session, JIT
            List<SSLSocket> tricklers = new ArrayList<>();
            ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
            try {
                for (int i = 0; i < TRICKLERS; i++) {
                    tricklers.add(trickler(tls, app.port()));
                }
                drip.scheduleWithFixedDelay(() -> tricklers.forEach(SlowClientsIT::dripOneByte), 0, 1, TimeUnit.SECONDS);
                // before the fix every worker was blocked in a body read and this took the client's whole timeout;
                // the best of three tells starvation (all slow) from a loaded machine's hiccup (one slow)
                long best = Long.MAX_VALUE;
                for (int i = 0; i < 3; i++) {
                    long started = System.nanoTime();
                    HttpResponse<String> response = validate(http, app.port());
                    best = Math.min(best, System.nanoTime() - started);
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.body()).contains("\"allowed\":true");
                }
                assertThat(Duration.ofNanos(best)).isLessThan(Duration.ofSeconds(1));
                // and a body that has not arrived within the deadline (5 s) is answered 408, the connection closed
                String answer = readAll(tricklers.get(0), Duration.ofSeconds(30));
                assertThat(answer).startsWith("HTTP/1.1 408").contains("did not arrive within 5000 ms");
            } finally {
                drip.shutdownNow();
                for (SSLSocket socket : tricklers) {
                    socket.close();
                }
            }
        }
    }

    private static HttpResponse<String> validate(HttpClient http, int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/validate"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Fixtures.review("human-update-configmap").toString())).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Headers promising a 1000-byte body, then nothing yet. */
    private static SSLSocket trickler(SSLContext tls, int port) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        OutputStream out = socket.getOutputStream();
        out.write(("POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static void dripOneByte(SSLSocket socket) {
        try {
            socket.getOutputStream().write(' ');
            socket.getOutputStream().flush();
        } catch (IOException closedByTheServer) {
            // expected once the deadline has passed
        }
    }

    private static String readAll(SSLSocket socket, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
