package dev.ibac.webhook.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ibac.crd.Mission;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Missions written as YAML in tests, the way teams write them. */
public final class TestMissions {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private TestMissions() {}

    public static Mission parse(String yaml) {
        try {
            Mission mission = YAML.readValue(yaml, Mission.class);
            mission.getMetadata().setGeneration(1L);
            return mission;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SPEC's example mission, with an extra spec fragment appended (YAML, indented 2). */
    public static Mission scaleCheckout(String extraSpec) {
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
    public static Path directory(Path state, String... files) throws IOException {
        Path dir = Files.createDirectories(state.resolve("missions"));
        for (String file : files) {
            try (InputStream in = TestMissions.class.getResourceAsStream("/missions/" + file)) {
                Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    public static Mission scaleCheckout() {
        return scaleCheckout("");
    }
}
