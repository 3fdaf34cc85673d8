package dev.ibac.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open-loop load at a fixed rate: one admitted, charged and audited decision every 1/RATE s
 * (an agent's in-scope UPDATE, not a dry run, a new uid each time) over 32 keep-alive connections,
 * whatever the answers' pace, and latency measured from when each request was due — so a stall shows up in the percentiles instead
 * of slowing the load down (coordinated omission). Run it against two builds to see what a change
 * adds to p99; issue #13's target is at most 5 ms added at 500 decisions/s.
 *
 * <p>Usage: {@code RateBench URL CA_PEM RATE SECONDS [WARMUP_SECONDS]}
 */
public final class RateBench {
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        if (!"127.0.0.1".equals(url.getHost()) && !"localhost".equals(url.getHost())) {
            throw new IllegalArgumentException("the load generator only targets loopback");
        }
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        HttpClient http = HttpClient.newBuilder().sslContext(LoadGenerator.trusting(Path.of(args[1])))
                .version(HttpClient.Version.HTTP_1_1).build();
        run(http, url, rate, warmup, false);
        run(http, url, rate, seconds, true);
    }

    /** Client connections: HTTP/1.1 keep-alive, one request at a time each, as the API server calls a webhook. */
    private static final int CONNECTIONS = 32;

    private static void run(HttpClient http, URI url, int rate, int seconds, boolean print) throws Exception {
        int total = rate * seconds;
        long intervalNanos = 1_000_000_000L / rate;
        List<Long> micros = Collections.synchronizedList(new ArrayList<>(total));
        AtomicInteger errors = new AtomicInteger();
        BlockingQueue<Long> due = new LinkedBlockingQueue<>();
        long start = System.nanoTime();
        ExecutorService senders = Executors.newFixedThreadPool(CONNECTIONS);
        for (int c = 0; c < CONNECTIONS; c++) {
            senders.submit(() -> {
                for (Long at = due.take(); at >= 0; at = due.take()) {
                    send(http, url, at, micros, errors);
                }
                return null;
            });
        }
        // the schedule, not the answers, sets the pace: a request waiting for a free connection is already late
        for (int i = 0; i < total; i++) {
            long at = start + i * intervalNanos;
            long wait = at - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            due.add(at);
        }
        for (int c = 0; c < CONNECTIONS; c++) {
            due.add(-1L);
        }
        senders.shutdown();
        senders.awaitTermination(5, TimeUnit.MINUTES);
        if (print) {
            List<Long> sorted = new ArrayList<>(micros);
            Collections.sort(sorted);
            System.out.printf("%d admitted decisions at %d/s for %d s, %d errors: p50=%.2f ms p90=%.2f ms p99=%.2f ms p99.9=%.2f ms max=%.2f ms%n",
                    total, rate, seconds, errors.get(), pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), pct(sorted, 99.9),
                    sorted.get(sorted.size() - 1) / 1000.0);
        }
    }

    private static void send(HttpClient http, URI url, long dueAt, List<Long> micros, AtomicInteger errors) {
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(review(), StandardCharsets.UTF_8)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || !response.body().contains("\"allowed\":true")) {
                errors.incrementAndGet();
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
        micros.add((System.nanoTime() - dueAt) / 1000);
    }

    /** An agent's in-scope UPDATE of the example shop mission's checkout (no cost change: the mission's caps last the run). */
    private static String review() {
        String object = """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"checkout","namespace":"shop"},
                 "spec":{"replicas":4,"template":{"spec":{"containers":[{"name":"app","image":"registry.example/shop/checkout:1.42"}]}}}}""";
        return """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"%s",
                 "kind":{"group":"apps","version":"v1","kind":"Deployment"},"resource":{"group":"apps","version":"v1","resource":"deployments"},
                 "name":"checkout","namespace":"shop","operation":"UPDATE",
                 "userInfo":{"username":"system:serviceaccount:shop:shop-agent","groups":["system:authenticated"]},"object":%s,"oldObject":%s}}"""
                .formatted(UUID.randomUUID(), object, object);
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1000.0;
    }
}
