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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Drives a running webhook over HTTPS keep-alive with AdmissionReviews of four kinds — a human
 * (identity fast path), an out-of-scope write (scope), an in-scope write judged once and then
 * served from the verdict cache, and an in-scope write with a new name each time (a real
 * semantic judgement) — and prints throughput and latency percentiles per kind. Bounded in
 * requests; loopback only.
 *
 * <p>Usage: {@code LoadGenerator URL CA_PEM REQUESTS CONCURRENCY [KIND,KIND…]}
 */
public final class LoadGenerator {
    private static final List<String> ALL_KINDS = List.of("human", "out-of-scope", "judged-cached", "judged-fresh");

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        if (!"127.0.0.1".equals(url.getHost()) && !"localhost".equals(url.getHost())) {
            throw new IllegalArgumentException("the load generator only targets loopback");
        }
        int requests = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        List<String> kinds = args.length > 4 ? List.of(args[4].split(",")) : ALL_KINDS;
        HttpClient http = HttpClient.newBuilder().sslContext(trusting(Path.of(args[1]))).version(HttpClient.Version.HTTP_1_1).build();
        Map<String, List<Long>> micros = new ConcurrentHashMap<>();
        kinds.forEach(k -> micros.put(k, Collections.synchronizedList(new ArrayList<>())));
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            String kind = kinds.get(i % kinds.size());
            int n = i;
            pool.submit(() -> send(http, url, kind, n, micros.get(kind), errors));
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d requests, %d errors, %.1f s, %.0f requests/s at concurrency %d%n", requests, errors.get(), seconds,
                requests / seconds, concurrency);
        for (String kind : kinds) {
            List<Long> sorted = new ArrayList<>(micros.get(kind));
            Collections.sort(sorted);
            System.out.printf("%-14s n=%5d  p50=%6.2f ms  p95=%6.2f ms  p99=%6.2f ms  max=%6.2f ms%n", kind, sorted.size(),
                    pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1000.0);
        }
    }

    private static void send(HttpClient http, URI url, String kind, int n, List<Long> micros, AtomicInteger errors) {
        try {
            byte[] body = review(kind, n).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            micros.add((System.nanoTime() - start) / 1000);
            if (response.statusCode() != 200) {
                errors.incrementAndGet();
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
    }

    /** An AdmissionReview as the API server sends it (dryRun: benchmarks must not spend the examples' budgets). */
    private static String review(String kind, int n) {
        String user = kind.equals("human") ? "alice@example.com" : "system:serviceaccount:shop:shop-agent";
        String name = switch (kind) {
            case "out-of-scope" -> "payments";
            case "judged-fresh" -> "checkout-" + n;
            default -> "checkout";
        };
        String object = """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s","namespace":"shop"},
                 "spec":{"replicas":4,"template":{"spec":{"containers":[{"name":"app","image":"registry.example/shop/checkout:1.42"}]}}}}"""
                .formatted(name);
        return """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"%s",
                 "kind":{"group":"apps","version":"v1","kind":"Deployment"},"resource":{"group":"apps","version":"v1","resource":"deployments"},
                 "name":"%s","namespace":"shop","operation":"UPDATE","dryRun":true,
                 "userInfo":{"username":"%s","groups":["system:authenticated"]},"object":%s,"oldObject":%s}}"""
                .formatted(UUID.randomUUID(), name, user, object, object);
    }

    private static double pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1000.0;
    }

    static SSLContext trusting(Path ca) throws Exception {
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
