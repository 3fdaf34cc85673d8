package dev.ibac.judge.guard;

import static dev.ibac.crd.PodSecurityLevel.baseline;
import static dev.ibac.crd.PodSecurityLevel.restricted;

import dev.ibac.crd.PodSecurityLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Pod Security Standards as data: every control of the Kubernetes documentation's Baseline and
 * Restricted tables, with exactly its restricted fields (the documentation's paths) and allowed
 * values, in the documentation's order. {@link PodSecurity} only walks this table; a change of the
 * standard is a change here.
 *
 * <p>Source: <a href="https://kubernetes.io/docs/concepts/security/pod-security-standards/">Pod
 * Security Standards</a> (latest, which includes the v1.34 Host Probes / Lifecycle Hooks control),
 * sections <a href="https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline">Baseline</a>
 * and <a href="https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted">Restricted</a>;
 * "Linux only" per its <a href="https://kubernetes.io/docs/concepts/security/pod-security-standards/#os-specific-policy-controls">OS-specific policy controls</a>.
 */
public final class PodSecurityStandards {
    static final String DOC = "https://kubernetes.io/docs/concepts/security/pod-security-standards/";
    /** The capabilities the Baseline profile lets a container add; the analyser's loosened-capability effect reads them too. */
    public static final List<String> BASELINE_CAPABILITIES = List.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
            "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    static final List<String> SAFE_SYSCTLS = List.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    static final List<String> RESTRICTED_VOLUMES = List.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");
    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");
    private static final List<String> PROBE_HOSTS = List.of("livenessProbe.httpGet.host", "readinessProbe.httpGet.host",
            "startupProbe.httpGet.host", "livenessProbe.tcpSocket.host", "readinessProbe.tcpSocket.host", "startupProbe.tcpSocket.host",
            "lifecycle.postStart.tcpSocket.host", "lifecycle.preStop.tcpSocket.host", "lifecycle.postStart.httpGet.host",
            "lifecycle.preStop.httpGet.host");

    /** Every control, baseline first, each row as the documentation's table has it. */
    static final List<Control> CONTROLS = List.of(
            control(baseline, "HostProcess", false, new Allowed(podAndContainers("securityContext.windowsOptions.hostProcess"),
                    List.of("false"), true, null, "remove it: agents may not run Windows host processes")),
            control(baseline, "Host Namespaces", false, new Allowed(List.of("spec.hostNetwork", "spec.hostPID", "spec.hostIPC"),
                    List.of("false"), true, null, "remove it: agents' pods may not share the node's namespaces")),
            control(baseline, "Privileged Containers", false, new Allowed(containers("securityContext.privileged"),
                    List.of("false"), true, null, "remove it: agents may not run privileged containers")),
            control(baseline, "Capabilities", false, new Allowed(containers("securityContext.capabilities.add"),
                    BASELINE_CAPABILITIES, true, "capabilities", "drop it")),
            control(baseline, "HostPath Volumes", false, new Allowed(List.of("spec.volumes[*].hostPath"),
                    List.of(), true, "hostPath", "use another volume type (emptyDir, configMap, secret, a PersistentVolumeClaim)")),
            control(baseline, "Host Ports", false, new Allowed(containers("ports[*].hostPort"),
                    List.of("0"), true, "hostPorts", "remove hostPort (a Service reaches the containerPort)")),
            control(baseline, "Host Probes / Lifecycle Hooks", false, new Allowed(PROBE_HOSTS.stream().flatMap(f -> containers(f).stream()).toList(),
                    List.of(""), true, null, "remove host: the probe or hook then targets the pod's own IP")),
            control(baseline, "AppArmor", false,
                    new Allowed(podAndContainers("securityContext.appArmorProfile.type"), List.of("RuntimeDefault", "Localhost"), true,
                            null, "use RuntimeDefault or Localhost, or remove it"),
                    new Allowed(List.of("metadata.annotations[\"container.apparmor.security.beta.kubernetes.io/*\"]"),
                            List.of("runtime/default", "localhost/*"), true, null, "use runtime/default or localhost/<profile>, or remove it")),
            control(baseline, "SELinux", false,
                    new Allowed(podAndContainers("securityContext.seLinuxOptions.type"),
                            List.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"), true, null,
                            "use one of the allowed types, or remove it"),
                    new Allowed(Stream.concat(podAndContainers("securityContext.seLinuxOptions.user").stream(),
                            podAndContainers("securityContext.seLinuxOptions.role").stream()).toList(),
                            List.of(""), true, null, "remove it: custom SELinux users and roles are forbidden")),
            control(baseline, "/proc Mount Type", false, new Allowed(containers("securityContext.procMount"),
                    List.of("Default"), true, null, "remove it (the default /proc masks apply)")),
            control(baseline, "Seccomp", false, new Allowed(podAndContainers("securityContext.seccompProfile.type"),
                    List.of("RuntimeDefault", "Localhost"), true, null, "use RuntimeDefault or Localhost")),
            control(baseline, "Sysctls", false, new Allowed(List.of("spec.securityContext.sysctls[*].name"),
                    SAFE_SYSCTLS, true, "sysctls", "remove it: only namespaced, isolated sysctls are safe")),

            control(restricted, "Volume Types", false, new OnlyKeys("spec.volumes[*]", RESTRICTED_VOLUMES, "hostPath",
                    "use one of those volume types (a PersistentVolumeClaim for other storage)")),
            control(restricted, "Privilege Escalation", true, new Allowed(containers("securityContext.allowPrivilegeEscalation"),
                    List.of("false"), false, null, "set allowPrivilegeEscalation: false")),
            control(restricted, "Running as Non-root", false, new PodOrContainers("spec.securityContext.runAsNonRoot",
                    containers("securityContext.runAsNonRoot"), List.of("true"),
                    "set runAsNonRoot: true in the pod's securityContext (or in every container's)")),
            control(restricted, "Running as Non-root user", false, new NotAllowed(podAndContainers("securityContext.runAsUser"),
                    List.of("0"), "use a non-zero UID, or remove it")),
            control(restricted, "Seccomp", true, new PodOrContainers("spec.securityContext.seccompProfile.type",
                    containers("securityContext.seccompProfile.type"), List.of("RuntimeDefault", "Localhost"),
                    "set seccompProfile.type: RuntimeDefault in the pod's securityContext (or in every container's)")),
            control(restricted, "Capabilities", true,
                    new MustContain(containers("securityContext.capabilities.drop"), "ALL", "add ALL to capabilities.drop"),
                    new Allowed(containers("securityContext.capabilities.add"), List.of("NET_BIND_SERVICE"), true,
                            "capabilities", "drop it")));

    private PodSecurityStandards() {}

    /** The controls of {@code level}: restricted is everything from baseline plus its own. */
    static List<Control> of(PodSecurityLevel level) {
        return CONTROLS.stream().filter(c -> level.includes(c.level())).toList();
    }

    /**
     * One row of a table. {@code linuxOnly}: required only when {@code spec.os.name} is not
     * {@code windows} (the documentation's OS-specific policy controls).
     */
    record Control(PodSecurityLevel level, String name, boolean linuxOnly, List<Rule> rules) {
        String link() {
            return DOC + "#" + level;
        }
    }

    /** One "Restricted Fields / Allowed Values" pair of a row; {@code fields} are the documentation's paths. */
    sealed interface Rule permits Allowed, NotAllowed, PodOrContainers, MustContain, OnlyKeys {
        String fix();
    }

    /**
     * Every value at {@code fields} (each element, where the field is a list) is one of
     * {@code values} exactly ({@code x/*}: a prefix), or the field is undefined when {@code unset}.
     * Exactly: {@code CAP_CHOWN} is not {@code CHOWN} to the standard, whatever a runtime makes of it.
     * {@code opens}: the exception control ({@code scope.podSecurityExceptions}) that may admit a
     * value outside the list, or null.
     */
    record Allowed(List<String> fields, List<String> values, boolean unset, String opens, String fix) implements Rule {}

    /** No value at {@code fields} is one of {@code values} (runAsUser: any non-zero value, or undefined). */
    record NotAllowed(List<String> fields, List<String> values, String fix) implements Rule {}

    /**
     * The pod-level field, when set, is one of {@code values}; each container's field is one of them,
     * or undefined when the pod-level field is one of them.
     */
    record PodOrContainers(String podField, List<String> containerFields, List<String> values, String fix) implements Rule {}

    /** The list at each of {@code fields} includes {@code value}. */
    record MustContain(List<String> fields, String value, String fix) implements Rule {}

    /** Each element of {@code field} sets only keys of {@code keys} (besides {@code name}); {@code openableKey} an exception may admit. */
    record OnlyKeys(String field, List<String> keys, String openableKey, String fix) implements Rule {}

    private static Control control(PodSecurityLevel level, String name, boolean linuxOnly, Rule... rules) {
        return new Control(level, name, linuxOnly, List.of(rules));
    }

    /** {@code spec.containers[*].<field>}, and the same for init and ephemeral containers: they all count as containers. */
    private static List<String> containers(String field) {
        return CONTAINER_LISTS.stream().map(list -> "spec." + list + "[*]." + field).toList();
    }

    private static List<String> podAndContainers(String field) {
        List<String> fields = new ArrayList<>();
        fields.add("spec." + field);
        fields.addAll(containers(field));
        return fields;
    }
}
