package dev.ibac.judge.guard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.action.Action;
import dev.ibac.action.Requester;
import dev.ibac.action.ResourceId;
import dev.ibac.crd.Mission;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;

/**
 * Test inputs for {@link ProtectGuard}: AdmissionReviews shaped as the API server sends them
 * ({@code admission.k8s.io/v1}), read into an {@link Action} field by field the way the webhook
 * reads them, and Missions written as YAML.
 */
final class ProtectGuardReviews {
    static final String AGENT = "system:serviceaccount:shop:shop-agent";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProtectGuardReviews() {}

    /** An AdmissionReview of {@code operation} on {@code group/version/resource[/subresource]}. */
    static Review review(String operation, String groupVersionResource, String namespace, String name) {
        return new Review(operation, groupVersionResource, namespace, name, null, null);
    }

    /** One admission request; {@code object}/{@code oldObject} are JSON text or null. */
    record Review(String operation, String groupVersionResource, String namespace, String name, String object, String oldObject) {
        Review object(String json) {
            return new Review(operation, groupVersionResource, namespace, name, json, oldObject);
        }

        Review oldObject(String json) {
            return new Review(operation, groupVersionResource, namespace, name, object, json);
        }

        /** The same object before and after, as for an UPDATE that changes nothing the guard reads. */
        Review both(String json) {
            return object(json).oldObject(json);
        }

        Action action() {
            return ProtectGuardReviews.action(json());
        }

        String json() {
            // "v1/pods", "apps/v1/deployments/scale": the core group has no segment of its own
            String[] gvr = groupVersionResource.split("/");
            int at = gvr[0].matches("v[0-9].*") ? 0 : 1;
            String group = at == 0 ? "" : gvr[0];
            String version = gvr[at];
            String resource = gvr[at + 1];
            String subresource = gvr.length > at + 2 ? gvr[at + 2] : "";
            String kind = kindOf(object != null ? object : oldObject);
            return """
                    {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
                      "uid": "705ab4f5-6393-11e8-b7cc-42010a800002",
                      "kind": {"group": "%1$s", "version": "%2$s", "kind": "%3$s"},
                      "resource": {"group": "%1$s", "version": "%2$s", "resource": "%4$s"},
                      "subResource": "%5$s",
                      "requestKind": {"group": "%1$s", "version": "%2$s", "kind": "%3$s"},
                      "requestResource": {"group": "%1$s", "version": "%2$s", "resource": "%4$s"},
                      "name": "%6$s", "namespace": "%7$s", "operation": "%8$s",
                      "userInfo": {"username": "%9$s", "uid": "014fbff9", "groups": ["system:serviceaccounts", "system:authenticated"]},
                      "object": %10$s, "oldObject": %11$s, "dryRun": false,
                      "options": {"apiVersion": "meta.k8s.io/v1", "kind": "%12$s"}}}
                    """.formatted(group, version, kind, resource, subresource, name, namespace, operation, AGENT,
                    object == null ? "null" : object, oldObject == null ? "null" : oldObject,
                    operation.equals("DELETE") ? "DeleteOptions" : operation.equals("UPDATE") ? "UpdateOptions" : "CreateOptions");
        }

        private static String kindOf(String json) {
            return json == null ? "" : parse(json).path("kind").asText();
        }
    }

    /** {@code request} of an AdmissionReview as the webhook lifts it into an Action. */
    static Action action(String admissionReview) {
        JsonNode request = parse(admissionReview).path("request");
        JsonNode resource = request.path("resource");
        List<String> groups = new ArrayList<>();
        request.path("userInfo").path("groups").forEach(g -> groups.add(g.asText()));
        return new Action(request.path("uid").asText(), request.path("operation").asText(),
                new ResourceId(resource.path("group").asText(), resource.path("version").asText(),
                        resource.path("resource").asText(), request.path("subResource").asText("")),
                request.path("kind").path("kind").asText(), request.path("namespace").asText(""), request.path("name").asText(""),
                request.path("dryRun").asBoolean(false),
                new Requester(request.path("userInfo").path("username").asText(), request.path("userInfo").path("uid").asText(), groups),
                nullable(request.path("object")), nullable(request.path("oldObject")));
    }

    /** A Mission; {@code spec} is YAML under spec, with agent shop-agent unless it names an agent itself. */
    static Mission mission(String namespace, String name, String spec) {
        String agent = spec.contains("agent:") ? "" : "agent: {serviceAccount: shop-agent}\n";
        return Serialization.unmarshal("""
                apiVersion: ibac.io/v1alpha1
                kind: Mission
                metadata: {name: %s, namespace: %s}
                spec:
                  goal: test the protections
                %s""".formatted(name, namespace, (agent + spec.stripIndent()).indent(2)), Mission.class);
    }

    /** A metadata-only object of {@code kind} with the given metadata fields (JSON members). */
    static String object(String apiVersion, String kind, String name, String extraMetadata) {
        ObjectNode metadata = (ObjectNode) parse("{" + extraMetadata + "}");
        metadata.put("name", name).put("namespace", "shop");
        ObjectNode object = JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
        object.set("metadata", metadata);
        return object.toString();
    }

    private static JsonNode nullable(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
