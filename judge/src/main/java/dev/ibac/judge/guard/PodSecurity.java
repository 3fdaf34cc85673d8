package dev.ibac.judge.guard;

import dev.ibac.action.Action;
import dev.ibac.crd.Mission;
import dev.ibac.crd.PodSecurityException;
import dev.ibac.crd.PodSecurityLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Pod Security Standards over what an agent writes (SPEC §5.3): Pods (also through
 * {@code pods/ephemeralcontainers}, the debugging path), every pod-template workload and
 * PodTemplates, at the level of the mission that covers the action ({@code scope.podSecurity},
 * baseline by default), less that mission's exceptions. The new object is judged on CREATE and
 * UPDATE alike, so an UPDATE that leaves an old violation in place is still denied; a Scale carries
 * no pod spec, so scaling stays possible.
 *
 * <p>Which mission's level: each mission that covers the action is tried, and one that admits the
 * pod admits it (as one mission's {@code allowDestructive} opens only deletes its own scope covers).
 * With no covering mission the scope stage denies anyway — unless a Warn or DryRun mission lets it
 * through — so the pod must then meet the strictest level of the agent's missions, with no exceptions.
 */
final class PodSecurity {
    private static final int MORE_SHOWN = 3;

    ProtectResult judge(Action action, List<Mission> candidates) {
        if (action.object() == null || action.object().isNull() || "DELETE".equals(action.operation())) {
            return ProtectResult.Admitted.PLAIN;
        }
        PodFields pod = PodFields.of(action.object(), action.kind());
        if (pod == null) {
            return ProtectResult.Admitted.PLAIN;
        }
        List<Mission> covering = candidates.stream().filter(m -> ScopeGuard.covers(m, action)).toList();
        if (covering.isEmpty()) {
            List<PodSecurityViolation> violations = PodSecurityCheck.violations(pod, strictest(candidates));
            return violations.isEmpty() ? ProtectResult.Admitted.PLAIN : denied(violations, null);
        }
        ProtectResult first = null;
        for (Mission mission : covering) {
            ProtectResult result = underMission(pod, mission);
            if (result instanceof ProtectResult.Admitted) {
                return result;
            }
            first = first == null ? result : first;
        }
        return first;
    }

    private static ProtectResult underMission(PodFields pod, Mission mission) {
        List<PodSecurityViolation> remaining = new ArrayList<>();
        List<AdmittingException> used = new ArrayList<>();
        for (PodSecurityViolation violation : PodSecurityCheck.violations(pod, mission.getSpec().scopeOrDefault().podSecurityOrDefault())) {
            Optional<AdmittingException> exception = PodSecurityExceptions.admitting(mission, violation, pod);
            exception.ifPresentOrElse(used::add, () -> remaining.add(violation));
        }
        return remaining.isEmpty() ? new ProtectResult.Admitted(used) : denied(remaining, mission);
    }

    private static PodSecurityLevel strictest(List<Mission> candidates) {
        return candidates.stream().map(m -> m.getSpec().scopeOrDefault().podSecurityOrDefault())
                .max(Enum::compareTo).orElse(PodSecurityLevel.baseline);
    }

    private static ProtectResult denied(List<PodSecurityViolation> violations, Mission mission) {
        PodSecurityViolation first = violations.get(0);
        String message = first.text() + more(violations) + opening(first, mission);
        return new ProtectResult.Denied(new Violation(ProtectGuard.POD_SECURITY, message, mission));
    }

    /** The other fields to fix, so an agent need not learn them one denial at a time. */
    private static String more(List<PodSecurityViolation> violations) {
        String first = violations.get(0).path();
        List<String> paths = violations.stream().map(PodSecurityViolation::path).filter(p -> !p.equals(first)).distinct().toList();
        if (paths.isEmpty()) {
            return "";
        }
        return "; also " + paths.stream().limit(MORE_SHOWN).collect(Collectors.joining(", "))
                + (paths.size() > MORE_SHOWN ? " and " + (paths.size() - MORE_SHOWN) + " more" : "");
    }

    /** Who can open the control, and how, when a mission may open it at all. */
    private static String opening(PodSecurityViolation violation, Mission mission) {
        if (violation.opens() == null) {
            return "";
        }
        String entry = suggestion(violation);
        if (mission == null) {
            return " — or a mission covering this action can open it: " + entry + " in spec.scope.podSecurityExceptions (ask its owner)";
        }
        List<PodSecurityException> near = PodSecurityExceptions.sameControl(mission, violation);
        String narrow = near.isEmpty() ? "" : " (its " + near.stream().map(AdmittingException::narrowing)
                .collect(Collectors.joining("; ")) + " does not cover this)";
        return " — or ask the owner of mission " + mission.key() + " to add " + entry + " to spec.scope.podSecurityExceptions" + narrow;
    }

    private static String suggestion(PodSecurityViolation violation) {
        return switch (violation.opens()) {
            case "hostPath" -> "{control: hostPath, paths: [" + violation.value() + "], readOnly: true}";
            case "capabilities" -> "{control: capabilities, add: [" + violation.value() + "]}";
            case "hostPorts" -> "{control: hostPorts, ports: [" + violation.value() + "]}";
            default -> "{control: sysctls, names: [" + violation.value() + "]}";
        };
    }
}
