package dev.ibac.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Hard bounds of a mission, checked before any judge. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MissionScope(
        List<String> namespaces,
        List<ResourceRule> resources,
        List<String> allowDestructive,
        Boolean allowManaged,
        PodSecurityLevel podSecurity,
        List<PodSecurityException> podSecurityExceptions) {

    public static final MissionScope EMPTY = new MissionScope(null, null, null, null, null, null);

    /**
     * The deletes protected unless {@code allowDestructive} lists them (SPEC §5.3); the CRD's enum
     * for {@code allowDestructive} is these, in this order (checked by a test).
     */
    public static final List<String> DESTRUCTIVE_RESOURCES =
            List.of("persistentvolumeclaims", "persistentvolumes", "namespaces", "customresourcedefinitions");

    public MissionScope {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        resources = resources == null ? List.of() : List.copyOf(resources);
        allowDestructive = allowDestructive == null ? List.of() : List.copyOf(allowDestructive);
        podSecurityExceptions = podSecurityExceptions == null ? List.of() : List.copyOf(podSecurityExceptions);
    }

    /** A scope without Pod Security settings (the mission's pods then meet baseline, with no exceptions). */
    public MissionScope(List<String> namespaces, List<ResourceRule> resources, List<String> allowDestructive, Boolean allowManaged) {
        this(namespaces, resources, allowDestructive, allowManaged, null, null);
    }

    /** Namespaces the mission may act in: the listed ones, else the mission's own. */
    public List<String> namespacesOrOwn(String ownNamespace) {
        return namespaces.isEmpty() ? List.of(ownNamespace) : namespaces;
    }

    public boolean managedAllowed() {
        return Boolean.TRUE.equals(allowManaged);
    }

    /** The Pod Security Standards level the mission's pods must meet; baseline unless it says restricted. */
    public PodSecurityLevel podSecurityOrDefault() {
        return podSecurity == null ? PodSecurityLevel.baseline : podSecurity;
    }
}
