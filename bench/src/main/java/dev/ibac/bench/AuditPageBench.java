package dev.ibac.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Times the auditor pages of a running webhook whose audit log is a large rotated set (see
 * {@link AuditLogGenerator}): the first overview (which reads the set once to build the
 * aggregates and the index), then {@code REQUESTS} views each of the overview (incremental: only
 * what was appended since), the verdict list, two filtered lists (a common filter, an audit id
 * prefix of an entry in the oldest file) and the verdict page of that old entry. Every answer
 * must be 200 and show what it was asked for. Exit 1 when a page's p99 is not under {@code LIMIT_MS}.
 *
 * <p>Usage: {@code AuditPageBench BASE_URL CA_PEM TOKEN REQUESTS LIMIT_MS OLD_AUDIT_ID}
 */
public final class AuditPageBench {
    private AuditPageBench() {}

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        if (!"127.0.0.1".equals(base.getHost()) && !"localhost".equals(base.getHost())) {
            throw new IllegalArgumentException("the bench only targets loopback");
        }
        HttpClient http = HttpClient.newBuilder().sslContext(trusting(Path.of(args[1]))).version(HttpClient.Version.HTTP_1_1).build();
        String token = args[2];
        int requests = Integer.parseInt(args[3]);
        long limitMillis = Long.parseLong(args[4]);
        String oldId = args[5];
        System.out.printf("first overview (reads the whole set once): %.0f ms%n", millis(http, base, "/audit", token, "Hash chain"));
        List<Page> pages = List.of(new Page("overview (incremental)", "/audit", "Hash chain intact"),
                new Page("verdict list (newest 100 of every entry)", "/audit/verdicts", "id=\"verdicts\""),
                new Page("filtered list: mission + deny", "/audit/verdicts?mission=shop/scale-checkout&decision=deny", "id=\"verdicts\""),
                new Page("filtered list: old audit id prefix (12 chars)", "/audit/verdicts?id=" + oldId.substring(0, 12), oldId),
                new Page("verdict page of an entry in the oldest file", "/audit/entries/" + oldId, "id=\"audit-id\">" + oldId));
        boolean pass = true;
        for (Page page : pages) {
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                ms.add(millis(http, base, page.path(), token, page.shows()));
            }
            Collections.sort(ms);
            double p99 = percentile(ms, 99);
            pass &= p99 < limitMillis;
            System.out.printf(Locale.ROOT, "%-48s n=%-4d p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  max %7.1f ms  %s%n", page.name(),
                    ms.size(), percentile(ms, 50), percentile(ms, 95), p99, ms.get(ms.size() - 1), p99 < limitMillis ? "PASS" : "FAIL");
        }
        System.out.printf(Locale.ROOT, "every page's p99 under %d ms: %s%n", limitMillis, pass ? "PASS" : "FAIL");
        System.exit(pass ? 0 : 1);
    }

    /** A page to time, and a piece of its HTML that shows it answered what was asked. */
    private record Page(String name, String path, String shows) {}

    private static double millis(HttpClient http, URI base, String path, String token, String shows) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token).build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode());
        }
        if (!new String(response.body(), java.nio.charset.StandardCharsets.UTF_8).contains(shows)) {
            throw new IllegalStateException(path + " does not show " + shows);
        }
        return ms;
    }

    private static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static SSLContext trusting(Path ca) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
