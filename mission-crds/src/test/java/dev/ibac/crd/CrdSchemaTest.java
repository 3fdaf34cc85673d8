package dev.ibac.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CRD YAML users apply and the Java model IBAC reads cannot drift apart. */
class CrdSchemaTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(classes = {Mission.class, Budget.class, Approval.class})
    void names_group_version_and_scope_match_the_annotations(Class<? extends CustomResource<?, ?>> type) {
        CustomResourceDefinition crd = load(type);
        assertThat(crd.getMetadata().getName()).isEqualTo(CustomResource.getCRDName(type));
        assertThat(crd.getSpec().getGroup()).isEqualTo(HasMetadata.getGroup(type));
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo(HasMetadata.getKind(type));
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo(HasMetadata.getPlural(type));
        assertThat(crd.getSpec().getNames().getSingular()).isEqualTo(HasMetadata.getSingular(type));
        assertThat(crd.getSpec().getScope()).isEqualTo(Namespaced.class.isAssignableFrom(type) ? "Namespaced" : "Cluster");
        ShortNames shortNames = type.getAnnotation(ShortNames.class);
        assertThat(crd.getSpec().getNames().getShortNames())
                .containsExactlyInAnyOrder(shortNames == null ? new String[0] : shortNames.value());
        assertThat(crd.getSpec().getVersions()).singleElement().satisfies(version -> {
            assertThat(version.getName()).isEqualTo(HasMetadata.getVersion(type));
            assertThat(version.getServed()).isTrue();
            assertThat(version.getStorage()).isTrue();
            assertThat(version.getSubresources().getStatus()).isNotNull();
        });
    }

    @ParameterizedTest
    @ValueSource(classes = {Mission.class, Budget.class, Approval.class})
    void every_field_of_the_model_is_in_the_schema_and_back(Class<? extends CustomResource<?, ?>> type) {
        JSONSchemaProps root = schema(type);
        ParameterizedType generic = (ParameterizedType) type.getGenericSuperclass();
        List<String> problems = new ArrayList<>();
        compare("spec", javaType(generic.getActualTypeArguments()[0]), root.getProperties().get("spec"), problems);
        compare("status", javaType(generic.getActualTypeArguments()[1]), root.getProperties().get("status"), problems);
        assertThat(problems).isEmpty();
        assertThat(root.getProperties()).containsOnlyKeys("apiVersion", "kind", "metadata", "spec", "status");
    }

    @ParameterizedTest
    @ValueSource(classes = {MissionSpec.class, AgentRef.class, MissionScope.class, ResourceRule.class, PodSecurityException.class, MissionBudget.class,
        MissionLimits.class, JudgeSettings.class, MissionStatus.class, MissionStatus.Verdicts.class,
        MissionStatus.LastVerdict.class, MissionStatus.ChainHead.class, Spent.class, BudgetSpec.class, BudgetSpec.TokenLimit.class,
        BudgetSpec.CostLimit.class, BudgetSpec.Prices.class, BudgetStatus.class, MissionApproval.class,
        MissionApproval.Approvers.class, ApprovalSpec.class, ApprovalSpec.ApprovalAction.class, ApprovalSpec.ApprovalEffect.class,
        ApprovalStatus.class})
    void jackson_reads_and_writes_exactly_the_record_components(Class<?> record) {
        Set<String> components = Arrays.stream(record.getRecordComponents()).map(CrdSchemaTest::jsonName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(jacksonProperties(JACKSON.constructType(record)).keySet()).as("helpers Jackson takes for fields")
                .containsExactlyInAnyOrderElementsOf(components);
    }

    @Test
    void enums_of_the_schema_are_the_ones_the_code_knows() {
        JSONSchemaProps spec = schema(Mission.class).getProperties().get("spec");
        JSONSchemaProps scope = spec.getProperties().get("scope");
        assertThat(enumOf(scope.getProperties().get("allowDestructive").getItems().getSchema()))
                .containsExactlyElementsOf(MissionScope.DESTRUCTIVE_RESOURCES);
        assertThat(enumOf(scope.getProperties().get("podSecurity")))
                .containsExactly(Arrays.stream(PodSecurityLevel.values()).map(Enum::name).toArray(String[]::new));
        assertThat(enumOf(at(scope, "podSecurityExceptions").getItems().getSchema().getProperties().get("control")))
                .containsExactlyElementsOf(PodSecurityException.CONTROLS);
        assertThat(enumOf(schema(Mission.class).getProperties().get("status").getProperties().get("phase")))
                .containsExactly(Arrays.stream(MissionStatus.Phase.values()).map(Enum::name).toArray(String[]::new));
        assertThat(enumOf(at(spec, "scope", "resources").getItems().getSchema().getProperties().get("operations").getItems().getSchema()))
                .containsExactly("CREATE", "UPDATE", "DELETE", "CONNECT", "*");
    }

    @Test
    void defaults_of_the_schema_are_the_ones_the_code_assumes() {
        JSONSchemaProps spec = schema(Mission.class).getProperties().get("spec");
        assertThat(at(spec, "limits", "maxChangesPerMinute").getDefault().asInt()).isEqualTo(MissionLimits.DEFAULT_MAX_CHANGES_PER_MINUTE);
        assertThat(at(spec, "judge", "mode").getDefault().asText()).isEqualTo(JudgeSettings.DEFAULT.mode().name());
        assertThat(at(spec, "judge", "onError").getDefault().asText()).isEqualTo(JudgeSettings.DEFAULT.onError().name());
        assertThat(at(spec, "suspended").getDefault().asBoolean(true)).isFalse();
        assertThat(at(spec, "scope", "allowManaged").getDefault().asBoolean(true)).isFalse();
        assertThat(at(spec, "scope", "podSecurity").getDefault().asText()).isEqualTo(MissionScope.EMPTY.podSecurityOrDefault().name());
        // nested defaults only apply when their parent exists, so the parents default to {}
        for (String parent : List.of("scope", "limits", "judge")) {
            JsonNode defaulted = at(spec, parent).getDefault();
            assertThat(defaulted != null && defaulted.isObject()).as(parent + " defaults to {}").isTrue();
        }
    }

    @Test
    void the_audit_heads_are_bounded_and_shaped_as_the_code_writes_them() {
        JSONSchemaProps heads = at(schema(Mission.class), "status", "auditHeads");
        assertThat(heads.getMaxItems()).isEqualTo((long) MissionStatus.MAX_AUDIT_HEADS);
        JSONSchemaProps head = heads.getItems().getSchema();
        assertThat(head.getRequired()).containsExactlyInAnyOrder("entries", "lastHash");
        assertThat(head.getProperties().get("lastHash").getPattern()).isEqualTo("^[0-9a-f]{64}$");
        assertThat(head.getProperties().get("time").getFormat()).isEqualTo("date-time");
    }

    @Test
    void the_agent_rule_and_length_limits_are_declared() {
        JSONSchemaProps spec = schema(Mission.class).getProperties().get("spec");
        assertThat(spec.getRequired()).containsExactlyInAnyOrder("goal", "agent");
        assertThat(at(spec, "goal").getMinLength()).isEqualTo(1L);
        assertThat(at(spec, "goal").getMaxLength()).isEqualTo(4096L);
        assertThat(at(spec, "expiresAt").getFormat()).isEqualTo("date-time");
        assertThat(at(spec, "agent").getXKubernetesValidations()).singleElement()
                .satisfies(rule -> assertThat(rule.getRule()).contains("self.serviceAccount", "self.usernames", "self.groups"));
    }

    @Test
    void every_pod_security_exception_is_narrowed_by_its_own_field_in_cel() {
        JSONSchemaProps item = at(schema(Mission.class).getProperties().get("spec"), "scope", "podSecurityExceptions").getItems().getSchema();
        assertThat(item.getRequired()).containsExactly("control");
        List<String> rules = item.getXKubernetesValidations().stream().map(r -> r.getRule()).toList();
        for (String control : PodSecurityException.CONTROLS) {
            String field = PodSecurityException.narrowingField(control);
            assertThat(rules).as(control).anyMatch(r -> r.equals("self.control != '" + control + "' || (has(self." + field
                    + ") && size(self." + field + ") > 0)"));
            assertThat(item.getProperties()).containsKey(field);
        }
        assertThat(rules).anyMatch(r -> r.contains("!has(self.add)") && r.contains("!has(self.ports)") && r.contains("!has(self.names)")
                && r.contains("has(self.readOnly)"));
    }

    @ParameterizedTest
    @ValueSource(classes = {Mission.class, Budget.class, Approval.class})
    void printer_columns_point_at_fields_that_exist(Class<? extends CustomResource<?, ?>> type) {
        CustomResourceDefinitionVersion version = load(type).getSpec().getVersions().get(0);
        assertThat(version.getAdditionalPrinterColumns()).extracting(CustomResourceColumnDefinition::getName)
                .contains(type == Approval.class ? "State" : "Spent $", "Age");
        for (CustomResourceColumnDefinition column : version.getAdditionalPrinterColumns()) {
            String path = column.getJsonPath();
            if (!path.equals(".metadata.creationTimestamp")) {
                String[] steps = path.substring(1).split("\\.");
                JSONSchemaProps field = at(schema(type), steps);
                assertThat(field).as(column.getName() + " " + path).isNotNull();
                assertThat(field.getType()).as(path).isEqualTo(column.getType().equals("date") ? "string" : column.getType());
            }
        }
    }

    @Test
    void mission_columns_are_the_ones_operators_look_for() {
        assertThat(load(Mission.class).getSpec().getVersions().get(0).getAdditionalPrinterColumns())
                .extracting(CustomResourceColumnDefinition::getName)
                .containsExactly("Phase", "Mode", "Spent $", "Allowed", "Denied", "Expires", "Age");
    }

    @Test
    void approval_columns_are_action_state_age_and_decider() {
        assertThat(load(Approval.class).getSpec().getVersions().get(0).getAdditionalPrinterColumns())
                .extracting(CustomResourceColumnDefinition::getName)
                .containsExactly("Mission", "Action", "State", "Age", "Decided By");
    }

    @Test
    void approval_enums_and_mission_approval_defaults_are_the_ones_the_code_knows() {
        JSONSchemaProps approval = schema(Approval.class);
        assertThat(enumOf(at(approval, "spec", "decision")))
                .containsExactly(Arrays.stream(ApprovalSpec.Decision.values()).map(Enum::name).toArray(String[]::new));
        assertThat(enumOf(at(approval, "status", "state")))
                .containsExactly(Arrays.stream(ApprovalStatus.State.values()).map(Enum::name).toArray(String[]::new));
        JSONSchemaProps spec = schema(Mission.class).getProperties().get("spec");
        assertThat(at(spec, "judge", "onUncertain").getDefault().asText()).isEqualTo(JudgeSettings.DEFAULT.onUncertain().name());
        assertThat(at(spec, "approval", "ttl").getDefault().asText()).isEqualTo("1h");
        assertThat(MissionApproval.NONE.ttlOrDefault()).isEqualTo(java.time.Duration.ofHours(1));
    }

    private static void compare(String path, JavaType type, JSONSchemaProps schema, List<String> problems) {
        if (schema == null) {
            problems.add(path + ": in the Java model, not in the schema");
            return;
        }
        String expected = schemaType(type);
        if (!expected.equals(schema.getType())) {
            problems.add(path + ": Java " + type.getRawClass().getSimpleName() + " is " + expected + ", schema says " + schema.getType());
        } else if (type.isEnumType()) {
            compareEnum(path, type.getRawClass(), schema, problems);
        } else if (type.isCollectionLikeType()) {
            compare(path + "[]", type.getContentType(), schema.getItems() == null ? null : schema.getItems().getSchema(), problems);
        } else if (type.isMapLikeType()) {
            compare(path + "{}", type.getContentType(),
                    schema.getAdditionalProperties() == null ? null : schema.getAdditionalProperties().getSchema(), problems);
        } else if (expected.equals("object")) {
            compareFields(path, fieldsOf(type), schema, problems);
        }
    }

    private static void compareFields(String path, Map<String, JavaType> fields, JSONSchemaProps schema, List<String> problems) {
        Map<String, JSONSchemaProps> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
        fields.forEach((name, type) -> compare(path + "." + name, type, properties.get(name), problems));
        properties.keySet().stream().filter(name -> !fields.containsKey(name))
                .forEach(name -> problems.add(path + "." + name + ": in the schema, not in the Java model"));
    }

    private static void compareEnum(String path, Class<?> type, JSONSchemaProps schema, List<String> problems) {
        Set<String> constants = Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                .collect(Collectors.toCollection(TreeSet::new));
        if (!constants.equals(new TreeSet<>(enumOf(schema)))) {
            problems.add(path + ": Java enum " + constants + " but schema enum " + enumOf(schema));
        }
    }

    /** Records by their components (under their Jackson names); other classes (fabric8's Condition) as Jackson sees them. */
    private static Map<String, JavaType> fieldsOf(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (!raw.isRecord()) {
            return jacksonProperties(type);
        }
        Map<String, JavaType> fields = new LinkedHashMap<>();
        for (RecordComponent component : raw.getRecordComponents()) {
            fields.put(jsonName(component), javaType(component.getGenericType()));
        }
        return fields;
    }

    private static Map<String, JavaType> jacksonProperties(JavaType type) {
        Map<String, JavaType> properties = new LinkedHashMap<>();
        for (BeanPropertyDefinition property : JACKSON.getSerializationConfig().introspect(type).findProperties()) {
            if (property.couldSerialize() && !property.getName().equals("additionalProperties")) {
                properties.put(property.getName(), property.getPrimaryType());
            }
        }
        return properties;
    }

    private static String jsonName(RecordComponent component) {
        // @JsonProperty cannot target a record component; javac copies it to the accessor and field
        JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
        return renamed == null || renamed.value().isEmpty() ? component.getName() : renamed.value();
    }

    private static String schemaType(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == String.class || type.isEnumType()) {
            return "string";
        }
        if (raw == Long.class || raw == long.class || raw == Integer.class || raw == int.class) {
            return "integer";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "boolean";
        }
        if (Number.class.isAssignableFrom(raw) || raw == double.class) {
            return "number";
        }
        return type.isCollectionLikeType() ? "array" : "object";
    }

    private static JavaType javaType(java.lang.reflect.Type type) {
        return JACKSON.getTypeFactory().constructType(type);
    }

    private static List<String> enumOf(JSONSchemaProps schema) {
        return schema.getEnum() == null ? List.of() : schema.getEnum().stream().map(JsonNode::asText).toList();
    }

    private static JSONSchemaProps at(JSONSchemaProps schema, String... steps) {
        JSONSchemaProps current = schema;
        for (String step : steps) {
            current = current == null || current.getProperties() == null ? null : current.getProperties().get(step);
        }
        return current;
    }

    private static JSONSchemaProps schema(Class<? extends CustomResource<?, ?>> type) {
        return load(type).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    }

    private static CustomResourceDefinition load(Class<? extends CustomResource<?, ?>> type) {
        String file = "/crds/" + CustomResource.getCRDName(type) + ".yaml";
        try (InputStream in = CrdSchemaTest.class.getResourceAsStream(file)) {
            assertThat(in).as(file).isNotNull();
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
