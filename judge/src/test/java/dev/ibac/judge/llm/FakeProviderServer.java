package dev.ibac.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ibac.judge.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A model server on 127.0.0.1 that speaks one provider's wire protocol, so LangChain4j's real
 * client is exercised: it records every request and answers with the content, status and delay
 * the test sets.
 */
final class FakeProviderServer implements AutoCloseable {
    record Received(String method, String path, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            try {
                return Fixtures.JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final LlmProvider provider;
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final CountDownLatch released = new CountDownLatch(1);
    final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile String content = "";
    private volatile int status = 200;
    private volatile String errorMessage = "upstream says no";
    private volatile String rawErrorBody;
    private volatile long delayMillis;
    private volatile boolean holdUntilClosed;

    FakeProviderServer(LlmProvider provider) throws IOException {
        this.provider = provider;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    /** The base URL a judge of this provider is configured with. */
    String baseUrl() {
        String root = "http://127.0.0.1:" + server.getAddress().getPort();
        return switch (provider) {
            case OPENAI -> root + "/v1";
            case ANTHROPIC -> root + "/v1/";
            case OLLAMA -> root;
        };
    }

    String expectedPath() {
        return switch (provider) {
            case OPENAI -> "/v1/chat/completions";
            case ANTHROPIC -> "/v1/messages";
            case OLLAMA -> "/api/chat";
        };
    }

    FakeProviderServer answering(String modelContent) {
        this.content = modelContent;
        this.status = 200;
        this.holdUntilClosed = false;
        return this;
    }

    FakeProviderServer failingWith(int httpStatus) {
        this.status = httpStatus;
        return this;
    }

    /** Fails with the provider's JSON error shape carrying {@code message}. */
    FakeProviderServer failingWith(int httpStatus, String message) {
        this.status = httpStatus;
        this.errorMessage = message;
        return this;
    }

    /** Fails with exactly this body (an HTML error page from a proxy, say). */
    FakeProviderServer failingWithBody(int httpStatus, String body) {
        this.status = httpStatus;
        this.rawErrorBody = body;
        return this;
    }

    FakeProviderServer delayedBy(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** Never answers until the server is closed: a hung provider. */
    FakeProviderServer hanging() {
        this.holdUntilClosed = true;
        return this;
    }

    /** Lets every held request go (they are answered with what the server is set to now). */
    void release() {
        released.countDown();
    }

    Received last() {
        return received.get(received.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        try {
            if (holdUntilClosed) {
                released.await();
            } else if (delayMillis > 0) {
                released.await(delayMillis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        respond(exchange, status, status == 200 ? success() : error());
    }

    private String success() {
        ObjectNode reply = Fixtures.JSON.createObjectNode();
        switch (provider) {
            case OPENAI -> {
                reply.put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1_700_000_000).put("model", "served");
                ObjectNode choice = reply.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
                choice.putObject("message").put("role", "assistant").put("content", content);
                reply.putObject("usage").put("prompt_tokens", 812).put("completion_tokens", 41).put("total_tokens", 853);
            }
            case ANTHROPIC -> {
                reply.put("id", "msg_1").put("type", "message").put("role", "assistant").put("model", "served")
                        .put("stop_reason", "end_turn");
                reply.putArray("content").addObject().put("type", "text").put("text", content);
                reply.putObject("usage").put("input_tokens", 812).put("output_tokens", 41);
            }
            case OLLAMA -> {
                reply.put("model", "served").put("created_at", "2026-01-01T00:00:00Z").put("done", true).put("done_reason", "stop")
                        .put("prompt_eval_count", 812).put("eval_count", 41);
                reply.putObject("message").put("role", "assistant").put("content", content);
            }
        }
        return reply.toString();
    }

    private String error() {
        if (rawErrorBody != null) {
            return rawErrorBody;
        }
        ObjectNode reply = Fixtures.JSON.createObjectNode();
        if (provider == LlmProvider.ANTHROPIC) {
            reply.put("type", "error").putObject("error").put("type", "api_error").put("message", errorMessage);
        } else {
            reply.putObject("error").put("message", errorMessage).put("type", "server_error");
        }
        return reply.toString();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException clientWentAway) {
            // the judge gave up on this call (deadline); nothing to answer
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
