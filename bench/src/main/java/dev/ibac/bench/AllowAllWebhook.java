package dev.ibac.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The bench's baseline: a webhook that admits everything, on IBAC's stack — Javalin 7 on Jetty 12,
 * the same TLS connector settings as IBAC's {@code ServerTls} (TLS 1.3/1.2, HTTP/1.1 keep-alive, an
 * EC P-256 key), default thread pool. It reads the body, parses it with Jackson and answers with
 * the request's uid, as any webhook must; everything IBAC does beyond that is what the bench's ratio
 * measures. Not shipped.
 *
 * <p>Usage: {@code AllowAllWebhook PORT KEYSTORE.p12 PASSWORD}
 */
public final class AllowAllWebhook {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AllowAllWebhook() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
            keys.load(in, args[2].toCharArray());
        }
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(keys);
        tls.setKeyStorePassword(args[2]);
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.addConnector((server, http) -> {
                HttpConfiguration https = new HttpConfiguration(http);
                SecureRequestCustomizer secure = new SecureRequestCustomizer();
                secure.setSniHostCheck(false);
                https.addCustomizer(secure);
                ServerConnector connector = new ServerConnector(server,
                        new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
                connector.setHost("127.0.0.1");
                connector.setPort(port);
                return connector;
            });
            config.routes.post("/validate", AllowAllWebhook::validate);
            config.routes.get("/readyz", ctx -> ctx.result("ready"));
            config.routes.get("/healthz", ctx -> ctx.result("ok"));
        }).start();
    }

    private static void validate(Context ctx) throws Exception {
        JsonNode review = JSON.readTree(ctx.bodyAsBytes());
        ObjectNode answer = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        answer.putObject("response").put("uid", review.path("request").path("uid").asText()).put("allowed", true);
        ctx.contentType("application/json").result(JSON.writeValueAsBytes(answer));
    }
}
