package dev.ibac.judge.effect;

import static dev.ibac.judge.effect.EffectList.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.action.Action;
import dev.ibac.judge.Effect.Family;
import dev.ibac.judge.JudgeVerdict.Risk;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Objects coming and going and being switched off: creation, deletion (and whether this mission
 * created what goes), CronJob and Job suspension, a paused Deployment, CronJob schedules.
 */
final class LifecycleEffects {
    /** Labels of a deleted object its effect carries, at most: a goal that deletes by label names one or two. */
    private static final int MAX_LABELS = 16;
    /** Objects whose loss costs data, traffic or configuration; the rest (pods, jobs, events) are disposable. */
    private static final Set<String> DISPOSABLE = Set.of("pods", "jobs", "events", "replicasets", "leases",
            "endpoints", "endpointslices");

    private static final Pattern DELETING = Pattern.compile("(?i)\\bkubectl\\s+(\\S+\\s+)*?delete\\b[^;&|\\n]*|\\bhelm\\s+(uninstall|delete)\\b[^;&|\\n]*"
            + "|\\brm\\s+-[a-z]*r[a-z]*f?\\b[^;&|\\n]*|\\bdrop\\s+(table|database|schema)\\b[^;&|\\n]*|\\btruncate\\s+table\\b[^;&|\\n]*"
            // redis.conf's "rename-command FLUSHALL """ switches the command off; "migrate reset --force" drops the schema
            + "|(?<!rename-command )\\bflushall\\b|\\bdropdb\\b[^;&|\\n]*|\\b(migrate|migration|db|schema|database)[: ]+(reset|drop|wipe|purge)\\b[^;&|\\n]*|(?<![-\\w])(prune|purge)(?![-\\w.])[^;&|\\n]*|\\bfind\\b[^;&|\\n]*\\s-delete\\b"
            + "|\\bdelete\\s+from\\b[^;&|\\n]*");
    private static final Pattern BLANKS = Pattern.compile("\\s+");
    /** One kubectl scale command: what follows "scale", to the end of the command. */
    private static final Pattern SCALING = Pattern.compile("\\bkubectl\\s+(?:-n\\s+\\S+\\s+|--namespace[= ]\\S+\\s+)?scale\\b([^;&|\\n]{0,200})");
    private static final Pattern EVERY_NAMESPACE = Pattern.compile("--all-namespaces\\b|\\s-A(?=\\s|$)");

    private LifecycleEffects() {}

    static void analyse(Subject s, EffectList out, String missionName) {
        if (s.delete()) {
            deletion(s, out, missionName);
        } else if (s.create() && s.subresource().isEmpty()) {
            out.add(Family.CREATION, Risk.LOW, "creates " + s.target() + kindNote(s), s.target(), "", s.action().name(),
                    data("kind", s.kind()));
        }
        suspension(s, out, "suspend", "suspends");
        suspension(s, out, "paused", "pauses");
        schedule(s, out);
        commands(s, out);
    }

    /**
     * What a workload's commands do to the cluster or its data: deletions ({@code kubectl delete},
     * {@code rm -rf}, {@code DROP TABLE}) and actions on every namespace ({@code --all-namespaces}).
     */
    private static void commands(Subject s, EffectList out) {
        Set<String> scalings = new java.util.HashSet<>(); // a command's leaf and its joined command line hold the same command
        s.changedTexts().forEach((path, text) -> {
            Matcher delete = DELETING.matcher(text);
            if (delete.find() && !out.list().stream().anyMatch(e -> e.datum("command").equals("delete"))) {
                out.add(Family.DELETION, Risk.HIGH, s.target() + " runs a deletion: " + out.quote(delete.group()) + " (" + path + ")",
                        s.target(), "", "", data("command", "delete", "field", path));
            }
            // most texts name no scaling: a plain search first, the pattern only where it can match
            Matcher scale = text.contains("scale") ? SCALING.matcher(text) : null;
            while (scale != null && scale.find()) {
                if (scalings.add(scale.group().strip())) {
                    scaling(s, out, scale, path);
                }
            }
            Matcher every = EVERY_NAMESPACE.matcher(text);
            if (every.find() && !out.list().stream().anyMatch(e -> e.datum("downgrade").equals("namespaces"))) {
                out.add(Family.SECURITY, Risk.HIGH, s.target() + " acts on every namespace: " + out.quote(every.group()) + " (" + path + ")",
                        s.target(), "", "", data("downgrade", "namespaces", "field", path));
            }
        });
    }

    /**
     * {@code kubectl scale deploy,statefulset --all --replicas=0}, {@code kubectl scale deployment/shop-web --replicas=2}: what a
     * scaler's command scales (kinds, names, or every object of them) and to how many. One effect per command, low where it
     * names what it scales (a name, a variable a selected list fills, a selector), medium where it scales every object of its
     * kinds.
     */
    private static void scaling(Subject s, EffectList out, Matcher scale, String path) {
        List<String> kinds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String[] words = BLANKS.split(scale.group(1).trim());
        boolean all = false;
        boolean selector = false;
        String replicas = "";
        for (int i = 0; i < words.length; i++) {
            String w = words[i].replace("\"", "").replace("'", "");
            if (w.equals("--all")) {
                all = true;
            } else if (w.equals("-l") || w.startsWith("--selector") || w.startsWith("-l=")) {
                selector = true;
            } else if (w.startsWith("--replicas=")) {
                replicas = w.substring("--replicas=".length());
            } else if (w.equals("-n") || w.equals("--namespace")) {
                i++;
            } else if (!w.startsWith("-") && !w.isEmpty()) {
                int slash = w.indexOf('/');
                if (slash > 0) {
                    kinds.add(resource(w.substring(0, slash)));
                    names.add(w.substring(slash + 1));
                } else if (kinds.isEmpty() && !w.startsWith("$")) {
                    for (String kind : w.split(",")) {
                        kinds.add(resource(kind));
                    }
                } else {
                    names.add(w);
                }
            }
        }
        boolean every = all || names.isEmpty() && !selector;
        String what = (kinds.isEmpty() ? "workloads" : String.join(", ", kinds)) + (every ? " (every one)"
                : names.isEmpty() ? " (selected by label)" : " " + String.join(", ", names));
        out.add(Family.SCALE, every ? Risk.MEDIUM : Risk.LOW, s.target() + " runs a scaling of " + what
                        + (replicas.isEmpty() ? "" : " to " + replicas + " replicas") + " (" + path + ")", s.target(), "", replicas,
                data("command", "scale", "kinds", String.join(",", kinds), "names", String.join(",", names), "every", Boolean.toString(every),
                        "field", path));
    }

    /** kubectl's short and singular names of the kinds a scaler scales, as resources. */
    private static String resource(String kind) {
        String k = kind.toLowerCase(java.util.Locale.ROOT);
        return switch (k) {
            case "deploy", "deployment", "deployments", "deployment.apps" -> "deployments";
            case "sts", "statefulset", "statefulsets", "statefulset.apps" -> "statefulsets";
            case "rs", "replicaset", "replicasets" -> "replicasets";
            case "rc", "replicationcontroller", "replicationcontrollers" -> "replicationcontrollers";
            default -> k;
        };
    }

    private static void deletion(Subject s, EffectList out, String missionName) {
        String creator = s.old().path("metadata").path("annotations").path(Action.MISSION_ANNOTATION).asText("");
        boolean ours = !creator.isEmpty() && creator.equals(missionName);
        Risk risk = DISPOSABLE.contains(s.resource()) ? Risk.MEDIUM : Risk.HIGH;
        if (ours && risk == Risk.HIGH) {
            risk = Risk.MEDIUM;
        }
        out.add(Family.DELETION, risk, "deletes " + s.target() + kindNote(s)
                + (ours ? " (created by this mission)" : ""), s.target(), s.action().name(), "",
                data("kind", s.kind(), "createdByMission", Boolean.toString(ours), "outcome", outcome(s.old()), "labels", labels(s.old()),
                        "created", s.old().path("metadata").path("creationTimestamp").asText(""),
                        "finished", s.old().path("status").path("completionTime").asText("")));
    }

    /** The deleted object's labels as "key=value" pairs, for a goal that deletes by label ("the Jobs labelled term=2024-autumn"). */
    private static String labels(JsonNode old) {
        List<String> pairs = new ArrayList<>();
        old.path("metadata").path("labels").properties().stream().limit(MAX_LABELS)
                .forEach(label -> pairs.add(label.getKey() + "=" + label.getValue().asText("")));
        return String.join(",", pairs);
    }

    /** A Job's outcome as its status tells it ("succeeded", "failed", "running"), or "" for other kinds. */
    private static String outcome(JsonNode job) {
        JsonNode status = job.path("status");
        for (JsonNode condition : status.path("conditions")) {
            if ("True".equals(condition.path("status").asText())) {
                String type = condition.path("type").asText("");
                if (type.equals("Complete")) {
                    return "succeeded";
                }
                if (type.equals("Failed")) {
                    return "failed";
                }
            }
        }
        return status.path("succeeded").asInt(0) > 0 ? "succeeded" : status.path("failed").asInt(0) > 0 ? "failed"
                : status.path("active").asInt(0) > 0 ? "running" : "";
    }

    private static String kindNote(Subject s) {
        return s.subresource().isEmpty() ? "" : " (" + s.subresource() + ")";
    }

    private static void suspension(Subject s, EffectList out, String field, String verb) {
        JsonNode now = s.object().path("spec").path(field);
        boolean was = s.old().path("spec").path(field).asBoolean(false);
        if (now.asBoolean(false) && !was) {
            out.add(Family.SUSPENSION, Risk.HIGH, verb + " " + s.target() + " (spec." + field + ": "
                    + (s.update() ? "false → " : "") + "true)", s.target(), "false", "true", data("field", "spec." + field));
        }
    }

    private static void schedule(Subject s, EffectList out) {
        String now = s.object().path("spec").path("schedule").asText("");
        String was = s.old().path("spec").path("schedule").asText("");
        if (now.isEmpty() || now.equals(was)) {
            return;
        }
        Risk risk = was.isEmpty() ? Risk.LOW : Risk.MEDIUM;
        // a CronJob's timeZone; an Argo CronWorkflow's timezone
        String zone = s.object().path("spec").path("timeZone").asText(s.object().path("spec").path("timezone").asText(""));
        out.add(Family.SCHEDULE, risk, "schedule of " + s.target() + ": " + (was.isEmpty() ? "" : "\"" + was + "\" → ")
                + "\"" + now + "\"" + (zone.isEmpty() ? "" : " " + zone) + " (" + Cron.describe(now) + ")",
                s.target(), was, now, data("field", "spec.schedule", "timeZone", zone));
    }
}
