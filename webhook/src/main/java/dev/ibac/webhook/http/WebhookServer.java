package dev.ibac.webhook.http;

import dev.ibac.action.Action;
import dev.ibac.crd.JudgeSettings;
import dev.ibac.webhook.pipeline.Decision;
import dev.ibac.webhook.pipeline.DecisionPipeline;
import dev.ibac.webhook.pipeline.DenialMessages;
import dev.ibac.webhook.problem.ConfigException;
import dev.ibac.webhook.problem.IoErrors;
import dev.ibac.webhook.record.DecisionRecorder;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.util.JavalinException;
import dev.ibac.webhook.record.Durability;
import java.time.Duration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTPS endpoints of SPEC §10 on one Javalin server. */
public final class WebhookServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
    public static final long DEFAULT_MAX_BODY = 3L * 1024 * 1024;
    private static final long DRAIN_CAP = 64L * 1024 * 1024;

    private final AdmissionCodec codec;
    private final DecisionPipeline pipeline;
    private final DecisionRecorder recorder;
    private final Supplier<String> notReady;
    private final Supplier<String> metrics;
    private final LongSupplier nanoTime;
    private final long maxBody;
    private final Options options;
    private final Javalin app;

    /**
     * {@code bodyTimeout}: how long a request body may take to arrive (408 after); {@code maxConnections}
     * and {@code maxThreads} bound what clients can hold; {@code drain}: how long a stop waits for
     * requests in flight (inside the pod's termination grace period, 30 s by default).
     */
    public record Options(String host, int port, long maxBody, Duration bodyTimeout, int maxConnections, int maxThreads,
            Duration drain) {
        public static final Duration BODY_TIMEOUT = Duration.ofSeconds(5);
        public static final Duration DRAIN = Duration.ofSeconds(20);

        public Options(String host, int port, long maxBody) {
            this(host, port, maxBody, BODY_TIMEOUT, 2_000, 200, DRAIN);
        }
    }

    /** How long a decision may wait for its audit entry and budget charge to reach the disk before it is refused. */
    static final Duration DURABLE_TIMEOUT = Duration.ofSeconds(3);

    private final Durability durability;
    private final RateLimitedLog errors = new RateLimitedLog(LOG, Duration.ofSeconds(1));

    public WebhookServer(Options options, ServerTls tls, AdmissionCodec codec, DecisionPipeline pipeline,
            Durability durability, DecisionRecorder recorder, Supplier<String> notReady, Supplier<String> metrics,
            LongSupplier nanoTime, Consumer<RoutesConfig> moreRoutes) {
        this.codec = codec;
        this.pipeline = pipeline;
        this.durability = durability;
        this.recorder = recorder;
        this.notReady = notReady;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
        this.maxBody = options.maxBody();
        this.options = options;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.threadPool = threadPool(options.maxThreads());
            config.jetty.addConnector((server, http) -> tls.connector(server, http, options.host(), options.port()));
            config.jetty.modifyServer(server -> {
                // Javalin puts its servlet inside the innermost wrapper: graceful drain, then the body read ahead of it
                GracefulHandler graceful = new GracefulHandler();
                graceful.setHandler(new BufferedBodyHandler(options.maxBody(), options.bodyTimeout()));
                server.setHandler(graceful);
                server.setStopTimeout(options.drain().toMillis());
                server.addBean(new NetworkConnectionLimit(options.maxConnections(), server));
            });
            config.routes.post("/validate", this::validate);
            config.routes.get("/healthz", ctx -> ctx.result("ok"));
            config.routes.get("/readyz", this::readyz);
            moreRoutes.accept(config.routes);
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.get()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                // one line, rate-limited: a flood of bad requests must not become a flood of stack traces
                errors.error("{} {} failed: {}", ctx.method(), ctx.path(), e.toString());
                LOG.debug("{} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "internal error; see the webhook's log");
            });
        });
    }

    public WebhookServer start() {
        try {
            app.start();
        } catch (JavalinException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException bind) {
                    throw new ConfigException(bindProblem(bind));
                }
            }
            throw e;
        }
        return this;
    }

    private String bindProblem(BindException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("already in use")) {
            return "port " + options.port() + " is in use (on " + options.host() + "): stop the process that holds it or choose another --port";
        }
        if (message.contains("Permission denied") || message.contains("Access denied")) {
            return "port " + options.port() + " needs privileges this process does not have: choose a --port above 1023";
        }
        return "cannot listen on " + options.host() + ":" + options.port() + ": " + IoErrors.reason(e) + " (check --host and --port)";
    }

    /** The port actually bound (for port 0 in tests). */
    public int port() {
        return app.jettyServer().server().getConnectors().length == 0 ? -1
                : ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    private void validate(Context ctx) {
        long started = nanoTime.getAsLong();
        byte[] body;
        AdmissionCodec.Decoded decoded;
        try {
            body = readBounded(ctx);
            // one parse; the identity rule, asked while reading, lets a human's objects be skipped (issue #19)
            decoded = codec.decode(body, pipeline::isAgent);
        } catch (BadRequestException e) {
            error(ctx, HttpStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        Action action = decoded.action();
        Decision decision = pipeline.decide(action, decoded.agent()).withLatency((nanoTime.getAsLong() - started) / 1000);
        try {
            durability.begin(decision).await(DURABLE_TIMEOUT); // nothing is answered before it is recorded
        } catch (Durability.NotDurable e) {
            if (e.writeFailed()) {
                // fail closed: the API server applies failurePolicy. The writer logged the first failure;
                // a line per refusal would flood the log on the full volume
                error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "ibac: cannot record this decision, so it is refused: " + e.getMessage());
            } else {
                errors.error("refusing {}: {}", action.uid(), e.getMessage());
                error(ctx, HttpStatus.SERVICE_UNAVAILABLE, "ibac: not recorded, so not admitted: " + e.getMessage() + "; retry");
            }
            return;
        }
        recorder.record(decision);
        ctx.contentType("application/json").result(codec.encode(action.uid(), decision.admitted(),
                decision.admitted() ? null : DenialMessages.denial(decision), warnings(decision),
                AdmissionCodec.auditAnnotations(decision)));
    }

    /**
     * Bounded threads. Jetty's job queue stays unbounded (it warns that a bounded one misbehaves);
     * the connection limit bounds it, since a connection has at most one request in flight.
     */
    private static QueuedThreadPool threadPool(int maxThreads) {
        QueuedThreadPool pool = new QueuedThreadPool(maxThreads, Math.min(8, maxThreads));
        pool.setName("ibac-http");
        return pool;
    }

    private static List<String> warnings(Decision decision) {
        boolean warn = !decision.allowed() && !decision.enforced()
                && decision.mode() == JudgeSettings.Mode.Warn;
        return warn ? List.of(DenialMessages.warning(decision)) : List.of();
    }

    /**
     * Reads at most the limit. An oversized body is still drained (up to a hard cap) before the 400,
     * so the client reads a clear answer instead of a reset connection.
     */
    private byte[] readBounded(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            long declared = ctx.req().getContentLengthLong();
            byte[] body = declared >= 0 && declared <= maxBody ? declared(in, (int) declared)
                    : in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
            if (body.length > maxBody) {
                long total = body.length + in.skip(DRAIN_CAP);
                throw new BadRequestException("body of " + (total > DRAIN_CAP ? "more than " + total : total)
                        + " bytes exceeds the limit of " + maxBody + " bytes");
            }
            if (body.length == 0) {
                throw new BadRequestException("empty body: expected an AdmissionReview");
            }
            return body;
        } catch (IOException e) {
            throw new BadRequestException("could not read the body: " + e.getMessage());
        }
    }

    /**
     * A body of the declared length read into one array of that length (issue #19: reading up to the
     * limit goes in 8 KB buffers, then copies them into a third). What arrives past the declared
     * length, which HTTP's framing rules out, is read as before.
     */
    private byte[] declared(InputStream in, int length) throws IOException {
        byte[] body = new byte[length];
        int read = in.readNBytes(body, 0, length);
        if (read < length) {
            return java.util.Arrays.copyOf(body, read);
        }
        int next = in.read();
        if (next < 0) {
            return body;
        }
        byte[] rest = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody - length));
        byte[] all = java.util.Arrays.copyOf(body, length + 1 + rest.length);
        all[length] = (byte) next;
        System.arraycopy(rest, 0, all, length + 1, rest.length);
        return all;
    }

    private void readyz(Context ctx) {
        String why = notReady.get();
        if (why == null) {
            ctx.result("ready");
        } else {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).result("not ready: " + why);
        }
    }

    private void error(Context ctx, HttpStatus status, String message) {
        ctx.status(status).contentType("application/json")
                .result(codec.mapper().createObjectNode().put("code", status.getCode()).put("message", message).toString());
    }

    /**
     * Stops accepting, lets the requests in flight finish (up to {@code drain}; each waits for its
     * records to be on disk), then stops. New requests on open connections meanwhile get 503.
     */
    @Override
    public void close() {
        app.stop();
    }
}
