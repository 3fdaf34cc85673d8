package dev.ibac.judge.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.ibac.judge.JudgeException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A failed provider call says why, in words, on one bounded line, without the API key or the
 * response body: each failure is produced for real (closed port, plaintext or untrusted TLS peer,
 * a server that hangs up, error statuses) and goes through LangChain4j's own client.
 */
class ProviderErrorsTest {
    private static final String KEY = "test-key-0123456789";
    private static final int MAX_MESSAGE = "llm judge: ".length() + ProviderErrors.MAX_LENGTH;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private JudgeException failure(LlmProvider provider, String baseUrl) {
        Map<String, String> env = new HashMap<>(Map.of("IBAC_LLM_PROVIDER", provider.id(), "IBAC_LLM_BASE_URL", baseUrl,
                "IBAC_LLM_API_KEY", KEY, "IBAC_LLM_MODEL", "judge-model", "IBAC_LLM_TIMEOUT", "5s"));
        LlmJudge judge = LlmJudge.create(LlmConfig.fromEnv(env));
        open.add(judge);
        JudgeException error = catchThrowableOfType(JudgeException.class, () -> judge.judge(LlmJudgeTest.plainRequest()));
        assertThat(error).as("the call must fail").isNotNull();
        assertThat(error.getMessage()).doesNotContain(KEY).doesNotContain("\n").hasSizeLessThanOrEqualTo(MAX_MESSAGE);
        return error;
    }

    private JudgeException failure(LlmProvider provider, FakeProviderServer server) {
        return failure(provider, server.baseUrl());
    }

    private FakeProviderServer server(LlmProvider provider) throws IOException {
        FakeProviderServer server = new FakeProviderServer(provider);
        open.add(server);
        return server;
    }

    @ParameterizedTest
    @EnumSource(LlmProvider.class)
    void a_refused_connection_says_so(LlmProvider provider) throws Exception {
        JudgeException error = failure(provider, "http://127.0.0.1:" + LlmJudgeTest.closedPort() + "/v1");

        assertThat(error).hasMessage("llm judge: cannot connect to the provider: connection refused (check IBAC_LLM_BASE_URL)");
    }

    @ParameterizedTest
    @EnumSource(LlmProvider.class)
    void a_plaintext_server_behind_an_https_url_is_a_tls_failure(LlmProvider provider) throws Exception {
        RawServer plaintext = raw(socket -> write(socket, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"));

        JudgeException error = failure(provider, "https://127.0.0.1:" + plaintext.port() + "/v1");

        assertThat(error).hasMessage("llm judge: TLS failure talking to the provider: Unrecognized SSL message, plaintext connection?");
    }

    @ParameterizedTest
    @EnumSource(LlmProvider.class)
    void an_untrusted_certificate_is_a_tls_failure(LlmProvider provider, @TempDir Path dir) throws Exception {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(selfSigned(dir)));
        https.createContext("/", exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        https.start();
        open.add(() -> https.stop(0));

        JudgeException error = failure(provider, "https://127.0.0.1:" + https.getAddress().getPort() + "/v1");

        assertThat(error).hasMessage("llm judge: TLS failure talking to the provider: the provider's certificate is not trusted");
    }

    @ParameterizedTest
    @EnumSource(LlmProvider.class)
    void a_server_that_hangs_up_without_answering_says_so(LlmProvider provider) throws Exception {
        RawServer hangsUp = raw(socket -> {
            try {
                socket.getInputStream().read(new byte[1024]);
            } catch (IOException ignored) {
                // closing is the point
            }
        });

        JudgeException error = failure(provider, "http://127.0.0.1:" + hangsUp.port() + "/v1");

        assertThat(error).hasMessage("llm judge: provider closed the connection without answering");
    }

    @ParameterizedTest
    @EnumSource(LlmProvider.class)
    void an_error_status_comes_with_its_reason_and_the_providers_short_message(LlmProvider provider) throws Exception {
        assertThat(failure(provider, server(provider).failingWith(400, "'messages' must not be empty")))
                .hasMessage("llm judge: provider answered HTTP 400 Bad Request: 'messages' must not be empty");
        assertThat(failure(provider, server(provider).failingWith(503)))
                .hasMessage("llm judge: provider answered HTTP 503 Service Unavailable: upstream says no");
        assertThat(failure(provider, server(provider).failingWith(404, "model 'judge-model' not found")))
                .hasMessage("llm judge: provider answered HTTP 404 Not Found: model 'judge-model' not found (unknown model or"
                        + " wrong path: check IBAC_LLM_MODEL, the mission's judge.model, IBAC_LLM_BASE_URL)");
    }

    @ParameterizedTest
    @EnumSource(LlmProvider.class)
    void a_rejected_key_shows_only_the_status_not_what_the_provider_said_about_the_key(LlmProvider provider) throws Exception {
        JudgeException error = failure(provider, server(provider).failingWith(401, "Incorrect API key provided: " + KEY));

        assertThat(error).hasMessage("llm judge: provider answered HTTP 401 Unauthorized (check IBAC_LLM_API_KEY)");
    }

    @ParameterizedTest
    @EnumSource(LlmProvider.class)
    void credentials_in_the_providers_message_are_redacted(LlmProvider provider) throws Exception {
        String leaked = "sk-proj-Zx81Qw0PLm4Rt7Yu2Io9";
        JudgeException error = failure(provider, server(provider).failingWith(400, "bad key " + KEY + " and " + leaked));

        assertThat(error.getMessage()).startsWith("llm judge: provider answered HTTP 400 Bad Request: bad key <redacted>")
                .doesNotContain(KEY).doesNotContain(leaked);
    }

    @ParameterizedTest
    @EnumSource(LlmProvider.class)
    void a_long_or_non_json_body_never_reaches_the_message(LlmProvider provider) throws Exception {
        String huge = "line one\nline two\r\n" + "x".repeat(10_000);
        JudgeException longMessage = failure(provider, server(provider).failingWith(400, huge));
        JudgeException html = failure(provider, server(provider).failingWithBody(502,
                "<html><body><h1>502 Bad Gateway</h1><p>nginx upstream secret-internal-host:8000</p></body></html>"));

        assertThat(longMessage.getMessage()).startsWith("llm judge: provider answered HTTP 400 Bad Request: line one line two xxx")
                .endsWith("…").hasSizeLessThan(200);
        assertThat(html).hasMessage("llm judge: provider answered HTTP 502 Bad Gateway");
    }

    @Test
    void an_unknown_host_says_so() {
        // what LangChain4j's JDK client throws when the base URL's host does not resolve
        assertThat(ProviderErrors.describe(new UnresolvedModelServerException(new UnresolvedAddressException()), config()))
                .isEqualTo("unknown host: the provider's host name does not resolve (check IBAC_LLM_BASE_URL)");
    }

    @Test
    void a_connect_error_with_a_reason_keeps_the_reason() {
        RuntimeException wrapped = new RuntimeException(new ConnectException("No route to host"));

        assertThat(ProviderErrors.describe(wrapped, config()))
                .isEqualTo("cannot connect to the provider: no route to host (check IBAC_LLM_BASE_URL)");
    }

    @Test
    void an_unrecognised_failure_names_its_root_cause_and_a_cyclic_chain_ends() {
        RuntimeException outer = new RuntimeException("outer");
        IllegalStateException inner = new IllegalStateException("port out of range:99999", outer);
        outer.initCause(inner);

        assertThat(ProviderErrors.describe(new RuntimeException(new IllegalArgumentException("port out of range:99999")), config()))
                .isEqualTo("provider call failed (IllegalArgumentException: port out of range:99999)");
        assertThat(ProviderErrors.describe(outer, config()))
                .isEqualTo("provider call failed (IllegalStateException: port out of range:99999)");
    }

    private static LlmConfig config() {
        return LlmConfig.fromEnv(Map.of("IBAC_LLM_BASE_URL", "http://127.0.0.1:1/v1", "IBAC_LLM_API_KEY", KEY));
    }

    /** A key pair and self-signed certificate no trust store knows, made with the JDK's keytool. */
    private static SSLContext selfSigned(Path dir) throws Exception {
        Path store = dir.resolve("provider.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "provider", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return context;
    }

    private static void write(Socket socket, String text) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.getInputStream().read(new byte[1024]);
        } catch (IOException ignored) {
            // the client gave up first
        }
    }

    private RawServer raw(Consumer<Socket> handler) throws IOException {
        RawServer server = new RawServer(handler);
        open.add(server);
        return server;
    }

    /** A loopback TCP server that hands each connection to {@code handler}, then closes it. */
    private static final class RawServer implements AutoCloseable {
        private final ServerSocket socket;

        RawServer(Consumer<Socket> handler) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket connection = socket.accept()) {
                        handler.accept(connection);
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "raw-provider");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
