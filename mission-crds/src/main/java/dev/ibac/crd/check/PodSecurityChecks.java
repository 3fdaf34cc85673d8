package dev.ibac.crd.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.crd.PodSecurityException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * {@code spec.scope.podSecurityExceptions} beyond the schema: the CRD's CEL rules (each exception
 * narrowed by its own field, and only by it), which the offline schema check does not evaluate, and
 * warnings for exceptions so wide they undo the level (hostPath {@code /}, SYS_ADMIN). An unknown
 * control is the schema's enum to refuse.
 */
final class PodSecurityChecks {
    /** Host paths whose mount is (close to) the node itself: the root, the runtimes' sockets and state, kernel interfaces. */
    private static final Set<String> BROAD_PATHS = Set.of("/", "/etc", "/var", "/run", "/var/run", "/var/lib", "/var/lib/kubelet",
            "/var/lib/docker", "/var/lib/containerd", "/run/containerd", "/var/run/docker.sock", "/run/containerd/containerd.sock",
            "/proc", "/sys", "/dev", "/root", "/home", "/usr", "/boot");
    /** Capabilities that amount to root on the node (capabilities(7)). */
    private static final Set<String> BROAD_CAPABILITIES = Set.of("ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_RAWIO", "SYS_PTRACE", "BPF",
            "DAC_READ_SEARCH", "SYS_BOOT");
    private static final List<String> FIELDS = List.of("paths", "readOnly", "add", "ports", "names");

    void exceptions(JsonNode exceptions, BiConsumer<String, String> problem, BiConsumer<String, String> warning) {
        for (int i = 0; i < exceptions.size(); i++) {
            exception("spec.scope.podSecurityExceptions[" + i + "]", exceptions.get(i), problem, warning);
        }
    }

    private static void exception(String path, JsonNode exception, BiConsumer<String, String> problem, BiConsumer<String, String> warning) {
        String control = exception.path("control").asText("");
        String narrowing = PodSecurityException.narrowingField(control);
        if (narrowing == null) {
            return; // missing or unknown: the schema's required and enum say so
        }
        for (String field : FIELDS) {
            if (exception.has(field) && !field.equals(narrowing) && !(field.equals("readOnly") && control.equals("hostPath"))) {
                problem.accept(path + "." + field, "does not narrow " + control + " (" + control + " is narrowed by " + narrowing + " only)");
            }
        }
        JsonNode values = exception.path(narrowing);
        if (!values.isArray() || values.isEmpty()) {
            problem.accept(path + "." + narrowing, "is empty: the exception opens nothing (list the " + what(control) + " it opens)");
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            value(path + "." + narrowing + "[" + i + "]", control, values.get(i), problem, warning);
        }
        if (control.equals("hostPath") && !exception.path("readOnly").asBoolean(false)) {
            warning.accept(path + ".readOnly", "is not true: the agent's pods may write to the node's files under these paths");
        }
    }

    private static void value(String path, String control, JsonNode value, BiConsumer<String, String> problem, BiConsumer<String, String> warning) {
        String text = value.asText();
        switch (control) {
            case "hostPath" -> hostPath(path, text, problem, warning);
            case "capabilities" -> {
                String name = text.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
                if (BROAD_CAPABILITIES.contains(name)) {
                    warning.accept(path, text + " amounts to root on the node: open a narrower capability if one will do");
                }
            }
            case "sysctls" -> {
                if (text.contains("*")) {
                    problem.accept(path, "\"" + text + "\" is a pattern: name each sysctl exactly");
                }
            }
            default -> {
                if (value.isIntegralNumber() && value.asLong() > 65535) {
                    problem.accept(path, "must be at most 65535, got " + text);
                }
            }
        }
    }

    private static void hostPath(String path, String prefix, BiConsumer<String, String> problem, BiConsumer<String, String> warning) {
        if (!prefix.startsWith("/")) {
            problem.accept(path, "\"" + prefix + "\" is not an absolute path (write it from /)");
        } else if (List.of(prefix.split("/")).contains("..")) {
            problem.accept(path, "\"" + prefix + "\" contains \"..\": write the path it means");
        } else if (BROAD_PATHS.contains(prefix.length() > 1 ? prefix.replaceAll("/+$", "") : prefix)) {
            warning.accept(path, "\"" + prefix + "\" opens " + (prefix.equals("/") ? "the node's whole filesystem" : "a large or sensitive part of the node")
                    + ": name the directory the workload needs");
        }
    }

    private static String what(String control) {
        return switch (control) {
            case "hostPath" -> "path prefixes";
            case "capabilities" -> "capabilities";
            case "hostPorts" -> "ports";
            default -> "sysctl names";
        };
    }
}
