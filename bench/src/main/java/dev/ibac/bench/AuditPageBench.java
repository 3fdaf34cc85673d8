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
 * aggregates), then {@code REQUESTS} overviews (incremental: only what was appended since), the
 * verdict list and a verdict page. Exit 1 when the overview's p95 is not under {@code LIMIT_MS}.
 *
 * <p>Usage: {@code AuditPageBench BASE_URL CA_PEM TOKEN REQUESTS LIMIT_MS [OLD_AUDIT_ID]}
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
        System.out.printf("first overview (reads the whole set once): %.0f ms%n", millis(http, base, "/audit", token));
        List<Double> overview = time(http, base, "/audit", token, requests);
        report("overview", overview);
        report("verdict list", time(http, base, "/audit/verdicts", token, Math.max(1, requests / 5)));
        if (args.length > 5) {
            report("verdict page of an entry in the oldest file", time(http, base, "/audit/entries/" + args[5], token, 3));
        }
        double p95 = percentile(overview, 95);
        System.out.printf(Locale.ROOT, "overview p95 %.1f ms: %s (limit %d ms)%n", p95, p95 < limitMillis ? "PASS" : "FAIL", limitMillis);
        System.exit(p95 < limitMillis ? 0 : 1);
    }

    private static List<Double> time(HttpClient http, URI base, String path, String token, int n) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ms.add(millis(http, base, path, token));
        }
        Collections.sort(ms);
        return ms;
    }

    private static double millis(HttpClient http, URI base, String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token).build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode());
        }
        return ms;
    }

    private static void report(String what, List<Double> sorted) {
        System.out.printf(Locale.ROOT, "%-45s n=%-4d p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms%n", what, sorted.size(),
                percentile(sorted, 50), percentile(sorted, 95), sorted.get(sorted.size() - 1));
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
