package dev.ibac.judge.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod inside an object — a Pod, or the template of a workload — and the documentation's field
 * paths resolved against it: {@code spec.containers[*].securityContext.privileged} becomes one
 * {@link Hit} per container, named by its full path in the object
 * ({@code spec.template.spec.containers[0].securityContext.privileged} in a Deployment).
 */
final class PodFields {
    /** {@code name}, {@code name[*]} (every element) or {@code name["prefix*"]} (every key with that prefix). */
    private static final Pattern STEP = Pattern.compile("\\G\\.?([A-Za-z]+)(\\[\\*]|\\[\"([^\"]*)\\*\"])?");

    private final JsonNode spec;
    private final String specPath;
    private final JsonNode metadata;
    private final String metadataPath;

    private PodFields(JsonNode spec, String specPath, JsonNode metadata, String metadataPath) {
        this.spec = spec;
        this.specPath = specPath;
        this.metadata = metadata;
        this.metadataPath = metadataPath;
    }

    /** A field found (or found missing, {@code node.isMissingNode()}) at {@code at}; {@code parent} is the node holding it. */
    record Hit(FieldPath at, JsonNode node, JsonNode parent) {
        boolean undefined() {
            return node.isMissingNode() || node.isNull();
        }

        String path() {
            return at.toString();
        }
    }

    /**
     * Where a field is in the object, spelt only when a violation names it (issue #19: the protect
     * stage resolves about thirty paths for every pod an agent writes, nearly all of them fine): a
     * field name after its parent ({@code index} -1, {@code key} null), an element ({@code [2]}) or a
     * key ({@code ["container.apparmor…/app"]}).
     */
    record FieldPath(FieldPath parent, String field, int index, String key) {
        static FieldPath of(String path) {
            return new FieldPath(null, path, -1, null);
        }

        FieldPath field(String name) {
            return new FieldPath(this, name, -1, null);
        }

        FieldPath element(int i) {
            return new FieldPath(this, null, i, null);
        }

        FieldPath key(String name) {
            return new FieldPath(this, null, -1, name);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(64);
            write(out);
            return out.toString();
        }

        private void write(StringBuilder out) {
            if (parent != null) {
                parent.write(out);
            }
            if (field != null) {
                out.append(parent == null ? "" : ".").append(field);
            } else if (key != null) {
                out.append("[\"").append(key).append("\"]");
            } else {
                out.append('[').append(index).append(']');
            }
        }
    }

    /** The pod of a Pod or of any pod-template workload, else null (a Scale, an Eviction, a ConfigMap). */
    static PodFields of(JsonNode object, String requestKind) {
        String kind = object.path("kind").asText(requestKind);
        return switch (kind) {
            case "Pod" -> new PodFields(object.path("spec"), "spec", object.path("metadata"), "metadata");
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job" ->
                    template(object.path("spec").path("template"), "spec.template");
            case "CronJob" -> template(object.path("spec").path("jobTemplate").path("spec").path("template"), "spec.jobTemplate.spec.template");
            case "PodTemplate" -> template(object.path("template"), "template");
            default -> null;
        };
    }

    private static PodFields template(JsonNode template, String path) {
        return new PodFields(template.path("spec"), path + ".spec", template.path("metadata"), path + ".metadata");
    }

    /** The pod spec. */
    JsonNode spec() {
        return spec;
    }

    /** Where the pod spec is in the object ({@code spec}, {@code spec.template.spec}, …). */
    String specPath() {
        return specPath;
    }

    boolean windows() {
        return "windows".equals(spec.path("os").path("name").asText(""));
    }

    /** Every place {@code docPath} (a path as the documentation writes it, from {@code spec.} or {@code metadata.}) names. */
    List<Hit> resolve(String docPath) {
        List<Step> steps = steps(docPath);
        List<Hit> hits = List.of(root(steps.get(0).name()));
        for (int i = 1; i < steps.size(); i++) {
            hits = step(hits, steps.get(i));
        }
        return hits;
    }

    /**
     * One step of a documentation path: a field name, and for {@code [*]} every element, for
     * {@code ["prefix*"]} every key with the prefix ({@code prefix} null otherwise).
     */
    private record Step(String name, boolean each, String prefix) {}

    /**
     * The steps of a path, parsed once: the paths are the Pod Security Standards table's, and the
     * protect stage resolves about thirty of them for every pod an agent writes. Bounded all the same.
     */
    private static final Map<String, List<Step>> PARSED = new ConcurrentHashMap<>();
    private static final int MAX_PARSED = 512;

    private static List<Step> steps(String docPath) {
        List<Step> known = PARSED.get(docPath);
        if (known != null) {
            return known;
        }
        if (!fullyMatched(docPath)) {
            throw new IllegalArgumentException("not a field path: " + docPath);
        }
        List<Step> steps = new ArrayList<>();
        Matcher step = STEP.matcher(docPath);
        while (step.find()) {
            steps.add(new Step(step.group(1), step.group(2) != null, step.group(3)));
        }
        List<Step> parsed = List.copyOf(steps);
        if (PARSED.size() < MAX_PARSED) {
            PARSED.putIfAbsent(docPath, parsed);
        }
        return parsed;
    }

    private Hit root(String name) {
        return switch (name) {
            case "spec" -> new Hit(FieldPath.of(specPath), spec, MissingNode.getInstance());
            case "metadata" -> new Hit(FieldPath.of(metadataPath), metadata, MissingNode.getInstance());
            default -> throw new IllegalArgumentException("a pod field starts at spec or metadata, not " + name);
        };
    }

    private static List<Hit> step(List<Hit> hits, Step step) {
        String name = step.name();
        List<Hit> next = new ArrayList<>();
        for (Hit hit : hits) {
            JsonNode child = hit.node().path(name);
            FieldPath path = hit.at().field(name);
            if (!step.each()) {
                next.add(new Hit(path, child, hit.node()));
            } else if (step.prefix() == null) {
                for (int i = 0; i < child.size() && child.isArray(); i++) {
                    next.add(new Hit(path.element(i), child.get(i), child));
                }
            } else {
                child.properties().stream().filter(e -> e.getKey().startsWith(step.prefix()))
                        .forEach(e -> next.add(new Hit(path.key(e.getKey()), e.getValue(), child)));
            }
        }
        return next;
    }

    private static boolean fullyMatched(String docPath) {
        return !docPath.isEmpty() && STEP.matcher(docPath).results().mapToInt(r -> r.end() - r.start()).sum() == docPath.length();
    }
}
