package dev.ibac.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One control a mission opens (SPEC §2 {@code scope.podSecurityExceptions}), always narrowed: a
 * hostPath volume only under {@code paths} (and only read-only mounts when {@code readOnly}),
 * capabilities only those in {@code add}, host ports only those in {@code ports}, sysctls only those
 * in {@code names}. Everything else of the mission's level still holds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PodSecurityException(
        String control,
        List<String> paths,
        Boolean readOnly,
        List<String> add,
        List<Integer> ports,
        List<String> names) {

    /** The controls an exception may name, with the one field that narrows each (the CRD's enum, in this order). */
    public static final List<String> CONTROLS = List.of("hostPath", "capabilities", "hostPorts", "sysctls");

    public PodSecurityException {
        paths = paths == null ? List.of() : List.copyOf(paths);
        add = add == null ? List.of() : List.copyOf(add);
        ports = ports == null ? List.of() : List.copyOf(ports);
        names = names == null ? List.of() : List.copyOf(names);
    }

    /** The field that narrows {@code control} ({@code paths}, {@code add}, {@code ports}, {@code names}), or null for an unknown control. */
    public static String narrowingField(String control) {
        return switch (control == null ? "" : control) {
            case "hostPath" -> "paths";
            case "capabilities" -> "add";
            case "hostPorts" -> "ports";
            case "sysctls" -> "names";
            default -> null;
        };
    }

    public boolean readOnlyRequired() {
        return Boolean.TRUE.equals(readOnly);
    }
}
