package dev.ibac.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibac.judge.JudgeException;
import dev.ibac.judge.TokenUsage;
import dev.ibac.judge.describe.Redactor;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Turns what a provider call threw into a {@link JudgeException} whose message says why, in words,
 * on one line of bounded length, and is safe to show to an agent: connection refused, unknown host,
 * timeout, TLS failure, or the HTTP status with its reason and at most a short, redacted excerpt of
 * the provider's own error message — never the response body, never the API key.
 *
 * <p>LangChain4j wraps what the HTTP client threw (a refused connection arrives as a
 * {@code RuntimeException} around {@code java.net.ConnectException}), so the cause chain is walked.
 */
final class ProviderErrors {
    /** The longest description: room for the reason and a hint, whatever the provider sent. */
    static final int MAX_LENGTH = 300;
    /** The longest excerpt of the provider's own error message. */
    static final int MAX_PROVIDER_MESSAGE = 100;
    private static final int MAX_CHAIN = 32;

    private static final Redactor REDACTOR = new Redactor();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHECK_URL = " (check " + LlmConfig.BASE_URL_ENV + ")";
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(402, "Payment Required"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"), Map.entry(413, "Payload Too Large"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(422, "Unprocessable Entity"),
            Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"),
            Map.entry(529, "Overloaded"));

    private ProviderErrors() {}

    static JudgeException toJudgeException(Throwable failure, LlmConfig config, String modelName) {
        return new JudgeException("llm judge: " + describe(failure, config), TokenUsage.NONE, modelName, failure);
    }

    /** Why the call failed: one line, at most {@link #MAX_LENGTH} characters, without the API key. */
    static String describe(Throwable failure, LlmConfig config) {
        return bounded(withoutKey(reason(failure, config), config), MAX_LENGTH);
    }

    private static String reason(Throwable failure, LlmConfig config) {
        HttpException http = cause(failure, HttpException.class);
        if (http != null) {
            return httpStatus(http.statusCode(), providerMessage(http.getMessage(), config));
        }
        if (cause(failure, RateLimitException.class) != null) {
            return "provider rate-limited the call";
        }
        if (cause(failure, AuthenticationException.class) != null) {
            return "provider rejected the credentials (check " + LlmConfig.API_KEY_ENV + ")";
        }
        if (cause(failure, ModelNotFoundException.class) != null) {
            return "provider does not know the model (check " + LlmConfig.MODEL_ENV + " or the mission's judge.model)";
        }
        if (cause(failure, InternalServerException.class) != null) {
            return "provider failed (server error)";
        }
        if (isTimeout(failure)) {
            return "provider did not answer within " + config.timeout().toMillis() + " ms";
        }
        if (cause(failure, UnresolvedModelServerException.class) != null || cause(failure, UnresolvedAddressException.class) != null
                || cause(failure, UnknownHostException.class) != null) {
            return "unknown host: the provider's host name does not resolve" + CHECK_URL;
        }
        SSLException tls = cause(failure, SSLException.class);
        if (tls != null) {
            return "TLS failure talking to the provider: " + tlsReason(failure, tls, config);
        }
        if (cause(failure, ConnectException.class) != null) {
            return "cannot connect to the provider: " + connectReason(failure, config) + CHECK_URL;
        }
        SocketException socket = cause(failure, SocketException.class);
        if (socket != null) {
            return "connection to the provider failed: " + lowerFirst(safeMessage(socket, "socket error", config));
        }
        if (closedEarly(failure)) {
            return "provider closed the connection without answering";
        }
        return "provider call failed (" + root(failure, config) + ")";
    }

    private static String httpStatus(int status, String detail) {
        String answered = "provider answered HTTP " + status + (REASONS.containsKey(status) ? " " + REASONS.get(status) : "");
        if (status == 401 || status == 403) {
            // what a provider says about a rejected key may quote the key: only the status is shown
            return answered + " (check " + LlmConfig.API_KEY_ENV + ")";
        }
        String said = detail.isEmpty() ? "" : ": " + detail;
        if (status == 404) {
            return answered + said + " (unknown model or wrong path: check " + LlmConfig.MODEL_ENV
                    + ", the mission's judge.model, " + LlmConfig.BASE_URL_ENV + ")";
        }
        return answered + said;
    }

    /**
     * The provider's own short error message from a JSON error body ({@code error.message},
     * {@code error}, {@code message} or {@code detail}), redacted and cut to
     * {@link #MAX_PROVIDER_MESSAGE}; empty when the body is not such JSON (an HTML error page, say).
     */
    private static String providerMessage(String body, LlmConfig config) {
        if (body == null || body.isBlank()) {
            return "";
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException notJson) {
            return "";
        }
        if (json == null || !json.isObject()) {
            return "";
        }
        JsonNode error = json.path("error");
        for (JsonNode candidate : new JsonNode[] {error.path("message"), error, json.path("message"), json.path("detail")}) {
            if (candidate.isTextual() && !candidate.asText().isBlank()) {
                return bounded(REDACTOR.redactText(withoutKey(candidate.asText(), config)), MAX_PROVIDER_MESSAGE);
            }
        }
        return "";
    }

    private static String tlsReason(Throwable failure, SSLException tls, LlmConfig config) {
        String message = messages(failure);
        if (message.contains("No subject alternative") || message.contains("No name matching")) {
            return "the certificate does not name the host" + CHECK_URL;
        }
        if (cause(failure, CertPathBuilderException.class) != null || cause(failure, CertPathValidatorException.class) != null
                || cause(failure, CertificateException.class) != null || message.contains("PKIX")) {
            return "the provider's certificate is not trusted";
        }
        return safeMessage(tls, "handshake failed", config);
    }

    /** The JDK's HTTP client reports a refused connection as a ConnectException without a message. */
    private static String connectReason(Throwable failure, LlmConfig config) {
        for (Throwable t : chain(failure)) {
            if (t instanceof ConnectException && t.getMessage() != null && !t.getMessage().isBlank()) {
                return lowerFirst(safeMessage(t, "connection refused", config));
            }
        }
        return "connection refused";
    }

    private static boolean closedEarly(Throwable failure) {
        return cause(failure, EOFException.class) != null || messages(failure).contains("received no bytes");
    }

    private static boolean isTimeout(Throwable failure) {
        return cause(failure, dev.langchain4j.exception.TimeoutException.class) != null
                || cause(failure, HttpTimeoutException.class) != null
                || cause(failure, java.util.concurrent.TimeoutException.class) != null;
    }

    /**
     * The innermost cause by class name, with its message only for the JDK's own exceptions (a
     * library's message may quote the response it could not read).
     */
    private static String root(Throwable failure, LlmConfig config) {
        List<Throwable> chain = chain(failure);
        Throwable root = chain.get(chain.size() - 1);
        String name = root.getClass().getSimpleName();
        String type = root.getClass().getName();
        boolean jdk = type.startsWith("java.") || type.startsWith("javax.");
        return jdk && root.getMessage() != null && !root.getMessage().isBlank() ? name + ": " + safeMessage(root, "", config) : name;
    }

    private static String safeMessage(Throwable t, String fallback, LlmConfig config) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return fallback;
        }
        return bounded(REDACTOR.redactText(withoutKey(message, config)), MAX_PROVIDER_MESSAGE);
    }

    /** Every message of the cause chain, for recognising a failure by what the JDK says. */
    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t : chain(failure)) {
            if (t.getMessage() != null) {
                all.append(t.getMessage()).append('\n');
            }
        }
        return all.toString();
    }

    private static String withoutKey(String text, LlmConfig config) {
        String key = config.apiKey();
        return key == null || key.length() < 8 || text == null ? text : text.replace(key, Redactor.REDACTED);
    }

    /** One line (control characters and runs of whitespace become one space), cut to {@code max} characters. */
    static String bounded(String text, int max) {
        String line = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (line.length() <= max) {
            return line;
        }
        int cut = Character.isHighSurrogate(line.charAt(max - 2)) ? max - 2 : max - 1;
        return line.substring(0, cut).stripTrailing() + "…";
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() || text.length() > 1 && Character.isUpperCase(text.charAt(1))
                ? text
                : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }

    /** The failure and its causes, outermost first; a cyclic chain is cut where it repeats. */
    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && chain.size() < MAX_CHAIN && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable t : chain(failure)) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
