package dev.ibac.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local OpenAI-compatible chat endpoint for the bench's LLM runs: every {@code POST
 * .../chat/completions} is answered "allow" after a fixed delay (200 ms unless given), without
 * holding a thread while it waits. {@code GET /calls} returns how many completions were asked for,
 * so the bench can show that identical concurrent requests made one call. Not shipped.
 *
 * <p>Usage: {@code FakeLlmProvider PORT [DELAY_MS]}
 */
public final class FakeLlmProvider {
    private static final byte[] ANSWER = ("{\"id\":\"bench\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"bench-judge\","
            + "\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"{\\\"decision\\\":\\\"allow\\\",\\\"reasoning\\\":\\\"scaling checkout serves the goal\\\",\\\"risk\\\":\\\"low\\\","
            + "\\\"confidence\\\":0.9}\"}}],\"usage\":{\"prompt_tokens\":812,\"completion_tokens\":41,\"total_tokens\":853}}")
            .getBytes(StandardCharsets.UTF_8);

    private FakeLlmProvider() {}

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        long delay = args.length > 1 ? Long.parseLong(args[1]) : 200;
        AtomicLong calls = new AtomicLong();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/calls", exchange -> reply(exchange, Long.toString(calls.get()).getBytes(StandardCharsets.UTF_8)));
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (!exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            calls.incrementAndGet();
            timer.schedule(() -> reply(exchange, ANSWER), delay, TimeUnit.MILLISECONDS);
        });
        server.start();
    }

    private static void reply(HttpExchange exchange, byte[] body) {
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            out.write(body);
        } catch (IOException e) {
            exchange.close();
        }
    }
}
