package dev.ibac.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One allow-list entry of a mission's scope. Empty {@code names} means any name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceRule(List<String> apiGroups, List<String> resources, List<String> operations, List<String> names) {
    public ResourceRule {
        apiGroups = apiGroups == null ? List.of() : List.copyOf(apiGroups);
        resources = resources == null ? List.of() : List.copyOf(resources);
        operations = operations == null ? List.of() : List.copyOf(operations);
        names = names == null ? List.of() : List.copyOf(names);
    }
}
