package dev.ibac.judge.guard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.crd.PodSecurityLevel;
import dev.ibac.judge.guard.PodFields.Hit;
import dev.ibac.judge.guard.PodSecurityStandards.Allowed;
import dev.ibac.judge.guard.PodSecurityStandards.Control;
import dev.ibac.judge.guard.PodSecurityStandards.MustContain;
import dev.ibac.judge.guard.PodSecurityStandards.NotAllowed;
import dev.ibac.judge.guard.PodSecurityStandards.OnlyKeys;
import dev.ibac.judge.guard.PodSecurityStandards.PodOrContainers;
import dev.ibac.judge.guard.PodSecurityStandards.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Walks {@link PodSecurityStandards}' table over one pod: every field that breaks a control of the level. */
final class PodSecurityCheck {
    private PodSecurityCheck() {}

    /** Every violation of {@code level} by {@code pod}, in the documentation's order of controls. */
    static List<PodSecurityViolation> violations(PodFields pod, PodSecurityLevel level) {
        List<PodSecurityViolation> found = new ArrayList<>();
        for (Control control : PodSecurityStandards.of(level)) {
            if (control.linuxOnly() && pod.windows()) {
                continue;
            }
            for (Rule rule : control.rules()) {
                new Walk(level, control, pod, found).rule(rule);
            }
        }
        return found;
    }

    /** One rule of one control over one pod, collecting into {@code found}. */
    private record Walk(PodSecurityLevel level, Control control, PodFields pod, List<PodSecurityViolation> found) {
        void rule(Rule rule) {
            // Java 17: no pattern switch yet; the sealed interface keeps this list complete
            if (rule instanceof Allowed a) {
                a.fields().forEach(f -> pod.resolve(f).forEach(hit -> allowed(a, hit)));
            } else if (rule instanceof NotAllowed n) {
                n.fields().forEach(f -> pod.resolve(f).forEach(hit -> notAllowed(n, hit)));
            } else if (rule instanceof PodOrContainers p) {
                podOrContainers(p);
            } else if (rule instanceof MustContain m) {
                m.fields().forEach(f -> pod.resolve(f).forEach(hit -> mustContain(m, hit)));
            } else if (rule instanceof OnlyKeys o) {
                pod.resolve(o.field()).forEach(hit -> onlyKeys(o, hit));
            }
        }

        private void allowed(Allowed rule, Hit hit) {
            String allowed = allowedText(rule.values(), rule.unset());
            if (hit.undefined()) {
                if (!rule.unset()) {
                    add(hit, "is unset", allowed, rule.fix(), rule.opens(), "");
                }
            } else if (hit.node().isArray()) {
                for (JsonNode element : hit.node()) {
                    if (!matches(rule.values(), element.asText())) {
                        add(hit, "contains " + element.asText(), allowed, rule.fix(), rule.opens(), element.asText());
                    }
                }
            } else if (!hit.node().isValueNode() || !matches(rule.values(), hit.node().asText())) {
                add(hit, "is " + shown(hit.node()), allowed, rule.fix(), rule.opens(), value(hit.node()));
            }
        }

        private void notAllowed(NotAllowed rule, Hit hit) {
            if (!hit.undefined() && matches(rule.values(), hit.node().asText())) {
                add(hit, "is " + shown(hit.node()), "any value but " + String.join(", ", rule.values()) + ", or unset", rule.fix(), null,
                        hit.node().asText());
            }
        }

        private void podOrContainers(PodOrContainers rule) {
            Hit podLevel = pod.resolve(rule.podField()).get(0);
            boolean podAllows = !podLevel.undefined() && matches(rule.values(), podLevel.node().asText());
            String allowed = String.join(", ", rule.values());
            if (!podLevel.undefined() && !podAllows) {
                add(podLevel, "is " + shown(podLevel.node()), allowed, rule.fix(), null, podLevel.node().asText());
            }
            String containerAllowed = allowed + "; unset if the pod's is " + String.join(" or ", rule.values());
            for (String field : rule.containerFields()) {
                for (Hit hit : pod.resolve(field)) {
                    if (hit.undefined() && !podAllows) {
                        add(hit, "is unset, and so is " + podLevel.path(), containerAllowed, rule.fix(), null, "");
                    } else if (!hit.undefined() && !matches(rule.values(), hit.node().asText())) {
                        add(hit, "is " + shown(hit.node()), containerAllowed, rule.fix(), null, hit.node().asText());
                    }
                }
            }
        }

        private void mustContain(MustContain rule, Hit hit) {
            boolean contains = false;
            for (JsonNode element : hit.node()) {
                contains |= rule.value().equals(element.asText());
            }
            if (!contains) {
                String found = hit.undefined() ? "is unset" : "does not contain " + rule.value();
                add(hit, found, "any list that includes " + rule.value(), rule.fix(), null, "");
            }
        }

        private void onlyKeys(OnlyKeys rule, Hit volume) {
            volume.node().properties().forEach(field -> {
                String key = field.getKey();
                if (!key.equals("name") && !field.getValue().isNull() && !rule.keys().contains(key)) {
                    Hit hit = new Hit(volume.at().field(key), field.getValue(), volume.node());
                    add(hit, "is set", "only " + String.join(", ", rule.keys()) + " volumes", rule.fix(),
                            key.equals(rule.openableKey()) ? rule.openableKey() : null, value(field.getValue()));
                }
            });
        }

        private void add(Hit hit, String what, String allowed, String fix, String opens, String value) {
            found.add(new PodSecurityViolation(level, control, hit.path(), what, allowed, fix, opens, value, hit));
        }
    }

    /** Is {@code value} one of {@code allowed}? An allowed {@code x/*} is a prefix. */
    static boolean matches(List<String> allowed, String value) {
        return allowed.stream().anyMatch(a -> a.endsWith("*") ? value.startsWith(a.substring(0, a.length() - 1)) : a.equals(value));
    }

    private static String allowedText(List<String> values, boolean unset) {
        String listed = values.stream().map(v -> v.isEmpty() ? "\"\"" : v).collect(Collectors.joining(", "));
        return !unset ? listed : listed.isEmpty() ? "unset" : listed + ", or unset";
    }

    /** A value as the message shows it: scalars as written, "" for the empty string, a hostPath by its path. */
    private static String shown(JsonNode node) {
        if (node.isValueNode()) {
            return node.asText().isEmpty() ? "\"\"" : node.asText();
        }
        return node.has("path") ? "set (path " + node.path("path").asText() + ")" : "set";
    }

    private static String value(JsonNode node) {
        return node.isValueNode() ? node.asText() : node.path("path").asText("");
    }
}
