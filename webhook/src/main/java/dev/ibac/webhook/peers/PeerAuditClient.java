package dev.ibac.webhook.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * One view of every replica's audit log: the serving replica asks each other replica's
 * {@code /audit/entries} with the same filters and merges the answers with its own, newest first.
 *
 * <p>The caller's authorisation is forwarded, not replaced by IBAC's own identity: each peer
 * authenticates and authorises the auditor itself (the same TokenReview and SubjectAccessReview,
 * or the same static token), so the merged view shows nothing the auditor could not have read from
 * each replica directly, and IBAC needs no identity of its own that may read every audit log — no
 * confused deputy. The token goes only to peers from IBAC's own directory over TLS verified against
 * IBAC's CA ({@link PeerTls}), i.e. to servers that receive auditors' tokens anyway.
 *
 * <p>A peer is asked with {@link #LOCAL_ONLY} so it answers from its own log and never fans out
 * again. Each peer has {@code timeout} to answer; one that does not, refuses or answers nonsense is
 * named with the reason in {@link MergedEntries#replicas()}, never silently left out.
 */
public final class PeerAuditClient implements AutoCloseable {
    /** Request header: answer from this replica's log only. */
    public static final String LOCAL_ONLY = "X-IBAC-Audit-Local";
    /** A window of 5000 entries is a few MiB; far more is not an answer we want to hold. */
    static final int MAX_BODY = 32 * 1024 * 1024;
    private final ObjectMapper mapper = new ObjectMapper();
    private final String self;
    private final PeerDirectory directory;
    private final HttpClient http;
    private final Duration timeout;
    private final ThreadPoolExecutor pool;

    public PeerAuditClient(String self, PeerDirectory directory, SSLContext tls, Duration timeout) {
        this.self = self;
        this.directory = directory;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        // bounded: a burst of page views past it names the peers "busy" instead of queueing without end
        this.pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread thread = new Thread(r, "ibac-audit-peers");
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /** Trusts the certificates in {@code pem} (IBAC's CA, or the operator's serving chain). */
    public static PeerAuditClient trusting(String self, PeerDirectory directory, Path pem, Duration timeout)
            throws IOException, GeneralSecurityException {
        return new PeerAuditClient(self, directory, PeerTls.trusting(pem), timeout);
    }

    /**
     * A peer's answer to one GET: its JSON, or why there is none ({@code status} is the HTTP status,
     * 0 when there was no answer at all).
     */
    public record Answer(String replica, int status, JsonNode body, String problem) {
        public boolean answered() {
            return body != null;
        }
    }

    /**
     * Asks every other replica for {@code path} (with the raw {@code query}, may be null) at once,
     * forwarding {@code authorization} as it is. One answer per peer, in the directory's order; when
     * the directory cannot be read, one answer for "other replicas" saying why. A 404 is an answer
     * with its status and no body, so a caller looking for one entry can tell "not here" from "down".
     */
    public List<Answer> askAll(String path, String query, String authorization) {
        List<Peer> peers;
        try {
            peers = directory.peers();
        } catch (IOException | RuntimeException e) {
            return List.of(new Answer("other replicas", 0, null, "could not be listed: " + e.getMessage()));
        }
        Map<Peer, Future<JsonNode>> asked = new LinkedHashMap<>();
        for (Peer peer : peers) {
            if (!peer.name().equals(self)) {
                asked.put(peer, submit(peer, path, authorization, query));
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos() * 2;
        List<Answer> answers = new ArrayList<>();
        asked.forEach((peer, answer) -> {
            try {
                answers.add(new Answer(peer.name(), 200, answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), null));
            } catch (ExecutionException e) {
                int status = e.getCause() instanceof Refused refused ? refused.status : 0;
                answers.add(new Answer(peer.name(), status, null, reason(e.getCause())));
            } catch (TimeoutException e) {
                answer.cancel(true);
                answers.add(new Answer(peer.name(), 0, null, "no answer within " + timeout.toSeconds() * 2 + " s"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answers.add(new Answer(peer.name(), 0, null, "interrupted"));
            }
        });
        return answers;
    }

    /**
     * Merges this replica's entries ({@code local}, newest first) with every peer's answer to the
     * same {@code query} on {@code /audit/entries} (the raw query string, may be null).
     * {@code authorization}: the caller's {@code Authorization} header value, forwarded as it is;
     * {@code filtered}: whether the query narrows the entries (then their links are not checked).
     */
    public MergedEntries merge(List<JsonNode> local, String authorization, String query, boolean filtered) {
        List<ReplicaState> states = new ArrayList<>();
        List<List<JsonNode>> lists = new ArrayList<>();
        lists.add(local);
        states.add(ReplicaState.answered(self, local, filtered));
        for (Answer answer : askAll("/audit/entries", query, authorization)) {
            if (answer.answered() && answer.body().isArray()) {
                List<JsonNode> entries = new ArrayList<>(answer.body().size());
                answer.body().forEach(entries::add);
                lists.add(entries);
                states.add(ReplicaState.answered(answer.replica(), entries, filtered));
            } else {
                states.add(ReplicaState.silent(answer.replica(), answer.answered()
                        ? "answered something that is not a list of audit entries" : answer.problem()));
            }
        }
        return new MergedEntries(newestFirst(lists), states);
    }

    /** This replica's name, as its entries say in {@code replica}. */
    public String self() {
        return self;
    }

    private Future<JsonNode> submit(Peer peer, String path, String authorization, String query) {
        try {
            return pool.submit(() -> ask(peer, path, authorization, query));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IOException("busy: too many audit views at once, try again"));
        }
    }

    /** A peer's answer other than 200. */
    private static final class Refused extends IOException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private JsonNode ask(Peer peer, String path, String authorization, String query) throws IOException, InterruptedException {
        URI uri = peer.base().resolve(path + (query == null || query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header(LOCAL_ONLY, "true")
                .header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new Refused(response.statusCode(), response.statusCode() == 401 || response.statusCode() == 403
                        ? "refused the auditor's credentials (HTTP " + response.statusCode() + ")"
                        : "answered HTTP " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new IOException("answered more than " + MAX_BODY / (1024 * 1024) + " MiB");
            }
            try {
                JsonNode json = mapper.readTree(bytes);
                if (json == null || json.isMissingNode()) {
                    throw new IOException("answered nothing");
                }
                return json;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IOException("answered something that is not JSON");
            }
        }
    }

    /**
     * A k-way merge by time: each replica's list keeps its own order (its chain's), and at each
     * step the newest head among the replicas goes next. Sorting all by time would reorder one
     * replica's entries whenever its clock stepped back.
     */
    static List<JsonNode> newestFirst(List<List<JsonNode>> lists) {
        int total = lists.stream().mapToInt(List::size).sum();
        List<JsonNode> merged = new ArrayList<>(total);
        int[] next = new int[lists.size()];
        while (merged.size() < total) {
            int pick = -1;
            Instant newest = null;
            for (int i = 0; i < lists.size(); i++) {
                if (next[i] < lists.get(i).size()) {
                    Instant time = time(lists.get(i).get(next[i]));
                    if (pick < 0 || time.isAfter(newest)) {
                        pick = i;
                        newest = time;
                    }
                }
            }
            merged.add(lists.get(pick).get(next[pick]++));
        }
        return merged;
    }

    private static Instant time(JsonNode entry) {
        try {
            return Instant.parse(entry.path("time").asText());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** What went wrong, in words an auditor can act on; never a stack trace. */
    static String reason(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof HttpTimeoutException) {
                return "no answer in time";
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host " + cause.getMessage();
            }
            if (cause instanceof SSLException) {
                return "TLS failed (is its certificate from IBAC's CA?): " + cause.getMessage();
            }
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
