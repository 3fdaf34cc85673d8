package dev.ibac.crd.check;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ibac.crd.Budget;
import dev.ibac.crd.Mission;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code check FILE…}: validates Mission and Budget manifests offline — against the CRDs' own
 * schemas, loaded from the classpath so the two cannot drift, and for meaning the schema cannot
 * express (blank goals, nobody named, empty scope, bad globs, kinds for resources, past expiry) —
 * naming every problem with its path. Thread-safe; build one and reuse it.
 */
public final class ManifestChecker {
    private static final String API_VERSION = Mission.GROUP + "/" + Mission.VERSION;
    /** The top-level keys of {@code serve --config} (ServeCommand validates their values). */
    private static final java.util.Set<String> SERVE_CONFIG_KEYS = java.util.Set.of("agents", "maxBodyBytes", "daemonSetNodes");
    private static final String NAME_PATTERN = "[a-z0-9]([-a-z0-9.]*[a-z0-9])?";

    private final YAMLMapper yaml = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private final SchemaValidator schema = new SchemaValidator();
    private final MeaningChecks meaning;
    private final Map<String, JSONSchemaProps> schemas = Map.of("Mission", schemaOf(Mission.class), "Budget", schemaOf(Budget.class));

    /** {@code clock} decides what "expiry in the past" means. */
    public ManifestChecker(Clock clock) {
        this.meaning = new MeaningChecks(clock);
    }

    /**
     * Every problem of one file (several YAML documents separated by {@code ---} allowed), in file
     * order; empty when clean. Warnings ({@link Finding#warning()}) are among them: a caller that
     * refuses files counts only {@link Finding#isError()}. Throws {@link IOException} only when the file cannot be read.
     */
    public List<Finding> check(Path file) throws IOException {
        return check(file.toString(), Files.readAllBytes(file));
    }

    /** Every problem of {@code content}, read already, reported as being in file {@code name}. */
    public List<Finding> check(String name, byte[] content) {
        List<Finding> findings = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int documents = 0;
        // a parser of our own: given the bytes, Jackson would unwrap a top-level list into "documents"
        try (JsonParser parser = yaml.createParser(content);
                MappingIterator<JsonNode> docs = yaml.readValues(parser, JsonNode.class)) {
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                documents++;
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    new Document(name, documents, doc, findings).check(seen);
                }
            }
        } catch (JsonProcessingException e) {
            findings.add(syntax(name, e));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // bytes in memory: not reached
        } catch (RuntimeException e) {
            // MappingIterator wraps parse errors of later documents in RuntimeJsonMappingException
            findings.add(e.getCause() instanceof JsonProcessingException j ? syntax(name, j) : new Finding(name, "YAML", "", e.getMessage()));
        }
        if (seen.isEmpty() && findings.stream().noneMatch(f -> f.level() == Finding.Level.NOTE || f.isError())) {
            findings.add(new Finding(name, "file", "", "holds no Mission or Budget"));
        }
        return findings;
    }

    private static Finding syntax(String file, JsonProcessingException e) {
        return new Finding(file, "YAML", "", YamlSyntax.oneLine(e));
    }

    /** One YAML document and where its findings go. */
    private final class Document {
        private final String file;
        private final int index;
        private final JsonNode doc;
        private final List<Finding> findings;
        private final String kind;
        private final String object;

        Document(String file, int index, JsonNode doc, List<Finding> findings) {
            this.file = file;
            this.index = index;
            this.doc = doc;
            this.findings = findings;
            this.kind = doc.path("kind").asText("");
            // cluster-scoped objects (and a Mission missing its namespace) have no namespace to show
            String namespace = doc.at("/metadata/namespace").asText("");
            this.object = kind.isEmpty() ? "document " + index
                    : kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + doc.at("/metadata/name").asText("?");
        }

        void check(Map<String, Integer> seen) {
            if (!doc.isObject()) {
                problem("", "is not a mapping (expected a Mission or Budget)");
                return;
            }
            JSONSchemaProps crdSchema = schemas.get(kind);
            if (crdSchema == null && !kind.isEmpty() && doc.hasNonNull("apiVersion")) {
                // agent-rbac.yaml holds a Namespace, a ServiceAccount and RBAC beside the Missions: serve ignores them too
                note("skipped: not a Mission or Budget");
                return;
            }
            if (crdSchema == null && isServeConfig()) {
                note("skipped: an `ibac serve --config` file, not a manifest");
                return;
            }
            if (crdSchema == null) {
                problem("kind", kind.isEmpty() ? "is required (Mission or Budget)" : "\"" + kind + "\" is not Mission or Budget");
                return;
            }
            header();
            duplicate(seen);
            schema.validate("", withoutMetadataAndStatus(), crdSchema, this::problem);
            if (kind.equals("Mission")) {
                meaning.mission(doc.path("spec"), this::problem, this::warning);
            } else {
                meaning.budget(doc, this::problem);
            }
        }

        /** {@code deploy/examples/ibac-config.yaml} sits beside the manifests: its keys and nothing else. */
        private boolean isServeConfig() {
            if (doc.isEmpty() || doc.has("apiVersion") || doc.has("kind")) {
                return false;
            }
            java.util.Iterator<String> keys = doc.fieldNames();
            while (keys.hasNext()) {
                if (!SERVE_CONFIG_KEYS.contains(keys.next())) {
                    return false;
                }
            }
            return true;
        }

        private void note(String message) {
            findings.add(new Finding(file, object, "", message, Finding.Level.NOTE));
        }

        private void warning(String path, String message) {
            findings.add(new Finding(file, object, path, message, Finding.Level.WARNING));
        }

        private void header() {
            String apiVersion = doc.path("apiVersion").asText("");
            if (!API_VERSION.equals(apiVersion)) {
                problem("apiVersion", "must be " + API_VERSION + (apiVersion.isEmpty() ? "" : ", got \"" + apiVersion + "\""));
            }
            for (String field : List.of("name", "namespace")) {
                String value = doc.path("metadata").path(field).asText("");
                if (value.isEmpty()) {
                    problem("metadata." + field, field.equals("name") ? "is required" : "is required (Missions and Budgets are namespaced)");
                } else if (!value.matches(NAME_PATTERN) || value.length() > 253) {
                    problem("metadata." + field, "\"" + value + "\" is not a valid name (lowercase letters, digits, '-' and '.')");
                }
            }
        }

        private void duplicate(Map<String, Integer> seen) {
            Integer earlier = seen.putIfAbsent(object, index);
            if (earlier != null && !object.contains("?")) {
                problem("metadata.name", "is also defined by document " + earlier + " of this file; the later one would replace it");
            }
        }

        private JsonNode withoutMetadataAndStatus() {
            // metadata is the API server's to validate; status is written by IBAC, never applied by users
            ObjectNode copy = ((ObjectNode) doc).deepCopy();
            copy.remove("metadata");
            copy.remove("status");
            return copy;
        }

        private void problem(String path, String message) {
            findings.add(new Finding(file, object, path, message));
        }
    }

    private static JSONSchemaProps schemaOf(Class<? extends CustomResource<?, ?>> type) {
        String file = "/crds/" + CustomResource.getCRDName(type) + ".yaml";
        try (InputStream in = ManifestChecker.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is missing from the classpath");
            }
            CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
            return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
