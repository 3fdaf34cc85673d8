package dev.ibac.crd.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
import java.util.List;

/**
 * {@code check FILE…}: validates Mission and Budget manifests offline — against the CRDs' own
 * schemas (so the two cannot drift) and for meaning the schema cannot express — naming every problem.
 */
public final class ManifestChecker {
    private final YAMLMapper yaml = YAMLMapper.builder().build();
    private final SchemaValidator schema = new SchemaValidator();
    private final MeaningChecks meaning;
    private final JSONSchemaProps missionSchema = schemaOf(Mission.class);
    private final JSONSchemaProps budgetSchema = schemaOf(Budget.class);

    public ManifestChecker(Clock clock) {
        this.meaning = new MeaningChecks(clock);
    }

    /** Every problem of one file (several YAML documents allowed); empty when clean. */
    public List<Finding> check(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        List<Finding> findings = new ArrayList<>();
        String name = file.toString();
        try (var parser = new YAMLFactory().createParser(content)) {
            var docs = yaml.readValues(parser, JsonNode.class);
            int index = 0;
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                index++;
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    checkDocument(name, index, doc, findings);
                }
            }
        } catch (JsonProcessingException e) {
            findings.add(new Finding(name, "YAML", "", "line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage()));
        } catch (RuntimeException e) {
            findings.add(new Finding(name, "YAML", "", unwrap(e)));
        }
        if (findings.isEmpty() && content.length > 0 && new String(content).isBlank()) {
            findings.add(new Finding(name, "file", "", "is empty"));
        }
        return findings;
    }

    private void checkDocument(String file, int index, JsonNode doc, List<Finding> findings) {
        String kind = doc.path("kind").asText("");
        String object = kind.isEmpty() ? "document " + index : kind + " " + doc.at("/metadata/namespace").asText("?") + "/"
                + doc.at("/metadata/name").asText("?");
        if (!doc.isObject()) {
            findings.add(new Finding(file, "document " + index, "", "is not a mapping"));
            return;
        }
        JSONSchemaProps crdSchema = switch (kind) {
            case "Mission" -> missionSchema;
            case "Budget" -> budgetSchema;
            default -> null;
        };
        if (crdSchema == null) {
            findings.add(new Finding(file, object, "kind", "\"" + kind + "\" is not Mission or Budget"));
            return;
        }
        String apiVersion = Mission.GROUP + "/" + Mission.VERSION;
        if (!apiVersion.equals(doc.path("apiVersion").asText())) {
            findings.add(new Finding(file, object, "apiVersion", "must be " + apiVersion + ", got \"" + doc.path("apiVersion").asText() + "\""));
        }
        if (doc.at("/metadata/name").asText("").isEmpty()) {
            findings.add(new Finding(file, object, "metadata.name", "is required"));
        }
        if (doc.at("/metadata/namespace").asText("").isEmpty()) {
            findings.add(new Finding(file, object, "metadata.namespace", "is required (Missions and Budgets are namespaced)"));
        }
        schema.validate("", withoutMetadata(doc), crdSchema, (path, message) -> findings.add(new Finding(file, object, path, message)));
        if (kind.equals("Mission")) {
            meaning.mission(doc.path("spec"), (path, message) -> findings.add(new Finding(file, object, path, message)));
        } else {
            meaning.budget(doc, (path, message) -> findings.add(new Finding(file, object, path, message)));
        }
    }

    private static JsonNode withoutMetadata(JsonNode doc) {
        var copy = ((com.fasterxml.jackson.databind.node.ObjectNode) doc).deepCopy();
        copy.remove("metadata");
        copy.remove("status");
        return copy;
    }

    private static String unwrap(RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause instanceof JsonProcessingException j ? "line " + j.getLocation().getLineNr() + ": " + j.getOriginalMessage() : cause.getMessage();
    }

    private static JSONSchemaProps schemaOf(Class<? extends CustomResource<?, ?>> type) {
        String file = "/crds/" + CustomResource.getCRDName(type) + ".yaml";
        try (InputStream in = ManifestChecker.class.getResourceAsStream(file)) {
            CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
            return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
