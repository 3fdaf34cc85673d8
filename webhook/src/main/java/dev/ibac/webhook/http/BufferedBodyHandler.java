package dev.ibac.webhook.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body before any handler thread sees it, without holding a thread while it
 * arrives, and within a deadline. Javalin's handlers read bodies with blocking calls on worker
 * threads: a few hundred connections that send headers and then one byte every few seconds held
 * every worker, and every normal request timed out (issue #13). Here a slow body costs a
 * connection and at most {@code maxBody + 1} buffered bytes, never a thread; one that has not
 * arrived by the deadline is answered 408 and its connection closed. A body over the limit is
 * drained (up to a cap, so the client reads the answer instead of a reset) and answered 400.
 */
final class BufferedBodyHandler extends Handler.Wrapper {
    /** How much of an oversized body is read and discarded before answering, so the client sees the 400. */
    static final long DRAIN_CAP = 64L * 1024 * 1024;

    private final long maxBody;
    private final Duration deadline;

    BufferedBodyHandler(long maxBody, Duration deadline) {
        this.maxBody = maxBody;
        this.deadline = deadline;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.POST.is(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        new Reading(request, response, callback).start();
        return true;
    }

    /** One body being read: resumed by Jetty's demand callbacks, ended by the last chunk, a failure or the deadline. */
    private final class Reading implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final Body body;
        private final AtomicBoolean finished = new AtomicBoolean();
        private long received;
        private Scheduler.Task timeout;

        Reading(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.body = new Body(request.getLength(), maxBody);
        }

        void start() {
            timeout = request.getComponents().getScheduler().schedule(this::expire, deadline.toMillis(), TimeUnit.MILLISECONDS);
            run();
        }

        @Override
        public void run() {
            while (!finished.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    answer(400, "the request body ended before its Content-Length (" + received + " bytes received)");
                    return;
                }
                boolean last = chunk.isLast();
                keep(chunk.getByteBuffer());
                chunk.release();
                if (received > maxBody + DRAIN_CAP || last && received > maxBody) {
                    answer(400, "body of " + (last ? "" : "more than ") + received + " bytes exceeds the limit of " + maxBody + " bytes");
                    return;
                }
                if (last) {
                    dispatch();
                    return;
                }
            }
        }

        private void keep(ByteBuffer buffer) {
            int length = buffer.remaining();
            received += length;
            int room = (int) Math.max(0, Math.min(length, maxBody + 1 - body.size()));
            if (room > 0 && buffer.hasArray()) {
                body.write(buffer.array(), buffer.arrayOffset() + buffer.position(), room);
            } else if (room > 0) {
                byte[] bytes = new byte[room];
                buffer.get(bytes);
                body.write(bytes, 0, room);
            }
        }

        private void expire() {
            answer(408, "the request body did not arrive within " + deadline.toMillis() + " ms (" + received + " bytes received)");
        }

        private void dispatch() {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            timeout.cancel();
            Request buffered = new Buffered(request, body.received());
            try {
                if (!BufferedBodyHandler.super.handle(buffered, response, callback)) {
                    Response.writeError(request, response, callback, 404);
                }
            } catch (Throwable e) {
                callback.failed(e);
            }
        }

        /** Answers without the handlers; the connection is closed, since the rest of the body may still be on its way. */
        private void answer(int status, String message) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            timeout.cancel();
            String json = JsonNodeFactory.instance.objectNode().put("code", status).put("message", message).toString();
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
            response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
        }
    }

    /**
     * The bytes received, kept without the copies a growing buffer and {@code toByteArray} make
     * (issue #19: a 12 KB review was copied five times, 100 KB allocated per request). It starts at
     * the declared length, at most {@link #PRESIZED} (a client that declares 3 MiB and sends nothing
     * holds no more than it sent), and grows as ByteArrayOutputStream does beyond.
     */
    private static final class Body extends ByteArrayOutputStream {
        static final int PRESIZED = 64 * 1024;

        Body(long declared, long maxBody) {
            super((int) Math.max(32, Math.min(Math.min(declared, maxBody + 1), PRESIZED)));
        }

        /** What was written, shared, not copied: nothing writes after the body is handed on. */
        ByteBuffer received() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }

    /** The request with its body already read: one chunk, then the end. */
    private static final class Buffered extends Request.Wrapper {
        private Content.Chunk next;

        Buffered(Request request, ByteBuffer body) {
            super(request);
            this.next = Content.Chunk.from(body, true);
        }

        @Override
        public synchronized Content.Chunk read() {
            Content.Chunk chunk = next;
            next = Content.Chunk.EOF;
            return chunk;
        }

        @Override
        public void demand(Runnable demandCallback) {
            getComponents().getExecutor().execute(demandCallback); // content is always available; never re-enter the caller
        }

        @Override
        public synchronized boolean consumeAvailable() {
            next = Content.Chunk.EOF;
            return true;
        }

        @Override
        public void fail(Throwable failure) {
            // nothing left to read from the network; the handlers' response decides the rest
        }
    }
}
