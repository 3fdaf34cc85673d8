package dev.ibac.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
        try (Stream<Path> files = Files.walk(DEPLOY.resolve("base"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".yaml")).map(p -> DEPLOY.resolve("base").relativize(p).toString()))
                    .as("every manifest in base/ is listed in kustomization.yaml")
                    .containsExactlyInAnyOrderElementsOf(concat(kustomizationResources(), "kustomization.yaml"));
        }
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            // ibac-config.yaml is a `serve --config` file, not a manifest: ServeCommandTest loads it
            List<Path> yamls = files.filter(p -> p.toString().endsWith(".yaml") && !p.toString().contains("/target/")
                    && !p.getFileName().toString().equals("kustomization.yaml") && !p.equals(DEPLOY.resolve("examples/ibac-config.yaml")))
                    .toList();
            assertThat(yamls).isNotEmpty();
            for (Path yaml : yamls) {
                assertThat(parse(yaml)).as(yaml.toString()).isNotEmpty().allSatisfy(r -> assertThat(r.getMetadata().getName()).isNotBlank());
            }
        }
    }

    @Test
    void the_crd_copies_equal_the_originals_in_mission_crds() throws IOException {
        for (String crd : List.of("missions.ibac.io.yaml", "budgets.ibac.io.yaml", "approvals.ibac.io.yaml")) {
            assertThat(DEPLOY.resolve("base/crds").resolve(crd))
                    .hasSameTextualContentAs(DEPLOY.resolve("../mission-crds/src/main/resources/crds").resolve(crd));
        }
    }

    @Test
    void the_statefulset_runs_two_non_root_read_only_replicas_with_probes_and_resources() {
        StatefulSet set = one(StatefulSet.class);
        assertThat(base).noneMatch(Deployment.class::isInstance);
        assertThat(set.getMetadata().getNamespace()).isEqualTo("ibac-system");
        assertThat(set.getSpec().getReplicas()).isEqualTo(2);
        PodSpec pod = set.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getServiceAccountName()).isEqualTo("ibac");
        Container container = pod.getContainers().get(0);
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(container.getArgs()).contains("serve");
    }

    /** The StatefulSet runs the image that image/ builds (its repository, user and port), not another one. */
    @Test
    void the_statefulset_runs_the_image_that_the_image_module_builds() throws IOException {
        String pom = Files.readString(DEPLOY.resolve("../image/pom.xml"));
        Matcher to = Pattern.compile("<to><image>([^<:]+):\\$\\{project.version}</image></to>").matcher(pom);
        Matcher user = Pattern.compile("<user>(\\d+):(\\d+)</user>").matcher(pom);
        Matcher port = Pattern.compile("<ports><port>(\\d+)</port></ports>").matcher(pom);
        assertThat(to.find() && user.find() && port.find()).as("image/pom.xml's Jib <to>, <user> and <ports>").isTrue();
        PodSpec pod = pod();
        Container container = pod.getContainers().get(0);
        assertThat(container.getImage()).startsWith(to.group(1) + ":");
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(Long.parseLong(user.group(1)));
        assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(Long.parseLong(user.group(2)));
        assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort).contains(Integer.parseInt(port.group(1)));
    }

    @Test
    void the_pod_is_hardened_and_writes_only_to_empty_dirs_and_its_audit_claim() {
        PodSpec pod = pod();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        // the claim's files belong to the group the non-root user runs as, or the log could not be written
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(pod.getSecurityContext().getRunAsGroup()).isEqualTo(65532L);
        Container container = pod.getContainers().get(0);
        Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        assertThat(container.getVolumeMounts()).extracting(VolumeMount::getMountPath).contains("/tmp", "/var/lib/ibac", "/var/log/ibac");
        assertThat(container.getVolumeMounts()).filteredOn(m -> !m.getName().equals("audit"))
                .allSatisfy(m -> assertThat(volumes.get(m.getName()).getEmptyDir()).as(m.getMountPath()).isNotNull());
        assertThat(volumes).doesNotContainKey("audit");
        assertThat(container.getArgs()).contains("--state=/var/lib/ibac");
        assertThat(pod.getTopologySpreadConstraints()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.getLabelSelector().getMatchLabels()).isEqualTo(podLabels()));
    }

    @Test
    void every_replica_keeps_its_audit_log_and_head_on_its_own_retained_claim() {
        StatefulSet set = one(StatefulSet.class);
        PersistentVolumeClaim claim = set.getSpec().getVolumeClaimTemplates().stream()
                .filter(c -> c.getMetadata().getName().equals("audit")).findFirst().orElseThrow();
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("2Gi");
        Container container = pod().getContainers().get(0);
        VolumeMount mount = container.getVolumeMounts().stream().filter(m -> m.getName().equals("audit")).findFirst().orElseThrow();
        assertThat(mount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        assertThat(mount.getSubPath()).isNull();
        // <log>.head, <log>.N and <log>.torn-* sit beside the log, so all of them are on the claim
        String log = container.getArgs().stream().filter(a -> a.startsWith("--audit-log=")).findFirst().orElseThrow().substring(12);
        assertThat(Path.of(log).getParent()).isEqualTo(Path.of(mount.getMountPath()));
        assertThat(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Retain");
        assertThat(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled()).isEqualTo("Retain");
        assertThat(set.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
    }

    @Test
    void each_replica_names_its_chain_after_its_pod_and_finds_its_peers_through_a_headless_service() {
        StatefulSet set = one(StatefulSet.class);
        Container container = pod().getContainers().get(0);
        assertThat(container.getArgs()).contains("--replica=$(POD_NAME)", "--peers=service:" + set.getSpec().getServiceName());
        assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("POD_NAME")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name"));
        Service peers = named(Service.class, set.getSpec().getServiceName());
        assertThat(peers.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(peers.getSpec().getPublishNotReadyAddresses()).as("a replica with a full volume still shows its log").isTrue();
        assertThat(peers.getSpec().getSelector()).isEqualTo(podLabels());
        assertThat(peers.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(8443);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("https");
        });
        // discovery reads the StatefulSet's replica count
        assertThat(verbs(named(ClusterRole.class, "ibac").getRules(), "statefulsets")).contains("get");
    }

    @Test
    void probes_and_the_service_reach_the_https_port_8443() {
        Container container = pod().getContainers().get(0);
        ContainerPort https = container.getPorts().stream().filter(p -> "https".equals(p.getName())).findFirst().orElseThrow();
        assertThat(https.getContainerPort()).isEqualTo(8443);
        for (var probe : List.of(container.getReadinessProbe(), container.getLivenessProbe())) {
            assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTPS");
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("https");
        }
        Service service = named(Service.class, "ibac");
        assertThat(base).filteredOn(Service.class::isInstance).hasSize(2);
        assertThat(service.getSpec().getSelector()).isEqualTo(podLabels());
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(443);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("https");
        });
        ServiceReference target = one(ValidatingWebhookConfiguration.class).getWebhooks().get(0).getClientConfig().getService();
        assertThat(List.of(target.getName(), target.getNamespace())).containsExactly(service.getMetadata().getName(), service.getMetadata().getNamespace());
        assertThat(target.getPort()).isEqualTo(443);
    }

    @Test
    void a_pod_disruption_budget_keeps_one_replica() {
        PodDisruptionBudget pdb = one(PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(podLabels());
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
        assertThat(webhook.getClientConfig().getCaBundle()).isEmpty();
        assertThat(webhook.getRules()).singleElement().satisfies(rule -> assertThat(rule.getScope()).isEqualTo("*"));
    }

    @Test
    void the_second_webhook_sees_every_users_writes_to_approvals_on_its_own_path() {
        List<ValidatingWebhook> webhooks = one(ValidatingWebhookConfiguration.class).getWebhooks();
        assertThat(webhooks).extracting(ValidatingWebhook::getName).containsExactly("validate.ibac.io", "approvals.ibac.io");
        ValidatingWebhook approvals = webhooks.get(1);
        assertThat(approvals.getMatchConditions()).as("every user, humans too: no agent condition").isNullOrEmpty();
        assertThat(approvals.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("ibac.io");
            assertThat(rule.getResources()).containsExactly("approvals");
            assertThat(rule.getOperations()).containsExactlyInAnyOrder("CREATE", "UPDATE");
        });
        assertThat(approvals.getClientConfig().getService().getPath()).isEqualTo("/validate/approvals");
        assertThat(approvals.getClientConfig().getService().getName()).isEqualTo("ibac");
        assertThat(approvals.getFailurePolicy()).isEqualTo("Fail");
        assertThat(approvals.getSideEffects()).isEqualTo("None");
        assertThat(approvals.getTimeoutSeconds()).isEqualTo(10);
        assertThat(approvals.getAdmissionReviewVersions()).containsExactly("v1");
        assertThat(approvals.getNamespaceSelector()).as("missions live in any namespace").isNull();
    }

    @Test
    void ibac_may_create_approvals_and_write_their_status_and_approvers_may_decide() {
        ClusterRole role = named(ClusterRole.class, "ibac");
        assertThat(verbs(role.getRules(), "approvals")).containsExactlyInAnyOrder("get", "list", "watch", "create");
        assertThat(verbs(role.getRules(), "approvals/status")).containsExactlyInAnyOrder("get", "update", "patch");
        assertThat(verbs(named(ClusterRole.class, "ibac-approver").getRules(), "approvals")).contains("patch").doesNotContain("create", "delete");
    }

    @Test
    void only_agents_are_sent_to_the_webhook() {
        ValidatingWebhook webhook = one(ValidatingWebhookConfiguration.class).getWebhooks().get(0);
        // matchConditions are ANDed: the OR of the two selectors has to be one expression
        String condition = webhook.getMatchConditions().stream().map(c -> c.getExpression()).collect(Collectors.joining(" && "))
                .replaceAll("\\s+", " ");
        assertThat(webhook.getMatchConditions()).hasSize(1);
        assertThat(condition).isEqualTo("(request.userInfo.username.startsWith('system:serviceaccount:') &&"
                + " request.userInfo.username.endsWith('-agent')) ||"
                + " (has(request.userInfo.groups) && 'ibac.io:agents' in request.userInfo.groups)");
    }

    @Test
    void rbac_is_least_privilege() {
        ClusterRole role = named(ClusterRole.class, "ibac");
        assertThat(role.getRules()).noneMatch(r -> r.getVerbs().contains("*") || r.getResources().contains("*"));
        assertThat(role.getRules()).noneMatch(r -> r.getResources().contains("secrets"));
        assertThat(role.getRules()).filteredOn(r -> r.getResources().contains("validatingwebhookconfigurations"))
                .allSatisfy(r -> assertThat(r.getResourceNames()).containsExactly("ibac"));
        assertThat(role.getRules()).filteredOn(r -> r.getResources().contains("missions"))
                .allSatisfy(r -> assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch"));
        assertThat(verbs(role.getRules(), "events")).containsExactlyInAnyOrder("create", "get", "patch");
        assertThat(verbs(role.getRules(), "missions/status")).doesNotContain("create", "delete");
        assertThat(verbs(role.getRules(), "tokenreviews")).containsExactly("create");
        assertThat(verbs(role.getRules(), "subjectaccessreviews")).containsExactly("create");
        for (String workload : List.of("deployments", "statefulsets", "replicasets", "replicationcontrollers")) {
            assertThat(verbs(role.getRules(), workload)).as("to price %s/scale", workload).containsExactly("get");
        }
        ClusterRoleBinding binding = named(ClusterRoleBinding.class, "ibac");
        assertThat(binding.getRoleRef().getName()).isEqualTo("ibac");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo(pod().getServiceAccountName());
            assertThat(s.getNamespace()).isEqualTo("ibac-system");
        });
    }

    @Test
    void secrets_are_reachable_only_in_ibac_system_and_only_the_certificate_secret_is_readable() {
        Role certs = named(Role.class, "ibac-certs");
        assertThat(certs.getMetadata().getNamespace()).isEqualTo("ibac-system");
        assertThat(certs.getRules()).allSatisfy(r -> {
            assertThat(r.getResources()).containsExactly("secrets");
            // create cannot be limited by name (the object does not exist yet); everything else can
            if (!r.getVerbs().equals(List.of("create"))) {
                assertThat(r.getResourceNames()).containsExactly("ibac-tls");
            }
        });
        assertThat(named(RoleBinding.class, "ibac-certs").getSubjects()).extracting(Subject::getName).containsExactly("ibac");
        assertThat(base).filteredOn(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                .allSatisfy(r -> assertThat(r.getRules()).noneMatch(rule -> rule.getResources().contains("secrets")));
    }

    @Test
    void the_example_agent_is_selected_by_default_and_bounded_by_plain_rbac() throws IOException {
        List<HasMetadata> example = parse(DEPLOY.resolve("examples/agent-rbac.yaml"));
        ServiceAccount agent = example.stream().filter(ServiceAccount.class::isInstance).map(ServiceAccount.class::cast).findFirst().orElseThrow();
        assertThat(agent.getMetadata().getName()).isEqualTo("shop-agent").endsWith("-agent");
        assertThat(agent.getMetadata().getNamespace()).isEqualTo("shop");
        Role role = example.stream().filter(Role.class::isInstance).map(Role.class::cast).findFirst().orElseThrow();
        assertThat(role.getRules()).allSatisfy(r -> {
            assertThat(r.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
            assertThat(r.getApiGroups()).doesNotContain("*", "ibac.io", "rbac.authorization.k8s.io");
            assertThat(r.getResources()).doesNotContain("*", "secrets");
        });
        assertThat(role.getRules()).flatExtracting(PolicyRule::getResources).contains("deployments", "services", "configmaps");
    }

    private static Map<String, String> podLabels() {
        return one(StatefulSet.class).getSpec().getTemplate().getMetadata().getLabels();
    }

    private static PodSpec pod() {
        return one(StatefulSet.class).getSpec().getTemplate().getSpec();
    }

    private static List<String> verbs(List<PolicyRule> rules, String resource) {
        return rules.stream().filter(r -> r.getResources().contains(resource)).flatMap(r -> r.getVerbs().stream()).toList();
    }

    private static List<String> concat(List<String> list, String more) {
        return Stream.concat(list.stream(), Stream.of(more)).toList();
    }

    private static <T extends HasMetadata> T named(Class<T> type, String name) {
        return base.stream().filter(type::isInstance).map(type::cast).filter(r -> r.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    private static <T> T one(Class<T> type) {
        List<T> found = base.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }
}
