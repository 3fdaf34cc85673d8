package dev.ibac.judge;

import dev.ibac.judge.JudgeVerdict.Risk;
import java.util.Locale;
import java.util.Map;

/**
 * One thing a request does, as the intent judge reasons about it (SPEC §7): typed, with a risk, a
 * one-line sentence for people and the data a rule needs. Computed once per request from the whole
 * {@code object} and {@code oldObject} and shared by every judge and the audit entry.
 *
 * @param family   what kind of effect
 * @param risk     how much harm it can do when the goal does not ask for it
 * @param sentence {@code replicas of deployments "checkout": 6 → 0}; redacted, at most a few hundred chars
 * @param target   {@code deployments "checkout"}: what the effect is on
 * @param from     the value before (UPDATE), or "" when there was none
 * @param to       the value after, or "" when there is none (a deletion)
 * @param data     what a rule needs beyond from/to: {@code host}, {@code registry}, {@code field}, {@code quantity}…
 */
public record Effect(Family family, Risk risk, String sentence, String target, String from, String to,
        Map<String, String> data) {

    public Effect {
        from = from == null ? "" : from;
        to = to == null ? "" : to;
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    /** The families of SPEC §7; {@link #CREATION} and {@link #CHANGE} carry what no other family names. */
    public enum Family {
        SCALE, AVAILABILITY, IMAGE, EXPOSURE, EGRESS, DELETION, SUSPENSION, SCHEDULE, RESOURCES, PERMISSIONS,
        REMOVED_CONFIG, SECURITY, JUDGE_TEXT, CREATION, CHANGE
    }

    public String datum(String key) {
        return data.getOrDefault(key, "");
    }

    /** "high: replicas of deployments "checkout": 6 → 0": how an effect reads in reasons and prompts. */
    public String line() {
        return risk.name().toLowerCase(Locale.ROOT) + ": " + sentence;
    }
}
