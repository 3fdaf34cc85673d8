package dev.ibac.judge.guard;

import static dev.ibac.judge.guard.PodFixtures.mission;
import static dev.ibac.judge.guard.PodFixtures.pod;
import static dev.ibac.judge.guard.ProtectGuardReviews.review;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.action.Action;
import dev.ibac.crd.Mission;
import dev.ibac.crd.PodSecurityException;
import dev.ibac.crd.PodSecurityLevel;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code spec.scope.podSecurityExceptions}: each opens one control, only as far as it names, and the result says which admitted. */
class PodSecurityExceptionsTest {
    private static final String HOST_LOGS = "{\"name\": \"logs\", \"hostPath\": {\"path\": \"%s\", \"type\": \"Directory\"}}";
    private static final String READ_ONLY_MOUNT = "[{\"name\": \"logs\", \"mountPath\": \"/logs\", \"readOnly\": true}]";
    private static final String WRITABLE_MOUNT = "[{\"name\": \"logs\", \"mountPath\": \"/logs\"}]";
    private final ProtectGuard guard = new ProtectGuard();
    private final Mission logs = mission("baseline", "  podSecurityExceptions:\n    - {control: hostPath, paths: [/var/log], readOnly: true}\n");

    @Test
    void a_read_only_host_path_under_the_prefix_is_admitted_and_the_result_names_the_exception() {
        Action action = daemonSet(hostPath("/var/log/pods", READ_ONLY_MOUNT, READ_ONLY_MOUNT));
        ProtectResult result = guard.decide(action, List.of(logs));
        PodSecurityException exception = logs.getSpec().scopeOrDefault().podSecurityExceptions().get(0);
        assertThat(result).isEqualTo(new ProtectResult.Admitted(List.of(new AdmittingException(logs, 0, exception, "HostPath Volumes",
                "spec.template.spec.volumes[1].hostPath", "/var/log/pods"))));
        AdmittingException used = ((ProtectResult.Admitted) result).exceptions().get(0);
        assertThat(used.field()).isEqualTo("spec.scope.podSecurityExceptions[0]");
        assertThat(used.describe()).isEqualTo("spec.template.spec.volumes[1].hostPath (/var/log/pods) breaks Pod Security HostPath Volumes, "
                + "admitted by spec.scope.podSecurityExceptions[0] of mission shop/m (hostPath paths [/var/log], readOnly)");
        assertThat(guard.check(action, List.of(logs))).isEmpty();
    }

    @Test
    void under_restricted_the_host_path_exception_also_opens_the_volume_type() {
        Mission restricted = mission("restricted", "  podSecurityExceptions:\n    - {control: hostPath, paths: [/var/log/], readOnly: true}\n");
        ProtectResult result = guard.decide(daemonSet(hostPath("/var/log", READ_ONLY_MOUNT, READ_ONLY_MOUNT)), List.of(restricted));
        assertThat(result).isInstanceOfSatisfying(ProtectResult.Admitted.class, admitted -> assertThat(admitted.exceptions())
                .extracting(AdmittingException::control, AdmittingException::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("HostPath Volumes", "spec.template.spec.volumes[1].hostPath"),
                        org.assertj.core.groups.Tuple.tuple("Volume Types", "spec.template.spec.volumes[1].hostPath")));
    }

    @Test
    void a_writable_mount_is_denied_when_the_exception_requires_read_only_and_admitted_when_it_does_not() {
        Action action = daemonSet(hostPath("/var/log/pods", READ_ONLY_MOUNT, WRITABLE_MOUNT));
        assertThat(guard.check(action, List.of(logs))).map(Violation::message).hasValueSatisfying(m -> assertThat(m)
                .startsWith("Pod Security baseline (HostPath Volumes): spec.template.spec.volumes[1].hostPath is set (path /var/log/pods)")
                .endsWith("to spec.scope.podSecurityExceptions (its hostPath paths [/var/log], readOnly does not cover this)"));
        Mission writable = mission("baseline", "  podSecurityExceptions:\n    - {control: hostPath, paths: [/var/log]}\n");
        assertThat(guard.check(action, List.of(writable))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/logs", "/var", "/", "/etc/kubernetes", "/var/log/../../etc", "var/log"})
    void a_host_path_outside_the_prefixes_is_denied(String path) {
        assertThat(guard.check(daemonSet(hostPath(path, READ_ONLY_MOUNT, READ_ONLY_MOUNT)), List.of(logs))).as(path)
                .map(Violation::rule).contains("pod-security");
    }

    @Test
    void capabilities_are_opened_by_name_and_drop_all_still_holds_under_restricted() {
        Mission netAdmin = mission("baseline", "  podSecurityExceptions:\n    - {control: capabilities, add: [NET_ADMIN]}\n");
        Action add = deployment("/containers/0/securityContext/capabilities/add", "[\"NET_ADMIN\", \"cap_net_admin\", \"CHOWN\"]");
        assertThat(guard.decide(add, List.of(netAdmin))).isInstanceOfSatisfying(ProtectResult.Admitted.class, a -> assertThat(a.exceptions())
                .extracting(AdmittingException::value).containsExactly("NET_ADMIN", "cap_net_admin"));
        Action raw = deployment("/containers/0/securityContext/capabilities/add", "[\"NET_ADMIN\", \"NET_RAW\"]");
        assertThat(guard.check(raw, List.of(netAdmin))).map(Violation::message).hasValueSatisfying(m -> assertThat(m)
                .contains("capabilities.add contains NET_RAW").endsWith("(its capabilities add [NET_ADMIN] does not cover this)"));

        Mission restricted = mission("restricted", "  podSecurityExceptions:\n    - {control: capabilities, add: [NET_ADMIN, CHOWN]}\n");
        assertThat(guard.check(add, List.of(restricted))).isEmpty();
        Action noDrop = deployment("/containers/0/securityContext/capabilities", "{\"add\": [\"NET_ADMIN\"]}");
        assertThat(guard.check(noDrop, List.of(restricted))).map(Violation::message).hasValueSatisfying(m -> assertThat(m)
                .startsWith("Pod Security restricted (Capabilities): spec.template.spec.containers[0].securityContext.capabilities.drop is unset"));
    }

    @Test
    void host_ports_are_opened_by_number() {
        Mission exporter = mission("baseline", "  podSecurityExceptions:\n    - {control: hostPorts, ports: [9100]}\n");
        String port = "/containers/0/ports/0";
        assertThat(guard.decide(deployment(port, "{\"containerPort\": 9100, \"hostPort\": 9100}"), List.of(exporter)))
                .isInstanceOfSatisfying(ProtectResult.Admitted.class, a -> assertThat(a.exceptions()).singleElement()
                        .satisfies(e -> assertThat(e.path()).isEqualTo("spec.template.spec.containers[0].ports[0].hostPort")));
        assertThat(guard.check(deployment(port, "{\"containerPort\": 9101, \"hostPort\": 9101}"), List.of(exporter)))
                .map(Violation::message).hasValueSatisfying(m -> assertThat(m).contains("hostPort is 9101"));
    }

    @Test
    void sysctls_are_opened_by_exact_name() {
        Mission tuned = mission("baseline", "  podSecurityExceptions:\n    - {control: sysctls, names: [net.core.somaxconn]}\n");
        String sysctls = "/securityContext/sysctls";
        assertThat(guard.check(deployment(sysctls, "[{\"name\": \"net.core.somaxconn\", \"value\": \"1024\"}]"), List.of(tuned))).isEmpty();
        assertThat(guard.check(deployment(sysctls, "[{\"name\": \"net.core.somaxconn\", \"value\": \"1024\"}, {\"name\": \"kernel.msgmax\", \"value\": \"1\"}]"),
                List.of(tuned))).map(Violation::message).hasValueSatisfying(m -> assertThat(m)
                .startsWith("Pod Security baseline (Sysctls): spec.template.spec.securityContext.sysctls[1].name is kernel.msgmax"));
    }

    @Test
    void everything_else_of_the_level_still_holds() {
        Mission open = mission("baseline", """
                  podSecurityExceptions:
                    - {control: hostPath, paths: [/], readOnly: false}
                    - {control: capabilities, add: [ALL, SYS_ADMIN]}
                    - {control: hostPorts, ports: [80]}
                    - {control: sysctls, names: [kernel.msgmax]}
                """);
        for (String[] change : new String[][] {{"/hostNetwork", "true"}, {"/containers/0/securityContext/privileged", "true"},
            {"/containers/0/securityContext/procMount", "\"Unmasked\""}, {"/securityContext/seccompProfile", "{\"type\": \"Unconfined\"}"}}) {
            assertThat(guard.check(deployment(change[0], change[1]), List.of(open))).as(change[0]).map(Violation::rule).contains("pod-security");
        }
        assertThat(guard.check(deployment("/containers/0/securityContext/privileged", "true"), List.of(open))).map(Violation::message)
                .hasValueSatisfying(m -> assertThat(m).doesNotContain("podSecurityExceptions"));
    }

    @Test
    void an_exception_opens_only_what_its_own_mission_covers() {
        Mission logsOnly = ProtectGuardReviews.mission("shop", "logs", """
                scope:
                  resources: [{apiGroups: [apps], resources: [daemonsets], operations: [CREATE, UPDATE], names: ["log-*"]}]
                  podSecurityExceptions: [{control: hostPath, paths: [/var/log], readOnly: true}]
                """);
        Mission web = ProtectGuardReviews.mission("shop", "web", """
                scope:
                  resources: [{apiGroups: [apps], resources: [daemonsets], operations: [CREATE, UPDATE], names: ["w"]}]
                """);
        Action action = daemonSet(hostPath("/var/log/pods", READ_ONLY_MOUNT, READ_ONLY_MOUNT));
        assertThat(guard.check(action, List.of(logsOnly, web))).hasValueSatisfying(v -> {
            assertThat(v.mission()).isSameAs(web);
            assertThat(v.message()).contains("ask the owner of mission shop/web to add {control: hostPath, paths: [/var/log/pods], readOnly: true}");
        });
    }

    @Test
    void without_a_covering_mission_the_strictest_level_of_the_agents_missions_applies_and_no_exception() {
        Mission elsewhere = ProtectGuardReviews.mission("shop", "elsewhere", """
                scope:
                  resources: [{apiGroups: [""], resources: [configmaps], operations: [CREATE]}]
                  podSecurity: restricted
                  podSecurityExceptions: [{control: capabilities, add: [NET_ADMIN]}]
                """);
        Action runsAsRoot = deployment("/securityContext/runAsUser", "0");
        assertThat(guard.check(runsAsRoot, List.of(elsewhere))).map(Violation::message).hasValueSatisfying(m -> assertThat(m)
                .startsWith("Pod Security restricted (Running as Non-root user): "));
        Action netAdmin = deployment("/containers/0/securityContext/capabilities/add", "[\"NET_ADMIN\"]");
        assertThat(guard.check(netAdmin, List.of(elsewhere))).hasValueSatisfying(v -> {
            assertThat(v.mission()).isNull();
            assertThat(v.message()).endsWith(" — or a mission covering this action can open it: {control: capabilities, add: [NET_ADMIN]} "
                    + "in spec.scope.podSecurityExceptions (ask its owner)");
        });
        assertThat(guard.check(runsAsRoot, List.of())).as("no mission: baseline").isEmpty();
    }

    @Test
    void an_update_that_leaves_an_old_violation_in_place_is_still_denied() {
        String old = pod("Deployment", "/hostPID", "true");
        String changedImage = old.replace("\"image\":\"nginx\"", "\"image\":\"nginx:1.27\"");
        assertThat(changedImage).isNotEqualTo(old);
        Action update = review("UPDATE", "apps/v1/deployments", "shop", "w").object(changedImage).oldObject(old).action();
        assertThat(guard.check(update, List.of(logs))).map(Violation::message)
                .hasValueSatisfying(m -> assertThat(m).startsWith("Pod Security baseline (Host Namespaces): spec.template.spec.hostPID is true"));
    }

    @Test
    void a_debug_container_through_pods_ephemeralcontainers_is_held_to_the_level_like_any_container() {
        Mission restricted = mission("restricted", "");
        String before = pod("Pod", null, null);
        String debugger = "[{\"name\": \"debugger\", \"image\": \"busybox\", \"targetContainerName\": \"app\"%s}]";
        Action bare = review("UPDATE", "v1/pods/ephemeralcontainers", "shop", "w")
                .object(pod("Pod", "/ephemeralContainers", debugger.formatted(""))).oldObject(before).action();
        assertThat(guard.check(bare, List.of(restricted))).map(Violation::message).hasValueSatisfying(m -> assertThat(m).startsWith(
                "Pod Security restricted (Privilege Escalation): spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation is unset"));
        Action hardened = review("UPDATE", "v1/pods/ephemeralcontainers", "shop", "w").object(pod("Pod", "/ephemeralContainers", debugger.formatted(
                ", \"securityContext\": {\"allowPrivilegeEscalation\": false, \"capabilities\": {\"drop\": [\"ALL\"]}}"))).oldObject(before).action();
        assertThat(guard.check(hardened, List.of(restricted))).isEmpty();
        Action ptrace = review("UPDATE", "v1/pods/ephemeralcontainers", "shop", "w").object(pod("Pod", "/ephemeralContainers", debugger.formatted(
                ", \"securityContext\": {\"capabilities\": {\"add\": [\"SYS_PTRACE\"]}}"))).oldObject(before).action();
        assertThat(guard.check(ptrace, List.of(mission("baseline", "")))).map(Violation::message).hasValueSatisfying(m -> assertThat(m)
                .startsWith("Pod Security baseline (Capabilities): spec.ephemeralContainers[0].securityContext.capabilities.add contains SYS_PTRACE"));
    }

    @Test
    void the_shipped_example_missions_hold_their_pods_to_what_they_say() throws Exception {
        List<Mission> examples = new ArrayList<>();
        for (String doc : Files.readString(Path.of("..", "deploy", "examples", "payments-mission.yaml")).split("(?m)^---$")) {
            examples.add(Serialization.unmarshal(doc, Mission.class));
        }
        Mission ledger = examples.get(0);
        Mission logShipper = examples.get(1);
        assertThat(ledger.getSpec().scopeOrDefault().podSecurityOrDefault()).isEqualTo(PodSecurityLevel.restricted);
        Action restrictedUpdate = review("UPDATE", "apps/v1/deployments", "payments", "ledger").both(pod("Deployment", null, null)).action();
        assertThat(guard.check(restrictedUpdate, List.of(ledger))).isEmpty();
        Action asRoot = review("UPDATE", "apps/v1/deployments", "payments", "ledger").both(pod("Deployment", "/securityContext/runAsUser", "0")).action();
        assertThat(guard.check(asRoot, List.of(ledger))).map(Violation::message).hasValueSatisfying(m -> assertThat(m)
                .startsWith("Pod Security restricted (Running as Non-root user): spec.template.spec.securityContext.runAsUser is 0"));

        String shipper = pod("DaemonSet", hostPath("/var/log/containers", READ_ONLY_MOUNT, READ_ONLY_MOUNT));
        Action readLogs = review("CREATE", "apps/v1/daemonsets", "logging", "log-shipper").object(shipper).action();
        assertThat(guard.decide(readLogs, List.of(logShipper))).isInstanceOfSatisfying(ProtectResult.Admitted.class,
                a -> assertThat(a.exceptions()).singleElement().satisfies(e -> assertThat(e.mission()).isSameAs(logShipper)));
        Action hostNetwork = review("CREATE", "apps/v1/daemonsets", "logging", "log-shipper")
                .object(shipper.replace("\"volumes\"", "\"hostNetwork\": true, \"volumes\"")).action();
        assertThat(guard.check(hostNetwork, List.of(logShipper))).map(Violation::message)
                .hasValueSatisfying(m -> assertThat(m).startsWith("Pod Security baseline (Host Namespaces): spec.template.spec.hostNetwork is true"));
    }

    private static List<String[]> hostPath(String path, String appMounts, String metricsMounts) {
        return List.of(new String[] {"/volumes/1", HOST_LOGS.formatted(path)}, new String[] {"/containers/0/volumeMounts", appMounts},
                new String[] {"/containers/1/volumeMounts", metricsMounts});
    }

    private static Action daemonSet(List<String[]> changes) {
        return review("CREATE", "apps/v1/daemonsets", "shop", "w").object(pod("DaemonSet", changes)).action();
    }

    private static Action deployment(String pointer, String value) {
        return deployment(List.<String[]>of(new String[] {pointer, value}));
    }

    private static Action deployment(List<String[]> changes) {
        return review("CREATE", "apps/v1/deployments", "shop", "w").object(pod("Deployment", changes)).action();
    }
}
