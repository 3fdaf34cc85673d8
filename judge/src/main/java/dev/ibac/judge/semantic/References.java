package dev.ibac.judge.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.Effect;
import dev.ibac.judge.JudgeVerdict.Risk;
import dev.ibac.judge.goal.GoalReading;
import dev.ibac.judge.semantic.Assessment.Contradicted;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A reference to the object that decides how the work is done (the issuer that signs a certificate, the store an
 * ExternalSecret reads, the class a snapshot or volume is made with, the priority a pod runs at) where the goal names the
 * one to use: "issued by the ClusterIssuer `letsencrypt-prod`", "from the ClusterSecretStore `vault-prod`", "with
 * VolumeSnapshotClass `csi-snap-retain`". Another one of that kind (letsencrypt-staging, vault-staging, csi-snap-delete)
 * is not the goal's, however alike the rest of the object is. An UPDATE that keeps the reference it had is not held to it.
 */
final class References {
    /** Where a reference sits, and the kinds (resources) the name it holds is one of. */
    private record Field(List<String> path, Set<String> resources) {}

    private static final List<Field> FIELDS = List.of(
            new Field(List.of("spec", "issuerRef", "name"), Set.of("issuers", "clusterissuers")),
            new Field(List.of("spec", "secretStoreRef", "name"), Set.of("secretstores", "clustersecretstores")),
            new Field(List.of("spec", "volumeSnapshotClassName"), Set.of("volumesnapshotclasses")),
            new Field(List.of("spec", "storageClassName"), Set.of("storageclasses")),
            new Field(List.of("spec", "ingressClassName"), Set.of("ingressclasses")));

    private static final int MAX_DEPTH = 32;
    private static final int MAX_SECRETS = 64;

    private References() {}

    static Optional<Contradicted> contradicted(JsonNode object, JsonNode old, String target, GoalReading goal) {
        Optional<Contradicted> secret = swappedSecret(object, old, target, goal);
        if (secret.isPresent()) {
            return secret;
        }
        for (Field field : FIELDS) {
            String name = at(object, field.path());
            if (name.isEmpty() || name.equals(at(old, field.path()))) {
                continue;
            }
            // any clause that gives the name its kind, short of one that keeps it off limits ("take a final VolumeSnapshot … with
            // VolumeSnapshotClass `csi-snap-retain`" asks nothing the reader knows a verb for)
            Set<String> named = new LinkedHashSet<>();
            goal.clauses().stream().filter(c -> !c.protects()).forEach(c -> c.kindsOf().forEach((n, kinds) -> {
                if (kinds.stream().anyMatch(field.resources()::contains)) {
                    named.add(n);
                }
            }));
            if (!named.isEmpty() && !named.contains(name) && !goal.names().contains(name)) {
                String path = String.join(".", field.path());
                Effect e = new Effect(Effect.Family.CHANGE, Risk.MEDIUM, path + " of " + target + " is " + name, target, "", name,
                        Map.of("field", path));
                return Optional.of(new Contradicted(e, "the goal names the one to use: " + String.join(", ", named), goal.goal()));
            }
        }
        return Optional.empty();
    }

    /**
     * An UPDATE that moves a workload off a Secret the goal names onto one it does not ("with the existing read-only Secret
     * `roster-db-backup-creds`" and secretKeyRef roster-db-backup-creds → roster-db-superuser): other credentials than the
     * goal's. A CREATE, or an UPDATE that keeps the goal's Secret, is not held to it.
     */
    private static Optional<Contradicted> swappedSecret(JsonNode object, JsonNode old, String target, GoalReading goal) {
        Set<String> named = goal.namedOfKind().getOrDefault("secrets", Set.of());
        if (old == null || !old.isObject() || named.isEmpty()) {
            return Optional.empty();
        }
        Set<String> before = new LinkedHashSet<>();
        Set<String> now = new LinkedHashSet<>();
        secrets(old, before, 0);
        secrets(object, now, 0);
        Set<String> left = new LinkedHashSet<>(before);
        left.removeAll(now);
        left.retainAll(named);
        Set<String> added = new LinkedHashSet<>(now);
        added.removeAll(before);
        added.removeIf(n -> named.contains(n) || goal.names().contains(n));
        if (left.isEmpty() || added.isEmpty()) {
            return Optional.empty();
        }
        String to = added.iterator().next();
        Effect e = new Effect(Effect.Family.CHANGE, Risk.HIGH, target + " reads Secret " + to + " instead of " + String.join(", ", left),
                target, String.join(", ", left), to, Map.of("field", "secretKeyRef"));
        return Optional.of(new Contradicted(e, "the goal names the Secret it uses: " + String.join(", ", left), goal.goal()));
    }

    /** The Secrets a pod template reads: env secretKeyRef, envFrom secretRef, secret volumes. */
    private static void secrets(JsonNode node, Set<String> out, int depth) {
        if (node == null || depth > MAX_DEPTH || out.size() > MAX_SECRETS) {
            return;
        }
        if (node.isObject()) {
            node.properties().forEach(field -> {
                String key = field.getKey();
                JsonNode value = field.getValue();
                if ((key.equals("secretKeyRef") || key.equals("secretRef")) && value.path("name").isTextual()) {
                    out.add(value.path("name").asText());
                } else if (key.equals("secret") && value.path("secretName").isTextual()) {
                    out.add(value.path("secretName").asText());
                } else if (!key.equals("metadata") && !key.equals("status")) {
                    secrets(value, out, depth + 1);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> secrets(item, out, depth + 1));
        }
    }

    private static String at(JsonNode node, List<String> path) {
        JsonNode at = node;
        for (String step : path) {
            if (at == null || !at.isObject()) {
                return "";
            }
            at = at.get(step);
        }
        return at != null && at.isTextual() ? at.asText() : "";
    }
}
