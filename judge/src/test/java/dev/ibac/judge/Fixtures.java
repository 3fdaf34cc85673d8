package dev.ibac.judge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibac.action.Action;
import dev.ibac.action.Requester;
import dev.ibac.action.ResourceId;
import dev.ibac.crd.AgentRef;
import dev.ibac.crd.JudgeSettings;
import dev.ibac.crd.Mission;
import dev.ibac.crd.MissionScope;
import dev.ibac.crd.MissionSpec;
import dev.ibac.crd.ResourceRule;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;

/** Builders for the test vocabulary: JSON objects, actions and missions. */
public final class Fixtures {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Requester AGENT = new Requester("system:serviceaccount:shop:shop-agent", "u-1",
            List.of("system:serviceaccounts", "system:serviceaccounts:shop"));

    private Fixtures() {}

    /** Parses JSON written with single quotes for readability. */
    public static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static Action create(String group, String resource, String kind, String namespace, String name, JsonNode object) {
        return new Action("uid-" + name, "CREATE", new ResourceId(group, "v1", resource, ""), kind, namespace, name,
                false, AGENT, object, null);
    }

    public static Action update(String group, String resource, String kind, String namespace, String name,
                                JsonNode object, JsonNode oldObject) {
        return new Action("uid-" + name, "UPDATE", new ResourceId(group, "v1", resource, ""), kind, namespace, name,
                false, AGENT, object, oldObject);
    }

    public static Action delete(String group, String resource, String kind, String namespace, String name, JsonNode oldObject) {
        return new Action("uid-" + name, "DELETE", new ResourceId(group, "v1", resource, ""), kind, namespace, name,
                false, AGENT, null, oldObject);
    }

    public static Mission mission(String namespace, String name, String goal, long generation) {
        return mission(namespace, name, goal, generation, null);
    }

    public static Mission mission(String namespace, String name, String goal, long generation, String model) {
        Mission mission = new Mission();
        mission.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withGeneration(generation).build());
        MissionScope scope = new MissionScope(List.of(namespace),
                List.of(new ResourceRule(List.of("apps"), List.of("deployments", "deployments/scale"),
                        List.of("CREATE", "UPDATE"), List.of("checkout*", "redis-*"))),
                List.of(), false);
        mission.setSpec(new MissionSpec(goal, new AgentRef("shop-agent", null, null), scope, null, null,
                new JudgeSettings(JudgeSettings.Mode.Enforce, JudgeSettings.OnError.Deny, model), null, false));
        return mission;
    }
}
