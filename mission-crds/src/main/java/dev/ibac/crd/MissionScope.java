package dev.ibac.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Hard bounds of a mission, checked before any judge. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MissionScope(
        List<String> namespaces,
        List<ResourceRule> resources,
        List<String> allowDestructive,
        Boolean allowManaged) {

    public static final MissionScope EMPTY = new MissionScope(null, null, null, null);

    public MissionScope {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        resources = resources == null ? List.of() : List.copyOf(resources);
        allowDestructive = allowDestructive == null ? List.of() : List.copyOf(allowDestructive);
    }

    /** Namespaces the mission may act in: the listed ones, else the mission's own. */
    public List<String> namespacesOrOwn(String ownNamespace) {
        return namespaces.isEmpty() ? List.of(ownNamespace) : namespaces;
    }

    public boolean managedAllowed() {
        return Boolean.TRUE.equals(allowManaged);
    }
}
