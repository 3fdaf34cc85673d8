package dev.ibac.judge.guard;

import dev.ibac.crd.Mission;
import dev.ibac.crd.PodSecurityException;

/**
 * An entry of a mission's {@code spec.scope.podSecurityExceptions} that admitted a field the
 * mission's Pod Security level forbids: entry {@code index} of {@code mission}, the control it broke
 * (the documentation's name, e.g. "HostPath Volumes"), the field's full path and its value. The
 * webhook names it in the audit entry and the Event ({@link #describe()}).
 */
public record AdmittingException(Mission mission, int index, PodSecurityException exception, String control, String path, String value) {
    /** Where the entry is: {@code spec.scope.podSecurityExceptions[0]}. */
    public String field() {
        return "spec.scope.podSecurityExceptions[" + index + "]";
    }

    /**
     * One line for an auditor, e.g. {@code spec.volumes[0].hostPath (/var/log/pods) breaks Pod Security
     * HostPath Volumes, admitted by spec.scope.podSecurityExceptions[0] of mission logging/ship-node-logs
     * (hostPath paths [/var/log], readOnly)}.
     */
    public String describe() {
        return path + " (" + value + ") breaks Pod Security " + control + ", admitted by " + field() + " of mission " + mission.key()
                + " (" + narrowing(exception) + ")";
    }

    static String narrowing(PodSecurityException exception) {
        return switch (exception.control()) {
            case "hostPath" -> "hostPath paths " + exception.paths() + (exception.readOnlyRequired() ? ", readOnly" : "");
            case "capabilities" -> "capabilities add " + exception.add();
            case "hostPorts" -> "hostPorts ports " + exception.ports();
            default -> "sysctls names " + exception.names();
        };
    }
}
