package dev.ibac.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A team's declaration of what an agent is sent to do: goal, hard scope, budget, expiry. */
@Group(Mission.GROUP)
@Version(Mission.VERSION)
@Plural("missions")
@ShortNames("msn")
public class Mission extends CustomResource<MissionSpec, MissionStatus> implements Namespaced {
    public static final String GROUP = "ibac.io";
    public static final String VERSION = "v1alpha1";
    private static final long serialVersionUID = 1L;

    /** "namespace/name", the key used in audit entries and indexes. */
    public String key() {
        return getMetadata().getNamespace() + "/" + getMetadata().getName();
    }

    public long generation() {
        Long generation = getMetadata().getGeneration();
        return generation == null ? 0L : generation;
    }
}
