package dev.ibac.webhook.cluster;

import dev.ibac.webhook.problem.ConfigException;
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
