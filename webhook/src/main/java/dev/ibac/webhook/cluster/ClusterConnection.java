package dev.ibac.webhook.cluster;

import dev.ibac.webhook.problem.ConfigException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Where cluster mode finds its cluster, in fabric8's order: {@code KUBERNETES_MASTER}, a kubeconfig
 * ({@code KUBECONFIG} or {@code ~/.kube/config}), or the in-cluster service account. Without any
 * of them fabric8 would dial {@code kubernetes.default.svc} and fail with an 83-line stack trace
 * and "An error has occurred."; we say so in one line and point to embedded mode instead.
 */
public final class ClusterConnection {
    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private ClusterConnection() {}

    /** A client for the cluster the environment names; a {@link ConfigException} (exit 2) when it names none. */
    public static KubernetesClient client(Map<String, String> env) {
        missing(env, Path.of(System.getProperty("user.home", "")), SERVICE_ACCOUNT_TOKEN).ifPresent(problem -> {
            throw new ConfigException(problem);
        });
        return new KubernetesClientBuilder().build();
    }

    /**
     * A client of {@code base}'s API server (its URL, trust and proxy settings) that authenticates
     * with {@code bearerToken} alone: none of {@code base}'s own credentials, so what it does is
     * done as the token's user, under their RBAC and in their name in the cluster's audit log. The
     * caller closes it.
     */
    public static KubernetesClient asUser(KubernetesClient base, String bearerToken) {
        Config from = base.getConfiguration();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(from.getMasterUrl())
                .withCaCertFile(from.getCaCertFile()).withCaCertData(from.getCaCertData())
                .withTrustStoreFile(from.getTrustStoreFile()).withTrustStorePassphrase(from.getTrustStorePassphrase())
                .withTrustCerts(from.isTrustCerts()).withDisableHostnameVerification(from.isDisableHostnameVerification())
                .withTlsVersions(from.getTlsVersions()).withTlsServerName(from.getTlsServerName())
                .withHttpProxy(from.getHttpProxy()).withHttpsProxy(from.getHttpsProxy()).withNoProxy(from.getNoProxy())
                .withProxyUsername(from.getProxyUsername()).withProxyPassword(from.getProxyPassword())
                .withNamespace(from.getNamespace()).withConnectionTimeout(from.getConnectionTimeout())
                .withRequestTimeout(from.getRequestTimeout()).withOauthToken(bearerToken).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Why cluster mode cannot start here, or empty when a cluster is configured. */
    static Optional<String> missing(Map<String, String> env, Path home, Path serviceAccountToken) {
        if (present(env.get("KUBERNETES_MASTER")) || present(System.getProperty("kubernetes.master"))) {
            return Optional.empty();
        }
        String kubeconfig = env.get("KUBECONFIG");
        if (present(kubeconfig)) {
            boolean any = Arrays.stream(kubeconfig.split(File.pathSeparator)).anyMatch(f -> !f.isBlank() && Files.isRegularFile(Path.of(f)));
            if (any) {
                return Optional.empty();
            }
        } else if (Files.isRegularFile(home.resolve(".kube").resolve("config"))) {
            return Optional.empty();
        }
        if (present(env.get("KUBERNETES_SERVICE_HOST")) && Files.isRegularFile(serviceAccountToken)) {
            return Optional.empty();
        }
        String where = present(kubeconfig) ? "KUBECONFIG=" + kubeconfig + " names no readable file" : "no kubeconfig (KUBECONFIG, ~/.kube/config)";
        return Optional.of("cluster mode needs a cluster, but " + where + " and no in-cluster service account was found;"
                + " to run without a cluster, give --missions DIR (embedded mode)");
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
