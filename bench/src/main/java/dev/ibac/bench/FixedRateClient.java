package dev.ibac.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Open-loop load at a fixed rate (what wrk2's {@code -R} does; Debian's wrk has no {@code -R}):
 * request i is due at {@code start + i / rate}, whatever happened to earlier ones, and its latency
 * is counted from when it was due, not from when a connection was free to send it — so a server
 * that falls behind shows its queue in the percentiles instead of silently lowering the rate
 * (coordinated omission). Each of CONNECTIONS threads holds one TLS keep-alive connection. It
 * prints the rate achieved and how late sends started: run against the allow-all baseline, that
 * shows the client keeps up at the offered rate. Bodies are {@link Reviews} templates. Loopback only.
 *
 * <p>Usage: {@code FixedRateClient PORT TEMPLATE.json RATE SECONDS CONNECTIONS LABEL}
 */
public final class FixedRateClient {
    private FixedRateClient() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Template template = new Template(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
        double rate = Double.parseDouble(args[2]);
        double seconds = Double.parseDouble(args[3]);
        int connections = Integer.parseInt(args[4]);
        String label = args.length > 5 ? args[5] : "";
        SSLContext tls = trustingLoopback();
        long interval = (long) (1e9 / rate);
        long total = (long) (rate * seconds);
        AtomicLong next = new AtomicLong();
        // the connections' TLS handshakes are done before the first request is due (see Worker.run)
        long start = System.nanoTime() + 3_000_000_000L;
        List<Worker> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Worker w = new Worker(tls, port, template, next, start, interval, total, c);
            workers.add(w);
            w.start();
        }
        for (Worker w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = workers.stream().flatMapToLong(w -> Arrays.stream(w.latencies, 0, w.count)).sorted().toArray();
        long late = workers.stream().mapToLong(w -> w.late).sum();
        long errors = workers.stream().mapToLong(w -> w.errors).sum();
        System.out.printf(Locale.ROOT, "FIXED %s offered=%.0f achieved=%.0f n=%d errors=%d late_sends_over_1ms=%.2f%%"
                        + " p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f%n", label, rate, all.length / elapsed, all.length, errors,
                100.0 * late / Math.max(1, all.length), pct(all, 50), pct(all, 99), pct(all, 99.9),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
    }

    /** One keep-alive connection taking the next due request until the run's requests are all sent. */
    private static final class Worker extends Thread {
        private final SSLContext tls;
        private final int port;
        private final Template template;
        private final AtomicLong next;
        private final long start;
        private final long interval;
        private final long total;
        long[] latencies = new long[1024];
        int count;
        long late;
        long errors;

        Worker(SSLContext tls, int port, Template template, AtomicLong next, long start, long interval, long total, int id) {
            super("fixed-rate-" + id);
            this.tls = tls;
            this.port = port;
            this.template = template;
            this.next = next;
            this.start = start;
            this.interval = interval;
            this.total = total;
        }

        @Override
        public void run() {
            SSLSocket socket = null;
            try {
                socket = connect();
            } catch (IOException e) {
                errors++;
            }
            for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (System.nanoTime() - due > 1_000_000) {
                    late++;
                }
                byte[] request = template.request(getName() + "-" + i, i);
                try {
                    if (socket == null) {
                        socket = connect();
                    }
                    exchange(socket, request);
                    record(System.nanoTime() - due);
                } catch (IOException e) {
                    errors++;
                    close(socket);
                    socket = null;
                }
            }
            close(socket);
        }

        private SSLSocket connect() throws IOException {
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            socket.startHandshake();
            return socket;
        }

        private void record(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }

        private void exchange(SSLSocket socket, byte[] request) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            String head = head(in);
            if (!head.startsWith("HTTP/1.1 200")) {
                errors++;
            }
            int length = contentLength(head);
            if (in.readNBytes(length).length != length) {
                throw new IOException("connection closed mid-body");
            }
        }

        private static void close(SSLSocket socket) {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a broken connection
                }
            }
        }
    }

    /** The status line and headers, up to the blank line. */
    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder(256);
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            head.append((char) b);
            last4 = (last4 << 8) | b;
        }
        return head.toString();
    }

    private static int contentLength(String head) throws IOException {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                return Integer.parseInt(line.substring(15).strip());
            }
        }
        throw new IOException("response without Content-Length");
    }

    /** A {@link Reviews} template cut at its placeholders once, filled per request. */
    static final class Template {
        private final List<String> parts = new ArrayList<>();
        /** Names and uids differ from every earlier run's, so a fresh kind stays fresh when rerun. */
        private final long run = Math.abs(new SecureRandom().nextLong() % 1_000_000_000L);

        Template(String text) {
            int from = 0;
            for (int at = text.indexOf('@', from); at >= 0; at = text.indexOf('@', from)) {
                int end = text.indexOf('@', at + 1);
                String name = end < 0 ? "" : text.substring(at + 1, end);
                if (name.equals("UID") || name.equals("N") || name.equals("TIME")) {
                    parts.add(text.substring(from, at));
                    parts.add("@" + name);
                    from = end + 1;
                } else {
                    parts.add(text.substring(from, at + 1));
                    from = at + 1;
                }
            }
            parts.add(text.substring(from));
        }

        byte[] request(String uid, long n) {
            StringBuilder body = new StringBuilder(12_000);
            for (String part : parts) {
                switch (part) {
                    case "@UID" -> body.append("fixed-").append(run).append('-').append(uid);
                    case "@N" -> body.append(run).append('0').append(n);
                    case "@TIME" -> body.append("2026-11-27T08:").append(10 + n % 50).append(":00Z");
                    default -> body.append(part);
                }
            }
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            byte[] head = ("POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(head, head.length + bytes.length);
            System.arraycopy(bytes, 0, all, head.length, bytes.length);
            return all;
        }
    }

    /** The bench talks to its own loopback servers, whose certificates it made. */
    private static SSLContext trustingLoopback() throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return context;
    }
}
