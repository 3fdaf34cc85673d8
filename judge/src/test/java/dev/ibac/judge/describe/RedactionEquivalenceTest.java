package dev.ibac.judge.describe;

import static dev.ibac.judge.Fixtures.JSON;
import static dev.ibac.judge.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.action.Action;
import dev.ibac.action.ResourceId;
import dev.ibac.judge.CredentialCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #19 made redaction cheaper (a copy built while walking, a prefilter in front of the
 * patterns, a telltale scan without a lower-case copy); it must not change a single output. The
 * algorithm as it was is kept as {@link ReferenceRedactor} (with its detector and names): unlike
 * outputs recorded once, a reference runs on every input a test can make, so each corpus object is
 * also looked at as a Secret, a sensitive ConfigMap, an AdmissionRequest and with bookkeeping added,
 * and generated strings aim at every pattern's edges.
 */
class RedactionEquivalenceTest {
    private final Redactor redactor = new Redactor();
    private final ReferenceRedactor reference = new ReferenceRedactor();

    @Test
    void every_intent_corpus_object_is_redacted_byte_for_byte_as_before() throws IOException {
        List<Path> corpora;
        try (Stream<Path> dirs = Files.list(Path.of("src/test/resources/intent-corpus"))) {
            corpora = dirs.map(d -> d.resolve("cases.jsonl")).filter(Files::exists).sorted().toList();
        }
        assertThat(corpora).hasSizeGreaterThanOrEqualTo(5);
        int objects = 0;
        for (Path cases : corpora) {
            for (String line : Files.readAllLines(cases)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode c = JSON.readTree(line);
                ResourceId resource = new ResourceId(c.path("group").asText(""), c.path("version").asText(""),
                        c.path("resource").asText(""), c.path("subresource").asText(""));
                for (String field : List.of("object", "oldObject")) {
                    if (c.path(field).isObject()) {
                        assertSameEverywhere(c.path(field), resource, c.path("id").asText() + "." + field);
                        objects++;
                    }
                }
                assertSameRedaction(c, null, c.path("id").asText());
            }
        }
        assertThat(objects).isGreaterThan(500);
    }

    @Test
    void every_credential_corpus_object_and_text_is_redacted_as_before() {
        List<CredentialCorpus.Entry> entries = Stream.concat(CredentialCorpus.secrets(), CredentialCorpus.ordinary()).toList();
        assertThat(entries).hasSizeGreaterThan(100);
        for (CredentialCorpus.Entry entry : entries) {
            for (Action action : entry.actions()) {
                for (JsonNode object : new JsonNode[] {action.object(), action.oldObject()}) {
                    if (object != null) {
                        assertSameEverywhere(object, action.resource(), entry.id());
                    }
                }
            }
            if (entry.asText() != null) {
                assertSameText(entry.asText());
            }
            strings(entry.value(), this::assertSameText);
        }
    }

    @Test
    void the_rules_corner_cases_are_redacted_as_before() {
        for (String object : List.of(
                "{'kind':'Secret','data':{'a':{'metadata':{'managedFields':[1],'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'x','k':'v'}},"
                        + "'token=abcdefgh1234':1,'kind':'Secret','name':'password','value':{'x':[1,null,true]}}},'stringData':'plain'}",
                "{'a':{'token=abc12345678':'one','token=xyz98765432':'two','b':3,'c':{'pw':[1,{'x':'y'}]}}}",
                "{'name':'DB_PASSWORD','value':['a',{'b':'c','metadata':{'managedFields':[]}}],'key':5}",
                "{'name':null,'key':{'k':1},'value':'v','password':7,'secret':{'a':'b'},'binaryData':{'x':'eA=='}}",
                "{'args':['--password','hunter2','-p','pw','-u','a:b','--header','Authorization: Bearer abcdefghijk','--x=1','-v',{'a':1},'x']}",
                "{'resource':{'group':'','version':'v1','resource':'secrets'},'object':{'data':{'a':'b'}},'oldObject':{'data':{'c':'d'}}}",
                "{'resource':{'resource':'configmaps'},'object':{'metadata':{'annotations':{'ibac.io/sensitive':'TRUE'}},'data':{'a':'b'},"
                        + "'binaryData':'plain'},'oldObject':'x'}",
                "{'resource':{'resource':7},'object':{'kind':'Secret','data':[['a',1],{'b':null}]}}",
                "{'metadata':{'metadata':{'managedFields':1},'annotations':'flat','managedFields':{'a':'b'}},'spec':{'metadata':{'annotations':"
                        + "{'deployment.kubernetes.io/revision':'3','ok':'user:Pa55word!'}}}}",
                "{'kind':'Secret','data':{'resource':{'resource':'secrets'},'object':{'data':{'a':'b'}},'name':'x','key':'y'}}",
                "{'kind':'ConfigMap','metadata':{'annotations':{'ibac.io/sensitive':'true'}},'data':{'x':'y'},'binaryData':{'z':'w'}}")) {
            assertSameEverywhere(json(object), null, object);
        }
    }

    /**
     * Strings made of the pieces every pattern and prefilter reason turns on, so a reason to skip a
     * text that a pattern does not imply would show here.
     */
    @Test
    void generated_strings_are_redacted_as_before() {
        String[] pieces = {"password", "PW", "token", "Key", "auth", "cookie", "bearer ", "Basic ", "login ", "user", "account", "sign in ",
            ":", "::", "=", "%3A", "@", ".", "://", "/", "-", "--", "-p", "-----BEGIN ", "-----", "eyJ", "eyJhbGciOiJIUzI1NiJ9", "AKIA",
            "AKIAIOSFODNN7EXAMPLE", "ghp_", "sk-", "xoxb-", "AIza", "hf_", "npm_", "pypi-", "dop_v1_", "glpat-", "github_pat_",
            "dXNlcjpQYTU1d29yZCE=", "cGFzc3dvcmQ9aHVudGVyMg==", "YWJj", "=", "==", "+", "!", "$", "#", "'", "\"", " ", "\t", "\n", "\r",
            "\u0001", "\u000B", "\f", "é", "É", "ß", "٣", "\u2003", "ｐａｓｓ", "\u200b", "А", "-x=", "--pw ", " -a", "x:Ab1", "cGFzc3dvcmQ6", "a", "Z", "0", "9", "f", "deadbeef", "0123456789abcdef", "Xy7", "qW3rT9zP",
            "nginx:1.25", "2026-12-01T21:30:00Z", "sha256:", "redis-cli ", "-a ", "htpasswd ", "-b ", "echo ", "| docker login --password-stdin",
            "machine ", "is ", "to ", "DB_PASSWORD ", "X-Api-Key ", "{", "}", "[", "]", ",", ";", "<", ">", "redacted", "<redacted>", "_", "~"};
        Random random = new Random(19);
        for (int i = 0; i < 60_000; i++) {
            StringBuilder text = new StringBuilder();
            int n = 1 + random.nextInt(i % 3 == 0 ? 24 : 8);
            for (int j = 0; j < n; j++) {
                text.append(random.nextInt(4) == 0 ? randomRun(random) : pieces[random.nextInt(pieces.length)]);
            }
            assertSameText(text.toString());
            assertThat(CredentialNames.isSecretName(text.toString())).as(text.toString())
                    .isEqualTo(ReferenceCredentialNames.isSecretName(text.toString()));
        }
    }

    /** A base64-ish or random-looking run, so BASE64 and CANDIDATE lengths and paddings are met. */
    private static String randomRun(Random random) {
        String alphabet = random.nextBoolean() ? "0123456789abcdef" : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-";
        StringBuilder run = new StringBuilder();
        int n = 8 + random.nextInt(40);
        for (int i = 0; i < n; i++) {
            run.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return run.toString();
    }

    /** The object as sent, and as a Secret, a sensitive ConfigMap, inside an AdmissionRequest, with bookkeeping. */
    private void assertSameEverywhere(JsonNode object, ResourceId resource, String id) {
        assertSameRedaction(object, resource, id);
        assertSameRedaction(object, null, id);
        assertSameRedaction(object, new ResourceId("", "v1", "secrets", ""), id + " as secrets");
        ObjectNode secret = ((ObjectNode) object.deepCopy()).put("kind", "Secret");
        assertSameRedaction(secret, null, id + " as Secret");
        ObjectNode configMap = ((ObjectNode) object.deepCopy()).put("kind", "ConfigMap");
        ObjectNode metadata = configMap.path("metadata") instanceof ObjectNode m ? m : configMap.putObject("metadata");
        (metadata.path("annotations") instanceof ObjectNode a ? a : metadata.putObject("annotations")).put(Redactor.SENSITIVE_ANNOTATION, "true");
        assertSameRedaction(configMap, null, id + " as sensitive ConfigMap");
        ObjectNode booked = (ObjectNode) object.deepCopy();
        ObjectNode bookedMetadata = booked.path("metadata") instanceof ObjectNode m ? m : booked.putObject("metadata");
        bookedMetadata.putArray("managedFields").addObject().put("manager", "kubectl").set("fieldsV1", object.deepCopy());
        (bookedMetadata.path("annotations") instanceof ObjectNode a ? a : bookedMetadata.putObject("annotations"))
                .put("kubectl.kubernetes.io/last-applied-configuration", object.toString());
        assertSameRedaction(booked, resource, id + " with bookkeeping");
        for (String group : List.of("", "apps")) {
            ObjectNode request = JSON.createObjectNode();
            request.putObject("resource").put("group", group).put("version", "v1").put("resource", "secrets");
            request.set("object", object);
            request.set("oldObject", secret);
            ObjectNode review = JSON.createObjectNode().put("kind", "AdmissionReview");
            review.set("request", request);
            assertSameRedaction(review, null, id + " in an AdmissionReview of group '" + group + "'");
        }
        strings(object, this::assertSameText);
    }

    private void assertSameRedaction(JsonNode object, ResourceId resource, String id) {
        String before = object.toString();
        JsonNode expected = reference.redact(object, resource);
        JsonNode actual = redactor.redact(object, resource);
        assertThat(write(actual)).as(id).isEqualTo(write(expected));
        assertThat(actual).as(id).isEqualTo(expected);
        assertThat(object.toString()).as(id + ": the input is left as it was").isEqualTo(before);
    }

    private void assertSameText(String text) {
        assertThat(redactor.redactText(text)).as(text).isEqualTo(reference.redactText(text));
    }

    /** Every key and string value under {@code node}. */
    private static void strings(JsonNode node, Consumer<String> each) {
        if (node.isTextual()) {
            each.accept(node.asText());
        } else if (node instanceof ObjectNode object) {
            object.properties().forEach(f -> {
                each.accept(f.getKey());
                strings(f.getValue(), each);
            });
        } else if (node instanceof ArrayNode array) {
            array.forEach(e -> strings(e, each));
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
