package dev.ibac.judge.guard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.action.Action;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Privileged pods and pod templates: privileged or escalating containers, host namespaces, hostPath
 * volumes, Windows host processes, capabilities beyond Docker's default set — in containers, init
 * containers and ephemeral containers. The new object is judged on CREATE and UPDATE alike, so an
 * agent cannot touch a privileged workload at all (scaling through {@code /scale} stays possible:
 * a Scale carries no pod spec).
 */
final class PodSecurity {
    /** Docker's default capability set; adding anything else is privileged. */
    static final Set<String> DEFAULT_CAPABILITIES = Set.of("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW",
            "SETGID", "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE");
    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

    Optional<String> problem(Action action) {
        if (action.object() == null || action.object().isNull() || "DELETE".equals(action.operation())) {
            return Optional.empty();
        }
        JsonNode podSpec = podSpec(action.object(), action.kind());
        if (podSpec == null) {
            return Optional.empty();
        }
        String what = action.kind().isEmpty() ? action.resource().resource() : action.kind();
        return hostAccess(podSpec).or(() -> containers(podSpec)).map(p -> what + " \"" + action.name() + "\" " + p);
    }

    /** The pod spec of a Pod or of any pod-template workload, else null. */
    static JsonNode podSpec(JsonNode object, String requestKind) {
        String kind = object.path("kind").asText(requestKind);
        JsonNode spec = object.path("spec");
        return switch (kind) {
            case "Pod" -> spec;
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "PodTemplate" ->
                    kind.equals("PodTemplate") ? object.path("template").path("spec") : spec.path("template").path("spec");
            case "CronJob" -> spec.path("jobTemplate").path("spec").path("template").path("spec");
            default -> null;
        };
    }

    private static Optional<String> hostAccess(JsonNode podSpec) {
        for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (podSpec.path(field).asBoolean(false)) {
                return Optional.of("uses the host namespace (" + field + ": true)");
            }
        }
        if (hostProcess(podSpec.path("securityContext"))) {
            return Optional.of("runs as a Windows host process (hostProcess: true)");
        }
        for (JsonNode volume : podSpec.path("volumes")) {
            if (volume.has("hostPath")) {
                return Optional.of("mounts a hostPath volume (" + volume.path("name").asText() + ")");
            }
        }
        return Optional.empty();
    }

    private static boolean hostProcess(JsonNode securityContext) {
        return securityContext.path("windowsOptions").path("hostProcess").asBoolean(false);
    }

    private static Optional<String> containers(JsonNode podSpec) {
        for (String list : CONTAINER_LISTS) {
            for (JsonNode container : podSpec.path(list)) {
                Optional<String> problem = container(container.path("securityContext"));
                if (problem.isPresent()) {
                    return Optional.of("container \"" + container.path("name").asText() + "\" " + problem.get());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> container(JsonNode securityContext) {
        if (securityContext.path("privileged").asBoolean(false)) {
            return Optional.of("is privileged");
        }
        if (securityContext.path("allowPrivilegeEscalation").asBoolean(false)) {
            return Optional.of("allows privilege escalation");
        }
        if (hostProcess(securityContext)) {
            return Optional.of("runs as a Windows host process");
        }
        for (JsonNode capability : securityContext.path("capabilities").path("add")) {
            String name = capability.asText().toUpperCase(java.util.Locale.ROOT).replaceFirst("^CAP_", "");
            if (!DEFAULT_CAPABILITIES.contains(name)) {
                return Optional.of("adds capability " + capability.asText() + " beyond the default set");
            }
        }
        return Optional.empty();
    }
}
