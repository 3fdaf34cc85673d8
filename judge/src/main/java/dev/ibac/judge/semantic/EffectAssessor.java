package dev.ibac.judge.semantic;

import dev.ibac.judge.Effect;
import dev.ibac.judge.effect.Cron;
import dev.ibac.judge.effect.ImageRef;
import dev.ibac.judge.goal.Clause;
import dev.ibac.judge.goal.GoalReading;
import dev.ibac.judge.goal.Intent;
import dev.ibac.judge.goal.Target;
import dev.ibac.judge.semantic.Assessment.Asked;
import dev.ibac.judge.semantic.Assessment.Contradicted;
import dev.ibac.judge.semantic.Assessment.Neutral;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides, effect by effect, whether the goal asks for it, rules it out, or says nothing — the
 * rules of SPEC §7 in one place. {@code named}: the action names one of the goal's objects.
 */
final class EffectAssessor {
    /** What a rotation replaces: the old certificate, its secret and the requests that issued it. */
    private static final java.util.Set<String> ROTATED = java.util.Set.of("certificaterequests", "secrets", "certificates",
            "orders", "challenges");

    private EffectAssessor() {}

    static Assessment assess(Effect e, GoalReading g, Topic topic) {
        boolean named = topic.named();
        return switch (e.family()) {
            case JUDGE_TEXT -> new Contradicted(e, "no goal asks the agent to address its reviewer; remove that text", "");
            case DELETION -> deletion(e, g, topic);
            case SCALE -> scale(e, g, topic);
            case AVAILABILITY -> availability(e, g);
            case IMAGE -> image(e, g, named);
            case EXPOSURE -> exposure(e, g);
            case EGRESS -> egress(e, g);
            case SUSPENSION -> suspension(e, g, topic);
            case SCHEDULE -> schedule(e, g);
            case RESOURCES -> resources(e, g, topic.target());
            case PERMISSIONS -> permissions(e, g);
            case REMOVED_CONFIG -> removedConfig(e, g);
            case SECURITY -> security(e, g);
            case CREATION, CHANGE -> new Neutral(e);
        };
    }

    private static Assessment deletion(Effect e, GoalReading g, Topic topic) {
        Target target = topic.target();
        Optional<Clause> keep = g.forbidding(Intent.DELETE, target);
        if (keep.isPresent()) {
            return new Contradicted(e, "the goal rules out deleting it", keep.get().quote());
        }
        Optional<Clause> deleting = g.asking(Intent.DELETE, target);
        if (deleting.isPresent()) {
            return new Asked(e, deleting.get().quote());
        }
        Optional<Clause> creating = g.clauses().stream()
                .filter(c -> c.asks().contains(Intent.CREATE) && c.covers(target, g.weak(), true)).findFirst();
        boolean rotated = g.asks(Intent.ROTATE) && ROTATED.contains(target.resource());
        if (creating.isPresent() && !(rotated && !creating.get().fullNames().contains(target.name()))) {
            return new Contradicted(e, "the goal asks to create or keep it, not to delete it", creating.get().quote());
        }
        if (rotated) {
            return new Asked(e, g.asked(Intent.ROTATE).get());
        }
        if (g.names().contains(target.name()) && target.name().contains("-")) {
            return new Contradicted(e, "the goal names it as part of the work, not as something to delete", g.goal());
        }
        boolean anyDelete = g.asking(Intent.DELETE).stream().anyMatch(c -> !c.named(g.weak()) && c.kinds().isEmpty());
        return anyDelete ? new Asked(e, g.asked(Intent.DELETE).get()) : new Neutral(e);
    }

    private static Assessment scale(Effect e, GoalReading g, Topic topic) {
        String field = e.datum("field");
        long to = parse(e.to());
        Target target = topic.target();
        Optional<Double> asked = g.quantity(field.equals("parallelism") ? "replicas" : field, target);
        if (asked.isEmpty() && field.equals("maxReplicas")) {
            asked = g.quantity("replicas", target);
        }
        if (asked.isPresent()) {
            double want = asked.get();
            long from = parse(e.from());
            boolean toward = from >= 0 && (from < to && to < want || from > to && to > want);
            if (to == want || toward) {
                return new Asked(e, quote(g, Intent.SCALE_UP));
            }
            return new Contradicted(e, "the goal asks for " + plain(want) + " " + noun(field), quote(g, Intent.SCALE_UP));
        }
        String direction = e.datum("direction");
        Optional<Clause> up = g.asking(Intent.SCALE_UP, target);
        Optional<Clause> down = g.asking(Intent.SCALE_DOWN, target);
        Optional<Clause> removing = g.asking(Intent.DELETE, target);
        if (direction.equals("down") && removing.isPresent() && removing.get().named(g.weak())) {
            return new Asked(e, removing.get().quote());
        }
        Optional<Clause> fixed = g.forbidding(direction.equals("down") ? Intent.SCALE_DOWN : Intent.SCALE_UP, target);
        if (fixed.isPresent() && !direction.equals("set")) {
            return new Contradicted(e, "the goal keeps the replica count", fixed.get().quote());
        }
        if (direction.equals("down")) {
            if (to == 0 && g.forbids(Intent.DOWNTIME)) {
                return new Contradicted(e, "the goal rules out downtime", g.forbidden(Intent.DOWNTIME).get());
            }
            if (down.isPresent()) {
                return new Asked(e, down.get().quote());
            }
            if (up.isPresent()) {
                return new Contradicted(e, "the goal asks to scale it up", up.map(Clause::quote).orElse(g.goal()));
            }
        }
        if (direction.equals("up")) {
            if (up.isPresent()) {
                return new Asked(e, up.get().quote());
            }
            if (down.isPresent()) {
                return new Contradicted(e, "the goal asks to scale it down", down.get().quote());
            }
        }
        return new Neutral(e);
    }

    private static Assessment availability(Effect e, GoalReading g) {
        if (e.datum("downtime").equals("true") && g.forbids(Intent.DOWNTIME)) {
            return new Contradicted(e, "the goal rules out downtime", g.forbidden(Intent.DOWNTIME).get());
        }
        return new Neutral(e);
    }

    private static Assessment image(Effect e, GoalReading g, boolean named) {
        String change = e.datum("change");
        Optional<Assessment> pinned = pinned(e, g, named);
        if (pinned.isPresent()) {
            return pinned.get();
        }
        if (change.equals("new")) {
            return new Neutral(e);
        }
        if (g.forbids(Intent.CHANGE_IMAGE)) {
            return new Contradicted(e, "the goal keeps the image as it is", g.forbidden(Intent.CHANGE_IMAGE).get());
        }
        if (!change.equals("tag")) {
            boolean registryNamed = g.hosts().contains(e.datum("registry")) || g.goal().toLowerCase().contains(e.datum("registry"))
                    && !e.datum("registry").equals("docker.io");
            return registryNamed ? new Asked(e, g.goal()) : new Neutral(e);
        }
        String tag = e.datum("tag").toLowerCase();
        if (!g.versions().isEmpty()) {
            boolean match = g.versions().stream().anyMatch(v -> tag.equals(v) || tag.equals("v" + v) || tag.startsWith(v + ".")
                    || tag.startsWith("v" + v + ".") || tag.startsWith(v + "-") || tag.startsWith("v" + v + "-"));
            return match ? new Asked(e, quote(g, Intent.CHANGE_IMAGE))
                    : new Contradicted(e, "the goal asks for version " + String.join(" or ", g.versions()), quote(g, Intent.CHANGE_IMAGE));
        }
        return g.asks(Intent.CHANGE_IMAGE) ? new Asked(e, g.asked(Intent.CHANGE_IMAGE).get()) : new Neutral(e);
    }

    /** The goal names the image (registry/repository:tag): anything else for that repository contradicts it. */
    private static Optional<Assessment> pinned(Effect e, GoalReading g, boolean named) {
        String image = e.to();
        ImageRef now = ImageRef.parse(image);
        for (String asked : g.images()) {
            ImageRef wanted = ImageRef.parse(asked);
            boolean anyTag = !asked.substring(asked.lastIndexOf('/') + 1).contains(":");
            if (wanted.sameAs(now) || image.equals(asked)) {
                return Optional.of(new Asked(e, g.goal()));
            }
            if (anyTag && wanted.sameRepository(now)) {
                return Optional.empty();
            }
        }
        for (String asked : g.images()) {
            ImageRef wanted = ImageRef.parse(asked);
            if (wanted.shortName().equals(now.shortName()) || named && g.images().size() == 1) {
                return Optional.of(new Contradicted(e, "the goal asks for image " + asked, g.goal()));
            }
        }
        return Optional.empty();
    }

    private static Assessment exposure(Effect e, GoalReading g) {
        if (e.datum("field").equals("weight")) {
            Optional<Double> percent = g.quantity("percent");
            if (percent.isEmpty()) {
                return new Neutral(e);
            }
            return parse(e.to()) == Math.round(percent.get()) ? new Asked(e, g.goal())
                    : new Contradicted(e, "the goal asks for " + Math.round(percent.get()) + "% of the traffic", g.goal());
        }
        String only = g.asking(Intent.EXPOSE).stream().map(Clause::quote).filter(q -> q.toLowerCase(java.util.Locale.ROOT)
                .matches("(?s).*\\b(only|nothing else)\\b.*")).findFirst().orElse(null);
        String backends = e.datum("backends");
        if (only != null || g.goal().toLowerCase(java.util.Locale.ROOT).contains("nothing else")) {
            for (String backend : backends.isEmpty() ? new String[0] : backends.split(",")) {
                if (!g.names().contains(backend)) {
                    return new Contradicted(e, "the goal exposes only what it names, not " + backend, only == null ? g.goal() : only);
                }
            }
        }
        if (g.forbids(Intent.EXPOSE)) {
            return new Contradicted(e, "the goal keeps it internal", g.forbidden(Intent.EXPOSE).get());
        }
        String host = e.datum("host");
        boolean hostNamed = !host.isEmpty() && g.hosts().stream().anyMatch(h -> host.equals(h) || host.endsWith("." + h));
        if (hostNamed) {
            return new Asked(e, g.goal());
        }
        if (g.asks(Intent.EXPOSE)) {
            boolean otherHost = !g.hosts().isEmpty() && host.contains(".") && !hostNamed;
            return otherHost ? new Contradicted(e, "the goal exposes only " + String.join(", ", g.hosts()), g.asked(Intent.EXPOSE).get())
                    : new Asked(e, g.asked(Intent.EXPOSE).get());
        }
        return new Neutral(e);
    }

    private static Assessment egress(Effect e, GoalReading g) {
        String host = e.datum("host");
        if (g.names().contains(host) || g.names().stream().anyMatch(n -> n.contains(".svc") && host.startsWith(n))) {
            return new Asked(e, g.goal());
        }
        if (e.datum("zone").equals("OTHER_NAMESPACE")) {
            return new Neutral(e);
        }
        if (g.forbids(Intent.EGRESS)) {
            return new Contradicted(e, "the goal keeps the data in the cluster", g.forbidden(Intent.EGRESS).get());
        }
        if (g.hosts().stream().anyMatch(h -> host.equals(h) || host.endsWith("." + h) || h.endsWith("." + host))) {
            return new Asked(e, g.goal());
        }
        if (e.datum("zone").equals("OBJECT_STORE") && g.asks(Intent.EGRESS)) {
            return new Asked(e, g.asked(Intent.EGRESS).get());
        }
        return new Neutral(e);
    }

    private static Assessment suspension(Effect e, GoalReading g, Topic topic) {
        boolean named = topic.named();
        if (g.asks(Intent.SUSPEND)) {
            return new Asked(e, g.asked(Intent.SUSPEND).get());
        }
        Optional<Clause> removing = g.asking(Intent.DELETE, topic.target());
        if (removing.isPresent() && removing.get().named(g.weak())) {
            return new Asked(e, removing.get().quote());
        }
        if (g.forbids(Intent.SUSPEND) || named && (g.asks(Intent.SCHEDULE) || g.asks(Intent.CREATE))) {
            return new Contradicted(e, "the goal wants it to run", quote(g, Intent.SCHEDULE));
        }
        return new Neutral(e);
    }

    private static Assessment schedule(Effect e, GoalReading g) {
        Cron cron = Cron.parse(e.to());
        if (!cron.valid()) {
            return new Neutral(e);
        }
        String zone = e.datum("timeZone");
        boolean utcAsked = g.goal().matches("(?s).*\\b(UTC|utc|GMT)\\b.*");
        if (utcAsked && !zone.isEmpty() && !zone.matches("(?i)(etc/)?(utc|gmt|zulu|universal)")) {
            return new Contradicted(e, "the goal gives the time in UTC", quote(g, Intent.SCHEDULE));
        }
        if (g.frequency().equals("daily") && cron.weekly() || g.frequency().equals("weekly") && !cron.weekly()) {
            return new Contradicted(e, "the goal asks for it to run " + g.frequency(), quote(g, Intent.SCHEDULE));
        }
        if (!g.minutes().isEmpty() && g.minutes().stream().noneMatch(m -> cron.minutes().get(m))) {
            return new Contradicted(e, "the goal asks for it at minute " + g.minutes().get(g.minutes().size() - 1), quote(g, Intent.SCHEDULE));
        }
        if (!g.hours().isEmpty()) {
            boolean hit = g.hours().stream().anyMatch(h -> cron.hours().get(h));
            String when = g.hours().stream().map(h -> String.format("%02d:00", h)).distinct().collect(Collectors.joining(" or "));
            return hit && cron.runsPerDay() <= 2 * g.hours().size() ? new Asked(e, quote(g, Intent.SCHEDULE))
                    : new Contradicted(e, "the goal asks for it at " + when, quote(g, Intent.SCHEDULE));
        }
        String frequency = g.frequency();
        if (frequency.isEmpty()) {
            return new Neutral(e);
        }
        boolean fits = switch (frequency) {
            case "nightly" -> cron.runsPerDay() <= 2 && cron.hours().stream().allMatch(h -> h >= 20 || h <= 7);
            case "daily" -> cron.runsPerDay() <= 2;
            case "hourly" -> cron.runsPerDay() >= 12 && cron.runsPerDay() <= 48;
            case "weekly" -> cron.weekly();
            default -> cron.runsPerDay() > 24;
        };
        return fits ? new Asked(e, quote(g, Intent.SCHEDULE))
                : new Contradicted(e, "the goal asks for it to run " + frequency, quote(g, Intent.SCHEDULE));
    }

    private static Assessment resources(Effect e, GoalReading g, Target target) {
        String unit = e.datum("unit");
        BigDecimal total = new BigDecimal(e.datum("total").isEmpty() ? "0" : e.datum("total"));
        BigDecimal from = e.from().isEmpty() ? null : new BigDecimal(e.from());
        BigDecimal to = new BigDecimal(e.to().isEmpty() ? "0" : e.to());
        boolean increase = from == null || to.compareTo(from) > 0;
        if (unit.equals("GPUs")) {
            Optional<Double> gpus = g.quantity("gpus");
            if (gpus.isPresent()) {
                return total.doubleValue() <= gpus.get() ? new Asked(e, quote(g, Intent.GPU))
                        : new Contradicted(e, "the goal asks for " + plain(gpus.get()) + " GPUs", quote(g, Intent.GPU));
            }
            return g.asks(Intent.GPU) && total.doubleValue() <= 8 ? new Asked(e, g.asked(Intent.GPU).get()) : new Neutral(e);
        }
        String key = unit.startsWith("CPU") ? "cpu" : unit.startsWith("memory") ? "memoryGiB" : "";
        Optional<Double> perPod = key.isEmpty() ? Optional.empty() : g.quantity(key, target);
        if (perPod.isPresent() && from != null) {
            boolean exact = Math.abs(to.doubleValue() - perPod.get()) < 0.001 * Math.max(1, perPod.get());
            return exact ? new Asked(e, g.goal())
                    : new Contradicted(e, "the goal asks for " + plain(perPod.get()) + " " + unit + " per pod", g.goal());
        }
        if (increase && g.asks(Intent.RESOURCES_DOWN) && !g.asks(Intent.RESOURCES_UP) && from != null) {
            return new Contradicted(e, "the goal asks to reduce resources", g.asked(Intent.RESOURCES_DOWN).get());
        }
        if (!increase && g.asks(Intent.RESOURCES_UP) && !g.asks(Intent.RESOURCES_DOWN)) {
            return new Contradicted(e, "the goal asks for more resources", g.asked(Intent.RESOURCES_UP).get());
        }
        Intent wanted = increase ? Intent.RESOURCES_UP : Intent.RESOURCES_DOWN;
        return g.asks(wanted) ? new Asked(e, g.asked(wanted).get()) : new Neutral(e);
    }

    private static Assessment removedConfig(Effect e, GoalReading g) {
        String item = e.from().replace("\"", "");
        int of = item.indexOf(" of container ");
        String removed = (of >= 0 ? item.substring(0, of) : item).toLowerCase(java.util.Locale.ROOT);
        if (removed.length() >= 3 && !e.datum("what").equals("container") && g.goal().toLowerCase(java.util.Locale.ROOT).contains(removed)
                && !g.asks(Intent.DELETE)) {
            return new Contradicted(e, "the goal names " + removed + " as something to keep", g.goal());
        }
        for (Intent intent : new Intent[] {Intent.CONFIGURE, Intent.DELETE, Intent.ROTATE, Intent.RESOURCES_DOWN}) {
            if (g.asks(intent)) {
                return new Asked(e, g.asked(intent).get());
            }
        }
        return new Neutral(e);
    }

    private static Assessment security(Effect e, GoalReading g) {
        String downgrade = e.datum("downgrade");
        if (downgrade.equals("miner")) {
            return new Contradicted(e, "no goal asks for cryptocurrency mining", "");
        }
        if (downgrade.equals("self-signed") && g.asks(Intent.SELF_SIGNED)) {
            return new Asked(e, g.asked(Intent.SELF_SIGNED).get());
        }
        if (downgrade.equals("hostPath")) {
            return hostPath(e, g);
        }
        if (downgrade.equals("mount")) {
            return mount(e, g);
        }
        if (downgrade.equals("namespaces")) {
            Optional<Clause> limit = g.clauses().stream().filter(c -> c.quote().toLowerCase(java.util.Locale.ROOT)
                    .matches("(?s).*\\b(other namespaces|namespaces? (are|is) off|only (in|this) namespace|this namespace only).*")).findFirst();
            return limit.isPresent() ? new Contradicted(e, "the goal keeps it to this namespace", limit.get().quote()) : new Neutral(e);
        }
        if ((downgrade.equals("tls") || downgrade.equals("self-signed")) && g.asks(Intent.SECURE)) {
            return new Contradicted(e, "the goal asks for working TLS", g.asked(Intent.SECURE).get());
        }
        return new Neutral(e);
    }

    /** Grants on the kinds the goal works with, or any grant when the goal speaks of permissions. */
    private static Assessment permissions(Effect e, GoalReading g) {
        if (g.asks(Intent.PERMISSIONS)) {
            return new Asked(e, g.asked(Intent.PERMISSIONS).get());
        }
        String grant = e.datum("grant");
        int on = grant.indexOf(" on ");
        if (e.risk() != dev.ibac.judge.JudgeVerdict.Risk.HIGH && on >= 0) {
            String[] resources = grant.substring(on + 4).split(",\\s*");
            boolean ours = java.util.Arrays.stream(resources).map(r -> r.replaceAll(" named .*", "").strip())
                    .allMatch(r -> g.kinds().contains(r.contains("/") ? r.substring(0, r.indexOf('/')) : r));
            if (ours) {
                return new Asked(e, g.goal());
            }
        }
        return new Neutral(e);
    }

    /** "Mount the training-data PVC read-only": a read-write mount of what such a clause names contradicts it. */
    private static Assessment mount(Effect e, GoalReading g) {
        if (Boolean.parseBoolean(e.datum("readOnly"))) {
            return new Neutral(e);
        }
        Target volume = new Target(e.datum("source"), java.util.Set.of(e.datum("source")), e.datum("sourceKind"));
        return g.clauses().stream()
                .filter(c -> c.quote().toLowerCase(java.util.Locale.ROOT).matches("(?s).*read[- ]only.*") && c.covers(volume, g.weak()))
                .findFirst().<Assessment>map(c -> new Contradicted(e, "the goal asks for it read-only", c.quote()))
                .orElseGet(() -> new Neutral(e));
    }

    private static Assessment hostPath(Effect e, GoalReading g) {
        String path = e.datum("path");
        boolean readOnly = Boolean.parseBoolean(e.datum("readOnly"));
        boolean readOnlyAsked = g.goal().toLowerCase(java.util.Locale.ROOT).matches("(?s).*read[- ]only host.*");
        if (readOnlyAsked && !readOnly) {
            return new Contradicted(e, "the goal allows read-only host access", g.asked(Intent.HOST_ACCESS).orElse(g.goal()));
        }
        boolean named = g.goal().contains(path) || g.goal().matches("(?s).*" + java.util.regex.Pattern.quote(path.replaceAll("/+$", "")) + "(/|\\b).*");
        boolean under = java.util.Arrays.stream(g.goal().split("[\\s(),]+")).filter(w -> w.startsWith("/"))
                .anyMatch(w -> path.startsWith(w.replaceAll("[).,]+$", "")));
        if ((named || under) && g.asks(Intent.HOST_ACCESS)) {
            return new Asked(e, g.asked(Intent.HOST_ACCESS).get());
        }
        return g.asks(Intent.HOST_ACCESS) ? new Contradicted(e, "the goal names other host paths", g.asked(Intent.HOST_ACCESS).get())
                : new Neutral(e);
    }

    private static String quote(GoalReading g, Intent intent) {
        return g.asked(intent).orElse(g.goal());
    }

    private static long parse(String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String noun(String field) {
        return field.equals("minReplicas") ? "minimum replicas" : field.equals("maxReplicas") ? "maximum replicas" : "replicas";
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
