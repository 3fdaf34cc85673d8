package dev.ibac.webhook.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster mode on a machine with no cluster says so in one line and points to embedded mode. */
class ClusterConnectionTest {
    @TempDir
    Path home;

    @Test
    void no_kubeconfig_and_no_service_account_is_one_line_suggesting_embedded_mode() {
        Path noToken = home.resolve("token");
        assertThat(ClusterConnection.missing(Map.of(), home, noToken)).hasValue(
                "cluster mode needs a cluster, but no kubeconfig (KUBECONFIG, ~/.kube/config) and no in-cluster service account"
                        + " was found; to run without a cluster, give --missions DIR (embedded mode)");
        assertThat(ClusterConnection.missing(Map.of("KUBECONFIG", home.resolve("gone").toString()), home, noToken)).get()
                .asString().contains("KUBECONFIG=" + home.resolve("gone") + " names no readable file");
    }

    @Test
    void a_kubeconfig_a_master_or_a_service_account_is_a_cluster() throws Exception {
        Path token = Files.writeString(home.resolve("token"), "t");
        assertThat(ClusterConnection.missing(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), home, token)).isEmpty();
        assertThat(ClusterConnection.missing(Map.of("KUBERNETES_MASTER", "https://k8s:6443"), home, home.resolve("none"))).isEmpty();
        Path config = Files.writeString(Files.createDirectories(home.resolve(".kube")).resolve("config"), "apiVersion: v1\n");
        assertThat(ClusterConnection.missing(Map.of(), home, home.resolve("none"))).isEmpty();
        assertThat(ClusterConnection.missing(Map.of("KUBECONFIG", config.toString()), home.resolve("elsewhere"), home.resolve("none"))).isEmpty();
    }
}
