package dev.ibac.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ibac.action.Action;
import dev.ibac.action.ResourceId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The credential corpus of {@code src/test/resources/credentials/corpus.json} (its "about" says
 * the format): each entry placed where it says, in an object and an action the judge describes.
 */
public final class CredentialCorpus {
    public static final String RESOURCE = "/credentials/corpus.json";
    /** Every marker that is not base64 holds this, so no output may contain it in any case. */
    public static final String MARKER_CORE = "s3cr3t";

    private CredentialCorpus() {}

    public static Stream<Entry> secrets() {
        return entries("secrets");
    }

    public static Stream<Entry> ordinary() {
        return entries("ordinary");
    }

    private static Stream<Entry> entries(String list) {
        try (InputStream in = CredentialCorpus.class.getResourceAsStream(RESOURCE)) {
            List<Entry> entries = new ArrayList<>();
            Fixtures.JSON.readTree(in).path(list).forEach(e -> entries.add(new Entry(e)));
            return entries.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One corpus entry; {@link #toString} is its id, so parameterized tests name the shape. */
    public static final class Entry {
        private final JsonNode json;

        Entry(JsonNode json) {
            this.json = json;
        }

        public String id() {
            return json.path("id").asText();
        }

        public String context() {
            return json.path("context").asText();
        }

        public String name() {
            return json.path("name").asText("");
        }

        public JsonNode value() {
            return json.path("value");
        }

        public String marker() {
            return json.path("marker").asText();
        }

        public List<String> keep() {
            List<String> keep = new ArrayList<>();
            json.path("keep").forEach(k -> keep.add(k.asText()));
            return keep;
        }

        /**
         * The entry as free text ("DB_PW=…", "Authorization: Bearer …", the command, a file's lines),
         * or null for Secret and sensitive ConfigMap data, which only the object says are secret.
         */
        public String asText() {
            return switch (context()) {
                case "command", "rationale" -> value().asText();
                case "args" -> String.join(" ", strings(value()));
                case "http-header" -> name() + ": " + value().asText();
                case "secret", "sensitive-configmap" -> null;
                default -> value().isTextual() && value().asText().contains("\n") ? value().asText()
                        : name() + "=" + (value().isTextual() ? value().asText() : value().toString());
            };
        }

        public ResourceId resource() {
            return switch (context()) {
                case "env", "annotation", "rationale" -> new ResourceId("apps", "v1", "deployments", "");
                case "configmap", "sensitive-configmap", "configmap-binary" -> new ResourceId("", "v1", "configmaps", "");
                case "secret" -> new ResourceId("", "v1", "secrets", "");
                case "field" -> new ResourceId("example.com", "v1", "databases", "");
                default -> new ResourceId("", "v1", "pods", "");
            };
        }

        /** The request's kind; "" for a Secret, which must be recognised by its resource alone. */
        public String kind() {
            return switch (context()) {
                case "env", "annotation", "rationale" -> "Deployment";
                case "configmap", "sensitive-configmap", "configmap-binary" -> "ConfigMap";
                case "secret" -> "";
                case "field" -> "Database";
                default -> "Pod";
            };
        }

        /** The object carrying the value, or a placeholder in its place when {@code withValue} is false. */
        public JsonNode object(boolean withValue) {
            JsonNode value = withValue ? value() : value().isArray() ? array("placeholder") : TextNode.valueOf("placeholder");
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            ObjectNode metadata = object.putObject("metadata");
            metadata.put("name", "target");
            metadata.put("namespace", "shop");
            switch (context()) {
                case "env" -> container(deployment(object)).putArray("env").addObject().put("name", name()).set("value", value);
                case "annotation", "rationale" -> {
                    deployment(object);
                    metadata.putObject("annotations").set("rationale".equals(context()) ? Action.RATIONALE_ANNOTATION : name(), value);
                }
                case "configmap", "sensitive-configmap", "configmap-binary" -> {
                    object.put("apiVersion", "v1").put("kind", "ConfigMap");
                    if ("sensitive-configmap".equals(context())) {
                        metadata.putObject("annotations").put("ibac.io/sensitive", "true");
                    }
                    object.putObject("configmap-binary".equals(context()) ? "binaryData" : "data").set(name(), value);
                }
                case "secret" -> {
                    object.put("apiVersion", "v1").put("type", "Opaque");
                    String[] path = name().split("\\.", 2);
                    object.putObject(path[0]).set(path[1], value);
                }
                case "field" -> object.put("apiVersion", "example.com/v1").put("kind", "Database").putObject("spec").set(name(), value);
                case "command" -> pod(object).putArray("command").add("sh").add("-c").add(value);
                case "args" -> pod(object).set("args", value);
                case "http-header" -> pod(object).putObject("livenessProbe").putObject("httpGet").put("path", "/healthz")
                        .putArray("httpHeaders").addObject().put("name", name()).set("value", value);
                default -> throw new IllegalArgumentException("unknown context " + context() + " in " + id());
            }
            return object;
        }

        /** CREATE with the value, UPDATE adding it, UPDATE removing it, DELETE of an object holding it. */
        public List<Action> actions() {
            return List.of(action("CREATE", object(true), null), action("UPDATE", object(true), object(false)),
                    action("UPDATE", object(false), object(true)), action("DELETE", null, object(true)));
        }

        private Action action(String operation, JsonNode object, JsonNode oldObject) {
            return new Action("uid-" + id(), operation, resource(), kind(), "shop", "target", false, Fixtures.AGENT, object, oldObject);
        }

        @Override
        public String toString() {
            return id();
        }

        private static ObjectNode deployment(ObjectNode object) {
            object.put("apiVersion", "apps/v1").put("kind", "Deployment");
            ObjectNode spec = object.putObject("spec");
            spec.put("replicas", 3);
            return spec.putObject("template").putObject("spec");
        }

        private static ObjectNode pod(ObjectNode object) {
            object.put("apiVersion", "v1").put("kind", "Pod");
            return container(object.putObject("spec"));
        }

        private static ObjectNode container(ObjectNode podSpec) {
            return podSpec.putArray("containers").addObject().put("name", "app").put("image", "shop/app:1.0");
        }

        private static List<String> strings(JsonNode array) {
            List<String> out = new ArrayList<>();
            array.forEach(e -> out.add(e.asText()));
            return out;
        }

        private static ArrayNode array(String element) {
            return JsonNodeFactory.instance.arrayNode().add(element);
        }
    }
}
