package dev.ibac.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CRD YAML users apply and the Java model IBAC reads cannot drift apart. */
class CrdSchemaTest {

    @ParameterizedTest
    @ValueSource(classes = {Mission.class, Budget.class})
    void names_group_version_and_scope_match_the_annotations(Class<? extends CustomResource<?, ?>> type) {
        CustomResourceDefinition crd = load(type);
        assertThat(crd.getMetadata().getName()).isEqualTo(CustomResource.getCRDName(type));
        assertThat(crd.getSpec().getGroup()).isEqualTo(HasMetadata.getGroup(type));
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo(HasMetadata.getKind(type));
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo(HasMetadata.getPlural(type));
        assertThat(crd.getSpec().getScope()).isEqualTo(Namespaced.class.isAssignableFrom(type) ? "Namespaced" : "Cluster");
        ShortNames shortNames = type.getAnnotation(ShortNames.class);
        assertThat(crd.getSpec().getNames().getShortNames())
                .containsExactlyInAnyOrder(shortNames == null ? new String[0] : shortNames.value());
        CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
        assertThat(version.getName()).isEqualTo(HasMetadata.getVersion(type));
        assertThat(version.getServed()).isTrue();
        assertThat(version.getStorage()).isTrue();
        assertThat(version.getSubresources().getStatus()).isNotNull();
        assertThat(version.getAdditionalPrinterColumns()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(classes = {Mission.class, Budget.class})
    void every_field_of_the_model_is_in_the_schema_and_back(Class<? extends CustomResource<?, ?>> type) {
        JSONSchemaProps root = load(type).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
        ParameterizedType generic = (ParameterizedType) type.getGenericSuperclass();
        List<String> problems = new ArrayList<>();
        compare("spec", generic.getActualTypeArguments()[0], root.getProperties().get("spec"), problems);
        compare("status", generic.getActualTypeArguments()[1], root.getProperties().get("status"), problems);
        assertThat(problems).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void serialising_the_model_writes_only_schema_fields() throws Exception {
        Mission mission = Serialization.unmarshal(CrdSchemaTest.class.getResourceAsStream("/mission-example.yaml"), Mission.class);
        String json = Serialization.asJson(mission);
        assertThat(json).doesNotContain("\"empty\"").contains("\"suspended\":true");
        Mission back = Serialization.unmarshal(json, Mission.class);
        assertThat(back.getSpec()).isEqualTo(mission.getSpec());
    }

    private static void compare(String path, Type javaType, JSONSchemaProps schema, List<String> problems) {
        if (schema == null) {
            problems.add(path + ": in the Java model, not in the schema");
            return;
        }
        Class<?> raw = raw(javaType);
        String expected = schemaType(raw);
        if (!expected.equals(schema.getType())) {
            problems.add(path + ": Java " + raw.getSimpleName() + " is " + expected + ", schema says " + schema.getType());
            return;
        }
        if (raw.isEnum()) {
            Set<String> constants = new TreeSet<>();
            for (Object constant : raw.getEnumConstants()) {
                constants.add(((Enum<?>) constant).name());
            }
            Set<String> allowed = new TreeSet<>();
            schema.getEnum().forEach(e -> allowed.add(e.asText()));
            if (!constants.equals(allowed)) {
                problems.add(path + ": Java enum " + constants + " but schema enum " + allowed);
            }
        } else if (List.class.isAssignableFrom(raw)) {
            compare(path + "[]", ((ParameterizedType) javaType).getActualTypeArguments()[0], schema.getItems().getSchema(), problems);
        } else if (Map.class.isAssignableFrom(raw)) {
            compare(path + "{}", ((ParameterizedType) javaType).getActualTypeArguments()[1],
                    schema.getAdditionalProperties() == null ? null : schema.getAdditionalProperties().getSchema(), problems);
        } else if (raw.isRecord()) {
            compareRecord(path, raw, schema, problems);
        }
    }

    private static void compareRecord(String path, Class<?> raw, JSONSchemaProps schema, List<String> problems) {
        Set<String> javaNames = new TreeSet<>();
        for (RecordComponent component : raw.getRecordComponents()) {
            javaNames.add(component.getName());
            compare(path + "." + component.getName(), component.getGenericType(), schema.getProperties().get(component.getName()), problems);
        }
        for (String name : schema.getProperties().keySet()) {
            if (!javaNames.contains(name)) {
                problems.add(path + "." + name + ": in the schema, not in the Java model");
            }
        }
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static String schemaType(Class<?> raw) {
        if (raw == String.class || raw.isEnum()) {
            return "string";
        }
        if (raw == Long.class || raw == long.class || raw == Integer.class || raw == int.class) {
            return "integer";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "boolean";
        }
        return List.class.isAssignableFrom(raw) ? "array" : "object";
    }

    static CustomResourceDefinition load(Class<?> type) {
        String file = "/crds/" + CustomResource.getCRDName(type.asSubclass(CustomResource.class)) + ".yaml";
        try (InputStream in = CrdSchemaTest.class.getResourceAsStream(file)) {
            assertThat(in).as(file).isNotNull();
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
