package dev.ibac.webhook;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ibac.crd.Mission;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Missions written as YAML in tests, the way teams write them. */
final class TestMissions {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private TestMissions() {}

    static Mission parse(String yaml) {
        try {
            Mission mission = YAML.readValue(yaml, Mission.class);
            mission.getMetadata().setGeneration(1L);
            return mission;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SPEC's example mission, with an extra spec fragment appended (YAML, indented 2). */
    static Mission scaleCheckout(String extraSpec) {
        return parse("""
                apiVersion: ibac.io/v1alpha1
                kind: Mission
                metadata: {name: scale-checkout, namespace: shop}
                spec:
                  goal: Scale the checkout service for Black Friday, more replicas and a Redis cache.
                  agent: {serviceAccount: shop-agent}
                  scope:
                    resources:
                      - apiGroups: [apps]
                        resources: [deployments, deployments/scale]
                        operations: [CREATE, UPDATE]
                        names: ["checkout*", "redis-*"]
                      - apiGroups: [""]
                        resources: [services, configmaps]
                        operations: [CREATE, UPDATE]
                """ + extraSpec);
    }

    /** Copies mission files from src/test/resources/missions into a fresh directory under {@code state}. */
    static java.nio.file.Path directory(java.nio.file.Path state, String... files) throws IOException {
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(state.resolve("missions"));
        for (String file : files) {
            try (java.io.InputStream in = TestMissions.class.getResourceAsStream("/missions/" + file)) {
                java.nio.file.Files.copy(in, dir.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    static Mission scaleCheckout() {
        return scaleCheckout("");
    }
}
