package dev.ibac.crd;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Blast-radius limits of a mission. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MissionLimits(Integer maxChangesPerMinute) {
    public static final int DEFAULT_MAX_CHANGES_PER_MINUTE = 30;
    public static final MissionLimits DEFAULT = new MissionLimits(DEFAULT_MAX_CHANGES_PER_MINUTE);

    public int maxChangesPerMinuteOrDefault() {
        return maxChangesPerMinute == null ? DEFAULT_MAX_CHANGES_PER_MINUTE : maxChangesPerMinute;
    }
}
