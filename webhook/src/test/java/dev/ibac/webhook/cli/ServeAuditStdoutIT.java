package dev.ibac.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --audit-stdout} as a log pipeline sees it: the packaged jar in its own process;
 * standard output carries exactly the lines of the audit log (hashes included, UTF-8 even under the
 * POSIX locale), and nothing else — the start-up line goes to standard error.
 */
class ServeAuditStdoutIT {
    private static final Pattern SERVING = Pattern.compile("ibac: serving https://127\\.0\\.0\\.1:(\\d+)/validate");
    @TempDir
    Path dir;

    @Test
    void every_entry_is_one_json_line_on_stdout_exactly_as_in_the_log() throws Exception {
        Path jar = Path.of("target", "ibac.jar");
        assertThat(jar).as("packaged before the integration tests").exists();
        Path state = dir.resolve("state");
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "serve", "--missions", TestMissions.directory(dir, "shop.yaml").toString(),
                "--state", state.toString(), "--host", "127.0.0.1", "--port", "0", "--audit-stdout", "--replica", "ibac-5"));
        builder.environment().put("LANG", "C");
        builder.environment().remove("LC_ALL");
        Process serve = builder.start();
        // closed only after the process ended: closing a reader another thread is blocked in would wait for it
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        BufferedReader err = new BufferedReader(new InputStreamReader(serve.getErrorStream(), StandardCharsets.UTF_8));
        try {
            int port = CompletableFuture.supplyAsync(() -> port(err)).get(180, TimeUnit.SECONDS);
            CompletableFuture.runAsync(() -> drain(err)); // the server's log must never fill the pipe and block it
            HttpClient http = HttpClient.newBuilder().sslContext(DemoAgent.trusting(state.resolve("ca.crt"))).build();
            for (String uid : List.of("stdout-1", "stdout-2")) {
                byte[] review = Fixtures.MAPPER.writeValueAsBytes(Fixtures.review("create-deployment",
                        r -> r.put("uid", uid).put("name", "checkout-é")));
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/validate"))
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(review)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
            }
            List<String> mirrored = CompletableFuture.supplyAsync(() -> List.of(line(out), line(out))).get(60, TimeUnit.SECONDS);
            assertThat(mirrored).isEqualTo(Files.readAllLines(state.resolve("audit.jsonl"), StandardCharsets.UTF_8));
            JsonNode first = Fixtures.MAPPER.readTree(mirrored.get(0));
            assertThat(first.path("auditId").asText()).isEqualTo("stdout-1");
            assertThat(first.path("replica").asText()).isEqualTo("ibac-5");
            assertThat(first.path("name").asText()).isEqualTo("checkout-é");
            assertThat(first.path("hash").asText()).matches("[0-9a-f]{64}");
            assertThat(Fixtures.MAPPER.readTree(mirrored.get(1)).path("prevHash").asText()).isEqualTo(first.path("hash").asText());
        } finally {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            out.close();
            err.close();
        }
    }

    private static int port(BufferedReader err) {
        for (String line = line(err); line != null; line = line(err)) {
            Matcher serving = SERVING.matcher(line);
            if (serving.find()) {
                return Integer.parseInt(serving.group(1));
            }
        }
        throw new AssertionError("serve ended without serving");
    }

    private static void drain(BufferedReader reader) {
        try {
            while (reader.readLine() != null) {
                // discard
            }
        } catch (java.io.IOException closed) {
            // the process ended
        }
    }

    private static String line(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
