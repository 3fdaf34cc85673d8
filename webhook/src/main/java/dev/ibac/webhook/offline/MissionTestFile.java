package dev.ibac.webhook.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ibac.action.ResourceId;
import dev.ibac.crd.check.YamlSyntax;
import dev.ibac.webhook.http.AdmissionCodec;
import dev.ibac.webhook.pipeline.Stage;
import dev.ibac.webhook.problem.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A MissionTest file (SPEC §9), read and checked before anything runs: every case becomes the
 * AdmissionReview the API server would send, and every problem (unknown field, missing field,
 * unreadable object file, a kind that is not built in without {@code resource:}) is named with the
 * file and the field's path, as {@code check} names them.
 */
public final class MissionTestFile {
    public static final String API_VERSION = "ibac.io/v1alpha1";
    public static final String KIND = "MissionTest";
    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");
    /** Each object's known fields, so a typo ("expcet") is refused rather than silently testing nothing. */
    private static final Map<String, List<String>> FIELDS = Map.of(
            "", List.of("apiVersion", "kind", "metadata", "missions", "now", "cases"),
            "metadata", List.of("name", "labels", "annotations"),
            "case", List.of("name", "requester", "operation", "object", "objectFile", "oldObject", "oldObjectFile",
                    "subResource", "resource", "dryRun", "expect"),
            "requester", List.of("username", "uid", "groups"),
            "resource", List.of("group", "version", "resource"),
            "expect", List.of("decision", "stage", "reason"));

    /** One case: the AdmissionReview it stands for and what is expected of it. */
    public record Case(int index, String name, ObjectNode review, Expect expect) {}

    /** {@code stage} and {@code reason} are optional; {@code reason} is found anywhere in the decision's reason. */
    public record Expect(String decision, String stage, Pattern reason) {}

    /** Everything wrong with a file, one line each. */
    public static final class Problems extends Exception {
        private final List<String> problems;

        Problems(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private final Path file;
    private final String name;
    private final List<Path> missions;
    private final Instant now;
    private final List<Case> cases;

    private MissionTestFile(Path file, String name, List<Path> missions, Instant now, List<Case> cases) {
        this.file = file;
        this.name = name;
        this.missions = List.copyOf(missions);
        this.now = now;
        this.cases = List.copyOf(cases);
    }

    public Path file() {
        return file;
    }

    public String name() {
        return name;
    }

    /** The Mission and Budget files, resolved against the test file's folder. */
    public List<Path> missions() {
        return missions;
    }

    /** The fixed clock, or null for the real one. */
    public Instant now() {
        return now;
    }

    public List<Case> cases() {
        return cases;
    }

    /** Whether {@code file} is YAML whose first document is a MissionTest (how folders are searched). */
    public static boolean isMissionTest(Path file) throws Problems {
        try (var parser = new YAMLFactory().createParser(Files.readAllBytes(file))) {
            var docs = YAML.readValues(parser, JsonNode.class);
            JsonNode first = docs.hasNextValue() ? docs.nextValue() : null;
            return first != null && KIND.equals(first.path("kind").asText());
        } catch (JsonProcessingException e) {
            throw new Problems(List.of(file + ": YAML: " + YamlSyntax.oneLine(e)));
        } catch (IOException e) {
            throw new Problems(List.of(IoErrors.describe(file, e)));
        }
    }

    /** Reads and checks the file; throws naming every problem. */
    public static MissionTestFile read(Path file) throws Problems {
        JsonNode doc = readYaml(file, "");
        if (!doc.isObject()) {
            throw new Problems(List.of(file + ": expected a MissionTest (apiVersion " + API_VERSION + ", kind " + KIND + ")"));
        }
        String testName = doc.path("metadata").path("name").asText(file.getFileName().toString());
        Reader reader = new Reader(file, file + ": " + KIND + " " + testName);
        MissionTestFile test = reader.test(doc, testName);
        if (!reader.problems.isEmpty()) {
            throw new Problems(reader.problems);
        }
        return test;
    }

    private static JsonNode readYaml(Path path, String prefix) throws Problems {
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Problems(List.of(prefix + IoErrors.describe(path, e)));
        }
        try (var parser = new YAMLFactory().createParser(content)) {
            List<JsonNode> docs = new ArrayList<>();
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNextValue(); ) {
                JsonNode d = it.nextValue();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            }
            if (docs.size() != 1) {
                throw new Problems(List.of(prefix + path + ": expected exactly one YAML document, found " + docs.size()));
            }
            return docs.get(0);
        } catch (JsonProcessingException e) {
            throw new Problems(List.of(prefix + path + ": YAML: " + YamlSyntax.oneLine(e)));
        } catch (IOException e) {
            throw new Problems(List.of(prefix + IoErrors.describe(path, e)));
        }
    }

    /** Collects problems instead of stopping at the first, so one run names them all. */
    private static final class Reader {
        private final Path file;
        private final String where;
        private final List<String> problems = new ArrayList<>();

        Reader(Path file, String where) {
            this.file = file;
            this.where = where;
        }

        private void problem(String path, String message) {
            problems.add(where + (path.isEmpty() ? "" : ": " + path) + ": " + message);
        }

        MissionTestFile test(JsonNode doc, String testName) {
            known(doc, "", "");
            if (!API_VERSION.equals(doc.path("apiVersion").asText()) || !KIND.equals(doc.path("kind").asText())) {
                problem("", "expected apiVersion " + API_VERSION + " and kind " + KIND + ", got "
                        + doc.path("apiVersion").asText("nothing") + " and " + doc.path("kind").asText("nothing"));
            }
            known(doc.path("metadata"), "metadata", "metadata");
            List<Path> missionFiles = new ArrayList<>();
            JsonNode missions = doc.path("missions");
            if (!missions.isArray() || missions.isEmpty()) {
                problem("missions", "must list at least one Mission/Budget file (paths relative to this file)");
            } else {
                for (int i = 0; i < missions.size(); i++) {
                    String path = text(missions.get(i), "missions[" + i + "]", true);
                    if (path != null) {
                        missionFiles.add(relative(path));
                    }
                }
            }
            Instant now = null;
            if (!doc.path("now").isMissingNode() && !doc.path("now").isNull()) {
                try {
                    now = Instant.parse(doc.path("now").asText());
                } catch (DateTimeParseException e) {
                    problem("now", "must be an RFC 3339 time such as 2026-11-28T09:00:00Z, got " + doc.path("now"));
                }
            }
            List<Case> cases = new ArrayList<>();
            JsonNode list = doc.path("cases");
            if (!list.isMissingNode() && !list.isArray()) {
                problem("cases", "must be a list of cases");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    Case c = testCase(list.get(i), i, testName);
                    if (c != null) {
                        cases.add(c);
                    }
                }
            }
            return new MissionTestFile(file, testName, missionFiles, now, cases);
        }

        private Case testCase(JsonNode node, int index, String testName) {
            String path = "cases[" + index + "]";
            if (!node.isObject()) {
                problem(path, "must be a mapping with name, requester, operation, object or objectFile, and expect");
                return null;
            }
            int before = problems.size();
            String name = text(node.path("name"), path + ".name", true);
            String at = path + (name == null ? "" : " (" + name + ")");
            known(node, "case", at);
            JsonNode requester = node.path("requester");
            known(requester, "requester", at + ".requester");
            String username = text(requester.path("username"), at + ".requester.username", true);
            ArrayNode groups = JsonNodeFactory.instance.arrayNode();
            JsonNode groupList = requester.path("groups");
            if (!groupList.isMissingNode() && !groupList.isArray()) {
                problem(at + ".requester.groups", "must be a list of group names");
            }
            groupList.forEach(g -> groups.add(g.asText()));
            String operation = text(node.path("operation"), at + ".operation", true);
            if (operation != null && !OPERATIONS.contains(operation)) {
                problem(at + ".operation", "\"" + operation + "\" is not one of CREATE, UPDATE, DELETE, CONNECT");
            }
            JsonNode object = object(node, "object", at);
            JsonNode oldObject = object(node, "oldObject", at);
            if (object == null && oldObject == null && problems.size() == before) {
                problem(at, "needs object or objectFile (oldObject or oldObjectFile for DELETE)");
            }
            String subResource = text(node.path("subResource"), at + ".subResource", false);
            JsonNode subject = object != null ? object : oldObject;
            ResourceId resource = subject == null ? null : resource(node.path("resource"), subject, subResource, at);
            JsonNode dryRun = node.path("dryRun");
            if (!dryRun.isMissingNode() && !dryRun.isBoolean()) {
                problem(at + ".dryRun", "must be true or false");
            }
            Expect expect = expect(node.path("expect"), at + ".expect");
            if (problems.size() != before) {
                return null;
            }
            ObjectNode request = JsonNodeFactory.instance.objectNode();
            request.put("uid", UUID.nameUUIDFromBytes((file.toAbsolutePath() + "#" + index).getBytes(StandardCharsets.UTF_8)).toString());
            request.putObject("kind").put("group", resource.group()).put("version", resource.version())
                    .put("kind", subject.path("kind").asText());
            request.putObject("resource").put("group", resource.group()).put("version", resource.version())
                    .put("resource", resource.resource());
            if (!resource.subresource().isEmpty()) {
                request.put("subResource", resource.subresource());
            }
            JsonNode metadata = subject.path("metadata");
            request.put("name", metadata.path("name").asText(""));
            request.put("namespace", metadata.path("namespace").asText(""));
            request.put("operation", operation);
            ObjectNode user = request.putObject("userInfo").put("username", username);
            if (requester.path("uid").isTextual()) {
                user.put("uid", requester.path("uid").asText());
            }
            user.set("groups", groups);
            request.set("object", object);
            request.set("oldObject", oldObject);
            request.put("dryRun", dryRun.asBoolean(false));
            ObjectNode review = JsonNodeFactory.instance.objectNode()
                    .put("apiVersion", AdmissionCodec.API_VERSION).put("kind", AdmissionCodec.KIND);
            review.set("request", request);
            return new Case(index, name, review, expect);
        }

        /** {@code object}/{@code objectFile} (or the old ones): one of them, a mapping with apiVersion and kind. */
        private JsonNode object(JsonNode node, String field, String at) {
            JsonNode inline = node.path(field);
            JsonNode fromFile = node.path(field + "File");
            if (!inline.isMissingNode() && !fromFile.isMissingNode()) {
                problem(at, "has both " + field + " and " + field + "File; give one");
                return null;
            }
            JsonNode object = inline;
            String path = at + "." + field;
            if (!fromFile.isMissingNode()) {
                String relative = text(fromFile, at + "." + field + "File", true);
                if (relative == null) {
                    return null;
                }
                try {
                    object = readYaml(relative(relative), where + ": " + at + "." + field + "File: ");
                } catch (Problems p) {
                    problems.addAll(p.problems());
                    return null;
                }
                path = at + "." + field + "File " + relative;
            }
            if (object.isMissingNode() || object.isNull()) {
                return null;
            }
            if (!object.isObject() || !object.path("apiVersion").isTextual() || !object.path("kind").isTextual()) {
                problem(path, "must be a Kubernetes object with apiVersion and kind");
                return null;
            }
            return object;
        }

        private ResourceId resource(JsonNode explicit, JsonNode subject, String subResource, String at) {
            String sub = subResource == null ? "" : subResource;
            if (!explicit.isMissingNode()) {
                known(explicit, "resource", at + ".resource");
                String resource = text(explicit.path("resource"), at + ".resource.resource", true);
                String apiVersion = subject.path("apiVersion").asText();
                String defaultGroup = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.lastIndexOf('/')) : "";
                String defaultVersion = apiVersion.substring(apiVersion.lastIndexOf('/') + 1);
                return new ResourceId(explicit.path("group").asText(defaultGroup), explicit.path("version").asText(defaultVersion),
                        resource, sub);
            }
            String apiVersion = subject.path("apiVersion").asText();
            String kind = subject.path("kind").asText();
            return BuiltInResources.of(apiVersion, kind, sub).orElseGet(() -> {
                problem(at, "kind " + kind + " (" + apiVersion + ") is not a built-in kind: set resource: {group, version, resource}"
                        + ("Scale".equals(kind) ? " of the scaled workload, e.g. {group: apps, version: v1, resource: deployments}" : ""));
                return null;
            });
        }

        private Expect expect(JsonNode node, String path) {
            if (!node.isObject()) {
                problem(path, "is required: {decision: allow|deny, stage: …, reason: <regular expression>}");
                return null;
            }
            known(node, "expect", path);
            String decision = text(node.path("decision"), path + ".decision", true);
            if (decision != null && !decision.equals("allow") && !decision.equals("deny")) {
                problem(path + ".decision", "must be allow or deny, got \"" + decision + "\"");
            }
            String stage = text(node.path("stage"), path + ".stage", false);
            List<String> stages = Arrays.stream(Stage.values()).map(Stage::label).toList();
            if (stage != null && !stages.contains(stage)) {
                problem(path + ".stage", "\"" + stage + "\" is not one of " + String.join(", ", stages));
            }
            String reason = text(node.path("reason"), path + ".reason", false);
            Pattern pattern = null;
            if (reason != null) {
                try {
                    pattern = Pattern.compile(reason);
                } catch (PatternSyntaxException e) {
                    problem(path + ".reason", "not a regular expression: " + e.getDescription());
                }
            }
            return new Expect(decision, stage, pattern);
        }

        private void known(JsonNode node, String schema, String path) {
            if (node.isMissingNode() || node.isNull()) {
                return;
            }
            if (!node.isObject()) {
                problem(path, "must be a mapping");
                return;
            }
            List<String> fields = FIELDS.get(schema);
            node.fieldNames().forEachRemaining(name -> {
                if (!fields.contains(name)) {
                    problem(path.isEmpty() ? name : path + "." + name, "unknown field (known: " + String.join(", ", fields) + ")");
                }
            });
        }

        private String text(JsonNode node, String path, boolean required) {
            if (node.isMissingNode() || node.isNull()) {
                if (required) {
                    problem(path, "is required");
                }
                return null;
            }
            if (!node.isTextual() || (required && node.asText().isBlank())) {
                problem(path, "must be a non-empty string, got " + node);
                return null;
            }
            return node.asText();
        }

        private Path relative(String path) {
            return file.getParent() == null ? Path.of(path) : file.getParent().resolve(path).normalize();
        }
    }
}
