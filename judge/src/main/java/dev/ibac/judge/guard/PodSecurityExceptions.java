package dev.ibac.judge.guard;

import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.crd.Mission;
import dev.ibac.crd.PodSecurityException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Does a mission's {@code spec.scope.podSecurityExceptions} admit one violation? Each exception is
 * narrow: a hostPath volume only under one of its {@code paths} (whole path segments: /var/log opens
 * /var/log/pods, not /var/logs) and, with {@code readOnly}, only when every container mounts it
 * read-only; a capability only if named in {@code add}; a host port only if in {@code ports}; a
 * sysctl only if in {@code names}.
 */
final class PodSecurityExceptions {
    /** Compiled once: the protect stage checks exceptions on every pod an opened mission writes. */
    private static final Pattern CAP_PREFIX = Pattern.compile("^CAP_");
    private static final Pattern SLASHES = Pattern.compile("/+");
    private static final Pattern TRAILING_SLASH = Pattern.compile("(.)/$");
    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

    private PodSecurityExceptions() {}

    static Optional<AdmittingException> admitting(Mission mission, PodSecurityViolation violation, PodFields pod) {
        if (violation.opens() == null) {
            return Optional.empty();
        }
        List<PodSecurityException> exceptions = mission.getSpec().scopeOrDefault().podSecurityExceptions();
        for (int i = 0; i < exceptions.size(); i++) {
            PodSecurityException exception = exceptions.get(i);
            if (violation.opens().equals(exception.control()) && admits(exception, violation, pod)) {
                return Optional.of(new AdmittingException(mission, i, exception, violation.control().name(), violation.path(), violation.value()));
            }
        }
        return Optional.empty();
    }

    /** The mission's exceptions for the control that would open {@code violation} (there, but too narrow for it). */
    static List<PodSecurityException> sameControl(Mission mission, PodSecurityViolation violation) {
        return mission.getSpec().scopeOrDefault().podSecurityExceptions().stream()
                .filter(e -> e.control() != null && e.control().equals(violation.opens())).toList();
    }

    private static boolean admits(PodSecurityException exception, PodSecurityViolation violation, PodFields pod) {
        return switch (exception.control()) {
            case "hostPath" -> hostPath(exception, violation.hit().parent(), pod);
            case "capabilities" -> exception.add().stream()
                    .anyMatch(a -> capability(a).equals(capability(violation.value())));
            case "hostPorts" -> exception.ports().stream().anyMatch(p -> String.valueOf(p).equals(violation.value()));
            case "sysctls" -> exception.names().contains(violation.value());
            default -> false;
        };
    }

    /**
     * An exception for NET_ADMIN also admits {@code CAP_NET_ADMIN} and {@code net_admin}: the same
     * capability to a runtime, which the owner opened (the level's own lists compare exactly).
     */
    private static String capability(String name) {
        return CAP_PREFIX.matcher(name.toUpperCase(Locale.ROOT)).replaceFirst("");
    }

    /** {@code volume} is the pod's volume entry holding the hostPath. */
    private static boolean hostPath(PodSecurityException exception, JsonNode volume, PodFields pod) {
        String path = volume.path("hostPath").path("path").asText("");
        boolean under = exception.paths().stream().anyMatch(prefix -> under(path, prefix));
        return under && (!exception.readOnlyRequired() || mountedReadOnly(volume.path("name").asText(), pod.spec()));
    }

    /** Whole segments, and never through "..": the kubelet does not resolve a path the way a prefix test reads it. */
    static boolean under(String path, String prefix) {
        if (!path.startsWith("/") || List.of(path.split("/")).contains("..") || List.of(prefix.split("/")).contains("..")) {
            return false;
        }
        String p = TRAILING_SLASH.matcher(SLASHES.matcher(path).replaceAll("/")).replaceAll("$1");
        String q = TRAILING_SLASH.matcher(SLASHES.matcher(prefix).replaceAll("/")).replaceAll("$1");
        return q.equals("/") || p.equals(q) || p.startsWith(q + "/");
    }

    /** Every mount of volume {@code name}, in every kind of container, is readOnly. */
    private static boolean mountedReadOnly(String name, JsonNode spec) {
        for (String list : CONTAINER_LISTS) {
            for (JsonNode container : spec.path(list)) {
                for (JsonNode mount : container.path("volumeMounts")) {
                    if (name.equals(mount.path("name").asText()) && !mount.path("readOnly").asBoolean(false)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
