package dev.ibac.judge.guard;

import static dev.ibac.judge.guard.PodFixtures.KINDS;
import static dev.ibac.judge.guard.PodFixtures.REMOVE;
import static dev.ibac.judge.guard.PodFixtures.fullPath;
import static dev.ibac.judge.guard.PodFixtures.mission;
import static dev.ibac.judge.guard.PodFixtures.pod;
import static dev.ibac.judge.guard.ProtectGuardReviews.review;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.action.Action;
import dev.ibac.crd.Mission;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every control of the Pod Security Standards, written from the documentation's tables
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/): each denied case sets one
 * restricted field to a value outside the allowed values of a pod that otherwise meets the
 * restricted level; each admitted case sets an allowed value, or a value only a stricter level
 * forbids. Every case runs for a Pod and for each pod-template kind, on CREATE and on UPDATE.
 */
class PodSecurityStandardsTest {
    private final ProtectGuard guard = new ProtectGuard();

    /** level, control, pointer in the pod spec (or /metadata/…), JSON value or REMOVE, documentation path, what the message says. */
    static Stream<Arguments> denied() {
        return Stream.of(
                row("baseline", "HostProcess", "/securityContext/windowsOptions", "{\"hostProcess\": true}", "spec.securityContext.windowsOptions.hostProcess", "is true"),
                row("baseline", "HostProcess", "/containers/1/securityContext/windowsOptions", "{\"hostProcess\": true}", "spec.containers[1].securityContext.windowsOptions.hostProcess", "is true"),
                row("baseline", "HostProcess", "/initContainers/0/securityContext/windowsOptions", "{\"hostProcess\": true}", "spec.initContainers[0].securityContext.windowsOptions.hostProcess", "is true"),
                row("baseline", "Host Namespaces", "/hostNetwork", "true", "spec.hostNetwork", "is true"),
                row("baseline", "Host Namespaces", "/hostPID", "true", "spec.hostPID", "is true"),
                row("baseline", "Host Namespaces", "/hostIPC", "true", "spec.hostIPC", "is true"),
                row("baseline", "Privileged Containers", "/containers/0/securityContext/privileged", "true", "spec.containers[0].securityContext.privileged", "is true"),
                row("baseline", "Privileged Containers", "/initContainers/0/securityContext/privileged", "true", "spec.initContainers[0].securityContext.privileged", "is true"),
                row("baseline", "Capabilities", "/containers/1/securityContext/capabilities/add", "[\"NET_RAW\"]", "spec.containers[1].securityContext.capabilities.add", "contains NET_RAW"),
                row("baseline", "Capabilities", "/initContainers/0/securityContext/capabilities/add", "[\"CHOWN\", \"SYS_ADMIN\"]", "spec.initContainers[0].securityContext.capabilities.add", "contains SYS_ADMIN"),
                row("baseline", "Capabilities", "/containers/0/securityContext/capabilities/add", "[\"ALL\"]", "spec.containers[0].securityContext.capabilities.add", "contains ALL"),
                // the allowed values are names exactly as the table writes them
                row("baseline", "Capabilities", "/containers/0/securityContext/capabilities/add", "[\"CAP_CHOWN\"]", "spec.containers[0].securityContext.capabilities.add", "contains CAP_CHOWN"),
                row("baseline", "Capabilities", "/containers/0/securityContext/capabilities/add", "[\"kill\"]", "spec.containers[0].securityContext.capabilities.add", "contains kill"),
                row("baseline", "HostPath Volumes", "/volumes/0", "{\"name\": \"h\", \"hostPath\": {\"path\": \"/var/run/docker.sock\"}}", "spec.volumes[0].hostPath", "is set (path /var/run/docker.sock)"),
                row("baseline", "Host Ports", "/containers/0/ports/0", "{\"containerPort\": 8080, \"hostPort\": 8080}", "spec.containers[0].ports[0].hostPort", "is 8080"),
                row("baseline", "Host Ports", "/initContainers/0/ports", "[{\"containerPort\": 9901, \"hostPort\": 9901}]", "spec.initContainers[0].ports[0].hostPort", "is 9901"),
                row("baseline", "Host Probes / Lifecycle Hooks", "/containers/0/livenessProbe", "{\"httpGet\": {\"path\": \"/\", \"port\": 8080, \"host\": \"169.254.169.254\"}}", "spec.containers[0].livenessProbe.httpGet.host", "is 169.254.169.254"),
                row("baseline", "Host Probes / Lifecycle Hooks", "/containers/1/lifecycle", "{\"preStop\": {\"tcpSocket\": {\"port\": 80, \"host\": \"10.0.0.1\"}}}", "spec.containers[1].lifecycle.preStop.tcpSocket.host", "is 10.0.0.1"),
                row("baseline", "Host Probes / Lifecycle Hooks", "/initContainers/0/startupProbe", "{\"tcpSocket\": {\"port\": 9901, \"host\": \"node\"}}", "spec.initContainers[0].startupProbe.tcpSocket.host", "is node"),
                row("baseline", "AppArmor", "/securityContext/appArmorProfile", "{\"type\": \"Unconfined\"}", "spec.securityContext.appArmorProfile.type", "is Unconfined"),
                row("baseline", "AppArmor", "/containers/0/securityContext/appArmorProfile", "{\"type\": \"Unconfined\"}", "spec.containers[0].securityContext.appArmorProfile.type", "is Unconfined"),
                row("baseline", "AppArmor", "/metadata/annotations", "{\"container.apparmor.security.beta.kubernetes.io/app\": \"unconfined\"}",
                        "metadata.annotations[\"container.apparmor.security.beta.kubernetes.io/app\"]", "is unconfined"),
                row("baseline", "SELinux", "/containers/0/securityContext/seLinuxOptions", "{\"type\": \"spc_t\"}", "spec.containers[0].securityContext.seLinuxOptions.type", "is spc_t"),
                row("baseline", "SELinux", "/securityContext/seLinuxOptions", "{\"user\": \"system_u\"}", "spec.securityContext.seLinuxOptions.user", "is system_u"),
                row("baseline", "SELinux", "/initContainers/0/securityContext/seLinuxOptions", "{\"role\": \"system_r\"}", "spec.initContainers[0].securityContext.seLinuxOptions.role", "is system_r"),
                row("baseline", "/proc Mount Type", "/containers/0/securityContext/procMount", "\"Unmasked\"", "spec.containers[0].securityContext.procMount", "is Unmasked"),
                row("baseline", "Seccomp", "/securityContext/seccompProfile", "{\"type\": \"Unconfined\"}", "spec.securityContext.seccompProfile.type", "is Unconfined"),
                row("baseline", "Seccomp", "/containers/1/securityContext/seccompProfile", "{\"type\": \"Unconfined\"}", "spec.containers[1].securityContext.seccompProfile.type", "is Unconfined"),
                row("baseline", "Sysctls", "/securityContext/sysctls", "[{\"name\": \"kernel.msgmax\", \"value\": \"65536\"}]", "spec.securityContext.sysctls[0].name", "is kernel.msgmax"),
                row("restricted", "Volume Types", "/volumes/0", "{\"name\": \"n\", \"nfs\": {\"server\": \"nfs\", \"path\": \"/export\"}}", "spec.volumes[0].nfs", "is set"),
                row("restricted", "Volume Types", "/volumes/0", "{\"name\": \"g\", \"gitRepo\": {\"repository\": \"https://example.com/r.git\"}}", "spec.volumes[0].gitRepo", "is set"),
                row("restricted", "Privilege Escalation", "/containers/0/securityContext/allowPrivilegeEscalation", REMOVE, "spec.containers[0].securityContext.allowPrivilegeEscalation", "is unset"),
                row("restricted", "Privilege Escalation", "/initContainers/0/securityContext/allowPrivilegeEscalation", "true", "spec.initContainers[0].securityContext.allowPrivilegeEscalation", "is true"),
                row("restricted", "Running as Non-root", "/securityContext/runAsNonRoot", "false", "spec.securityContext.runAsNonRoot", "is false"),
                row("restricted", "Running as Non-root", "/securityContext/runAsNonRoot", REMOVE, "spec.containers[0].securityContext.runAsNonRoot", "is unset, and so is "),
                row("restricted", "Running as Non-root", "/containers/1/securityContext/runAsNonRoot", "false", "spec.containers[1].securityContext.runAsNonRoot", "is false"),
                row("restricted", "Running as Non-root user", "/securityContext/runAsUser", "0", "spec.securityContext.runAsUser", "is 0"),
                row("restricted", "Running as Non-root user", "/containers/0/securityContext/runAsUser", "0", "spec.containers[0].securityContext.runAsUser", "is 0"),
                row("restricted", "Seccomp", "/securityContext/seccompProfile", REMOVE, "spec.containers[0].securityContext.seccompProfile.type", "is unset, and so is "),
                row("restricted", "Capabilities", "/containers/0/securityContext/capabilities/drop", REMOVE, "spec.containers[0].securityContext.capabilities.drop", "is unset"),
                row("restricted", "Capabilities", "/initContainers/0/securityContext/capabilities/drop", "[\"NET_RAW\"]", "spec.initContainers[0].securityContext.capabilities.drop", "does not contain ALL"),
                row("restricted", "Capabilities", "/containers/0/securityContext/capabilities/add", "[\"CHOWN\"]", "spec.containers[0].securityContext.capabilities.add", "contains CHOWN"));
    }

    @ParameterizedTest(name = "{0} {1}: {4} {5}")
    @MethodSource("denied")
    void a_value_outside_the_allowed_values_is_denied_naming_level_control_path_and_value(String level, String control, String pointer,
            String value, String path, String found) {
        for (String lvl : level.equals("baseline") ? List.of("baseline", "restricted") : List.of("restricted")) {
            List<Mission> missions = List.of(mission(lvl, ""));
            for (String[] kind : KINDS) {
                String object = pod(kind[0], pointer, value);
                for (Action action : List.of(review("CREATE", kind[1], "shop", "w").object(object).action(),
                        review("UPDATE", kind[1], "shop", "w").both(object).action())) {
                    assertThat(guard.check(action, missions)).as(lvl + " " + action.operation() + " " + kind[0]).hasValueSatisfying(v -> {
                        assertThat(v.rule()).isEqualTo("pod-security");
                        assertThat(v.message()).startsWith("Pod Security " + lvl + " (" + control + "): " + fullPath(kind, path) + " " + found);
                    });
                }
            }
        }
    }

    /** level, control, then pointer/value pairs applied together. */
    static Stream<Arguments> admitted() {
        List<Arguments> rows = new ArrayList<>(List.of(
                pass("baseline", "HostProcess", "/securityContext/windowsOptions", "{\"hostProcess\": false}", "/containers/0/securityContext/windowsOptions", "{\"hostProcess\": false}"),
                pass("baseline", "Host Namespaces", "/hostNetwork", "false", "/hostPID", "false", "/hostIPC", "false"),
                pass("baseline", "Privileged Containers", "/containers/0/securityContext/privileged", "false", "/initContainers/0/securityContext/privileged", "false"),
                pass("baseline", "Capabilities", "/containers/0/securityContext/capabilities/add", "[\"AUDIT_WRITE\", \"CHOWN\", \"DAC_OVERRIDE\", "
                        + "\"FOWNER\", \"FSETID\", \"KILL\", \"MKNOD\", \"NET_BIND_SERVICE\", \"SETFCAP\", \"SETGID\", \"SETPCAP\", \"SETUID\", \"SYS_CHROOT\"]"),
                pass("baseline", "Host Ports", "/containers/0/ports/0", "{\"containerPort\": 8080, \"hostPort\": 0}"),
                pass("baseline", "Host Probes / Lifecycle Hooks", "/containers/0/livenessProbe", "{\"httpGet\": {\"path\": \"/\", \"port\": 8080, \"host\": \"\"}}",
                        "/containers/0/readinessProbe", "{\"tcpSocket\": {\"port\": 8080}}"),
                pass("baseline", "AppArmor", "/securityContext/appArmorProfile", "{\"type\": \"RuntimeDefault\"}",
                        "/containers/0/securityContext/appArmorProfile", "{\"type\": \"Localhost\", \"localhostProfile\": \"k8s-nginx\"}"),
                pass("baseline", "AppArmor", "/metadata/annotations", "{\"container.apparmor.security.beta.kubernetes.io/app\": \"runtime/default\", "
                        + "\"container.apparmor.security.beta.kubernetes.io/metrics\": \"localhost/k8s-exporter\"}"),
                pass("baseline", "SELinux", "/securityContext/seLinuxOptions", "{\"type\": \"container_t\", \"level\": \"s0:c123,c456\", \"user\": \"\", \"role\": \"\"}",
                        "/containers/0/securityContext/seLinuxOptions", "{\"type\": \"container_init_t\"}",
                        "/containers/1/securityContext/seLinuxOptions", "{\"type\": \"container_kvm_t\"}",
                        "/initContainers/0/securityContext/seLinuxOptions", "{\"type\": \"container_engine_t\"}"),
                pass("baseline", "SELinux", "/containers/0/securityContext/seLinuxOptions", "{\"type\": \"\"}"),
                pass("baseline", "/proc Mount Type", "/containers/0/securityContext/procMount", "\"Default\""),
                pass("baseline", "Seccomp", "/containers/0/securityContext/seccompProfile", "{\"type\": \"Localhost\", \"localhostProfile\": \"p.json\"}"),
                pass("baseline", "Sysctls", "/securityContext/sysctls", "[{\"name\": \"kernel.shm_rmid_forced\", \"value\": \"1\"}, "
                        + "{\"name\": \"net.ipv4.ip_local_port_range\", \"value\": \"1024 65000\"}, {\"name\": \"net.ipv4.ip_unprivileged_port_start\", \"value\": \"80\"}, "
                        + "{\"name\": \"net.ipv4.tcp_syncookies\", \"value\": \"1\"}, {\"name\": \"net.ipv4.ping_group_range\", \"value\": \"0 1\"}, "
                        + "{\"name\": \"net.ipv4.ip_local_reserved_ports\", \"value\": \"8080\"}, {\"name\": \"net.ipv4.tcp_keepalive_time\", \"value\": \"60\"}, "
                        + "{\"name\": \"net.ipv4.tcp_fin_timeout\", \"value\": \"30\"}, {\"name\": \"net.ipv4.tcp_keepalive_intvl\", \"value\": \"10\"}, "
                        + "{\"name\": \"net.ipv4.tcp_keepalive_probes\", \"value\": \"3\"}]"),
                // restricted-only controls: baseline does not include them
                pass("baseline", "Volume Types", "/volumes/0", "{\"name\": \"n\", \"nfs\": {\"server\": \"nfs\", \"path\": \"/export\"}}"),
                pass("baseline", "Privilege Escalation", "/containers/0/securityContext/allowPrivilegeEscalation", "true",
                        "/initContainers/0/securityContext/allowPrivilegeEscalation", REMOVE),
                pass("baseline", "Running as Non-root", "/securityContext/runAsNonRoot", "false"),
                pass("baseline", "Running as Non-root user", "/securityContext/runAsUser", "0"),
                pass("baseline", "Seccomp", "/securityContext/seccompProfile", REMOVE),
                pass("baseline", "Capabilities", "/containers/0/securityContext/capabilities", "{\"add\": [\"CHOWN\"]}"),
                // restricted's allowed values
                pass("restricted", "Running as Non-root", "/securityContext/runAsNonRoot", REMOVE, "/containers/0/securityContext/runAsNonRoot", "true",
                        "/containers/1/securityContext/runAsNonRoot", "true", "/initContainers/0/securityContext/runAsNonRoot", "true"),
                pass("restricted", "Running as Non-root user", "/securityContext/runAsUser", "1000", "/containers/0/securityContext/runAsUser", "1001"),
                pass("restricted", "Seccomp", "/securityContext/seccompProfile", REMOVE,
                        "/containers/0/securityContext/seccompProfile", "{\"type\": \"RuntimeDefault\"}",
                        "/containers/1/securityContext/seccompProfile", "{\"type\": \"Localhost\", \"localhostProfile\": \"p.json\"}",
                        "/initContainers/0/securityContext/seccompProfile", "{\"type\": \"RuntimeDefault\"}"),
                pass("restricted", "Seccomp", "/containers/0/securityContext/seccompProfile", "{\"type\": \"Localhost\", \"localhostProfile\": \"p.json\"}"),
                pass("restricted", "Capabilities", "/containers/0/securityContext/capabilities", "{\"drop\": [\"NET_RAW\", \"ALL\"], \"add\": [\"NET_BIND_SERVICE\"]}"),
                // OS-specific policy controls: Privilege Escalation, Seccomp and Capabilities are Linux only
                pass("restricted", "Pod OS field", "/os", "{\"name\": \"windows\"}", "/securityContext/seccompProfile", REMOVE,
                        "/containers/0/securityContext", "{\"runAsNonRoot\": true}")));
        for (String volume : List.of("{\"name\": \"v\", \"configMap\": {\"name\": \"cfg\"}}", "{\"name\": \"v\", \"csi\": {\"driver\": \"secrets-store.csi.k8s.io\"}}",
                "{\"name\": \"v\", \"downwardAPI\": {\"items\": []}}", "{\"name\": \"v\", \"emptyDir\": {\"medium\": \"Memory\"}}",
                "{\"name\": \"v\", \"ephemeral\": {\"volumeClaimTemplate\": {\"spec\": {\"accessModes\": [\"ReadWriteOnce\"]}}}}",
                "{\"name\": \"v\", \"persistentVolumeClaim\": {\"claimName\": \"data\"}}", "{\"name\": \"v\", \"projected\": {\"sources\": []}}",
                "{\"name\": \"v\", \"secret\": {\"secretName\": \"s\"}}")) {
            rows.add(pass("restricted", "Volume Types", "/volumes/0", volume));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("admitted")
    void an_allowed_value_or_a_control_outside_the_level_is_admitted(String level, String control, List<String[]> changes) {
        List<Mission> missions = List.of(mission(level, ""));
        for (String[] kind : KINDS) {
            String object = pod(kind[0], changes);
            Action create = review("CREATE", kind[1], "shop", "w").object(object).action();
            assertThat(guard.check(create, missions)).as(kind[0] + " " + object).isEmpty();
            assertThat(guard.decide(create, missions)).isEqualTo(new ProtectResult.Admitted(List.of()));
            assertThat(guard.check(review("UPDATE", kind[1], "shop", "w").both(object).action(), missions)).as("UPDATE " + kind[0]).isEmpty();
        }
    }

    @Test
    void the_restricted_pod_the_tests_start_from_meets_restricted() {
        for (String[] kind : KINDS) {
            assertThat(guard.check(review("CREATE", kind[1], "shop", "w").object(pod(kind[0], null, null)).action(),
                    List.of(mission("restricted", "")))).as(kind[0]).isEmpty();
        }
    }

    @Test
    void the_table_has_every_control_of_the_documentation_and_every_field_resolves() {
        assertThat(PodSecurityStandards.CONTROLS).map(c -> c.level() + " " + c.name()).containsExactly(
                "baseline HostProcess", "baseline Host Namespaces", "baseline Privileged Containers", "baseline Capabilities",
                "baseline HostPath Volumes", "baseline Host Ports", "baseline Host Probes / Lifecycle Hooks", "baseline AppArmor",
                "baseline SELinux", "baseline /proc Mount Type", "baseline Seccomp", "baseline Sysctls",
                "restricted Volume Types", "restricted Privilege Escalation", "restricted Running as Non-root",
                "restricted Running as Non-root user", "restricted Seccomp", "restricted Capabilities");
        assertThat(PodSecurityStandards.CONTROLS).filteredOn(PodSecurityStandards.Control::linuxOnly).map(PodSecurityStandards.Control::name)
                .containsExactly("Privilege Escalation", "Seccomp", "Capabilities");
        PodFields fields = PodFields.of(ProtectGuardReviews.parse(pod("Pod", null, null)), "Pod");
        for (PodSecurityStandards.Control control : PodSecurityStandards.CONTROLS) {
            for (PodSecurityStandards.Rule rule : control.rules()) {
                fieldsOf(rule).forEach(fields::resolve); // throws on a path the walker cannot read
            }
        }
    }

    private static List<String> fieldsOf(PodSecurityStandards.Rule rule) {
        if (rule instanceof PodSecurityStandards.Allowed a) {
            return a.fields();
        } else if (rule instanceof PodSecurityStandards.NotAllowed n) {
            return n.fields();
        } else if (rule instanceof PodSecurityStandards.MustContain m) {
            return m.fields();
        } else if (rule instanceof PodSecurityStandards.PodOrContainers p) {
            List<String> all = new ArrayList<>(p.containerFields());
            all.add(p.podField());
            return all;
        }
        return List.of(((PodSecurityStandards.OnlyKeys) rule).field());
    }

    private static Arguments row(String level, String control, String pointer, String value, String path, String found) {
        return Arguments.of(level, control, pointer, value, path, found);
    }

    private static Arguments pass(String level, String control, String... pointerValues) {
        List<String[]> changes = new ArrayList<>();
        for (int i = 0; i < pointerValues.length; i += 2) {
            changes.add(new String[] {pointerValues[i], pointerValues[i + 1]});
        }
        return Arguments.of(level, control, changes);
    }
}
