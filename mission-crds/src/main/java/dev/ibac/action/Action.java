package dev.ibac.action;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One API request an agent made, as IBAC reasons about it: the admission request with the
 * parts every stage needs lifted out. {@code object} is null for DELETE and CONNECT;
 * {@code oldObject} is null for CREATE.
 */
public record Action(
        String uid,
        String operation,
        ResourceId resource,
        String kind,
        String namespace,
        String name,
        boolean dryRun,
        Requester requester,
        JsonNode object,
        JsonNode oldObject) {

    public static final String MISSION_ANNOTATION = "ibac.io/mission";
    public static final String RATIONALE_ANNOTATION = "ibac.io/rationale";
    public static final String TOKENS_ANNOTATION = "ibac.io/tokens";
    /** The agent's rationale is untrusted; at most this many bytes of it are used. */
    public static final int MAX_RATIONALE_BYTES = 2048;

    public Action {
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
        kind = kind == null ? "" : kind;
    }

    /** The object the request is about: the new one, or the old one for DELETE. */
    public JsonNode subject() {
        return object != null && !object.isNull() ? object : oldObject;
    }

    /** An annotation of {@link #subject()}, if present and textual. */
    public Optional<String> annotation(String key) {
        JsonNode subject = subject();
        if (subject == null) {
            return Optional.empty();
        }
        JsonNode value = subject.path("metadata").path("annotations").path(key);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    public boolean isChange() {
        return "CREATE".equals(operation) || "UPDATE".equals(operation) || "DELETE".equals(operation);
    }

    /** "CREATE deployments shop/checkout": how actions read in messages and events. */
    public String describe() {
        String target = namespace.isEmpty() ? name : namespace + "/" + name;
        return operation + " " + resource.qualifiedResource() + (target.isEmpty() ? "" : " " + target);
    }
}
