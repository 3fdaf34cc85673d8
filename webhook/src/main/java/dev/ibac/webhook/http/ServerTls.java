package dev.ibac.webhook.http;

import java.security.KeyStore;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTPS connector: TLS 1.2+ with HTTP/1.1 keep-alive, as the API server calls webhooks.
 * Javalin 7's SslPlugin is not published for Jetty 12, so this configures Jetty's own
 * {@link SslContextFactory.Server}, which is what the plugin wraps; {@link #reload} swaps the key
 * pair without dropping the listener.
 */
public final class ServerTls {
    public static final char[] PASSWORD = "ibac".toCharArray();
    private final SslContextFactory.Server factory = new SslContextFactory.Server();

    public ServerTls(KeyStore keyStore) {
        factory.setKeyStore(keyStore);
        factory.setKeyStorePassword(new String(PASSWORD));
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    }

    Connector connector(Server server, HttpConfiguration base, String host, int port) {
        HttpConfiguration https = new HttpConfiguration(base);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // the API server dials the Service's DNS name, tests dial 127.0.0.1: the certificate, not SNI, is what matters
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(factory, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    public void reload(KeyStore keyStore) throws Exception {
        factory.reload(f -> f.setKeyStore(keyStore));
    }
}
