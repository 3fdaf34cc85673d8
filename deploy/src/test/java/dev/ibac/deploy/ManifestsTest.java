package dev.ibac.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every manifest under deploy/ parses into fabric8's models and holds what SPEC §11 requires. */
class ManifestsTest {
    private static final Path DEPLOY = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private static KubernetesClient client;
    private static List<HasMetadata> base;

    @BeforeAll
    static void load() throws IOException {
        client = new KubernetesClientBuilder().build(); // only for load(): parsing, no connection
        base = new ArrayList<>();
        for (String file : kustomizationResources()) {
            base.addAll(parse(DEPLOY.resolve("base").resolve(file)));
        }
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @SuppressWarnings("unchecked")
    private static List<String> kustomizationResources() throws IOException {
        Map<String, Object> kustomization = Serialization.unmarshal(Files.readString(DEPLOY.resolve("base/kustomization.yaml")), Map.class);
        return (List<String>) kustomization.get("resources");
    }

    private static List<HasMetadata> parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return client.load(in).items();
        }
    }

    @Test
    void every_yaml_under_deploy_parses_and_every_kustomization_resource_exists() throws IOException {
        for (String file : kustomizationResources()) {
            assertThat(DEPLOY.resolve("base").resolve(file)).as(file).exists();
        }
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            List<Path> yamls = files.filter(p -> p.toString().endsWith(".yaml") && !p.toString().contains("/target/")
                    && !p.getFileName().toString().equals("kustomization.yaml")).toList();
            assertThat(yamls).isNotEmpty();
            for (Path yaml : yamls) {
                assertThat(parse(yaml)).as(yaml.toString()).isNotEmpty().allSatisfy(r -> assertThat(r.getMetadata().getName()).isNotBlank());
            }
        }
    }

    @Test
    void the_crd_copies_equal_the_originals_in_mission_crds() throws IOException {
        for (String crd : List.of("missions.ibac.io.yaml", "budgets.ibac.io.yaml")) {
            assertThat(DEPLOY.resolve("base/crds").resolve(crd))
                    .hasSameTextualContentAs(DEPLOY.resolve("../mission-crds/src/main/resources/crds").resolve(crd));
        }
    }

    @Test
    void the_deployment_runs_two_non_root_read_only_replicas_with_probes_and_resources() {
        Deployment deployment = one(Deployment.class);
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("ibac-system");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getServiceAccountName()).isEqualTo("ibac");
        Container container = pod.getContainers().get(0);
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(container.getArgs()).contains("serve");
    }

    @Test
    void a_pod_disruption_budget_keeps_one_replica() {
        assertThat(one(PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    }

    @Test
    void the_webhook_configuration_is_exactly_as_specified() {
        ValidatingWebhook webhook = one(ValidatingWebhookConfiguration.class).getWebhooks().get(0);
        assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
        assertThat(webhook.getSideEffects()).isEqualTo("NoneOnDryRun");
        assertThat(webhook.getTimeoutSeconds()).isEqualTo(10);
        assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
        assertThat(webhook.getClientConfig().getService().getName()).isEqualTo("ibac");
        assertThat(webhook.getClientConfig().getService().getNamespace()).isEqualTo("ibac-system");
        assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/validate");
        assertThat(webhook.getRules().get(0).getOperations()).containsExactlyInAnyOrder("CREATE", "UPDATE", "DELETE", "CONNECT");
        assertThat(webhook.getRules().get(0).getResources()).contains("*", "*/*");
        assertThat(webhook.getRules().get(0).getApiGroups()).containsExactly("*");
        var exclusion = webhook.getNamespaceSelector().getMatchExpressions().get(0);
        assertThat(exclusion.getKey()).isEqualTo("kubernetes.io/metadata.name");
        assertThat(exclusion.getOperator()).isEqualTo("NotIn");
        assertThat(exclusion.getValues()).containsExactlyInAnyOrder("kube-system", "ibac-system");
        String condition = webhook.getMatchConditions().get(0).getExpression();
        assertThat(condition).contains("startsWith('system:serviceaccount:')").contains("endsWith('-agent')").contains("'ibac.io:agents'");
    }

    @Test
    void rbac_is_least_privilege() {
        ClusterRole role = base.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                .filter(r -> r.getMetadata().getName().equals("ibac")).findFirst().orElseThrow();
        assertThat(role.getRules()).noneMatch(r -> r.getVerbs().contains("*") || r.getResources().contains("*"));
        assertThat(role.getRules()).noneMatch(r -> r.getResources().contains("secrets"));
        assertThat(role.getRules()).filteredOn(r -> r.getResources().contains("validatingwebhookconfigurations"))
                .allSatisfy(r -> assertThat(r.getResourceNames()).containsExactly("ibac"));
        assertThat(role.getRules()).filteredOn(r -> r.getResources().contains("missions"))
                .allSatisfy(r -> assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch"));
    }

    private static <T> T one(Class<T> type) {
        List<T> found = base.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }
}
