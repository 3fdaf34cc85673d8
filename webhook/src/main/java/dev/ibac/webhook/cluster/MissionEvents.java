package dev.ibac.webhook.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ibac.crd.Mission;
import dev.ibac.webhook.pipeline.Decision;
import dev.ibac.webhook.record.DecisionRecorder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventSeriesBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEC §8 Events: one {@code events.k8s.io/v1} Event per verdict on the Mission (Normal allowed,
 * Warning denied), regarding the Mission and related to the target object. Repeats of the same
 * (mission, reason, action) within {@link #SERIES_WINDOW} become one Event whose series count
 * grows, written at most once per {@link #MIN_UPDATE_INTERVAL} and at the latest one interval after
 * the last repeat. Requests only enqueue (bounded; a full queue drops and counts); one thread talks
 * to the API server and alone touches the series.
 *
 * <p>API writes go through a Bucket4j token bucket ({@link #WRITE_BURST} at once, then
 * {@link #WRITES_PER_SECOND} per second) so that a runaway agent producing many distinct verdicts
 * cannot flood the API server: a new Event without a token is dropped and counted (the audit log
 * has the verdict), a series count without one waits for the next sweep.
 */
final class MissionEvents implements DecisionRecorder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MissionEvents.class);
    static final Duration SERIES_WINDOW = Duration.ofMinutes(10);
    static final Duration MIN_UPDATE_INTERVAL = Duration.ofSeconds(5);
    static final int NOTE_LIMIT = 1024;
    static final int WRITE_BURST = 50;
    static final int WRITES_PER_SECOND = 5;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final KubernetesClient client;
    private final Clock clock;
    private final String instance;
    private final BlockingQueue<Decision> queue;
    private final Cache<String, Series> series = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(SERIES_WINDOW).build();
    private final AtomicLong dropped = new AtomicLong();
    private final Bucket writes;
    private final Thread sender;
    private volatile boolean running = true;
    private Instant nextSweep = Instant.MIN;

    /** An Event already written for a key, and how many occurrences it has recorded. */
    private static final class Series {
        final String key;
        final String eventName;
        final String namespace;
        long count = 1;
        long written = 1;
        Instant lastWrite;
        Instant lastSeen;

        Series(String key, String eventName, String namespace, Instant now) {
            this.key = key;
            this.eventName = eventName;
            this.namespace = namespace;
            this.lastWrite = now;
            this.lastSeen = now;
        }
    }

    MissionEvents(KubernetesClient client, Clock clock, String instance, int capacity) {
        this(client, clock, instance, capacity, TimeMeter.SYSTEM_NANOTIME);
    }

    /** {@code time}: the write limiter's clock (tests inject one). */
    MissionEvents(KubernetesClient client, Clock clock, String instance, int capacity, TimeMeter time) {
        this.writes = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(WRITE_BURST).refillGreedy(WRITES_PER_SECOND, Duration.ofSeconds(1)).build())
                .withCustomTimePrecision(time).build();
        this.client = client;
        this.clock = clock;
        this.instance = instance;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sender = new Thread(this::run, "ibac-events");
        this.sender.setDaemon(true);
    }

    MissionEvents start() {
        sender.start();
        return this;
    }

    @Override
    public void record(Decision decision) {
        if (!decision.isAgentTraffic() || decision.mission() == null || decision.action().dryRun()) {
            return; // sideEffects: NoneOnDryRun — dry runs leave no Event
        }
        if (!queue.offer(decision)) {
            dropped.incrementAndGet();
        }
    }

    long dropped() {
        return dropped.get();
    }

    private void run() {
        while (running) {
            try {
                Decision next = queue.poll(MIN_UPDATE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                if (next != null) {
                    emit(next);
                }
                sweepWhenDue();
            } catch (InterruptedException e) {
                return; // close() flushes what is pending
            } catch (RuntimeException e) { // whatever it is, the one sender thread must live on
                LOG.warn("event not written: {}", e.getMessage());
            }
        }
    }

    /** Once per interval: writes counts that no later repeat has carried out yet. */
    private void sweepWhenDue() {
        Instant now = Instant.now(clock);
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(MIN_UPDATE_INTERVAL);
        flushDue();
    }

    /** Writes (or aggregates) one decision's Event; package-private so tests drive it without the thread. */
    void emit(Decision decision) {
        Instant now = Instant.now(clock);
        String key = decision.mission().key() + "|" + reason(decision) + "|" + decision.action().describe();
        Series existing = series.getIfPresent(key);
        if (existing == null) {
            if (!writes.tryConsume(1)) {
                dropped.incrementAndGet();
                return;
            }
            Event created = client.events().v1().events().inNamespace(namespace(decision)).resource(event(decision, now)).create();
            series.put(key, new Series(key, created.getMetadata().getName(), namespace(decision), now));
            return;
        }
        existing.count++;
        existing.lastSeen = now;
        if (due(existing, now) && writes.tryConsume(1)) {
            flushSeries(existing);
        }
    }

    /** Writes the series counts whose last write is an interval old (the sender's sweep; tests call it directly). */
    void flushDue() {
        Instant now = Instant.now(clock);
        series.asMap().values().stream().filter(s -> s.count > s.written && due(s, now))
                .takeWhile(s -> writes.tryConsume(1)).forEach(this::flushSeries);
    }

    /** Writes every pending series count (on shutdown, and by tests). */
    void flushAll() {
        series.asMap().values().stream().filter(s -> s.count > s.written).forEach(this::flushSeries);
    }

    private static boolean due(Series s, Instant now) {
        return Duration.between(s.lastWrite, now).compareTo(MIN_UPDATE_INTERVAL) >= 0;
    }

    private void flushSeries(Series s) {
        try {
            client.events().v1().events().inNamespace(s.namespace).withName(s.eventName).edit(e -> new EventBuilder(e)
                    .withSeries(new EventSeriesBuilder().withCount((int) s.count).withLastObservedTime(micro(s.lastSeen)).build())
                    .build());
            s.written = s.count;
            s.lastWrite = Instant.now(clock);
        } catch (KubernetesClientException e) {
            series.invalidate(s.key); // the Event may be gone (deleted, or its TTL ran out): the next repeat starts a new one
            LOG.warn("event series {} not updated: {}", s.eventName, e.getMessage());
        }
    }

    private Event event(Decision decision, Instant now) {
        Mission mission = decision.mission();
        return new EventBuilder()
                .withNewMetadata().withGenerateName(mission.getMetadata().getName() + ".").withNamespace(namespace(decision)).endMetadata()
                .withEventTime(micro(now))
                .withType(decision.allowed() ? "Normal" : "Warning")
                .withReason(reason(decision))
                .withAction(decision.action().operation())
                .withNote(note(decision))
                .withReportingController("ibac.io/webhook")
                .withReportingInstance(instance)
                .withRegarding(new ObjectReferenceBuilder().withApiVersion(Mission.GROUP + "/" + Mission.VERSION).withKind("Mission")
                        .withName(mission.getMetadata().getName()).withNamespace(mission.getMetadata().getNamespace())
                        .withUid(mission.getMetadata().getUid()).build())
                .withRelated(related(decision))
                .build();
    }

    private static ObjectReference related(Decision decision) {
        var resource = decision.action().resource();
        String apiVersion = resource.group().isEmpty() ? resource.version() : resource.group() + "/" + resource.version();
        return new ObjectReferenceBuilder().withApiVersion(apiVersion).withKind(decision.action().kind())
                .withNamespace(decision.action().namespace().isEmpty() ? null : decision.action().namespace())
                .withName(decision.action().name()).build();
    }

    static String reason(Decision decision) {
        if (decision.approval() != null) {
            // SPEC §5a: the approval stage's own reasons, aggregated per action like every other
            return switch (decision.approval().state()) {
                case "Approved" -> "ActionApproved";
                case "Rejected" -> "ApprovalRejected";
                default -> "ApprovalRequested";
            };
        }
        if (decision.allowed()) {
            return "ActionAllowed";
        }
        if (!decision.enforced()) {
            return "ActionWarned";
        }
        return switch (decision.stage()) {
            case BUDGET -> "BudgetExhausted";
            case RATE -> "ActionThrottled";
            default -> "ActionDenied";
        };
    }

    /** "CREATE deployments shop/checkout: reasoning", cut to 1 KiB of UTF-8 (the API's limit for note). */
    static String note(Decision decision) {
        String note = decision.action().describe() + ": " + (decision.reason() == null ? "" : decision.reason());
        byte[] bytes = note.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= NOTE_LIMIT) {
            return note;
        }
        String cut = new String(bytes, 0, NOTE_LIMIT - 3, StandardCharsets.UTF_8);
        cut = cut.endsWith("\uFFFD") ? cut.substring(0, cut.length() - 1) : cut;
        return cut + "…";
    }

    private static String namespace(Decision decision) {
        return decision.mission().getMetadata().getNamespace();
    }

    private static MicroTime micro(Instant instant) {
        return new MicroTime(MICRO.format(instant));
    }

    /** Stops the sender, then writes pending series counts; decisions still queued are dropped. */
    @Override
    public void close() {
        running = false;
        sender.interrupt();
        try {
            sender.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!sender.isAlive()) {
            flushAll(); // only once the sender is gone: the series belong to one thread at a time
        }
    }
}
